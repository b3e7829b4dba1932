//! The Services pane driven like a user would, on a real database: the
//! directory list, type-to-search, adding and editing a service (with a
//! conflict against another session), and retiring one after a confirm.

mod common;

use common::directory::*;
use common::*;
use helpline::app::pane::Pane;
use helpline::domain::{Role, ServiceType};
use helpline::store::Store;
use ratatui::crossterm::event::KeyCode;

struct Fixture {
    dir: tempfile::TempDir,
    store: Store,
    state: helpline::app::State,
    services: Vec<i64>,
}

fn fixture() -> Fixture {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let user = add_user(&mut store, "amani", Role::Supervisor, "long enough");
    let services = seed_services(&mut store);
    let mut state = logged_in(&store, user);
    drive(&mut state, &mut store, key(KeyCode::Char('6')));
    Fixture {
        dir,
        store,
        state,
        services,
    }
}

fn press(f: &mut Fixture, code: KeyCode) {
    drive(&mut f.state, &mut f.store, key(code));
}

fn typed(f: &mut Fixture, text: &str) {
    type_text(&mut f.state, &mut f.store, text);
}

fn names(f: &Fixture) -> Vec<String> {
    shell(&f.state)
        .services
        .rows
        .iter()
        .map(|r| r.record.name.clone())
        .collect()
}

fn select(f: &mut Fixture, name: &str) {
    let at = names(f).iter().position(|n| n == name).unwrap();
    press(f, KeyCode::Home);
    for _ in 0..at {
        press(f, KeyCode::Down);
    }
}

#[test]
fn the_directory_lists_every_service_by_name_and_marks_retired_ones() {
    let mut f = fixture();
    let retired = f.store.service(f.services[1]).unwrap();
    f.store
        .set_service_active(retired.id, retired.version, false, None)
        .unwrap();
    press(&mut f, KeyCode::Char('6'));
    drive(&mut f.state, &mut f.store, helpline::app::Msg::DataChanged);
    assert_eq!(
        names(&f),
        [
            "Amal Counselling",
            "Gender Desk Central",
            "Haki Legal Clinic",
            "Phòng khám Thị Hương",
            "Tumaini Safe House"
        ]
    );
    select(&mut f, "Phòng khám Thị Hương");
    let screen = draw(&f.state, 80, 24);
    assert!(screen.contains("✗ retired: Gender Desk"), "{screen}");
    assert!(screen.contains("Mon-Fri 8-17 / Sat 9-12"), "{screen}");
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("services_{w}x{h}"), draw(&f.state, w, h));
    }
}

#[test]
fn typing_a_search_narrows_the_directory() {
    let mut f = fixture();
    press(&mut f, KeyCode::Char('/'));
    typed(&mut f, "shel");
    assert_eq!(names(&f), ["Tumaini Safe House"], "by type");
    assert_eq!(shell(&f.state).pane, Pane::Services);
    for _ in 0..4 {
        press(&mut f, KeyCode::Backspace);
    }
    typed(&mut f, "thị");
    assert_eq!(names(&f), ["Phòng khám Thị Hương"], "by a word of the name");
    press(&mut f, KeyCode::Enter);
    assert!(
        !shell(&f.state).services.searching,
        "Enter keeps the results"
    );
    assert_eq!(names(&f).len(), 1);
    press(&mut f, KeyCode::Char('/'));
    press(&mut f, KeyCode::Esc);
    assert_eq!(names(&f).len(), 5);
}

#[test]
fn a_new_service_is_added_through_the_form() {
    let mut f = fixture();
    press(&mut f, KeyCode::Char('n'));
    // Saving an empty form names what is missing.
    drive(&mut f.state, &mut f.store, ctrl('s'));
    let message = shell(&f.state)
        .services
        .form
        .as_ref()
        .unwrap()
        .message
        .clone();
    assert_eq!(
        message.as_deref(),
        Some("✗ Not saved: organisation: required but empty; name: required but empty.")
    );
    typed(&mut f, "Thị Hương Health");
    press(&mut f, KeyCode::Tab);
    press(&mut f, KeyCode::Right);
    press(&mut f, KeyCode::Right);
    press(&mut f, KeyCode::Tab);
    typed(&mut f, "Trạm y tế Wanjikũ 6");
    press(&mut f, KeyCode::Tab);
    typed(&mut f, "Mombasa");
    press(&mut f, KeyCode::Tab);
    typed(&mut f, "+254 711 999 000");
    press(&mut f, KeyCode::Tab);
    typed(&mut f, "tram@example.org");
    press(&mut f, KeyCode::Tab);
    typed(&mut f, "24 hours");
    press(&mut f, KeyCode::Tab);
    typed(&mut f, "Tiếng Việt, Kiswahili, العربية");
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("service_form_{w}x{h}"), draw(&f.state, w, h));
    }
    drive(&mut f.state, &mut f.store, ctrl('s'));
    let pane = &shell(&f.state).services;
    assert!(pane.form.is_none(), "{:?}", pane.form);
    assert_eq!(
        pane.message.as_deref(),
        Some("✓ Saved “Trạm y tế Wanjikũ 6”.")
    );
    let added = pane
        .rows
        .iter()
        .find(|r| r.record.name == "Trạm y tế Wanjikũ 6")
        .expect("listed");
    assert_eq!(added.record.service_type, ServiceType::Medical);
    assert_eq!(added.record.organisation, "Thị Hương Health");
    assert_eq!(added.record.languages, "Tiếng Việt, Kiswahili, العربية");
    assert_eq!(
        f.store
            .search_services("trạm", Default::default())
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn an_edit_that_meets_another_change_keeps_what_was_typed() {
    let mut f = fixture();
    select(&mut f, "Phòng khám Thị Hương");
    press(&mut f, KeyCode::Char('e'));
    // The phone field: organisation, type, name, location, phone.
    for _ in 0..4 {
        press(&mut f, KeyCode::Tab);
    }
    drive(&mut f.state, &mut f.store, ctrl('u'));
    typed(&mut f, "+254 711 123 456");

    // Another supervisor renames the clinic meanwhile.
    let mut other = open(&f.dir.path().join("helpline.db"));
    let row = other.service(f.services[2]).unwrap();
    let mut theirs = row.record.clone();
    theirs.name = "Phòng khám Thị Hương (Likoni)".into();
    other
        .update_service(row.id, row.version, &theirs, None)
        .unwrap();

    drive(&mut f.state, &mut f.store, ctrl('s'));
    let form = shell(&f.state).services.form.as_ref().expect("form kept");
    let message = form.message.clone().unwrap_or_default();
    assert!(
        message.starts_with(
            "⚠ Someone else changed this service while you edited it (now “Phòng khám Thị Hương (Likoni)”"
        ),
        "{message}"
    );
    assert_eq!(
        form.inputs[4].value(),
        "+254 711 123 456",
        "typed phone kept"
    );
    insta::assert_snapshot!("service_form_conflict_80x24", draw(&f.state, 80, 24));

    // Saving again is a deliberate overwrite on the fresh version.
    drive(&mut f.state, &mut f.store, ctrl('s'));
    assert!(shell(&f.state).services.form.is_none());
    let saved = f.store.service(f.services[2]).unwrap();
    assert_eq!(saved.record.phone, "+254 711 123 456");
    assert_eq!(saved.record.name, "Phòng khám Thị Hương", "the form's name");
    assert_eq!(
        saved.record.opening_hours, "Mon-Fri 8-17\nSat 9-12",
        "untouched lines kept"
    );
}

#[test]
fn retiring_a_service_asks_first_and_can_be_undone() {
    let mut f = fixture();
    select(&mut f, "Haki Legal Clinic");
    press(&mut f, KeyCode::Char('x'));
    assert!(draw(&f.state, 80, 24).contains("⚠ Retire “Haki Legal Clinic”?"));
    press(&mut f, KeyCode::Char('n'));
    assert!(f.store.service(f.services[4]).unwrap().active, "n keeps it");

    press(&mut f, KeyCode::Char('x'));
    press(&mut f, KeyCode::Char('y'));
    assert!(!f.store.service(f.services[4]).unwrap().active);
    assert_eq!(
        shell(&f.state).services.message.as_deref(),
        Some("✓ Retired: no new referrals go to it.")
    );
    assert!(draw(&f.state, 80, 24).contains("✗ retired: Haki Legal"));
    assert!(
        f.store
            .search_services("haki", Default::default())
            .unwrap()
            .is_empty()
    );

    press(&mut f, KeyCode::Char('x'));
    press(&mut f, KeyCode::Enter);
    assert!(f.store.service(f.services[4]).unwrap().active);
}

#[test]
fn esc_leaves_an_unchanged_form_at_once_and_asks_before_dropping_changes() {
    let mut f = fixture();
    press(&mut f, KeyCode::Char('e'));
    press(&mut f, KeyCode::Esc);
    assert!(shell(&f.state).services.form.is_none(), "nothing changed");
    press(&mut f, KeyCode::Char('e'));
    press(&mut f, KeyCode::Tab);
    press(&mut f, KeyCode::Right);
    drive(&mut f.state, &mut f.store, ctrl('c'));
    assert!(!f.state.quit, "Ctrl-C does not quit over unsaved changes");
    press(&mut f, KeyCode::Esc);
    let form = shell(&f.state).services.form.as_ref().expect("still open");
    assert_eq!(
        form.message.as_deref(),
        Some("⚠ Press Esc again to throw these changes away.")
    );
    press(&mut f, KeyCode::Esc);
    assert!(shell(&f.state).services.form.is_none());
    assert_eq!(
        f.store.service(f.services[3]).unwrap().record.service_type,
        ServiceType::MentalHealth,
        "nothing saved"
    );
}

#[test]
fn paging_down_loads_the_rest_of_the_directory() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let user = add_user(&mut store, "amani", Role::Supervisor, "long enough");
    for i in 0..130 {
        let name = format!("Kituo cha Wanjikũ {i:03}");
        store
            .add_service(
                &record(
                    "Wanjikũ Trust",
                    ServiceType::Other,
                    &name,
                    "Kisumu",
                    "Kiswahili",
                    "",
                    "",
                ),
                None,
            )
            .unwrap();
    }
    let mut state = logged_in(&store, user);
    drive(&mut state, &mut store, key(KeyCode::Char('6')));
    assert_eq!(shell(&state).services.rows.len(), 100);
    for _ in 0..10 {
        drive(&mut state, &mut store, key(KeyCode::PageDown));
    }
    let rows = &shell(&state).services.rows;
    assert_eq!(rows.len(), 130);
    assert_eq!(rows[129].record.name, "Kituo cha Wanjikũ 129");
}
