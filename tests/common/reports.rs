//! A small, known month of work on a real database, for the reports'
//! tests and the Reports pane's snapshots (see `seed`).

use super::*;
use chrono::{TimeZone, Utc};
use helpline::domain::forms::{Answers, FieldValue, YesNoDk};
use helpline::domain::{ReferralStatus, ResponseTimes, RiskLevel, Role};
use helpline::store::Store;
use helpline::store::cases::NewCase;
use helpline::store::contacts::{CaseTarget, NewContact};
use helpline::store::referrals::NewReferral;
use helpline::store::users::NewUser;

pub const PASSWORD: &str = "correct horse battery";

/// UTC seconds of a day and time in 2026.
pub fn t(month: u32, day: u32, hour: u32, min: u32) -> i64 {
    Utc.with_ymd_and_hms(2026, month, day, hour, min, 0)
        .unwrap()
        .timestamp()
}

pub fn user(store: &mut Store, name: &str, role: Role, team: Option<&str>) -> i64 {
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

pub fn sql(db: &std::path::Path, statement: &str, params: impl rusqlite::Params) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute(statement, params)
        .unwrap();
}

pub fn version(db: &std::path::Path, table: &str, id: i64) -> i64 {
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

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub db: std::path::PathBuf,
    pub store: Store,
    pub supervisor: i64,
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
pub fn seed() -> Fixture {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let supervisor = user(&mut store, "sara", Role::Supervisor, Some("Amani"));
    let omar = user(&mut store, "omar", Role::Operator, Some("Amani"));
    let ola = user(&mut store, "ola", Role::Operator, Some("Baraka"));
    let worker = user(&mut store, "cw1", Role::Caseworker, Some("Amani"));
    user(&mut store, "amina", Role::Operator, Some("Amani"));
    user(&mut store, "admin1", Role::Admin, None);
    let services = super::directory::seed_services(&mut store);

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
