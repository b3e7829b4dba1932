//! The service directory and referrals on a real SQLite file: consent,
//! due times, the lifecycle with version checks across two sessions, the
//! referral queue and overdue alerts.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::*;
use helpline::domain::service::ServiceRecord;
use helpline::domain::{ReferralStatus, ResponseTimes, RiskLevel, ServiceType, Urgency};
use helpline::store::referral_queue::QueueFilter;
use helpline::store::referrals::NewReferral;
use helpline::store::{Page, Store, StoreError};
use std::path::Path;

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_780_000_000, 0).unwrap()
}

fn service(org: &str, kind: ServiceType, name: &str, location: &str) -> ServiceRecord {
    ServiceRecord::from_fields([
        org,
        kind.as_str(),
        name,
        location,
        "+254 700 000 000",
        "",
        "Mon-Fri 8-17",
        "en, sw",
        "",
    ])
    .unwrap()
}

fn case(store: &mut Store, risk: RiskLevel) -> i64 {
    open_case_at(store, risk, t0())
}

fn refer(store: &mut Store, case_id: i64, service_id: i64) -> i64 {
    let new = NewReferral {
        case_id,
        service_id,
        urgency: None,
        consent_given: true,
        override_reason: None,
        note: Some("Needs an appointment this week"),
    };
    store
        .create_referral(&new, &ResponseTimes::default(), None, t0())
        .unwrap()
}

/// Reads one number from the database as a reviewer would.
fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_referral_is_due_by_the_case_level_and_recorded_on_the_timeline() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let user = add_user(
        &mut store,
        "amina",
        helpline::domain::Role::Caseworker,
        "long enough",
    );
    let clinic = store
        .add_service(
            &service(
                "City Hospital",
                ServiceType::Medical,
                "Post-rape care",
                "Kisumu",
            ),
            None,
        )
        .unwrap();
    let cases = [
        (RiskLevel::Critical, Duration::hours(4), Urgency::Emergency),
        (RiskLevel::High, Duration::hours(24), Urgency::Urgent),
        (RiskLevel::Medium, Duration::hours(72), Urgency::Routine),
        (RiskLevel::Low, Duration::days(7), Urgency::Routine),
        (RiskLevel::None, Duration::days(14), Urgency::Routine),
    ];
    for (risk, due_after, urgency) in cases {
        let case_id = case(&mut store, risk);
        let new = NewReferral {
            case_id,
            service_id: clinic,
            urgency: None,
            consent_given: true,
            override_reason: None,
            note: None,
        };
        let id = store
            .create_referral(&new, &ResponseTimes::default(), Some(user), t0())
            .unwrap();
        let row = store.referral(id).unwrap();
        assert_eq!(row.referral.status, ReferralStatus::Pending, "{risk}");
        assert_eq!(row.referral.due_at, t0() + due_after, "{risk}");
        assert_eq!(row.referral.urgency, urgency, "{risk}");
        assert_eq!(row.created_by, Some(user));
        assert_eq!(row.version, 1);
    }
    let events = count(
        &db,
        "SELECT count(*) FROM case_events WHERE kind = 'referral' AND ref_id IS NOT NULL",
    );
    assert_eq!(events, 5);
    let summary: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT summary FROM case_events WHERE kind = 'referral' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        summary,
        "Referred to Post-rape care (City Hospital): emergency, with consent"
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'referral_created'"
        ),
        5
    );
    let details = count(
        &db,
        "SELECT count(*) FROM audit_log WHERE detail LIKE '%Hospital%' OR detail LIKE '%appointment%'",
    );
    assert_eq!(details, 0, "audit details hold codes only");
}

#[test]
fn consent_is_checked_against_the_current_risk_level() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let shelter = store
        .add_service(
            &service("Safe Haven", ServiceType::SafeShelter, "Night shelter", ""),
            None,
        )
        .unwrap();
    let case_id = case(&mut store, RiskLevel::Medium);
    let without = |reason: Option<&'static str>| NewReferral {
        case_id,
        service_id: shelter,
        urgency: Some(Urgency::Urgent),
        consent_given: false,
        override_reason: reason,
        note: None,
    };
    let err = store
        .create_referral(
            &without(Some("danger")),
            &ResponseTimes::default(),
            None,
            t0(),
        )
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref m) if m.contains("consent is needed")),
        "{err}"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM referrals"), 0);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM case_events WHERE kind = 'referral'"
        ),
        0
    );

    // Another session records an assessment that raises the level to high.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE cases SET risk_level = 3 WHERE id = ?1", [case_id])
        .unwrap();
    let err = store
        .create_referral(&without(None), &ResponseTimes::default(), None, t0())
        .unwrap_err();
    assert!(err.to_string().contains("override reason"), "{err}");
    let id = store
        .create_referral(
            &without(Some("perpetrator lives in the home")),
            &ResponseTimes::default(),
            None,
            t0(),
        )
        .unwrap();
    let row = store.referral(id).unwrap();
    assert!(!row.consent_given);
    assert_eq!(
        row.consent_override_reason.as_deref(),
        Some("perpetrator lives in the home")
    );
    assert_eq!(
        row.referral.urgency,
        Urgency::Urgent,
        "the chosen urgency wins"
    );
    assert_eq!(row.referral.due_at, t0() + Duration::hours(24));
}

#[test]
fn the_lifecycle_is_enforced_and_recorded() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let legal = store
        .add_service(
            &service(
                "Law Society",
                ServiceType::LegalAid,
                "Legal clinic",
                "Nairobi",
            ),
            None,
        )
        .unwrap();
    let case_id = case(&mut store, RiskLevel::Low);
    let id = refer(&mut store, case_id, legal);
    let now = t0() + Duration::hours(1);

    let err = store
        .change_referral_status(id, 1, ReferralStatus::Completed, None, None, now)
        .unwrap_err();
    assert!(err.to_string().contains("cannot become completed"), "{err}");
    let mut version = 1;
    for to in [ReferralStatus::Sent, ReferralStatus::Acknowledged] {
        version = store
            .change_referral_status(id, version, to, None, None, now)
            .unwrap();
    }
    let err = store
        .change_referral_status(id, version, ReferralStatus::Declined, Some(" "), None, now)
        .unwrap_err();
    assert!(err.to_string().contains("with a reason"), "{err}");
    let version = store
        .change_referral_status(
            id,
            version,
            ReferralStatus::Declined,
            Some("no lawyer free"),
            None,
            now,
        )
        .unwrap();
    let row = store.referral(id).unwrap();
    assert_eq!(row.referral.status, ReferralStatus::Declined);
    assert_eq!(
        row.referral.decline_reason.as_deref(),
        Some("no lawyer free")
    );
    assert_eq!(row.version, version);
    assert_eq!(version, 4);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (summary, body): (String, Option<String>) = conn
        .query_row(
            "SELECT summary, body FROM case_events WHERE kind = 'referral' ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        summary,
        "Referral to Legal clinic (Law Society): Acknowledged -> Declined"
    );
    assert_eq!(body.as_deref(), Some("no lawyer free"));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'referral_status_changed'"
        ),
        3
    );
}

#[test]
fn a_stale_version_from_another_session_is_a_conflict_and_changes_nothing() {
    let (_dir, db) = temp_db();
    let mut first = open(&db);
    let police = first
        .add_service(
            &service("Police", ServiceType::Police, "Gender desk", "Central"),
            None,
        )
        .unwrap();
    let case_id = case(&mut first, RiskLevel::High);
    let id = refer(&mut first, case_id, police);
    let mut second = open(&db);
    let seen_by_second = second.referral(id).unwrap().version;

    first
        .change_referral_status(id, 1, ReferralStatus::Sent, None, None, t0())
        .unwrap();
    let err = second
        .change_referral_status(
            id,
            seen_by_second,
            ReferralStatus::Cancelled,
            Some("duplicate"),
            None,
            t0(),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    let row = second.referral(id).unwrap();
    assert_eq!(row.referral.status, ReferralStatus::Sent);
    assert_eq!(row.referral.cancel_reason, None);
    assert_eq!(row.version, 2);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM case_events WHERE kind = 'referral'"
        ),
        2,
        "the creation and the one move that happened"
    );

    // The same holds for directory edits.
    let v = first.service(police).unwrap().version;
    let mut edited = first.service(police).unwrap().record;
    edited.phone = "999".into();
    first.update_service(police, v, &edited, None).unwrap();
    edited.phone = "112".into();
    let err = second.update_service(police, v, &edited, None).unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    assert_eq!(second.service(police).unwrap().record.phone, "999");
}

#[test]
fn the_queue_sorts_by_urgency_then_most_overdue_and_filters() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let hospital = store
        .add_service(
            &service("City Hospital", ServiceType::Medical, "Clinic", "Kisumu"),
            None,
        )
        .unwrap();
    let shelter = store
        .add_service(
            &service("Safe Haven", ServiceType::SafeShelter, "Shelter", "Kisumu"),
            None,
        )
        .unwrap();
    let low = case(&mut store, RiskLevel::Low); // due in 7 days, routine
    let medium = case(&mut store, RiskLevel::Medium); // due in 72 h, routine
    let critical = case(&mut store, RiskLevel::Critical); // due in 4 h, emergency
    let r_low = refer(&mut store, low, hospital);
    let r_medium = refer(&mut store, medium, shelter);
    let r_critical = refer(&mut store, critical, shelter);
    let r_done = refer(&mut store, medium, hospital);
    let mut v = 1;
    for to in [
        ReferralStatus::Sent,
        ReferralStatus::Acknowledged,
        ReferralStatus::Accepted,
        ReferralStatus::Completed,
    ] {
        v = store
            .change_referral_status(r_done, v, to, None, None, t0())
            .unwrap();
    }

    let now = t0() + Duration::hours(80);
    let queue = store
        .referral_queue(&QueueFilter::default(), Page::default(), now)
        .unwrap();
    let ids: Vec<i64> = queue.iter().map(|r| r.referral_id).collect();
    assert_eq!(
        ids,
        vec![r_critical, r_medium, r_low],
        "completed ones leave the queue"
    );
    assert!(queue[0].is_overdue() && queue[1].is_overdue() && !queue[2].is_overdue());
    assert_eq!(queue[0].overdue_by, Some(Duration::hours(76)));
    assert_eq!(
        queue[0].case_number,
        format!("HL-{}-000003", t0().format("%Y"))
    );
    assert_eq!(queue[0].service_name, "Shelter");
    assert_eq!(queue[0].organisation_name, "Safe Haven");
    assert_eq!(queue[0].case_risk, RiskLevel::Critical);

    let only = |filter: QueueFilter| -> Vec<i64> {
        store
            .referral_queue(&filter, Page::default(), now)
            .unwrap()
            .iter()
            .map(|r| r.referral_id)
            .collect()
    };
    let hospital_org = store.service(hospital).unwrap().organisation_id;
    assert_eq!(
        only(QueueFilter {
            organisation_id: Some(hospital_org),
            ..Default::default()
        }),
        vec![r_low]
    );
    assert_eq!(
        only(QueueFilter {
            service_type: Some(ServiceType::SafeShelter),
            ..Default::default()
        }),
        vec![r_critical, r_medium]
    );
    assert_eq!(
        only(QueueFilter {
            status: Some(ReferralStatus::Completed),
            ..Default::default()
        }),
        vec![r_done]
    );
    let second_page = store
        .referral_queue(&QueueFilter::default(), Page::first(2).next(), now)
        .unwrap();
    assert_eq!(second_page.len(), 1);
    assert_eq!(second_page[0].referral_id, r_low);
}

#[test]
fn an_overdue_referral_raises_one_alert_at_the_case_level() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let clinic = store
        .add_service(
            &service("City Hospital", ServiceType::Medical, "Clinic", ""),
            None,
        )
        .unwrap();
    let critical = case(&mut store, RiskLevel::Critical);
    let low = case(&mut store, RiskLevel::Low);
    let overdue = refer(&mut store, critical, clinic);
    let not_yet = refer(&mut store, low, clinic);
    let cancelled = refer(&mut store, critical, clinic);
    store
        .change_referral_status(
            cancelled,
            1,
            ReferralStatus::Cancelled,
            Some("duplicate"),
            None,
            t0(),
        )
        .unwrap();

    assert_eq!(
        store
            .raise_overdue_referral_alerts(t0() + Duration::hours(4))
            .unwrap(),
        0
    );
    let later = t0() + Duration::hours(5);
    assert_eq!(store.raise_overdue_referral_alerts(later).unwrap(), 1);
    assert_eq!(
        store.raise_overdue_referral_alerts(later).unwrap(),
        0,
        "raised once"
    );
    let mut other_session = open(&db);
    assert_eq!(
        other_session
            .raise_overdue_referral_alerts(later + Duration::hours(1))
            .unwrap(),
        0
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (referral_id, case_id, severity, kind): (i64, i64, i64, String) = conn
        .query_row(
            "SELECT referral_id, case_id, severity, kind FROM alerts",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((referral_id, case_id, severity), (overdue, critical, 4));
    assert_eq!(kind, "referral_overdue");
    assert_eq!(
        count(
            &db,
            &format!("SELECT count(*) FROM alerts WHERE referral_id IN ({not_yet}, {cancelled})")
        ),
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'alert_raised'"
        ),
        1
    );
}
