//! The service directory on a real SQLite file: type-to-search, duplicate
//! checks across scripts and spacing, retiring a service.

mod common;

use chrono::DateTime;
use common::*;
use helpline::domain::service::ServiceRecord;
use helpline::domain::{ResponseTimes, RiskLevel, ServiceType};
use helpline::store::referrals::NewReferral;
use helpline::store::{Page, Store};

fn service(org: &str, kind: ServiceType, name: &str, location: &str) -> ServiceRecord {
    ServiceRecord::from_fields([org, kind.as_str(), name, location, "", "", "", "", ""]).unwrap()
}

fn names_in(store: &Store, query: &str) -> Vec<String> {
    store
        .search_services(query, Page::default())
        .unwrap()
        .into_iter()
        .map(|s| s.record.name)
        .collect()
}

#[test]
fn services_are_searched_by_prefix_and_kept_free_of_duplicates() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let entries = [
        (
            "City Hospital",
            ServiceType::Medical,
            "Post-rape care clinic",
            "Kisumu",
        ),
        (
            "Safe Haven",
            ServiceType::SafeShelter,
            "Night shelter",
            "Nairobi",
        ),
        (
            "Law Society",
            ServiceType::LegalAid,
            "Free legal clinic",
            "Kisumu West",
        ),
        (
            "Ülkü Trust",
            ServiceType::MentalHealth,
            "Counselling",
            "Mombasa",
        ),
    ];
    for (org, kind, name, location) in entries {
        store
            .add_service(&service(org, kind, name, location), None)
            .unwrap();
    }
    let cases: &[(&str, &[&str])] = &[
        (
            "",
            &[
                "Counselling",
                "Free legal clinic",
                "Night shelter",
                "Post-rape care clinic",
            ],
        ),
        ("clin", &["Free legal clinic", "Post-rape care clinic"]),
        ("rape", &["Post-rape care clinic"]),
        ("kisumu", &["Free legal clinic", "Post-rape care clinic"]),
        ("west", &["Free legal clinic"]),
        ("haven", &["Night shelter"]),
        ("SHEL", &["Night shelter"]),
        ("psycho", &["Counselling"]),
        ("ülkü", &["Counselling"]),
        (
            "clinic kisumu",
            &["Free legal clinic", "Post-rape care clinic"],
        ),
        ("clinic nairobi", &[]),
        ("%", &[]),
        ("linic", &[]),
    ];
    for (query, expected) in cases {
        assert_eq!(&names_in(&store, query), expected, "{query:?}");
    }
    assert_eq!(store.list_services(Page::first(2)).unwrap().len(), 2);

    let err = store
        .add_service(
            &service(
                "city hospital",
                ServiceType::Medical,
                "POST-RAPE care clinic",
                "kisumu",
            ),
            None,
        )
        .unwrap_err();
    assert!(err.to_string().contains("already lists"), "{err}");
    let first = store
        .search_services("night", Page::default())
        .unwrap()
        .remove(0);
    store
        .set_service_active(first.id, first.version, false, None)
        .unwrap();
    assert!(
        names_in(&store, "night").is_empty(),
        "retired services leave the directory"
    );
    store
        .add_service(
            &service(
                "Safe Haven",
                ServiceType::SafeShelter,
                "Night shelter",
                "Nairobi",
            ),
            None,
        )
        .unwrap();
    let now = DateTime::from_timestamp(1_780_000_000, 0).unwrap();
    let case_id = open_case_at(&mut store, RiskLevel::Low, now);
    let new = NewReferral {
        case_id,
        service_id: first.id,
        urgency: None,
        consent_given: true,
        override_reason: None,
        note: None,
    };
    let err = store
        .create_referral(&new, &ResponseTimes::default(), None, now)
        .unwrap_err();
    assert!(err.to_string().contains("retired"), "{err}");
}
