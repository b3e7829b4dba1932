//! `[follow_up]`: the follow-up protocol's schedule by risk level, how
//! late a follow-up may be before supervisors are told, and when a case
//! counts as not reachable (domain reference, sections 4 and 9).

use crate::domain::follow_up::{FollowUpRules, Interval};
use chrono::FixedOffset;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FollowUpConfig {
    /// How often a case is followed up, by level: "1 day", "2 weeks",
    /// "1 month"; an empty text for no scheduled follow-up.
    pub critical_every: String,
    pub high_every: String,
    pub medium_every: String,
    pub low_every: String,
    /// How many hours late a follow-up may be before the team's
    /// supervisors get an alert.
    pub critical_grace_hours: u32,
    pub high_grace_hours: u32,
    pub other_grace_hours: u32,
    /// Failed attempts in a row that mark a case not reachable (0: never).
    pub unreachable_after_attempts: u32,
    /// What to try next with a case that is not reachable, in order.
    pub unreachable_next_steps: Vec<String>,
    /// The time zone days and months are counted in: "local" (this
    /// machine's), "UTC", or an offset such as "+03:00".
    pub time_zone: String,
}

impl Default for FollowUpConfig {
    fn default() -> Self {
        let rules = FollowUpRules::default();
        let every = |rank: usize| rules.every[rank].map(|i| i.to_string()).unwrap_or_default();
        FollowUpConfig {
            critical_every: every(4),
            high_every: every(3),
            medium_every: every(2),
            low_every: every(1),
            critical_grace_hours: 0,
            high_grace_hours: 24,
            other_grace_hours: 72,
            unreachable_after_attempts: rules.unreachable_after,
            unreachable_next_steps: rules.unreachable_steps,
            time_zone: "local".into(),
        }
    }
}

impl FollowUpConfig {
    /// The rules the store schedules by.
    pub fn rules(&self) -> Result<FollowUpRules, (&'static str, String)> {
        let every =
            |key: &'static str, text: &str| -> Result<Option<Interval>, (&'static str, String)> {
                if text.trim().is_empty() {
                    return Ok(None);
                }
                text.parse().map(Some).map_err(|e| (key, format!("{e}")))
            };
        let hours = |h: u32| i64::from(h) * 3600;
        let rules = FollowUpRules {
            every: [
                None,
                every("low_every", &self.low_every)?,
                every("medium_every", &self.medium_every)?,
                every("high_every", &self.high_every)?,
                every("critical_every", &self.critical_every)?,
            ],
            grace_secs: [
                hours(self.other_grace_hours),
                hours(self.other_grace_hours),
                hours(self.other_grace_hours),
                hours(self.high_grace_hours),
                hours(self.critical_grace_hours),
            ],
            unreachable_after: self.unreachable_after_attempts,
            unreachable_steps: self.unreachable_next_steps.clone(),
            // From `[response_times] no_contact_close_days`, set by the caller.
            no_contact_days: crate::domain::workflow::DEFAULT_NO_CONTACT_DAYS,
            zone: self.zone()?,
        };
        // A higher level is never followed up less often than a lower one.
        let keys = ["low_every", "medium_every", "high_every", "critical_every"];
        for (i, pair) in rules.every[1..].windows(2).enumerate() {
            if let [Some(lower), Some(higher)] = pair
                && higher.max_secs() > lower.max_secs()
            {
                return Err((
                    keys[i + 1],
                    format!("must not be longer than {} ({lower})", keys[i]),
                ));
            }
        }
        for (key, h) in [
            ("critical_grace_hours", self.critical_grace_hours),
            ("high_grace_hours", self.high_grace_hours),
            ("other_grace_hours", self.other_grace_hours),
        ] {
            if h > 24 * 31 {
                return Err((key, "must be between 0 and 744 (31 days)".into()));
            }
        }
        if self.unreachable_after_attempts > 50 {
            return Err((
                "unreachable_after_attempts",
                "must be between 0 (never) and 50".into(),
            ));
        }
        Ok(rules)
    }

    fn zone(&self) -> Result<FixedOffset, (&'static str, String)> {
        let text = self.time_zone.trim();
        let bad = || {
            (
                "time_zone",
                format!("`{text}` is not \"local\", \"UTC\" or an offset like \"+03:00\""),
            )
        };
        match text.to_ascii_lowercase().as_str() {
            "local" => return Ok(*chrono::Local::now().offset()),
            "utc" | "z" => return FixedOffset::east_opt(0).ok_or_else(bad),
            _ => {}
        }
        let (sign, rest) = match text.as_bytes().first() {
            Some(b'+') => (1, &text[1..]),
            Some(b'-') => (-1, &text[1..]),
            _ => return Err(bad()),
        };
        let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
        let (h, m): (i32, i32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if !(0..=14).contains(&h) || !(0..60).contains(&m) {
            return Err(bad());
        }
        FixedOffset::east_opt(sign * (h * 3600 + m * 60)).ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_reference_schedule() {
        let rules = FollowUpConfig {
            time_zone: "UTC".into(),
            ..FollowUpConfig::default()
        }
        .rules()
        .unwrap();
        assert_eq!(rules, FollowUpRules::default());
    }

    #[test]
    fn bad_values_name_their_key() {
        let with = |f: fn(&mut FollowUpConfig)| {
            let mut c = FollowUpConfig::default();
            f(&mut c);
            c.rules().unwrap_err().0
        };
        assert_eq!(with(|c| c.high_every = "weekly".into()), "high_every");
        assert_eq!(
            with(|c| c.critical_every = "2 weeks".into()),
            "critical_every"
        );
        assert_eq!(with(|c| c.time_zone = "Nairobi".into()), "time_zone");
        assert_eq!(with(|c| c.time_zone = "+25:00".into()), "time_zone");
        assert_eq!(with(|c| c.high_grace_hours = 10_000), "high_grace_hours");
        let ok = FollowUpConfig {
            time_zone: "+03:00".into(),
            low_every: String::new(),
            ..FollowUpConfig::default()
        }
        .rules()
        .unwrap();
        assert_eq!(ok.zone.local_minus_utc(), 3 * 3600);
        assert_eq!(ok.every[1], None);
    }
}
