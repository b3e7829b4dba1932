//! Every report and both standard exports on a real database seeded with
//! a small, known month of work, checked against counts worked out by
//! hand (see the comments of `seed`); the exports' suppression and
//! identifier-freedom as a property; the audit lines; and the command line
//! in each format.

mod common;

use chrono::NaiveDate;
use common::reports::*;
use common::*;
use helpline::domain::Role;
use helpline::domain::report::{ReportName, Value};
use helpline::domain::report_export::{ExportGroups, chi_tallies, suppress, to_csv};
use helpline::domain::report_period::{Period, PeriodChoice};
use helpline::store::Store;
use helpline::store::contacts::{CaseTarget, NewContact};
use helpline::store::reports::ReportQuery;
use proptest::prelude::*;

fn november(team: Option<&str>) -> ReportQuery {
    ReportQuery {
        period: Period::days(
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        )
        .unwrap(),
        team: team.map(str::to_string),
        now: t(12, 1, 0, 0),
        utc_offset_hours: 0,
        weights: Default::default(),
    }
}

/// Each row as label and the CSV values.
fn rows(store: &Store, name: ReportName, q: &ReportQuery) -> Vec<String> {
    store
        .report(name, q)
        .unwrap()
        .rows
        .iter()
        .map(|r| {
            let values: Vec<String> = r.values.iter().map(|v| v.raw()).collect();
            format!("{}={}", r.label, values.join("/"))
        })
        .collect()
}

#[test]
fn every_report_matches_the_counts_worked_out_by_hand() {
    let f = seed();
    let all = november(None);
    let s = &f.store;
    assert_eq!(
        rows(s, ReportName::Channels, &all),
        [
            "phone_call=4/66.7",
            "sms=1/16.7",
            "whatsapp=1/16.7",
            "total=6/100.0"
        ]
    );
    assert_eq!(
        rows(s, ReportName::ContactTypes, &all),
        [
            "child_about_self=2/33.3",
            "hang_up=1/16.7",
            "information_request=1/16.7",
            "silent=1/16.7",
            "someone_about_child=1/16.7",
            "total=6/100.0"
        ]
    );
    assert_eq!(
        rows(s, ReportName::Categories, &all),
        [
            "(not recorded)=3/50.0",
            "violence=2/33.3",
            "mental_health=1/16.7",
            "total=6/100.0"
        ]
    );
    let hours = rows(s, ReportName::Hours, &all);
    let busy: Vec<&String> = hours.iter().filter(|h| !h.ends_with("=0")).collect();
    assert_eq!(busy, ["09:00=2", "14:00=2", "20:00=1", "21:00=1"]);
    assert_eq!(
        rows(s, ReportName::Answered, &all),
        ["answered=4/66.7", "abandoned=2/33.3", "total=6/100.0"]
    );
    assert_eq!(
        rows(s, ReportName::HandleTime, &all),
        [
            "phone_call=4/465",
            "sms=1/2400",
            "whatsapp=1/60",
            "all channels=6/720"
        ]
    );
    assert_eq!(
        rows(s, ReportName::Timings, &all),
        [
            "to case opened=3/900/2400",
            "to assignment=2/3600/7200",
            "to first referral=2/10800/86400",
            "to referral accepted=1/86400/86400"
        ]
    );
    let overdue = s.report(ReportName::OverdueReferrals, &all).unwrap();
    assert_eq!(overdue.rows.len(), 2, "{overdue:?}");
    assert_eq!(overdue.rows[0].label, "مؤسسة محمد");
    assert_eq!(overdue.rows[0].values[0], Value::Count(1));
    assert_eq!(
        rows(s, ReportName::FollowUps, &all),
        ["on time=2/66.7", "late=1/33.3", "not scheduled=1/"]
    );
    assert_eq!(
        rows(s, ReportName::Closures, &all),
        ["needs_met=1/100.0", "total=1/100.0"]
    );
    assert_eq!(rows(s, ReportName::Caseload, &all), ["cw1=5/2/0/1/1/0/0"]);
    // The organisation's own weights ([floor]) change the weighted figure.
    let heavier = ReportQuery {
        weights: helpline::domain::workload::RiskWeights {
            high: 7,
            medium: 4,
            ..Default::default()
        },
        ..november(None)
    };
    assert_eq!(
        rows(s, ReportName::Caseload, &heavier),
        ["cw1=11/2/0/1/1/0/0"]
    );

    // One team: Amani's operators took contacts 1 to 4; its cases are A and B.
    let amani = november(Some("Amani"));
    assert_eq!(
        rows(s, ReportName::Channels, &amani),
        [
            "phone_call=2/50.0",
            "sms=1/25.0",
            "whatsapp=1/25.0",
            "total=4/100.0"
        ]
    );
    assert_eq!(
        rows(s, ReportName::FollowUps, &amani),
        ["on time=1/50.0", "late=1/50.0", "not scheduled=1/"]
    );
    assert_eq!(
        rows(s, ReportName::Closures, &november(Some("Baraka"))),
        ["needs_met=1/100.0", "total=1/100.0"]
    );
    assert_eq!(
        rows(s, ReportName::Timings, &november(Some("Baraka")))[0],
        "to case opened=1/600/600"
    );

    // The helpline's clock three hours ahead moves the busy hours.
    let east = ReportQuery {
        utc_offset_hours: 3,
        ..november(None)
    };
    let hours = rows(s, ReportName::Hours, &east);
    assert!(hours.contains(&"12:00=2".to_string()), "{hours:?}");

    // The prank call of 31 October falls in October only.
    let october = ReportQuery {
        period: PeriodChoice::LastMonth.resolve(NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()),
        ..november(None)
    };
    assert_eq!(
        rows(s, ReportName::ContactTypes, &october),
        ["prank_abusive=1/100.0", "total=1/100.0"]
    );
}

#[test]
fn reports_and_exports_are_audited_with_who_which_and_the_period() {
    let mut f = seed();
    let q = november(Some("Amani"));
    f.store
        .record_report_viewed(Some(f.supervisor), ReportName::Closures, &q)
        .unwrap();
    let line = f.store.recent_audit(1).unwrap().remove(0);
    assert_eq!(line.action, "report_viewed");
    assert_eq!(line.user_id, Some(f.supervisor));
    assert_eq!(
        line.detail.as_deref(),
        Some("report=closures from=2026-11-01 to=2026-11-30 team=Amani")
    );
}

fn binary(f: &Fixture, args: &[&str], user: &str) -> std::process::Output {
    let mut cmd = helpline(f._dir.path());
    cmd.env("TZ", "UTC")
        .args(["--db", f.db.to_str().unwrap()])
        .args(args)
        .args(["--as", user]);
    run_with_input(cmd, &format!("{PASSWORD}\n"))
}

#[test]
fn the_report_command_prints_each_format_and_refuses_operators() {
    let f = seed();
    let period = ["--from", "2026-11-01", "--to", "2026-11-30"];
    let out = binary(&f, &[&["report", "channels"][..], &period].concat(), "sara");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Contacts by channel (2026-11-01 to 2026-11-30, all teams)\n\
         channel     contacts   share\n\
         phone_call         4   66.7%\n\
         sms                1   16.7%\n\
         whatsapp           1   16.7%\n\
         total              6  100.0%\n"
    );
    let out = binary(
        &f,
        &[
            &["report", "timings", "--format", "csv", "--team", "Amani"][..],
            &period,
        ]
        .concat(),
        "admin1",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "step,cases,median,90th pct\n\
         to case opened,2,900,2400\n\
         to assignment,2,3600,7200\n\
         to first referral,2,10800,86400\n\
         to referral accepted,1,86400,86400\n"
    );
    let out = binary(
        &f,
        &[&["report", "answered", "--format", "json"][..], &period].concat(),
        "sara",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["report"], "answered");
    assert_eq!(doc["from"], "2026-11-01");
    assert_eq!(doc["rows"][1]["outcome"], "abandoned");
    assert_eq!(doc["rows"][1]["contacts"], 2);
    assert_eq!(doc["rows"][1]["share"], 33.3);

    let out = binary(&f, &["report", "channels"], "amina");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("supervisors and admins"),
        "{}",
        stderr(&out)
    );
    let out = binary(&f, &["report", "nonsense"], "sara");
    assert!(
        stderr(&out).contains("the reports are channels"),
        "{}",
        stderr(&out)
    );

    let audit = open(&f.db).recent_audit(10).unwrap();
    let viewed: Vec<_> = audit
        .iter()
        .filter(|a| a.action == "report_viewed")
        .collect();
    assert_eq!(viewed.len(), 3);
    assert!(
        viewed.iter().any(|a| a.detail.as_deref()
            == Some("report=timings from=2026-11-01 to=2026-11-30 team=Amani"))
    );
}

#[test]
fn the_exports_suppress_small_counts_carry_no_identifiers_and_are_audited() {
    let f = seed();
    let out = binary(&f, &["export", "gbvims", "--month", "2026-12"], "sara");
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    for line in [
        "period,section,group,item,count",
        "2026-12,incidents_by_type,,rape,5",
        "2026-12,incidents_by_type,,physical_assault,<5",
        "2026-12,incidents_by_type,,sexual_assault,0",
        "2026-12,incidents_by_type,,total,suppressed",
        "2026-12,survivors_by_sex_and_age,girl,12-17,5",
        "2026-12,survivors_by_sex_and_age,girl,26-40,<5",
        "2026-12,time_incident_to_report,,days_0_to_3,5",
        "2026-12,time_incident_to_report,,days_4_to_5,<5",
    ] {
        assert!(csv.lines().any(|l| l == line), "{line} missing from\n{csv}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("chi.csv");
    let out = binary(
        &f,
        &[
            "export",
            "chi",
            "--year",
            "2026",
            "--out",
            file.to_str().unwrap(),
        ],
        "sara",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(
        csv.contains("2026,contacts_by_channel,,phone_call,11\n"),
        "{csv}"
    );
    assert!(csv.contains("2026,contacts_by_channel,,sms,<5\n"), "{csv}");
    assert!(
        csv.contains("2026,contacts_by_channel,,total,suppressed\n"),
        "{csv}"
    );
    for text in [&csv, &stdout(&out)] {
        for secret in [
            "Wanjiku",
            "Grace",
            "254722987654",
            "722 987",
            "private",
            "Kibera",
        ] {
            assert!(!text.contains(secret), "{secret} in\n{text}");
        }
    }
    let out = binary(&f, &["export", "chi", "--year", "2026"], "amina");
    assert!(!out.status.success());

    let audit = open(&f.db).recent_audit(10).unwrap();
    let exported: Vec<_> = audit
        .iter()
        .filter(|a| a.action == "report_exported")
        .map(|a| (a.user_id, a.detail.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        exported,
        [
            (
                Some(f.supervisor),
                "export=chi period=2026 threshold=5".to_string()
            ),
            (
                Some(f.supervisor),
                "export=gbvims period=2026-12 threshold=5".to_string()
            ),
        ]
    );
}

fn identifying(seed: u64) -> (String, String, String) {
    (
        format!("Zubeida{seed}x"),
        format!("2547{:08}", seed % 100_000_000),
        format!("private note {seed}"),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whatever the contacts, no CHI export cell is 1 to 4, and no name,
    /// phone number or note of theirs appears in it.
    #[test]
    fn no_export_holds_a_small_count_or_an_identifier(
        calls in prop::collection::vec(
            (0usize..3, 0usize..4, 0usize..3, prop::option::of(0i64..20), 0u32..300, any::<u64>()),
            0..40,
        )
    ) {
        let (_dir, db) = temp_db();
        let mut store = open(&db);
        let operator = user(&mut store, "op", Role::Operator, Some("Amani"));
        let mut secrets = Vec::new();
        for (channel, kind, category, age, day, seed) in &calls {
            let (name, phone, note) = identifying(*seed);
            let started = t(1, 1, 0, 0) + i64::from(*day) * 86_400;
            let category = ["violence", "mental_health", ""][*category];
            let contact = NewContact {
                form_id: "child_helpline",
                channel: ["phone_call", "sms", "web_chat"][*channel],
                contact_type: ["child_about_self", "someone_about_child", "silent", "hang_up"][*kind],
                started_at: started,
                ended_at: started + 60,
                caller_name: Some(&name),
                caller_relationship: None,
                caller_phone: Some(&phone),
                phone_norm: Some(&phone),
                child_name: Some(&name),
                child_age: *age,
                child_gender: Some("girl"),
                location: None,
                language: None,
                category: (!category.is_empty()).then_some(category),
                subcategory: None,
                answers_json: "{}",
                narrative: Some(&note),
                next_time_note: Some(&note),
            };
            store
                .complete_intake(None, operator, &contact, CaseTarget::NoCase, &[], started + 90, &|_, _| None)
                .unwrap();
            secrets.extend([name, phone, note]);
        }
        let groups = ExportGroups::parse(helpline::assets::REPORT_GROUPS).unwrap();
        let counts = store.chi_counts(Period::year(2026).unwrap()).unwrap();
        let csv = to_csv("2026", &suppress(&chi_tallies(&counts, &groups.chi), 5));
        for line in csv.lines().skip(1) {
            let cell = line.rsplit(',').next().unwrap_or("");
            if let Ok(n) = cell.parse::<i64>() {
                prop_assert!(n == 0 || n >= 5, "{line}");
            } else {
                prop_assert!(cell == "<5" || cell == "suppressed", "{line}");
            }
        }
        for secret in &secrets {
            prop_assert!(!csv.contains(secret.as_str()), "{secret}");
        }
    }
}

#[test]
fn the_app_computes_a_report_on_its_own_connection_and_audits_it() {
    use helpline::app::Msg;
    use helpline::app::reports::{ReportsEffect, ReportsMsg};
    let f = seed();
    let supervisor = f.supervisor;
    let shared = std::sync::Mutex::new(f.store);
    let msg = helpline::effects::reports::load_apart(
        &shared,
        Some(&helpline::store::StoreOptions::default()),
        ReportsEffect::Load {
            generation: 7,
            user: supervisor,
            name: ReportName::Closures,
            query: november(None),
        },
    );
    let Msg::Reports(ReportsMsg::Loaded { generation, result }) = msg else {
        panic!("{msg:?}");
    };
    assert_eq!(generation, 7);
    assert_eq!(result.unwrap().rows[0].label, "needs_met");
    let store = shared.into_inner().unwrap();
    let line = store.recent_audit(1).unwrap().remove(0);
    assert_eq!(line.action, "report_viewed");
    assert_eq!(line.user_id, Some(supervisor));
}

/// Counts of the roll-ups, compared with counts of the contacts themselves.
fn channel_counts(store: &Store) -> Vec<String> {
    rows(store, ReportName::Channels, &november(None))
}

#[test]
fn the_roll_ups_are_filled_on_upgrade_and_follow_changes_and_deletions() {
    use helpline::store::StoreOptions;
    let (_dir, db) = temp_db();
    // A database of the release before the reports, with work in it.
    {
        let old = Store::open_at_version(&db, &StoreOptions::default(), 21).unwrap();
        drop(old);
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO users (id, username, display_name, role, team, password_hash, created_at)
                 VALUES (1, 'op', 'op', 'operator', 'Amani', 'x', 0);
             INSERT INTO cases (id, number, opened_at, updated_at, team, assigned_at)
                 VALUES (1, 'HL-2026-000001', {open}, {open}, 'Amani', {assigned});
             INSERT INTO contacts (case_id, channel, contact_type, operator_id, started_at, created_at)
                 VALUES (1, 'phone_call', 'child_about_self', 1, {first}, {open}),
                        (NULL, 'sms', 'silent', 1, {first}, {first}),
                        (NULL, 'sms', 'silent', 1, {first}, {first});
             INSERT INTO organisations (id, name, name_key, created_at, updated_at) VALUES (1, 'o', 'o', 0, 0);
             INSERT INTO services (id, organisation_id, service_type, name, name_key, created_at, updated_at)
                 VALUES (1, 1, 'medical', 's', 's', 0, 0);
             INSERT INTO referrals (id, case_id, service_id, status, urgency, consent_given, due_at, created_at, updated_at)
                 VALUES (1, 1, 1, 'completed', 0, 1, {late}, {referred}, {late});
             INSERT INTO case_events (case_id, at, kind, summary, ref_id)
                 VALUES (1, {accepted}, 'referral', 'Referral to s (o): Acknowledged -> Accepted', 1);",
            first = t(11, 2, 9, 0),
            open = t(11, 2, 9, 10),
            assigned = t(11, 2, 10, 0),
            referred = t(11, 2, 11, 0),
            accepted = t(11, 3, 9, 0),
            late = t(11, 9, 0, 0),
        ))
        .unwrap();
    }
    let store = open(&db);
    assert_eq!(
        channel_counts(&store),
        ["sms=2/66.7", "phone_call=1/33.3", "total=3/100.0"]
    );
    assert_eq!(
        rows(&store, ReportName::Timings, &november(Some("Amani"))),
        [
            "to case opened=1/600/600",
            "to assignment=1/3600/3600",
            "to first referral=1/7200/7200",
            "to referral accepted=1/86400/86400"
        ]
    );
    // A contact changed, then one removed: the roll-ups follow.
    sql(
        &db,
        "UPDATE contacts SET channel = 'web_chat' WHERE channel = 'phone_call'",
        [],
    );
    assert_eq!(
        channel_counts(&store),
        ["sms=2/66.7", "web_chat=1/33.3", "total=3/100.0"]
    );
    sql(
        &db,
        "DELETE FROM contacts WHERE id = (SELECT max(id) FROM contacts)",
        [],
    );
    assert_eq!(
        channel_counts(&store),
        ["sms=1/50.0", "web_chat=1/50.0", "total=2/100.0"]
    );
}
