//! Risk during the call: a child who talks about suicide is never left at
//! 'none'. The form's reasons set a provisional floor ("risk not assessed")
//! until an instrument is run, and Ctrl-R runs the instrument that fits
//! inside the intake, its result stored with the contact.

mod common;

use common::intake::*;
use common::*;
use helpline::app::pane::Pane;
use helpline::app::risk::RiskMode;
use helpline::domain::RiskLevel;
use helpline::store::Store;
use ratatui::crossterm::event::KeyCode;

/// Channel, contact type, the child's reason and the urgency, typed as an
/// operator would; the rest is left for `complete_answering`.
fn suicidal_child(state: &mut helpline::app::State, store: &mut Store, urgency: &str) {
    child_with_reason(state, store, ("mental", "suicidal th"), urgency);
}

fn child_with_reason(
    state: &mut helpline::app::State,
    store: &mut Store,
    (category, reason): (&str, &str),
    urgency: &str,
) {
    pick(state, store, "phone");
    pick(state, store, "child calling");
    go_to(state, store, "reason_categories");
    tick(state, store, category);
    go_to(state, store, "reason_subcategories");
    tick(state, store, reason);
    go_to(state, store, "urgency");
    pick(state, store, urgency);
}

/// (instrument, source, contact id) of every assessment of a case.
fn stored_assessments(dir: &tempfile::TempDir, case_id: i64) -> Vec<(String, String, Option<i64>)> {
    let conn = rusqlite::Connection::open(dir.path().join("helpline.db")).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT instrument_id, source, contact_id FROM assessments
             WHERE case_id = ?1 ORDER BY id",
        )
        .unwrap();
    stmt.query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn supervisor_alerts(store: &Store) -> i64 {
    let viewer = helpline::store::alerts::AlertViewer {
        user_id: 0,
        role: helpline::domain::Role::Supervisor,
        team: None,
        now: NOW,
        escalate_after_secs: 300,
    };
    store.count_open_alerts(&viewer).unwrap()
}

/// The one case the test made.
fn only_case(store: &Store) -> helpline::store::cases::CaseRow {
    let rows = store
        .list_cases(
            &helpline::domain::access::Viewer::whole_floor(1),
            &helpline::store::cases::CaseQuery::default(),
            None,
            10,
        )
        .unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    rows.into_iter().next().unwrap()
}

#[test]
fn a_suicidal_child_with_no_instrument_run_is_high_and_not_assessed() {
    let (dir, mut store, mut state) = child_intake();
    suicidal_child(&mut state, &mut store, "24 hours");
    // The operator sees the provisional level before completing.
    let screen = draw(&state, 120, 40);
    assert!(screen.contains("Risk not assessed"), "{screen}");
    // At 80x24 the warning wraps whole, above the keys.
    let narrow = draw(&state, 80, 24);
    assert_eq!(narrow.matches("Ctrl-R runs it").count(), 2, "{narrow}");
    assert!(narrow.contains("Ctrl-S complete"), "{narrow}");
    complete_answering(&mut state, &mut store, &[]);
    let message = shell(&state).intake.message.clone().unwrap();
    assert!(message.contains("high"), "{message}");

    let case = only_case(&store);
    assert_eq!(case.risk, RiskLevel::High);
    assert!(case.deadline_at.is_some(), "a high case has a deadline");
    assert!(case.risk_not_assessed(), "{:?}", case.unassessed);
    assert!(case.unassessed.contains(&"asq".to_string()));
    assert_eq!(supervisor_alerts(&store), 1, "a high case raises an alert");
    let timeline = store.case_timeline(case.id, None, 20).unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| e.summary.contains("risk not assessed") && e.summary.contains("suicid")),
        "{timeline:?}"
    );
    let stored = stored_assessments(&dir, case.id);
    assert!(
        stored
            .iter()
            .all(|(_, source, contact)| source == "intake_floor" && contact.is_some())
    );

    // A negative ASQ run afterwards says otherwise: the floor is gone.
    let saved = store
        .record_assessment(
            &helpline::store::assessments::NewAssessment {
                case_id: case.id,
                instrument_id: "asq",
                instrument_version: 1,
                answers_json: "{}",
                score: 0,
                result_name: "negative",
                computed_level: RiskLevel::None,
                final_level: RiskLevel::None,
                judgement_reason: None,
                source: "assessment",
                contact_id: None,
                summary: "ASQ: negative screen → none",
            },
            1,
            NOW + 600,
            &|_, _| None,
        )
        .unwrap();
    assert_eq!(saved.case_level, RiskLevel::None);
    let after = store.reload_case_detail(case.id).unwrap().row;
    assert!(!after.risk_not_assessed());
}

#[test]
fn ctrl_r_runs_the_asq_inside_the_intake_and_its_result_joins_the_contact() {
    let (dir, mut store, mut state) = child_intake();
    suicidal_child(&mut state, &mut store, "routine");
    ctrl(&mut state, &mut store, 'r');
    let risk = &shell(&state).risk;
    assert_eq!(shell(&state).pane, Pane::Risk);
    assert_eq!(risk.mode, RiskMode::Answer, "the instrument opens at once");
    assert_eq!(
        risk.assessment
            .as_ref()
            .map(|a| a.instrument().id().to_string()),
        Some("asq".into())
    );
    // Wished dead: yes; the rest no; thoughts right now: yes -> acute.
    for answer in ["y", "n", "n", "n", "y"] {
        typed(&mut state, &mut store, answer);
    }
    ctrl(&mut state, &mut store, 's');
    assert_eq!(shell(&state).pane, Pane::Intake, "back to the call");
    let session = shell(&state)
        .intake
        .session()
        .expect("the intake is on screen");
    assert_eq!(session.assessments.len(), 1);
    assert_eq!(session.assessments[0].final_level, RiskLevel::Critical);
    assert!(
        !draw(&state, 120, 40).contains("Risk not assessed"),
        "the instrument was run"
    );

    complete_answering(&mut state, &mut store, &[]);
    let case = only_case(&store);
    assert_eq!(case.risk, RiskLevel::Critical);
    assert!(!case.risk_not_assessed());
    let stored = stored_assessments(&dir, case.id);
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].0, "asq");
    assert_eq!(stored[0].1, "intake_instrument");
    assert!(stored[0].2.is_some(), "the result belongs to the contact");
}

#[test]
fn the_picker_starts_at_the_instrument_that_fits_the_case() {
    let (_dir, mut store, mut state) = child_intake();
    child_with_reason(&mut state, &mut store, ("violence", "physical"), "routine");
    complete_answering(&mut state, &mut store, &[]);
    let case = only_case(&store);
    // Open the case and press a: the picker is on the child-protection
    // assessment (the first instrument, the ASQ, is the default position).
    drive(
        &mut state,
        &mut store,
        helpline::app::Msg::Key(ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char('3'),
            ratatui::crossterm::event::KeyModifiers::NONE,
        )),
    );
    let _ = case;
    drive(&mut state, &mut store, key(KeyCode::Enter));
    typed(&mut state, &mut store, "a");
    let pane = &shell(&state).risk;
    assert_eq!(shell(&state).pane, Pane::Risk);
    let picked = state
        .instruments
        .instruments()
        .nth(pane.pick)
        .map(|i| i.id().to_string());
    assert_eq!(picked.as_deref(), Some("cp_risk"));
}

/// Runs the ASQ inside the intake with an acute result (critical) and
/// comes back to the call.
fn acute_asq(state: &mut helpline::app::State, store: &mut Store) {
    ctrl(state, store, 'r');
    for answer in ["y", "n", "n", "n", "y"] {
        typed(state, store, answer);
    }
    ctrl(state, store, 's');
    assert_eq!(shell(state).pane, Pane::Intake, "back to the call");
}

/// The process is gone (kill -9, a dropped connection): a new one opens
/// the database, `amina` logs in the way the app does (which loads her
/// drafts) and goes to the Intake pane.
fn log_in_again(
    dir: &tempfile::TempDir,
    account: helpline::store::users::User,
) -> (Store, helpline::app::State) {
    let mut store = open(&dir.path().join("helpline.db"));
    let mut state = helpline::app::State::new(
        helpline::app::keymap::Keymap::shipped(),
        "helpline.db".into(),
        chrono::DateTime::from_timestamp(NOW + 120, 0).unwrap(),
    );
    drive(
        &mut state,
        &mut store,
        helpline::app::Msg::LoginChecked(Ok(account)),
    );
    drive(&mut state, &mut store, key(KeyCode::Char('1')));
    (store, state)
}

#[test]
fn an_instrument_run_during_the_intake_survives_a_killed_process() {
    let (dir, mut store, mut state) = child_intake();
    suicidal_child(&mut state, &mut store, "routine");
    acute_asq(&mut state, &mut store);
    let account = state.session().unwrap().user.clone();
    // Saved into the draft the moment the instrument completed, with no
    // autosave tick in between.
    let drafts = store.operator_drafts(account.id).unwrap();
    assert_eq!(drafts.len(), 1);
    assert!(
        drafts[0]
            .assessments_json
            .as_deref()
            .is_some_and(|j| j.contains("asq") && j.contains("critical")),
        "{:?}",
        drafts[0].assessments_json
    );
    let operator = account.id;
    drop(state);
    drop(store);

    let (mut store, mut state) = log_in_again(&dir, account);
    assert_eq!(
        shell(&state).intake.sessions.len(),
        1,
        "the draft is offered"
    );
    drive(&mut state, &mut store, key(KeyCode::Enter));
    let session = shell(&state).intake.session().expect("the intake resumed");
    assert_eq!(session.assessments.len(), 1);
    assert_eq!(session.assessments[0].instrument_id, "asq");
    assert_eq!(session.assessments[0].final_level, RiskLevel::Critical);
    // The intake's risk line shows the screen's level again, and no floor.
    let screen = draw(&state, 120, 40);
    assert!(screen.contains("stored with this contact"), "{screen}");
    assert!(screen.contains("critical"), "{screen}");
    assert!(!screen.contains("Risk not assessed"), "{screen}");

    complete_answering(&mut state, &mut store, &[]);
    let case = only_case(&store);
    assert_eq!(case.risk, RiskLevel::Critical);
    assert!(!case.risk_not_assessed());
    let stored = stored_assessments(&dir, case.id);
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].0, "asq");
    assert_eq!(stored[0].1, "intake_instrument");
    assert!(stored[0].2.is_some(), "the result belongs to the contact");
    assert!(
        store.operator_drafts(operator).unwrap().is_empty()
            && shell(&state).intake.sessions.is_empty(),
        "the draft went with the completed intake"
    );
}

#[test]
fn a_damaged_instrument_in_a_draft_is_reported_and_the_draft_still_resumes() {
    let (dir, mut store, mut state) = child_intake();
    suicidal_child(&mut state, &mut store, "routine");
    acute_asq(&mut state, &mut store);
    let account = state.session().unwrap().user.clone();
    drop(state);
    drop(store);
    let conn = rusqlite::Connection::open(dir.path().join("helpline.db")).unwrap();
    conn.execute(
        "UPDATE drafts SET assessments = '[{\"instrument_id\": 7'",
        [],
    )
    .unwrap();
    drop(conn);

    let (mut store, mut state) = log_in_again(&dir, account.clone());
    assert_eq!(
        shell(&state).intake.sessions.len(),
        1,
        "the draft is offered"
    );
    let message = shell(&state).intake.message.clone().unwrap_or_default();
    assert!(message.contains("unfinished intake"), "{message}");
    assert!(
        message.contains("risk assessment run during that call could not be restored"),
        "{message}"
    );
    drive(&mut state, &mut store, key(KeyCode::Enter));
    let session = shell(&state).intake.session().expect("the intake resumed");
    assert!(session.assessments.is_empty());
    assert!(
        session.answers.get("reason_subcategories") != &helpline::domain::forms::FieldValue::Empty,
        "the answers came back"
    );
    let screen = draw(&state, 120, 40);
    assert!(screen.contains("could not be restored"), "{screen}");
    assert!(screen.contains("Risk not assessed"), "{screen}");

    // Typing on saves the answers and leaves the damaged value for an admin.
    go_to(&mut state, &mut store, "next_time_note");
    typed(&mut state, &mut store, "She is safe at home.");
    drive(&mut state, &mut store, helpline::app::Msg::AutosaveDue);
    let draft = store.operator_drafts(account.id).unwrap().remove(0);
    assert!(draft.answers_json.contains("safe at home"));
    assert_eq!(
        draft.assessments_json.as_deref(),
        Some("[{\"instrument_id\": 7")
    );
    // Completing without the instrument keeps the floor.
    complete_answering(&mut state, &mut store, &[]);
    let case = only_case(&store);
    assert_eq!(case.risk, RiskLevel::High);
    assert!(case.risk_not_assessed());
}
