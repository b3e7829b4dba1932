//! Opening timeline entries in the Cases pane, on a real database: the
//! contact shows every answer with its question and the narrative in
//! full, an assessment its answers and why, a note its text; the view
//! scrolls, Esc returns to the same entry, and every opening is audited.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use helpline::app::cases::CaseView;
use helpline::app::keymap::Keymap;
use helpline::app::state::{Screen, Session, Shell, State};
use helpline::domain::{RiskLevel, Role};
use helpline::store::Store;
use helpline::store::cases::NewCase;
use helpline::store::contacts::{CaseTarget, IntakeRisk, NewContact};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const NOW: i64 = 1_795_600_000;

const NARRATIVE: &str = "Thị Hương called from a neighbour's phone. Her stepfather hit her with a belt last night because she came home late from school; she has bruises on her arms. \
She is afraid to go home tonight. Her aunt Nguyễn Thị Lan lives in Kibera and she would like to stay there.\n\
She asked us not to call her mother's number. 😢 We agreed she calls back at 16:00 from school.";

fn answers_json() -> String {
    serde_json::json!({
        "channel": {"kind": "choice", "value": "phone_call"},
        "contact_type": {"kind": "choice", "value": "child_about_self"},
        "safe_to_talk": {"kind": "yes_no_dk", "value": "yes"},
        "safe_contact_times": {"kind": "text", "value": "After 16:00, from school"},
        "child_name": {"kind": "text", "value": "Thị Hương"},
        "child_age": {"kind": "number", "value": 13},
        "narrative": {"kind": "text", "value": NARRATIVE},
    })
    .to_string()
}

/// A case opened by an intake at critical (immediate danger); returns the
/// store, the case worker's id and the case id.
fn seeded() -> (tempfile::TempDir, Store, i64, i64) {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let operator = add_user(&mut store, "achieng.otieno", Role::Operator, "long enough");
    let worker = add_user(&mut store, "wanjiku", Role::Caseworker, "long enough");
    let answers = answers_json();
    let saved = store
        .complete_intake(
            None,
            operator,
            &NewContact {
                form_id: "child_helpline",
                channel: "phone_call",
                contact_type: "child_about_self",
                started_at: NOW - 900,
                ended_at: NOW - 312,
                child_name: Some("Thị Hương"),
                child_age: Some(13),
                answers_json: &answers,
                narrative: Some(NARRATIVE),
                ..NewContact::default()
            },
            CaseTarget::Open(NewCase {
                opened_at: NOW - 900,
                child_name: Some("Thị Hương"),
                child_age: Some(13),
                location: Some("Kibera"),
                ..NewCase::default()
            }),
            &[IntakeRisk::from_answers(
                "cp_risk",
                RiskLevel::Critical,
                "Intake: in immediate danger now → critical",
            )],
            NOW - 300,
            &|_, _| None,
        )
        .unwrap();
    let case_id = saved.case.unwrap().0;
    (dir, store, worker, case_id)
}

fn logged_in(store: &Store, user_id: i64) -> State {
    let mut state = State::new(
        Keymap::shipped(),
        "helpline.db".into(),
        DateTime::<Utc>::from_timestamp(NOW, 0).unwrap(),
    );
    let user = store
        .list_users()
        .unwrap()
        .into_iter()
        .find(|u| u.user.id == user_id)
        .unwrap()
        .user;
    state.screen = Screen::Shell(Box::new(Shell::new(Session {
        user,
        started_at: state.now,
    })));
    state
}

fn view(state: &State) -> &CaseView {
    match &state.screen {
        Screen::Shell(shell) => shell.cases.open.as_ref().expect("a case is open"),
        Screen::Login(_) => panic!("not logged in"),
    }
}

fn press(state: &mut State, store: &mut Store, code: KeyCode) {
    drive(state, store, key(code));
}

/// Opens the only case and selects the timeline entry of `kind`.
fn open_case_at_entry(state: &mut State, store: &mut Store, kind: &str) {
    press(state, store, KeyCode::Char('3'));
    press(state, store, KeyCode::Enter);
    let at = view(state)
        .timeline
        .iter()
        .position(|e| e.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} on the timeline"));
    for _ in 0..at {
        press(state, store, KeyCode::Down);
    }
    assert_eq!(view(state).selected, at);
}

#[test]
fn the_contact_opens_with_every_answer_the_narrative_who_and_how_long() {
    let (_dir, mut store, worker, case_id) = seeded();
    let mut state = logged_in(&store, worker);
    state.size = (80, 24);
    open_case_at_entry(&mut state, &mut store, "contact");
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("timeline_selected_{w}x{h}"), draw(&state, w, h));
    }
    press(&mut state, &mut store, KeyCode::Enter);

    let entry = view(&state).entry.as_ref().expect("the entry is open");
    let doc = entry.doc.as_ref().expect("the entry is read");
    let text = format!("{doc:?}");
    for expected in [
        "Is it safe to talk now?",
        "Phone call",
        "Child calling about themself",
        "What the caller told us",
        "achieng.otieno",
        "9m 48s",
        "Safety first",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    assert!(
        text.contains(&NARRATIVE.replace('\n', "\\n")),
        "the whole narrative"
    );
    assert!(!text.contains("child_about_self"), "option labels, not ids");

    let audit = &store.recent_audit(1).unwrap()[0];
    assert_eq!(audit.action, "case_viewed");
    assert_eq!(audit.record_id, Some(case_id));
    assert!(
        audit
            .detail
            .as_deref()
            .unwrap()
            .starts_with("entry:contact:"),
        "{:?}",
        audit.detail
    );
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("contact_entry_{w}x{h}"), draw(&state, w, h));
    }
    // The narrative is further down at 80x24: scroll to it.
    press(&mut state, &mut store, KeyCode::PageDown);
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("What the caller told us"), "{screen}");
    insta::assert_snapshot!("contact_entry_scrolled_80x24", screen);
    for _ in 0..50 {
        press(&mut state, &mut store, KeyCode::PageDown);
    }
    let screen = draw(&state, 80, 24);
    assert!(
        screen.contains("16:00 from school."),
        "the end is reachable: {screen}"
    );
    // Esc goes back to the timeline, on the same entry.
    press(&mut state, &mut store, KeyCode::Esc);
    assert!(view(&state).entry.is_none());
    assert_eq!(view(&state).timeline[view(&state).selected].kind, "contact");
    // A second Esc leaves the case, as before.
    press(&mut state, &mut store, KeyCode::Esc);
    match &state.screen {
        Screen::Shell(shell) => assert!(shell.cases.open.is_none()),
        Screen::Login(_) => panic!(),
    }
}

#[test]
fn an_assessment_from_the_risk_pane_is_named_plainly_and_opens_with_its_answers_and_why() {
    let (_dir, mut store, worker, _) = seeded();
    let mut state = logged_in(&store, worker);
    state.size = (80, 24);
    press(&mut state, &mut store, KeyCode::Char('3'));
    press(&mut state, &mut store, KeyCode::Enter);
    press(&mut state, &mut store, KeyCode::Char('a'));
    // Pick the ASQ and answer: wished dead yes, then no, no, no, and
    // thoughts right now yes: an acute positive screen.
    let Screen::Shell(shell) = &state.screen else {
        panic!()
    };
    let asq = state
        .instruments
        .instruments()
        .position(|i| i.id() == "asq")
        .unwrap();
    let from = shell.risk.pick;
    for _ in from..asq {
        press(&mut state, &mut store, KeyCode::Down);
    }
    for _ in asq..from {
        press(&mut state, &mut store, KeyCode::Up);
    }
    press(&mut state, &mut store, KeyCode::Enter);
    for c in "ynnny".chars() {
        press(&mut state, &mut store, KeyCode::Char(c));
    }
    drive(
        &mut state,
        &mut store,
        helpline::app::Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    let case_id = view(&state).detail.row.id;
    let line = store
        .case_timeline(case_id, None, 10)
        .unwrap()
        .into_iter()
        .find(|e| e.kind == "assessment" && e.summary.starts_with("ASQ"))
        .expect("the ASQ on the timeline")
        .summary;
    assert_eq!(line, "ASQ: acute positive screen → critical");

    press(&mut state, &mut store, KeyCode::Char('3'));
    let at = view(&state)
        .timeline
        .iter()
        .position(|e| e.summary.starts_with("ASQ"))
        .unwrap();
    press(&mut state, &mut store, KeyCode::Home);
    for _ in 0..at {
        press(&mut state, &mut store, KeyCode::Down);
    }
    assert!(draw(&state, 80, 24).contains("Assessment ASQ: acute positive screen → critical"));
    press(&mut state, &mut store, KeyCode::Enter);
    let doc = format!("{:?}", view(&state).entry.as_ref().unwrap().doc);
    for expected in [
        "In the past few weeks, have you wished you were dead?",
        "Are you having thoughts of killing yourself right now?",
        "Acute positive screen",
        "Why",
        "Computed level",
    ] {
        assert!(doc.contains(expected), "{expected} missing from {doc}");
    }
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("assessment_entry_{w}x{h}"), draw(&state, w, h));
    }
}

#[test]
fn a_note_and_the_intake_level_open_in_full() {
    let (_dir, mut store, worker, case_id) = seeded();
    let version = store.reload_case_detail(case_id).unwrap().version;
    store
        .add_case_note(
            case_id,
            version,
            "Spoke with aunt Nguyễn Thị Lan.\nShe will keep Thị Hương this week.",
            worker,
            NOW - 60,
        )
        .unwrap();
    let mut state = logged_in(&store, worker);
    state.size = (120, 40);
    open_case_at_entry(&mut state, &mut store, "note");
    press(&mut state, &mut store, KeyCode::Enter);
    let screen = draw(&state, 120, 40);
    assert!(
        screen.contains("She will keep Thị Hương this week."),
        "{screen}"
    );
    insta::assert_snapshot!("note_entry_120x40", screen);
    press(&mut state, &mut store, KeyCode::Esc);

    press(&mut state, &mut store, KeyCode::Down);
    assert_eq!(
        view(&state).timeline[view(&state).selected].kind,
        "assessment"
    );
    press(&mut state, &mut store, KeyCode::Enter);
    let doc = format!("{:?}", view(&state).entry.as_ref().unwrap().doc);
    assert!(doc.contains("Set by the intake"), "{doc}");
    assert!(doc.contains("in immediate danger now → critical"), "{doc}");
}

#[test]
fn a_referral_and_a_closure_open_with_their_history_consent_and_outcome() {
    let (_dir, mut store, worker, case_id) = seeded();
    let services = common::directory::seed_services(&mut store);
    let referral = common::directory::refer(&mut store, case_id, services[0], 3600, worker);
    store
        .change_referral_status(
            referral,
            1,
            helpline::domain::ReferralStatus::Sent,
            None,
            Some(worker),
            DateTime::<Utc>::from_timestamp(NOW - 1800, 0).unwrap(),
        )
        .unwrap();
    // A high case: a supervisor's closure is approved at once.
    let supervisor = add_user(&mut store, "amani", Role::Supervisor, "long enough");
    let workflow = helpline::domain::Workflow::standard().unwrap();
    let version = store.reload_case_detail(case_id).unwrap().version;
    store
        .change_case_status(
            case_id,
            version,
            &helpline::store::case_workflow::CaseMove::close(
                helpline::domain::workflow::ClosureReason::NeedsMet,
                "Thị Hương lives with her aunt now; school re-enrolled.",
            ),
            &workflow,
            Some(supervisor),
            DateTime::<Utc>::from_timestamp(NOW - 60, 0).unwrap(),
        )
        .unwrap();

    let mut state = logged_in(&store, worker);
    state.size = (80, 24);
    // Closed cases are listed under their own step.
    press(&mut state, &mut store, KeyCode::Char('3'));
    press(&mut state, &mut store, KeyCode::Char('/'));
    for c in "Thi".chars() {
        press(&mut state, &mut store, KeyCode::Char(c));
    }
    press(&mut state, &mut store, KeyCode::Enter);
    let at = view(&state)
        .timeline
        .iter()
        .position(|e| e.kind == "referral")
        .unwrap();
    for _ in 0..at {
        press(&mut state, &mut store, KeyCode::Down);
    }
    press(&mut state, &mut store, KeyCode::Enter);
    let screen = draw(&state, 80, 24);
    for expected in [
        "Service: Tumaini Safe House (Wanjikũ Trust)",
        "Status: Sent",
        "Consent: given",
        "History",
    ] {
        assert!(screen.contains(expected), "{expected} missing:\n{screen}");
    }
    insta::assert_snapshot!("referral_entry_80x24", screen);
    press(&mut state, &mut store, KeyCode::Esc);

    press(&mut state, &mut store, KeyCode::Home);
    assert_eq!(view(&state).timeline[0].kind, "status");
    press(&mut state, &mut store, KeyCode::Enter);
    let screen = draw(&state, 80, 24);
    assert!(
        screen.contains("from Open to Closed (Needs met / safe); approved at once"),
        "{screen}"
    );
    assert!(screen.contains("school re-enrolled."), "{screen}");
    insta::assert_snapshot!("closure_entry_80x24", screen);
}

#[test]
fn an_assessment_stored_with_a_score_in_its_line_shows_without_it() {
    let (_dir, mut store, worker, case_id) = seeded();
    store
        .record_assessment(
            &helpline::store::assessments::NewAssessment {
                case_id,
                instrument_id: "asq",
                instrument_version: 1,
                answers_json: r#"{"asq1":"yes","asq2":"no","asq3":"no","asq4":"no","asq5":"yes"}"#,
                score: 0,
                result_name: "acute_positive",
                computed_level: RiskLevel::Critical,
                final_level: RiskLevel::Critical,
                judgement_reason: None,
                source: "assessment",
                contact_id: None,
                summary: "ASQ suicide risk screening: Acute positive screen (0/0) → critical",
            },
            worker,
            NOW - 30,
            &|_, _| None,
        )
        .unwrap();
    let mut state = logged_in(&store, worker);
    press(&mut state, &mut store, KeyCode::Char('3'));
    press(&mut state, &mut store, KeyCode::Enter);
    let screen = draw(&state, 120, 40);
    assert!(
        screen.contains("Assessment ASQ suicide risk screening: Acute positive screen → critical"),
        "{screen}"
    );
    assert!(!screen.contains("(0/0)"), "{screen}");
}

#[test]
fn a_supervisor_coming_from_the_alert_sees_why_the_case_is_critical() {
    let (_dir, mut store, worker, case_id) = seeded();
    store
        .record_assessment(
            &helpline::store::assessments::NewAssessment {
                case_id,
                instrument_id: "asq",
                instrument_version: 1,
                answers_json: r#"{"asq1":"no","asq2":"no","asq3":"yes","asq4":"no","asq5":"refused"}"#,
                score: 0,
                result_name: "acute_positive",
                computed_level: RiskLevel::Critical,
                final_level: RiskLevel::Critical,
                judgement_reason: None,
                source: "assessment",
                contact_id: None,
                summary: "ASQ: acute positive screen → critical",
            },
            worker,
            NOW - 30,
            &|_, _| None,
        )
        .unwrap();
    let supervisor = add_user(&mut store, "amani", Role::Supervisor, "long enough");
    let mut state = logged_in(&store, supervisor);
    state.size = (80, 24);
    press(&mut state, &mut store, KeyCode::Char('5'));
    press(&mut state, &mut store, KeyCode::Enter);
    assert_eq!(view(&state).detail.row.id, case_id, "the alert's case");
    let at = view(&state)
        .timeline
        .iter()
        .position(|e| e.summary == "ASQ: acute positive screen → critical")
        .expect("the assessment on the timeline");
    press(&mut state, &mut store, KeyCode::Home);
    for _ in 0..at {
        press(&mut state, &mut store, KeyCode::Down);
    }
    press(&mut state, &mut store, KeyCode::Enter);
    let doc = format!("{:?}", view(&state).entry.as_ref().unwrap().doc);
    assert!(doc.contains("Are you having thoughts of killing yourself right now?"));
    assert!(doc.contains("refused"), "{doc}");
    assert!(doc.contains("Acute positive screen"), "{doc}");
}
