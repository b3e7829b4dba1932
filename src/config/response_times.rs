//! `[response_times]`: the deadlines that follow a case's risk level, in
//! the units an organisation thinks in (hours, minutes for assignment).

use serde::Deserialize;

/// Response times by risk level (domain reference, section 4). Hours for
/// deadlines, minutes for assignment; the defaults are the reference's.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ResponseTimesConfig {
    /// Hours until a critical case needs action (0 = at once).
    pub case_critical_hours: u32,
    pub case_high_hours: u32,
    pub case_medium_hours: u32,
    pub case_low_hours: u32,
    /// Minutes to assign an unassigned high or critical case.
    pub assign_urgent_minutes: u32,
    /// Minutes to assign any other unassigned case.
    pub assign_other_minutes: u32,
    /// Hours a referral has, by the case's risk level, before it is overdue.
    pub referral_critical_hours: u32,
    pub referral_high_hours: u32,
    pub referral_medium_hours: u32,
    pub referral_low_hours: u32,
    pub referral_none_hours: u32,
    /// Days without contact after which a case may close for "no contact".
    pub no_contact_close_days: u32,
}

impl Default for ResponseTimesConfig {
    fn default() -> Self {
        ResponseTimesConfig {
            case_critical_hours: 0,
            case_high_hours: 24,
            case_medium_hours: 72,
            case_low_hours: 168,
            assign_urgent_minutes: 60,
            assign_other_minutes: 180,
            referral_critical_hours: 4,
            referral_high_hours: 24,
            referral_medium_hours: 72,
            referral_low_hours: 168,
            referral_none_hours: 336,
            no_contact_close_days: crate::domain::workflow::DEFAULT_NO_CONTACT_DAYS,
        }
    }
}

/// Settings from the highest risk level to the lowest: (key, value).
type Ladder<'a> = &'a [(&'static str, u32)];

impl ResponseTimesConfig {
    /// The response times the rules work with.
    pub fn response_times(&self) -> crate::domain::ResponseTimes {
        use crate::domain::response_times::{PerLevel, ResponseTimes};
        use chrono::Duration;
        let hours = |h: u32| Duration::hours(i64::from(h));
        ResponseTimes {
            case_action: PerLevel {
                none: None,
                low: Some(hours(self.case_low_hours)),
                medium: Some(hours(self.case_medium_hours)),
                high: Some(hours(self.case_high_hours)),
                critical: Some(hours(self.case_critical_hours)),
            },
            assign_urgent: Duration::minutes(i64::from(self.assign_urgent_minutes)),
            assign_other: Duration::minutes(i64::from(self.assign_other_minutes)),
            referral_due: PerLevel {
                none: hours(self.referral_none_hours),
                low: hours(self.referral_low_hours),
                medium: hours(self.referral_medium_hours),
                high: hours(self.referral_high_hours),
                critical: hours(self.referral_critical_hours),
            },
        }
    }

    /// Range checks: each value in its range, and a higher risk level never
    /// given more time than a lower one. Returns (key, message).
    pub(super) fn check(&self) -> Result<(), (&'static str, String)> {
        const MAX_HOURS: u32 = 2160; // 90 days
        let in_range = |key, value: u32, min: u32, max: u32, unit: &str| {
            if (min..=max).contains(&value) {
                Ok(())
            } else {
                Err((key, format!("must be between {min} and {max} ({unit})")))
            }
        };
        // Each list runs from the highest risk level to the lowest.
        let groups: [(Ladder<'_>, u32, u32, &str); 3] = [
            (
                &[
                    ("case_critical_hours", self.case_critical_hours),
                    ("case_high_hours", self.case_high_hours),
                    ("case_medium_hours", self.case_medium_hours),
                    ("case_low_hours", self.case_low_hours),
                ],
                0,
                MAX_HOURS,
                "hours",
            ),
            (
                &[
                    ("assign_urgent_minutes", self.assign_urgent_minutes),
                    ("assign_other_minutes", self.assign_other_minutes),
                ],
                1,
                10_080,
                "minutes",
            ),
            (
                &[
                    ("referral_critical_hours", self.referral_critical_hours),
                    ("referral_high_hours", self.referral_high_hours),
                    ("referral_medium_hours", self.referral_medium_hours),
                    ("referral_low_hours", self.referral_low_hours),
                    ("referral_none_hours", self.referral_none_hours),
                ],
                1,
                MAX_HOURS,
                "hours",
            ),
        ];
        for (keys, min, max, unit) in groups {
            for &(key, value) in keys {
                in_range(key, value, min, max, unit)?;
            }
            for pair in keys.windows(2) {
                let ((higher, shorter), (lower, longer)) = (pair[0], pair[1]);
                if shorter > longer {
                    return Err((
                        higher,
                        format!(
                            "must not be longer than {lower} ({longer} {unit}): higher risk needs a faster response"
                        ),
                    ));
                }
            }
        }
        in_range(
            "no_contact_close_days",
            self.no_contact_close_days,
            1,
            365,
            "days",
        )
    }
}
