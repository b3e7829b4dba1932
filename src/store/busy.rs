//! Waiting for another session's write lock.
//!
//! SQLite's own busy handler (what `busy_timeout` installs) sleeps in
//! growing steps: 1, 2, 5, 10, … up to 100 ms between tries. With dozens of
//! operators writing one file, a session that has waited a while sleeps
//! 100 ms at a time while fresher ones, still polling every few
//! milliseconds, take the lock each time it comes free: the first one
//! starves for seconds, and past the timeout its operator sees an error.
//! Every write here holds the lock for about a millisecond, so this handler
//! keeps every waiting session polling with short sleeps drawn at random
//! between 0.1 and 2 ms, however long it has waited: each waiter has the
//! same chance at each release of the lock (so none starves, as measured
//! with `helpline loadtest --pace max`), and none wakes in step with the
//! others. The configured busy timeout still bounds the whole wait.

use rusqlite::Connection;
use std::cell::Cell;
use std::ffi::{c_int, c_void};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The shortest and longest single sleep while waiting. Shorter sleeps
/// would take CPU from the session holding the lock on a busy server;
/// sleeps that grow with the wait (as SQLite's own do) or quick looks for
/// newcomers let fresh waiters win over old ones.
const MIN_SLEEP_US: u64 = 100;
const MAX_SLEEP_US: u64 = 2_000;

/// One connection's busy state. It lives in a `Box` owned by the `Store`
/// next to the connection, because SQLite keeps a pointer to it.
#[derive(Debug)]
pub(crate) struct BusyWait {
    timeout: Duration,
    /// When the current wait began (SQLite counts calls from 0 per wait).
    started: Cell<Option<Instant>>,
    /// Retries over the connection's life: how often it found the lock taken.
    retries: AtomicU64,
    /// State of a small xorshift generator for the jitter.
    jitter: Cell<u64>,
    /// Give up at the first refusal: for work that may wait for a later
    /// chance rather than hold up the session (queued audit entries).
    no_wait: Cell<bool>,
}

impl BusyWait {
    pub(crate) fn new(timeout: Duration) -> Box<BusyWait> {
        // Different seeds per process and connection, so waiters spread out.
        let seed = u64::from(std::process::id()).rotate_left(32)
            ^ std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0x9E37_79B9_7F4A_7C15);
        Box::new(BusyWait {
            timeout,
            started: Cell::new(None),
            retries: AtomicU64::new(0),
            jitter: Cell::new(seed | 1),
            no_wait: Cell::new(false),
        })
    }

    /// Whether to give up at once when a lock is taken.
    pub(crate) fn set_no_wait(&self, no_wait: bool) {
        self.no_wait.set(no_wait);
    }

    /// How many times this connection retried a lock so far.
    pub(crate) fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }

    fn next_random(&self) -> u64 {
        let mut x = self.jitter.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.jitter.set(x);
        x
    }

    /// Whether to try again after the `count`-th refusal of this wait, and
    /// the sleep before it. Never panics: it runs inside an SQLite call.
    fn retry(&self, count: c_int) -> bool {
        if self.no_wait.get() {
            return false;
        }
        let now = Instant::now();
        if count == 0 || self.started.get().is_none() {
            self.started.set(Some(now));
        }
        let waited = self
            .started
            .get()
            .map_or(Duration::ZERO, |s| now.saturating_duration_since(s));
        let Some(left) = self.timeout.checked_sub(waited).filter(|d| !d.is_zero()) else {
            return false;
        };
        self.retries.fetch_add(1, Ordering::Relaxed);
        std::thread::sleep(self.pause().min(left));
        true
    }

    /// The sleep before the next look: the same range for every waiter.
    fn pause(&self) -> Duration {
        Duration::from_micros(MIN_SLEEP_US + self.next_random() % (MAX_SLEEP_US - MIN_SLEEP_US + 1))
    }
}

/// Called by SQLite when a lock it needs is held by another connection.
///
/// # Safety
/// `data` is the `BusyWait` registered with this connection by [`install`].
unsafe extern "C" fn on_busy(data: *mut c_void, count: c_int) -> c_int {
    // SAFETY: `install` registered a pointer to a live `BusyWait`, which the
    // store keeps alive (and in place, boxed) until after the connection is
    // closed; SQLite calls this only during a call on that connection, and
    // a connection is used by one thread at a time, so this shared borrow
    // never overlaps a mutation.
    let wait = unsafe { &*(data as *const BusyWait) };
    c_int::from(wait.retry(count))
}

/// Makes `conn` wait for locks with `wait`'s handler instead of SQLite's.
/// The caller must keep `wait` alive, unmoved inside its box, for as long
/// as the connection is open.
pub(crate) fn install(conn: &Connection, wait: &BusyWait) -> rusqlite::Result<()> {
    // SAFETY: the handle is only passed to SQLite's own registration
    // function; the pointer stays valid as the caller guarantees above
    // (`Store` declares its connection before the box, so the connection
    // is closed first when a store is dropped).
    let rc = unsafe {
        rusqlite::ffi::sqlite3_busy_handler(
            conn.handle(),
            Some(on_busy),
            wait as *const BusyWait as *mut c_void,
        )
    };
    if rc == rusqlite::ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rc),
            None,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_until_the_timeout_then_gives_up() {
        let wait = BusyWait::new(Duration::from_millis(30));
        let started = Instant::now();
        let mut count = 0;
        while wait.retry(count) {
            count += 1;
            assert!(started.elapsed() < Duration::from_secs(2), "never gave up");
        }
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(30), "{waited:?}");
        assert_eq!(wait.retries(), count as u64);
    }

    #[test]
    fn sleeps_are_short_and_jittered() {
        let wait = BusyWait::new(Duration::from_secs(5));
        let mut seen = std::collections::HashSet::new();
        for _ in 0..1000 {
            let pause = wait.pause();
            assert!(pause >= Duration::from_micros(MIN_SLEEP_US), "{pause:?}");
            assert!(pause <= Duration::from_micros(MAX_SLEEP_US), "{pause:?}");
            seen.insert(pause);
        }
        assert!(seen.len() > 100, "waiters must not sleep in step");
    }

    #[test]
    fn a_new_wait_starts_a_new_clock() {
        let wait = BusyWait::new(Duration::from_millis(5));
        let mut count = 0;
        while wait.retry(count) {
            count += 1;
        }
        assert!(
            wait.retry(0),
            "a new wait (count 0) gets the whole timeout again"
        );
    }
}
