//! `[reports]`: how the standard aggregate exports protect small numbers.

use crate::domain::report_export::DEFAULT_THRESHOLD;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReportsConfig {
    /// Counts from 1 to this number minus one are written "<N" in the
    /// exports (domain reference, section 8).
    pub small_count_threshold: i64,
}

impl Default for ReportsConfig {
    fn default() -> Self {
        ReportsConfig {
            small_count_threshold: DEFAULT_THRESHOLD,
        }
    }
}

impl ReportsConfig {
    /// The threshold, or the key and why it cannot be used: below 2 would
    /// suppress nothing, so nobody could be singled out only by luck.
    pub fn threshold(&self) -> Result<i64, (&'static str, String)> {
        match self.small_count_threshold {
            t @ 2..=1000 => Ok(t),
            _ => Err((
                "small_count_threshold",
                "must be between 2 and 1000 (counts below it are written \"<N\")".into(),
            )),
        }
    }
}
