//! The Audit pane, driven on a real database: only supervisors and admins
//! have it, the filters narrow the log by person, case, action and dates,
//! a case line opens through need-to-know, and the CSV export lands beside
//! the database readable by its owner only and is itself audited.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use helpline::app::Msg;
use helpline::app::keymap::Keymap;
use helpline::app::pane::Pane;
use helpline::app::state::{Screen, Shell, State};
use helpline::domain::{AuditAction, Role};
use helpline::store::Store;
use helpline::store::audit::AuditEntry;
use helpline::store::audit_search::AuditFilter;
use ratatui::crossterm::event::KeyCode;

struct Setup {
    dir: tempfile::TempDir,
    store: Store,
    number: String,
    case_id: i64,
}

/// A case opened by an operator with a non-Latin name, viewed by her and
/// by a case worker, and a supervisor and an admin to read the log.
fn setup() -> Setup {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let amina = add_user(&mut store, "amina", Role::Operator, "long enough pw");
    let otieno = add_user(&mut store, "otieno", Role::Caseworker, "long enough pw");
    add_user(&mut store, "baraka", Role::Supervisor, "long enough pw");
    add_user(&mut store, "root", Role::Admin, "long enough pw");
    let (case_id, number) = store
        .open_case(
            &helpline::store::cases::NewCase {
                child_name: Some("Ngʼendo Wanjiru"),
                ..Default::default()
            },
            Some(amina),
        )
        .unwrap();
    for user in [amina, otieno, amina] {
        store
            .audit(AuditEntry::new(Some(user), AuditAction::CaseViewed).on("case", case_id))
            .unwrap();
    }
    Setup {
        dir,
        store,
        number: number.to_string(),
        case_id,
    }
}

fn login(store: &mut Store, name: &str) -> State {
    let mut state = State::new(
        Keymap::shipped(),
        "helpline.db".into(),
        DateTime::<Utc>::from_timestamp(Utc::now().timestamp(), 0).unwrap(),
    );
    let user = store.find_login(name).unwrap().unwrap().user;
    drive(&mut state, store, Msg::LoginChecked(Ok(user)));
    state
}

fn shell(state: &State) -> &Shell {
    match &state.screen {
        Screen::Shell(shell) => shell,
        Screen::Login(_) => panic!("not logged in"),
    }
}

fn typed(state: &mut State, store: &mut Store, text: &str) {
    for c in text.chars() {
        drive(state, store, key(KeyCode::Char(c)));
    }
}

#[test]
fn operators_and_case_workers_have_no_audit_pane() {
    let mut s = setup();
    for name in ["amina", "otieno"] {
        let mut state = login(&mut s.store, name);
        drive(&mut state, &mut s.store, key(KeyCode::Char('0')));
        assert_ne!(shell(&state).pane, Pane::Audit, "{name}");
        let screen = draw(&state, 80, 24);
        assert!(!screen.contains("Audit"), "{name}: {screen}");
        // Tab from the last pane goes round to the first, past the log.
        drive(&mut state, &mut s.store, key(KeyCode::Char('8')));
        drive(&mut state, &mut s.store, key(KeyCode::Tab));
        assert_eq!(shell(&state).pane, Pane::Intake, "{name}");
    }
}

#[test]
fn the_store_refuses_the_log_to_anyone_else() {
    let s = setup();
    let amina = s.store.user_id_named("amina").unwrap().unwrap();
    let baraka = s.store.user_id_named("baraka").unwrap().unwrap();
    assert!(!s.store.may_read_audit(amina).unwrap());
    assert!(s.store.may_read_audit(baraka).unwrap());
}

#[test]
fn a_supervisor_filters_the_log_by_person_case_and_part_of_an_action() {
    let mut s = setup();
    let mut state = login(&mut s.store, "baraka");
    drive(&mut state, &mut s.store, key(KeyCode::Char('0')));
    assert_eq!(shell(&state).pane, Pane::Audit);
    let all = shell(&state).audit.lines.len();
    assert!(all >= 4, "today's lines: {all}");
    drive(&mut state, &mut s.store, key(KeyCode::Char('/')));
    typed(&mut state, &mut s.store, "amina");
    drive(&mut state, &mut s.store, key(KeyCode::Tab));
    typed(&mut state, &mut s.store, &s.number.to_lowercase());
    drive(&mut state, &mut s.store, key(KeyCode::Tab));
    typed(&mut state, &mut s.store, "viewed");
    drive(&mut state, &mut s.store, key(KeyCode::Enter));
    let pane = &shell(&state).audit;
    assert!(pane.form.is_none());
    assert_eq!(pane.lines.len(), 2, "{:?}", pane.lines);
    assert!(
        pane.lines
            .iter()
            .all(|l| l.username.as_deref() == Some("amina")
                && l.case_number.as_deref() == Some(s.number.as_str())
                && l.action == "case_viewed")
    );
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("by amina"), "{screen}");
    assert!(screen.contains(&s.number), "{screen}");
    assert!(screen.contains("2 lines"), "{screen}");

    // An unknown person is said, and the list shows nothing rather than
    // everything.
    drive(&mut state, &mut s.store, key(KeyCode::Char('/')));
    for _ in 0.."amina".len() {
        drive(&mut state, &mut s.store, key(KeyCode::Backspace));
    }
    typed(&mut state, &mut s.store, "nobody");
    drive(&mut state, &mut s.store, key(KeyCode::Enter));
    assert!(shell(&state).audit.lines.is_empty());
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("No account is named"), "{screen}");
}

#[test]
fn enter_on_a_case_line_opens_the_case() {
    let mut s = setup();
    let mut state = login(&mut s.store, "baraka");
    drive(&mut state, &mut s.store, key(KeyCode::Char('0')));
    let at = shell(&state)
        .audit
        .lines
        .iter()
        .position(|l| l.record_type.as_deref() == Some("case"))
        .expect("a case line");
    for _ in 0..at {
        drive(&mut state, &mut s.store, key(KeyCode::Down));
    }
    drive(&mut state, &mut s.store, key(KeyCode::Enter));
    assert_eq!(shell(&state).pane, Pane::Cases);
    let open = shell(&state).cases.open.as_ref().map(|v| v.detail.row.id);
    assert_eq!(open, Some(s.case_id));
}

#[test]
fn the_period_key_cycles_and_typed_dates_replace_it() {
    let mut s = setup();
    let mut state = login(&mut s.store, "root");
    drive(&mut state, &mut s.store, key(KeyCode::Char('0')));
    for label in ["the last 7 days", "the last 30 days", "all time", "today"] {
        drive(&mut state, &mut s.store, key(KeyCode::Char('p')));
        assert!(draw(&state, 100, 24).contains(label), "{label}");
    }
    // A day long ago: nothing then.
    drive(&mut state, &mut s.store, key(KeyCode::Char('/')));
    for _ in 0..3 {
        drive(&mut state, &mut s.store, key(KeyCode::Tab));
    }
    typed(&mut state, &mut s.store, "2001-01-01");
    drive(&mut state, &mut s.store, key(KeyCode::Tab));
    typed(&mut state, &mut s.store, "2001-01-02");
    drive(&mut state, &mut s.store, key(KeyCode::Enter));
    assert!(shell(&state).audit.lines.is_empty());
    assert!(draw(&state, 100, 24).contains("2001-01-01 to 2001-01-02"));
}

#[test]
fn the_export_is_private_complete_and_audited() {
    let mut s = setup();
    let mut state = login(&mut s.store, "baraka");
    drive(&mut state, &mut s.store, key(KeyCode::Char('0')));
    drive(&mut state, &mut s.store, key(KeyCode::Char('/')));
    drive(&mut state, &mut s.store, key(KeyCode::Tab));
    typed(&mut state, &mut s.store, &s.number);
    drive(&mut state, &mut s.store, key(KeyCode::Enter));
    let shown = shell(&state).audit.lines.len();
    assert_eq!(shown, 4, "created and viewed three times");
    drive(&mut state, &mut s.store, key(KeyCode::Char('x')));
    let message = shell(&state).audit.message.clone().unwrap();
    assert!(message.starts_with("✓ 4 lines exported"), "{message}");

    let folder = s.dir.path().join("exports");
    let files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let csv = std::fs::read_to_string(&files[0]).unwrap();
    assert_eq!(csv.lines().count(), 5, "{csv}");
    assert!(csv.contains(&s.number), "{csv}");
    assert!(
        !csv.contains("Ngʼendo"),
        "no case content in the log: {csv}"
    );

    let baraka = s.store.user_id_named("baraka").unwrap();
    let exported = s
        .store
        .audit_lines(
            &AuditFilter {
                user_id: baraka,
                action: Some("audit_exported".into()),
                ..Default::default()
            },
            10,
        )
        .unwrap();
    assert_eq!(exported.len(), 1);
    let detail = exported[0].detail.clone().unwrap_or_default();
    assert!(
        detail.contains("rows=4") && detail.contains(&format!("case={}", s.number)),
        "{detail}"
    );
    // A second export in the same second does not overwrite the first.
    drive(&mut state, &mut s.store, key(KeyCode::Char('x')));
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);
}

#[test]
fn the_pane_fits_80x24_and_uses_a_wide_screen() {
    let mut s = setup();
    let mut state = login(&mut s.store, "baraka");
    drive(&mut state, &mut s.store, key(KeyCode::Char('0')));
    let narrow = draw(&state, 80, 24);
    assert!(narrow.contains("0 Aud"), "{narrow}");
    assert!(
        narrow.contains("Time") && narrow.contains("Record"),
        "{narrow}"
    );
    assert!(narrow.contains(&s.number), "case numbers whole: {narrow}");
    let wide = draw(&state, 200, 60);
    assert!(wide.contains("Detail"), "{wide}");
    drive(&mut state, &mut s.store, key(KeyCode::Char('/')));
    let form = draw(&state, 80, 24);
    for label in [
        "Person",
        "Case number",
        "Action",
        "From",
        "To",
        "Enter apply",
    ] {
        assert!(form.contains(label), "{label}: {form}");
    }
}
