//! The wall clock. Every "now" of the running application comes from here.
//!
//! Debug builds (the ones `cargo test` runs) also honour a test's clock:
//! when `HELPLINE_TEST_CLOCK` names a file holding a number of seconds,
//! that many seconds are added to the real time, read afresh each time, so
//! a journey can move a running session a day ahead without waiting a
//! day. Release builds ignore it: nobody can backdate what is recorded.

use chrono::{DateTime, Duration, Utc};

/// Now, in UTC.
pub fn now() -> DateTime<Utc> {
    Utc::now() + skew()
}

#[cfg(debug_assertions)]
fn skew() -> Duration {
    std::env::var_os("HELPLINE_TEST_CLOCK")
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| text.trim().parse::<i64>().ok())
        .filter(|secs| secs.unsigned_abs() < 100 * 365 * 86_400)
        .map_or(Duration::zero(), Duration::seconds)
}

#[cfg(not(debug_assertions))]
fn skew() -> Duration {
    Duration::zero()
}
