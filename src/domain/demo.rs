//! Realistic synthetic data for demonstrations, training and load tests.
//!
//! Everything here is pure and deterministic: the same [`DemoOptions`] give
//! the same records on every machine, so a demo database can be rebuilt and
//! a bug seen in one can be reproduced. No record describes a real person.
//!
//! [`demo_accounts`] lists the staff; [`DemoGenerator`] yields cases in
//! `opened_at` order, each with its contacts, timeline and alert, plus the
//! contacts that never became a case. Records refer to staff by their
//! position in the [`demo_accounts`] list; the store maps that to user ids.

mod calendar;
mod directory;
mod generator;
mod names;
mod rng;
mod vocab;

pub use directory::{demo_organisation_type, demo_services};
pub use generator::DemoGenerator;
pub use rng::DemoRng;

use crate::domain::{CaseNumber, CaseStatus, ReferralStatus, RiskLevel, Role, Urgency};
use chrono::{DateTime, Utc};
use std::borrow::Cow;

/// The most cases one demo fill may ask for. Far above any demo's needs,
/// and low enough that a year's sequence number can never overflow.
pub const MAX_DEMO_CASES: u64 = 10_000_000;

/// How long before `now` the demo history starts.
pub const DEMO_DAYS: i64 = 730;

/// Only cases opened in the last this many days may still be open: older
/// ones were worked through to closure, as a real team would have done.
pub const OPEN_WORK_DAYS: i64 = 42;

/// Only alerts raised in the last this many days may still be waiting for
/// an acknowledgement; older ones were acknowledged.
pub const WAITING_ALERT_DAYS: i64 = 14;

/// A critical alert is acknowledged within minutes; only one raised in the
/// last this many days may still be waiting.
pub const WAITING_CRITICAL_ALERT_DAYS: i64 = 1;

/// The user name of the one obvious demo login.
pub const DEMO_LOGIN: &str = "demo";

/// Timeline entry kinds written by the generator.
pub const EVENT_CONTACT: &str = "contact";
/// A supervisor gave the case to a case worker.
pub const EVENT_ASSIGNED: &str = "assigned";
/// The case moved to another step of the workflow.
pub const EVENT_STATUS: &str = "status";

/// The alert kind raised when a case is opened at high or critical risk.
pub const ALERT_URGENT_CASE: &str = "urgent_risk";

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// How many cases (contacts without a case come on top).
    pub cases: u64,
    /// Same seed, same data.
    pub seed: u64,
    /// The end of the generated history; nothing happens after it.
    pub now: DateTime<Utc>,
}

/// The requested number of cases is outside `1..=MAX_DEMO_CASES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the number of demo cases must be between 1 and {MAX_DEMO_CASES}")]
pub struct BadCaseCount;

impl DemoOptions {
    /// Checks the options before anything is written.
    pub fn check(&self) -> Result<(), BadCaseCount> {
        if (1..=MAX_DEMO_CASES).contains(&self.cases) {
            Ok(())
        } else {
            Err(BadCaseCount)
        }
    }
}

/// A staff account of the demo helpline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub team: Option<&'static str>,
}

/// The demo staff, always the same: `demo` (the supervisor to log in as),
/// `admin`, `super1..3`, `operator1..30` and `worker1..20`, spread over
/// three teams.
pub fn demo_accounts() -> Vec<DemoAccount> {
    let teams = vocab::TEAMS;
    let mut accounts = vec![
        DemoAccount {
            username: DEMO_LOGIN.into(),
            display_name: "Demo Supervisor".into(),
            role: Role::Supervisor,
            team: Some(teams[0]),
        },
        DemoAccount {
            username: "admin".into(),
            display_name: "Demo Administrator".into(),
            role: Role::Admin,
            team: None,
        },
    ];
    let groups = [
        ("super", 3, Role::Supervisor),
        ("operator", 30, Role::Operator),
        ("worker", 20, Role::Caseworker),
    ];
    let mut person = 0;
    for (prefix, count, role) in groups {
        for n in 0..count {
            // Given and family lists have coprime lengths, so every staff
            // member gets a different pair.
            let given = names::STAFF_GIVEN[person % names::STAFF_GIVEN.len()];
            let family = names::STAFF_FAMILY[person % names::STAFF_FAMILY.len()];
            person += 1;
            accounts.push(DemoAccount {
                username: format!("{prefix}{}", n + 1),
                display_name: format!("{given} {family}"),
                role,
                team: Some(teams[n % teams.len()]),
            });
        }
    }
    accounts
}

/// One step of generated data: a case, and the uncased contact (silent,
/// hang-up, wrong number ...) that came in just before it, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoEntry {
    pub uncased: Option<DemoContact>,
    pub case: DemoCase,
}

/// A generated case with everything recorded about it. Times are UTC
/// seconds, as stored; staff are indexes into [`demo_accounts`].
#[derive(Debug, Clone, PartialEq)]
pub struct DemoCase {
    pub number: CaseNumber,
    pub status: CaseStatus,
    pub risk: RiskLevel,
    pub child_name: Option<String>,
    pub child_age: Option<u8>,
    /// `girl`, `boy`, `non_binary` or `unknown`.
    pub child_gender: &'static str,
    pub location: &'static str,
    /// ISO 639 code.
    pub language: &'static str,
    pub category: &'static str,
    /// `category.subcategory`, e.g. `violence.physical_violence`.
    pub subcategory: &'static str,
    /// Digits of the first known caller phone, for returning-caller matches.
    pub phone_norm: Option<String>,
    pub worker: Option<usize>,
    pub team: &'static str,
    pub opened_at: i64,
    pub updated_at: i64,
    pub assigned_at: Option<i64>,
    /// Next action due, from the risk level; none on closed cases.
    pub deadline_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub closure_reason: Option<&'static str>,
    pub outcome_note: Option<&'static str>,
    /// The operator who opened the case.
    pub created_by: usize,
    /// Oldest first; the first one opened the case.
    pub contacts: Vec<DemoContact>,
    /// In time order.
    pub events: Vec<DemoEvent>,
    pub alert: Option<DemoAlert>,
    /// The referral made while the plan was carried out, if any.
    pub referral: Option<DemoReferral>,
}

/// A referral of a case to a service of [`demo_services`], with every move
/// along its lifecycle (reference, section 6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReferral {
    /// Index into [`demo_services`].
    pub service: usize,
    /// Where the moves left it.
    pub status: ReferralStatus,
    pub urgency: Urgency,
    pub consent_given: bool,
    /// Why it went ahead without consent (high or critical risk only).
    pub override_reason: Option<&'static str>,
    pub note: Option<&'static str>,
    /// The case worker who made it.
    pub created_by: usize,
    pub created_at: i64,
    pub due_at: i64,
    /// Why it was declined or cancelled.
    pub reason: Option<&'static str>,
    /// In time order.
    pub moves: Vec<DemoReferralMove>,
}

impl DemoReferral {
    /// When it last changed.
    pub fn updated_at(&self) -> i64 {
        self.moves.last().map_or(self.created_at, |m| m.at)
    }
}

/// One step of a referral's lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoReferralMove {
    pub at: i64,
    pub actor: usize,
    pub from: ReferralStatus,
    pub to: ReferralStatus,
}

/// One call, chat, SMS, walk-in or e-mail.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoContact {
    pub channel: &'static str,
    pub contact_type: &'static str,
    pub operator: usize,
    pub started_at: i64,
    pub duration_s: i64,
    pub caller_name: Option<String>,
    pub caller_relationship: Option<&'static str>,
    /// Display form, e.g. `+254 712 345 678`.
    pub caller_phone: Option<String>,
    /// Digits only, e.g. `254712345678`.
    pub phone_norm: Option<String>,
    pub child_name: Option<String>,
    pub child_age: Option<u8>,
    pub child_gender: Option<&'static str>,
    pub location: Option<&'static str>,
    pub language: Option<&'static str>,
    pub category: Option<&'static str>,
    pub subcategory: Option<&'static str>,
    pub narrative: Option<&'static str>,
}

impl DemoContact {
    /// When the contact ended.
    pub fn ended_at(&self) -> i64 {
        self.started_at + self.duration_s
    }
}

/// One line of a case timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoEvent {
    pub at: i64,
    pub actor: usize,
    /// One of [`EVENT_CONTACT`], [`EVENT_ASSIGNED`], [`EVENT_STATUS`].
    pub kind: &'static str,
    pub summary: Cow<'static, str>,
    /// Index into the case's contacts, for contact entries.
    pub contact: Option<usize>,
}

/// An alert raised when an urgent case was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoAlert {
    pub kind: &'static str,
    pub severity: RiskLevel,
    pub raised_at: i64,
    /// When and by whom it was acknowledged; None while it is still open.
    pub acknowledged: Option<(i64, usize)>,
}

/// Whether a contact type opens or updates a case (reference, section 1).
pub fn contact_type_opens_case(contact_type: &str) -> bool {
    vocab::CASE_CONTACT_TYPES
        .iter()
        .any(|((id, _), _)| *id == contact_type)
}

#[cfg(test)]
mod tests;
