//! Opening a timeline entry in full, on a real database: the contact with
//! its answers and narrative, an assessment with its answers, a referral
//! with its history; every opening audited, and entries of other cases
//! never read.

mod common;

use common::directory::{NOW, at, child_case, refer, seed_services};
use common::*;
use helpline::domain::{ReferralStatus, RiskLevel, Role};
use helpline::store::Store;
use helpline::store::assessments::NewAssessment;
use helpline::store::cases::NewCase;
use helpline::store::contacts::{CaseTarget, IntakeRisk, NewContact};
use helpline::store::timeline_entry::EntryContent;

const NARRATIVE: &str = "Amani says her uncle beat her last night.\nShe is at school now.";

fn answers_json() -> String {
    serde_json::json!({
        "channel": {"kind": "choice", "value": "phone_call"},
        "contact_type": {"kind": "choice", "value": "child_about_self"},
        "safe_to_talk": {"kind": "yes_no_dk", "value": "yes"},
        "narrative": {"kind": "text", "value": NARRATIVE},
    })
    .to_string()
}

/// Completes an intake that opens a case at critical; returns the case id.
fn intake(store: &mut Store, operator: i64) -> i64 {
    let answers = answers_json();
    let saved = store
        .complete_intake(
            None,
            operator,
            &NewContact {
                form_id: "child_helpline",
                channel: "phone_call",
                contact_type: "child_about_self",
                started_at: NOW - 600,
                ended_at: NOW - 120,
                child_name: Some("Amani Wanjirũ"),
                answers_json: &answers,
                narrative: Some(NARRATIVE),
                ..NewContact::default()
            },
            CaseTarget::Open(NewCase {
                opened_at: NOW - 600,
                child_name: Some("Amani Wanjirũ"),
                ..NewCase::default()
            }),
            &[IntakeRisk::from_answers(
                "cp_risk",
                RiskLevel::Critical,
                "Intake: in immediate danger now → critical",
            )],
            NOW,
            &|_, _| None,
        )
        .unwrap();
    saved.case.unwrap().0
}

fn entry_id(store: &Store, case_id: i64, kind: &str) -> i64 {
    store
        .case_timeline(case_id, None, 50)
        .unwrap()
        .into_iter()
        .find(|e| e.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} entry"))
        .id
}

#[test]
fn a_contact_opens_with_its_answers_narrative_operator_and_duration() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let operator = add_user(&mut store, "achieng", Role::Operator, "long enough");
    let worker = add_user(&mut store, "wanjiku", Role::Caseworker, "long enough");
    let case_id = intake(&mut store, operator);
    let event = entry_id(&store, case_id, "contact");

    let record = store
        .open_timeline_entry(
            case_id,
            event,
            &helpline::domain::access::Viewer::whole_floor(worker),
        )
        .unwrap();
    let EntryContent::Contact(contact) = record.content else {
        panic!("{:?}", record.content)
    };
    assert_eq!(contact.narrative.as_deref(), Some(NARRATIVE));
    assert_eq!(contact.answers_json, answers_json());
    assert_eq!(contact.operator.as_deref(), Some("achieng"));
    assert_eq!(contact.channel, "phone_call");
    assert_eq!(contact.form_id.as_deref(), Some("child_helpline"));
    assert_eq!(contact.duration_s, Some(480));

    let audit = &store.recent_audit(1).unwrap()[0];
    assert_eq!(audit.action, "case_viewed");
    assert_eq!(audit.user_id, Some(worker));
    assert_eq!(audit.record_id, Some(case_id));
    assert_eq!(
        audit.detail.as_deref(),
        Some(format!("entry:contact:{event}").as_str())
    );
}

#[test]
fn an_assessment_opens_with_its_answers_levels_and_reason() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "wanjiku", Role::Caseworker, "long enough");
    let case_id = child_case(&mut store, "Zoë", 15, RiskLevel::None);
    store
        .record_assessment(
            &NewAssessment {
                case_id,
                instrument_id: "asq",
                instrument_version: 1,
                answers_json: r#"{"asq1":"yes","asq2":"no","asq3":"no","asq4":"no","asq5":"no"}"#,
                score: 0,
                result_name: "non_acute_positive",
                computed_level: RiskLevel::High,
                final_level: RiskLevel::Critical,
                judgement_reason: Some("Said goodbye to friends"),
                source: "assessment",
                contact_id: None,
                summary: "ASQ: non-acute positive screen → high",
            },
            worker,
            NOW,
            &|_, _| None,
        )
        .unwrap();
    let event = entry_id(&store, case_id, "assessment");
    let record = store
        .open_timeline_entry(
            case_id,
            event,
            &helpline::domain::access::Viewer::whole_floor(worker),
        )
        .unwrap();
    let EntryContent::Assessment(a) = record.content else {
        panic!("{:?}", record.content)
    };
    assert_eq!(a.instrument_id, "asq");
    assert!(a.answers_json.contains("\"asq1\":\"yes\""));
    assert_eq!(
        (a.computed_level, a.final_level),
        (RiskLevel::High, RiskLevel::Critical)
    );
    assert_eq!(
        a.judgement_reason.as_deref(),
        Some("Said goodbye to friends")
    );
    assert_eq!(a.assessed_by.as_deref(), Some("wanjiku"));
}

#[test]
fn a_referral_opens_with_its_status_history_and_consent() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "wanjiku", Role::Caseworker, "long enough");
    let services = seed_services(&mut store);
    let case_id = child_case(&mut store, "محمد", 12, RiskLevel::High);
    let referral = refer(&mut store, case_id, services[0], 3600, worker);
    store
        .change_referral_status(
            referral,
            1,
            ReferralStatus::Sent,
            None,
            Some(worker),
            at(NOW),
        )
        .unwrap();
    // The newest referral entry is the status change; both open the same record.
    let event = entry_id(&store, case_id, "referral");
    let record = store
        .open_timeline_entry(
            case_id,
            event,
            &helpline::domain::access::Viewer::whole_floor(worker),
        )
        .unwrap();
    let EntryContent::Referral(r) = record.content else {
        panic!("{:?}", record.content)
    };
    assert_eq!(r.status, ReferralStatus::Sent);
    assert!(r.consent_given);
    assert_eq!(r.service, "Tumaini Safe House (Wanjikũ Trust)");
    assert_eq!(r.history.len(), 2);
    assert!(r.history[0].summary.starts_with("Referred to"));
    assert!(r.history[1].summary.contains("Sent"));
}

#[test]
fn a_note_opens_as_itself_and_another_case_s_entry_is_not_read() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "wanjiku", Role::Caseworker, "long enough");
    let case_id = child_case(&mut store, "José", 9, RiskLevel::Low);
    let other = child_case(&mut store, "Ngozi", 7, RiskLevel::Low);
    let version = store.reload_case_detail(case_id).unwrap().version;
    store
        .add_case_note(case_id, version, "Line one\nLine two", worker, NOW)
        .unwrap();
    let note = entry_id(&store, case_id, "note");
    let record = store
        .open_timeline_entry(
            case_id,
            note,
            &helpline::domain::access::Viewer::whole_floor(worker),
        )
        .unwrap();
    assert_eq!(record.content, EntryContent::Entry);
    assert_eq!(record.entry.body.as_deref(), Some("Line one\nLine two"));

    let audits = store.recent_audit(1).unwrap();
    assert!(
        store
            .open_timeline_entry(
                other,
                note,
                &helpline::domain::access::Viewer::whole_floor(worker)
            )
            .is_err(),
        "an entry is read only through its own case"
    );
    assert_eq!(
        store.recent_audit(1).unwrap(),
        audits,
        "a refused read is not recorded as an access"
    );
}
