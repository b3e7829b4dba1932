//! Shared text formats: times, deadlines, risk labels.

use crate::domain::RiskLevel;
use chrono::{DateTime, FixedOffset, Utc};

/// A stored time (UTC seconds) in the operator's local time.
pub fn local_time(ts: i64, offset: FixedOffset) -> String {
    DateTime::<Utc>::from_timestamp(ts, 0)
        .map(|t| {
            t.with_timezone(&offset)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| "?".into())
}

/// How long until (or since) a deadline, in words: "in 3h 10m", "overdue 2d".
pub fn deadline(deadline: Option<i64>, now: i64) -> String {
    let Some(deadline) = deadline else {
        return "—".into();
    };
    let left = deadline - now;
    let span = short_span(left.unsigned_abs());
    if left < 0 {
        format!("overdue {span}")
    } else {
        format!("in {span}")
    }
}

/// How long since `since`, in words: "45m", "2d 3h".
pub fn waited(since: i64, now: i64) -> String {
    short_span((now - since).max(0).unsigned_abs())
}

fn short_span(secs: u64) -> String {
    let minutes = secs / 60;
    match minutes {
        0..=59 => format!("{minutes}m"),
        60..=1439 => format!("{}h {:02}m", minutes / 60, minutes % 60),
        _ => format!("{}d {}h", minutes / 1440, (minutes % 1440) / 60),
    }
}

/// The risk level as symbol and word, so it reads without colour.
pub fn risk(level: RiskLevel) -> String {
    format!("{} {}", level.symbol(), level.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_read_in_words() {
        assert_eq!(deadline(None, 0), "—");
        assert_eq!(deadline(Some(600), 0), "in 10m");
        assert_eq!(deadline(Some(0), 3 * 3600 + 60), "overdue 3h 01m");
        assert_eq!(deadline(Some(3 * 86_400 + 7200), 0), "in 3d 2h");
    }
}
