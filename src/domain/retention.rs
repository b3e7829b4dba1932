//! Retention and anonymisation rules (issue 13, item 6): when records
//! expire, and what an anonymised record keeps.
//!
//! An anonymised case keeps what the aggregate reports count (domain
//! reference, sections 7 and 8): category and subcategory, risk levels,
//! the child's age and gender, language, channel and contact type, the
//! caller's relationship, closure reason, referral service types and
//! statuses, coded form answers (choices, yes / no / don't know, numbers),
//! coded instrument answers and scores, and the helpline's own timestamps
//! (opened, assigned, closed, contact start and duration), which the
//! measures of hours and durations need. Dates the person told us (an
//! incident date, when consent was given) are coarsened to the first day
//! of their month. Everything that names, reaches or describes a person
//! goes: names, phone numbers and chat handles, locations (free text),
//! narratives, notes, reasons and every other free-text answer.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use super::forms::FieldValue;
use super::risk::Answer;

/// How long each kind of record is kept. `None` keeps that kind forever.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RetentionSchedule {
    /// Abandoned intake drafts and dialog drafts untouched this many days
    /// are deleted.
    pub drafts_days: Option<u32>,
    /// Closed cases whose closing is this many years old are anonymised,
    /// and so are contacts without a case (silent, prank, information
    /// calls) that old.
    pub anonymise_closed_after_years: Option<u32>,
    /// Audit rows this many years old are deleted (the chain keeps an
    /// anchor, so it still verifies).
    pub audit_keep_years: Option<u32>,
}

/// The moments before which each kind expires, in UTC seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cutoffs {
    pub drafts_before: Option<i64>,
    pub closed_before: Option<i64>,
    pub audit_before: Option<i64>,
}

impl RetentionSchedule {
    /// Whether anything expires at all.
    pub fn is_empty(&self) -> bool {
        self.drafts_days.is_none()
            && self.anonymise_closed_after_years.is_none()
            && self.audit_keep_years.is_none()
    }

    /// The cutoffs at `now`. Years are calendar years (29 February steps
    /// back to 28 February).
    pub fn cutoffs(&self, now: DateTime<Utc>) -> Cutoffs {
        let years_back = |years: u32| {
            now.checked_sub_months(Months::new(years.saturating_mul(12)))
                .map_or(i64::MIN, |t| t.timestamp())
        };
        Cutoffs {
            drafts_before: self
                .drafts_days
                .map(|d| now.timestamp() - i64::from(d) * 86_400),
            closed_before: self.anonymise_closed_after_years.map(years_back),
            audit_before: self.audit_keep_years.map(years_back),
        }
    }
}

/// A contact's form answers (JSON, field id -> value) reduced to what an
/// anonymised record keeps: choices, yes / no / don't know and numbers;
/// dates coarsened to their month; text and phone answers dropped. An
/// unreadable document keeps nothing.
pub fn coded_form_answers(json: &str) -> String {
    let Ok(answers) = serde_json::from_str::<BTreeMap<String, FieldValue>>(json) else {
        return "{}".into();
    };
    let kept: BTreeMap<String, FieldValue> = answers
        .into_iter()
        .filter_map(|(id, value)| {
            let value = match value {
                FieldValue::Choice(_)
                | FieldValue::Choices(_)
                | FieldValue::YesNoDk(_)
                | FieldValue::Number(_) => value,
                FieldValue::DateTime(at) => FieldValue::DateTime(month_of(at.date())?),
                FieldValue::Empty | FieldValue::Text(_) => return None,
            };
            Some((id, value))
        })
        .collect();
    serde_json::to_string(&kept).unwrap_or_else(|_| "{}".into())
}

/// An instrument's answers (JSON, item id -> answer) without free-text
/// answers; an unreadable document keeps nothing.
pub fn coded_instrument_answers(json: &str) -> String {
    let Ok(answers) = serde_json::from_str::<BTreeMap<String, Answer>>(json) else {
        return "{}".into();
    };
    let kept: BTreeMap<String, Answer> = answers
        .into_iter()
        .filter(|(_, a)| !matches!(a, Answer::Text(_)))
        .collect();
    serde_json::to_string(&kept).unwrap_or_else(|_| "{}".into())
}

/// Midnight of the first day of the date's month.
fn month_of(date: NaiveDate) -> Option<chrono::NaiveDateTime> {
    NaiveDate::from_ymd_opt(date.year(), date.month(), 1)?.and_hms_opt(0, 0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn cutoffs_count_back_from_now_and_absent_keeps_forever() {
        let now = Utc.with_ymd_and_hms(2032, 2, 29, 12, 0, 0).unwrap();
        let schedule = RetentionSchedule {
            drafts_days: Some(30),
            anonymise_closed_after_years: Some(7),
            audit_keep_years: None,
        };
        let c = schedule.cutoffs(now);
        assert_eq!(c.drafts_before, Some(now.timestamp() - 30 * 86_400));
        assert_eq!(
            c.closed_before,
            Some(
                Utc.with_ymd_and_hms(2025, 2, 28, 12, 0, 0)
                    .unwrap()
                    .timestamp()
            )
        );
        assert_eq!(c.audit_before, None);
        assert!(RetentionSchedule::default().is_empty());
        assert_eq!(
            RetentionSchedule::default().cutoffs(now),
            Cutoffs::default()
        );
    }

    #[test]
    fn form_answers_keep_codes_and_numbers_and_coarsen_dates() {
        let json = r#"{
            "channel": {"kind":"choice","value":"phone_call"},
            "reason_categories": {"kind":"choices","value":["violence"]},
            "safe_to_talk": {"kind":"yes_no_dk","value":"yes"},
            "child_age": {"kind":"number","value":12},
            "child_name": {"kind":"text","value":"Wanjiku Kamau"},
            "caller_phone": {"kind":"text","value":"0722 123 456"},
            "narrative": {"kind":"text","value":"lives behind the market"},
            "incident_date": {"kind":"date_time","value":"2026-03-17T14:30:00"}
        }"#;
        let kept = coded_form_answers(json);
        for gone in ["Wanjiku", "0722", "market", "child_name", "17T14"] {
            assert!(!kept.contains(gone), "{gone} in {kept}");
        }
        for stays in [
            "phone_call",
            "violence",
            "\"yes\"",
            "12",
            "2026-03-01T00:00:00",
        ] {
            assert!(kept.contains(stays), "{stays} missing from {kept}");
        }
        assert_eq!(coded_form_answers("not json"), "{}");
    }

    #[test]
    fn instrument_answers_lose_free_text_only() {
        let json =
            r#"{"q1":"yes","q2":"refused","q4_how":{"text":"pills at home"},"score":{"value":3}}"#;
        let kept = coded_instrument_answers(json);
        assert!(!kept.contains("pills"), "{kept}");
        assert!(kept.contains("\"q1\":\"yes\"") && kept.contains("refused") && kept.contains("3"));
        assert_eq!(coded_instrument_answers("[1]"), "{}");
    }
}
