//! Every report and both standard exports on a real database seeded with
//! a small, known month of work, checked against counts worked out by
//! hand (see the comments of `seed`); the exports' suppression and
//! identifier-freedom as a property; the audit lines; and the command line
//! in each format.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::directory::seed_services;
use common::*;
use helpline::domain::forms::{Answers, FieldValue, YesNoDk};
use helpline::domain::report::{ReportName, Value};
use helpline::domain::report_export::{ExportGroups, chi_tallies, suppress, to_csv};
use helpline::domain::report_period::{Period, PeriodChoice};
use helpline::domain::{ReferralStatus, ResponseTimes, RiskLevel, Role};
use helpline::store::Store;
use helpline::store::cases::NewCase;
use helpline::store::contacts::{CaseTarget, NewContact};
use helpline::store::referrals::NewReferral;
use helpline::store::reports::ReportQuery;
use helpline::store::users::NewUser;
use proptest::prelude::*;

const PASSWORD: &str = "correct horse battery";

/// UTC seconds of a day and time in 2026.
fn t(month: u32, day: u32, hour: u32, min: u32) -> i64 {
    Utc.with_ymd_and_hms(2026, month, day, hour, min, 0)
        .unwrap()
        .timestamp()
}

fn user(store: &mut Store, name: &str, role: Role, team: Option<&str>) -> i64 {
    let hash = helpline::auth::hash_password(PASSWORD).unwrap();
    store
        .create_user(
            &NewUser {
                username: name,
                display_name: name,
                role,
                team,
                password_hash: &hash,
            },
            None,
        )
        .unwrap()
}

struct Call<'a> {
    operator: i64,
    channel: &'a str,
    kind: &'a str,
    started: i64,
    saved: i64,
    category: Option<&'a str>,
    age: Option<i64>,
    gender: Option<&'a str>,
    /// Opens a case in this team at this level.
    case: Option<(&'a str, RiskLevel)>,
    form: &'a str,
    answers: String,
}

impl Call<'_> {
    fn new(
        operator: i64,
        channel: &'static str,
        kind: &'static str,
        started: i64,
    ) -> Call<'static> {
        Call {
            operator,
            channel,
            kind,
            started,
            saved: started + 60,
            category: None,
            age: None,
            gender: None,
            case: None,
            form: "child_helpline",
            answers: "{}".into(),
        }
    }
}

/// Records one contact as an intake does; returns its case.
fn call(store: &mut Store, c: &Call<'_>) -> Option<i64> {
    let subcategory = c.category.map(|cat| {
        if cat == "violence" {
            "violence.physical"
        } else {
            "mental_health.self_harm"
        }
    });
    let contact = NewContact {
        form_id: c.form,
        channel: c.channel,
        contact_type: c.kind,
        started_at: c.started,
        ended_at: c.started + 30,
        caller_name: Some("Grace Achieng"),
        caller_relationship: Some("parent"),
        caller_phone: Some("+254 722 987 654"),
        phone_norm: Some("254722987654"),
        child_name: Some("Wanjiku Kamau"),
        child_age: c.age,
        child_gender: c.gender,
        location: Some("Kibera"),
        language: Some("sw"),
        category: c.category,
        subcategory,
        answers_json: &c.answers,
        narrative: Some("a private narrative"),
        next_time_note: Some("a private note"),
    };
    let target = match c.case {
        Some((team, risk)) => CaseTarget::Open(NewCase {
            opened_at: c.saved,
            risk,
            child_name: Some("Wanjiku Kamau"),
            child_age: c.age,
            category: c.category,
            subcategory,
            phone_norm: Some("254722987654"),
            team: Some(team),
            ..Default::default()
        }),
        None => CaseTarget::NoCase,
    };
    let saved = store
        .complete_intake(None, c.operator, &contact, target, &[], c.saved, &|_, _| {
            None
        })
        .unwrap();
    saved.case.map(|(id, _)| id)
}

fn sql(db: &std::path::Path, statement: &str, params: impl rusqlite::Params) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute(statement, params)
        .unwrap();
}

fn version(db: &std::path::Path, table: &str, id: i64) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            &format!("SELECT version FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .unwrap()
}

/// GBV intake answers: penetration (rape) or physical assault.
fn gbv_answers(rape: bool, age: i64, delay: &str) -> String {
    let mut a = Answers::default();
    let yes = FieldValue::YesNoDk(YesNoDk::Yes);
    let no = FieldValue::YesNoDk(YesNoDk::No);
    a.insert("channel", FieldValue::Choice("phone_call".into()));
    a.insert(
        "contact_type",
        FieldValue::Choice("adult_survivor_about_self".into()),
    );
    a.insert("survivor_age_known", FieldValue::Choice("known".into()));
    a.insert("survivor_age", FieldValue::Number(age));
    a.insert("survivor_gender", FieldValue::Choice("girl".into()));
    a.insert("survivor_name", FieldValue::Text("Wanjiku Kamau".into()));
    a.insert("report_delay", FieldValue::Choice(delay.into()));
    if rape {
        a.insert("gbv_penetration", yes);
    } else {
        for id in [
            "gbv_penetration",
            "gbv_attempted_rape",
            "gbv_fgmc",
            "gbv_sexual_contact",
        ] {
            a.insert(id, no.clone());
        }
        a.insert("gbv_physical_assault", yes);
    }
    a.to_json().unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    store: Store,
    supervisor: i64,
}

/// November 2026, by hand:
///
/// | # | team   | channel    | type                | started   | saved (handle) | reason       | child      | case |
/// |---|--------|------------|---------------------|-----------|----------------|--------------|------------|------|
/// | 1 | Amani  | phone_call | child_about_self    | 2 Nov 09:10 | 09:25 (900)  | violence     | 8, girl    | A high |
/// | 2 | Amani  | phone_call | hang_up             | 2 Nov 09:30 | 09:31 (60)   | -            | -          | - |
/// | 3 | Amani  | sms        | someone_about_child | 3 Nov 14:00 | 14:40 (2400) | mental_health| 15, boy    | B medium |
/// | 4 | Amani  | whatsapp   | silent              | 3 Nov 14:05 | 14:06 (60)   | -            | -          | - |
/// | 5 | Baraka | phone_call | child_about_self    | 4 Nov 20:00 | 20:10 (600)  | violence     | 12, girl   | C low |
/// | 6 | Baraka | phone_call | information_request | 4 Nov 21:00 | 21:05 (300)  | -            | -          | - |
///
/// Outside November: a prank call on 31 October 23:59 (Amani), and six GBV
/// intakes in December (five rapes, one physical assault).
/// Case A: assigned 2 Nov 10:10, referred 12:10, accepted 3 Nov 09:10,
/// completed 5 Nov. Case B: assigned 3 Nov 16:00, referred 4 Nov 14:00,
/// never answered (overdue on 1 December). Case C: closed 25 Nov, needs met.
/// Follow-ups: A due 10 Nov 10:00 done 12:00 (on time), A due 12 Nov done
/// 14 Nov (late), A unscheduled 15 Nov, C due 20 Nov done 20 Nov (on time).
fn seed() -> Fixture {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let supervisor = user(&mut store, "sara", Role::Supervisor, Some("Amani"));
    let omar = user(&mut store, "omar", Role::Operator, Some("Amani"));
    let ola = user(&mut store, "ola", Role::Operator, Some("Baraka"));
    let worker = user(&mut store, "cw1", Role::Caseworker, Some("Amani"));
    user(&mut store, "amina", Role::Operator, Some("Amani"));
    user(&mut store, "admin1", Role::Admin, None);
    let services = seed_services(&mut store);

    let a = call(
        &mut store,
        &Call {
            saved: t(11, 2, 9, 25),
            category: Some("violence"),
            age: Some(8),
            gender: Some("girl"),
            case: Some(("Amani", RiskLevel::High)),
            ..Call::new(omar, "phone_call", "child_about_self", t(11, 2, 9, 10))
        },
    )
    .unwrap();
    call(
        &mut store,
        &Call::new(omar, "phone_call", "hang_up", t(11, 2, 9, 30)),
    );
    let b = call(
        &mut store,
        &Call {
            saved: t(11, 3, 14, 40),
            category: Some("mental_health"),
            age: Some(15),
            gender: Some("boy"),
            case: Some(("Amani", RiskLevel::Medium)),
            ..Call::new(omar, "sms", "someone_about_child", t(11, 3, 14, 0))
        },
    )
    .unwrap();
    call(
        &mut store,
        &Call::new(omar, "whatsapp", "silent", t(11, 3, 14, 5)),
    );
    let c = call(
        &mut store,
        &Call {
            saved: t(11, 4, 20, 10),
            category: Some("violence"),
            age: Some(12),
            gender: Some("girl"),
            case: Some(("Baraka", RiskLevel::Low)),
            ..Call::new(ola, "phone_call", "child_about_self", t(11, 4, 20, 0))
        },
    )
    .unwrap();
    call(
        &mut store,
        &Call {
            saved: t(11, 4, 21, 5),
            ..Call::new(ola, "phone_call", "information_request", t(11, 4, 21, 0))
        },
    );
    call(
        &mut store,
        &Call {
            saved: t(11, 1, 0, 5),
            ..Call::new(omar, "phone_call", "prank_abusive", t(10, 31, 23, 59))
        },
    );
    for i in 0..6 {
        call(
            &mut store,
            &Call {
                form: "gbv",
                answers: if i < 5 {
                    gbv_answers(true, 16, "days_0_to_3")
                } else {
                    gbv_answers(false, 30, "days_4_to_5")
                },
                ..Call::new(
                    ola,
                    "phone_call",
                    "adult_survivor_about_self",
                    t(12, 2, 10 + i, 0),
                )
            },
        );
    }

    store
        .assign_case(
            a,
            version(&db, "cases", a),
            worker,
            supervisor,
            t(11, 2, 10, 10),
        )
        .unwrap();
    store
        .assign_case(
            b,
            version(&db, "cases", b),
            worker,
            supervisor,
            t(11, 3, 16, 0),
        )
        .unwrap();
    let refer = |store: &mut Store, case_id, service, at| {
        store
            .create_referral(
                &NewReferral {
                    case_id,
                    service_id: service,
                    urgency: None,
                    consent_given: true,
                    override_reason: None,
                    note: Some("a private referral note"),
                },
                &ResponseTimes::default(),
                Some(worker),
                Utc.timestamp_opt(at, 0).unwrap(),
            )
            .unwrap()
    };
    let ra = refer(&mut store, a, services[2], t(11, 2, 12, 10));
    for (to, at) in [
        (ReferralStatus::Sent, t(11, 2, 13, 0)),
        (ReferralStatus::Acknowledged, t(11, 2, 15, 0)),
        (ReferralStatus::Accepted, t(11, 3, 9, 10)),
        (ReferralStatus::Completed, t(11, 5, 9, 0)),
    ] {
        store
            .change_referral_status(
                ra,
                version(&db, "referrals", ra),
                to,
                None,
                Some(worker),
                Utc.timestamp_opt(at, 0).unwrap(),
            )
            .unwrap();
    }
    refer(&mut store, b, services[3], t(11, 4, 14, 0));
    drop(store);

    for (case_id, due, done) in [
        (a, Some(t(11, 10, 10, 0)), t(11, 10, 12, 0)),
        (a, Some(t(11, 12, 10, 0)), t(11, 14, 10, 0)),
        (a, None, t(11, 15, 10, 0)),
        (c, Some(t(11, 20, 10, 0)), t(11, 20, 11, 0)),
    ] {
        sql(
            &db,
            "INSERT INTO follow_ups (case_id, done_at, channel, reached, due_at, recorded_at, note)
             VALUES (?1, ?2, 'phone_call', 'reached', ?3, ?2, 'a private follow-up note')",
            rusqlite::params![case_id, done, due],
        );
    }
    sql(
        &db,
        "UPDATE cases SET status = 'closed', closed_at = ?2, closure_reason = 'needs_met' WHERE id = ?1",
        rusqlite::params![c, t(11, 25, 12, 0)],
    );
    Fixture {
        _dir: dir,
        store: open(&db),
        db,
        supervisor,
    }
}

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
