//! Generator tests: determinism and plausible distributions.

use super::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};

fn now() -> DateTime<Utc> {
    // 2026-05-28 20:26:40 UTC
    DateTime::from_timestamp(1_780_000_000, 0).unwrap()
}

fn opts(cases: u64, seed: u64) -> DemoOptions {
    DemoOptions {
        cases,
        seed,
        now: now(),
    }
}

fn generate(cases: u64, seed: u64) -> Vec<DemoEntry> {
    DemoGenerator::new(&opts(cases, seed)).collect()
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    assert_eq!(generate(300, 42), generate(300, 42));
    assert_ne!(generate(300, 42), generate(300, 43));
}

#[test]
fn case_counts_are_checked() {
    assert_eq!(opts(0, 1).check(), Err(BadCaseCount));
    assert_eq!(opts(MAX_DEMO_CASES + 1, 1).check(), Err(BadCaseCount));
    assert_eq!(opts(1, 1).check(), Ok(()));
    assert_eq!(DemoGenerator::new(&opts(5, 1)).count(), 5);
}

#[test]
fn two_thousand_cases_cover_every_level_status_and_closure() {
    let entries = generate(2000, 7);
    let levels: BTreeSet<_> = entries.iter().map(|e| e.case.risk).collect();
    assert_eq!(levels.len(), RiskLevel::ALL.len(), "{levels:?}");
    let statuses: BTreeSet<_> = entries.iter().map(|e| e.case.status).collect();
    assert_eq!(statuses.len(), CaseStatus::ALL.len(), "{statuses:?}");

    let mut by_level = BTreeMap::new();
    for e in &entries {
        *by_level.entry(e.case.risk).or_insert(0) += 1;
    }
    // Most cases are none, low or medium; critical is the rarest.
    let urgent = by_level[&RiskLevel::High] + by_level[&RiskLevel::Critical];
    assert!(urgent * 4 < entries.len(), "{by_level:?}");
    assert!(by_level[&RiskLevel::Critical] < by_level[&RiskLevel::High]);

    let reasons: BTreeSet<_> = entries
        .iter()
        .filter_map(|e| e.case.closure_reason)
        .collect();
    assert!(
        reasons.contains("needs_met") && reasons.contains("transferred"),
        "{reasons:?}"
    );
}

#[test]
fn records_are_internally_consistent() {
    let entries = generate(2000, 9);
    let now = now().timestamp();
    let accounts = demo_accounts();
    let start = now - (DEMO_DAYS + 1) * 86_400;
    let mut numbers = HashSet::new();
    let mut last_opened = i64::MIN;
    let mut unassigned_open = 0;
    let mut open = 0;
    for DemoEntry { uncased, case } in &entries {
        assert!(numbers.insert(case.number), "duplicate {}", case.number);
        assert!(
            case.opened_at >= last_opened,
            "cases come in opened_at order"
        );
        last_opened = case.opened_at;
        assert!(case.opened_at > start && case.opened_at <= now);
        assert!(case.updated_at >= case.opened_at && case.updated_at <= now);
        assert!(case.subcategory.starts_with(&format!("{}.", case.category)));
        assert!(["girl", "boy", "non_binary", "unknown"].contains(&case.child_gender));
        if let Some(age) = case.child_age {
            let adult = case.contacts[0].contact_type == "adult_survivor_about_self";
            assert!(
                if adult {
                    (18..=70).contains(&age)
                } else {
                    age <= 17
                },
                "{age}"
            );
        }
        match case.status {
            CaseStatus::Closed => {
                assert!(case.closed_at.is_some() && case.closure_reason.is_some());
                assert!(case.worker.is_some() && case.deadline_at.is_none());
            }
            CaseStatus::Open => {
                open += 1;
                unassigned_open += usize::from(case.worker.is_none());
            }
            _ => assert!(case.worker.is_some() && case.assigned_at.is_some()),
        }
        if let Some(worker) = case.worker {
            assert_eq!(accounts[worker].role, Role::Caseworker);
            assert_eq!(accounts[worker].team, Some(case.team));
        }
        assert_eq!(
            case.deadline_at.is_some(),
            case.status.is_open() && case.risk != RiskLevel::None
        );
        assert_eq!(accounts[case.created_by].role, Role::Operator);
        assert!((1..=3).contains(&case.contacts.len()));
        for (i, contact) in case.contacts.iter().enumerate() {
            assert!(contact_type_opens_case(contact.contact_type));
            assert!(contact.ended_at() <= now);
            assert_eq!(contact.phone_norm.is_some(), contact.caller_phone.is_some());
            if let (Some(display), Some(digits)) = (&contact.caller_phone, &contact.phone_norm) {
                let only_digits: String = display.chars().filter(char::is_ascii_digit).collect();
                assert_eq!(&only_digits, digits);
                assert!(
                    display.starts_with('+') && (10..=13).contains(&digits.len()),
                    "{display}"
                );
            }
            let logged = case.events.iter().filter(|e| e.contact == Some(i)).count();
            assert_eq!(logged, 1, "one timeline entry per contact");
        }
        assert!(case.events.windows(2).all(|w| w[0].at <= w[1].at));
        assert_eq!(case.alert.is_some(), case.risk.is_urgent());
        if let Some(contact) = uncased {
            assert!(
                !contact_type_opens_case(contact.contact_type),
                "{}",
                contact.contact_type
            );
            assert!(contact.child_name.is_none() && contact.child_age.is_none());
        }
    }
    assert!(
        unassigned_open > 0 && unassigned_open <= open,
        "a few recent cases wait for a worker: {unassigned_open} of {open}"
    );
    let uncased = entries.iter().filter(|e| e.uncased.is_some()).count();
    assert!(
        (200..400).contains(&uncased),
        "about 15 % uncased: {uncased}"
    );
}

#[test]
fn names_span_regions_and_scripts() {
    let entries = generate(2000, 5);
    let names: Vec<&str> = entries
        .iter()
        .filter_map(|e| e.case.child_name.as_deref())
        .collect();
    assert!(names.iter().any(|n| !n.is_ascii()), "some non-ASCII names");
    assert!(
        names
            .iter()
            .any(|n| n.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))),
        "some names in Arabic script"
    );
    let countries: BTreeSet<_> = entries
        .iter()
        .filter_map(|e| e.case.location.split(" / ").next())
        .collect();
    assert!(countries.len() >= 8, "{countries:?}");
}

#[test]
fn accounts_are_the_documented_staff() {
    let accounts = demo_accounts();
    let count = |role| accounts.iter().filter(|a| a.role == role).count();
    assert_eq!(accounts.len(), 55);
    assert_eq!(count(Role::Operator), 30);
    assert_eq!(count(Role::Caseworker), 20);
    assert_eq!(count(Role::Supervisor), 4);
    assert_eq!(count(Role::Admin), 1);
    let demo: Vec<_> = accounts
        .iter()
        .filter(|a| a.username == DEMO_LOGIN)
        .collect();
    assert_eq!(demo.len(), 1);
    assert_eq!(demo[0].role, Role::Supervisor);
    assert_eq!(demo[0].display_name, "Demo Supervisor");
    for name in ["admin", "operator1", "operator30", "worker20", "super3"] {
        assert!(accounts.iter().any(|a| a.username == name), "{name}");
    }
    let usernames: HashSet<_> = accounts.iter().map(|a| &a.username).collect();
    let display: HashSet<_> = accounts.iter().map(|a| &a.display_name).collect();
    assert_eq!(usernames.len(), accounts.len());
    assert_eq!(display.len(), accounts.len());
    let teams: BTreeSet<_> = accounts.iter().filter_map(|a| a.team).collect();
    assert_eq!(teams.len(), 3);
}

#[test]
fn only_the_recent_weeks_hold_open_work() {
    let entries = generate(2000, 11);
    let now = now().timestamp();
    let open_since = now - OPEN_WORK_DAYS * 86_400;
    let old: Vec<_> = entries
        .iter()
        .filter(|e| e.case.opened_at < open_since)
        .collect();
    assert!(old.len() > 1500, "{}", old.len());
    for e in &old {
        let case = &e.case;
        assert_eq!(case.status, CaseStatus::Closed, "{}", case.number);
        assert!(case.closure_reason.is_some() && case.outcome_note.is_some());
        if let Some(alert) = &case.alert {
            assert!(alert.acknowledged.is_some(), "{}", case.number);
        }
        if let Some(r) = &case.referral {
            assert!(!r.status.is_open(), "{}: {:?}", case.number, r.status);
        }
    }
    for e in &entries {
        let Some(alert) = &e.case.alert else { continue };
        let waiting_since = now
            - if alert.severity == RiskLevel::Critical {
                WAITING_CRITICAL_ALERT_DAYS
            } else {
                WAITING_ALERT_DAYS
            } * 86_400;
        match alert.acknowledged {
            None => assert!(alert.raised_at >= waiting_since, "{}", e.case.number),
            Some((at, _)) => assert!(at >= alert.raised_at && at <= now),
        }
    }
    let recent_open = entries
        .iter()
        .filter(|e| e.case.opened_at >= open_since && e.case.status.is_open())
        .count();
    assert!(
        recent_open > 20,
        "recent weeks hold open work: {recent_open}"
    );
    // Every closure is one the reference knows, with an outcome note.
    let known = [
        "needs_met",
        "no_contact",
        "survivor_request",
        "moved_away",
        "transferred",
        "died",
        "other",
    ];
    for e in entries.iter().filter(|e| e.case.closed_at.is_some()) {
        assert!(known.contains(&e.case.closure_reason.unwrap()));
        assert!(e.case.outcome_note.is_some_and(|n| !n.is_empty()));
        if e.case.closure_reason == Some("no_contact") {
            let last = e.case.contacts.iter().map(|c| c.ended_at()).max().unwrap();
            assert!(
                e.case.closed_at.unwrap() - last >= 30 * 86_400,
                "{}: no contact means a month of silence",
                e.case.number
            );
        }
    }
}

#[test]
fn referrals_reach_every_state_and_keep_to_the_lifecycle() {
    let entries = generate(2000, 13);
    let now = now().timestamp();
    let services = demo_services();
    let mut states = BTreeSet::new();
    for e in &entries {
        let Some(r) = &e.case.referral else { continue };
        states.insert(r.status);
        assert!(r.service < services.len());
        assert_eq!(r.consent_given, r.override_reason.is_none());
        if !r.consent_given {
            assert!(e.case.risk.is_urgent(), "override only at high risk");
        }
        assert!(r.created_at >= e.case.assigned_at.unwrap() && r.created_at <= now);
        assert_eq!(
            r.reason.is_some(),
            r.status.needs_reason(),
            "{:?}",
            r.status
        );
        let mut from = ReferralStatus::Pending;
        let mut t = r.created_at;
        for m in &r.moves {
            assert_eq!(m.from, from);
            assert!(from.next().contains(&m.to), "{from:?} -> {:?}", m.to);
            assert!(m.at > t && m.at <= now);
            t = m.at;
            from = m.to;
        }
        assert_eq!(from, r.status);
        if let Some(closed) = e.case.closed_at {
            assert!(!r.status.is_open() && r.updated_at() < closed);
        }
    }
    assert_eq!(
        states.len(),
        ReferralStatus::ALL.len(),
        "every state: {states:?}"
    );
    let open = entries
        .iter()
        .filter_map(|e| e.case.referral.as_ref())
        .filter(|r| r.status.is_open())
        .count();
    assert!(open >= 8, "referrals under way: {open}");
}
