//! Referring an open case to a service, driven like a user would on a real
//! database: the consent rule (refused for a low-risk case without consent,
//! accepted for a high-risk one with an override reason), the urgency the
//! risk suggests, and the case's timeline afterwards.

mod common;

use common::directory::*;
use common::*;
use helpline::app::pane::Pane;
use helpline::app::refer::ReferField;
use helpline::domain::{RiskLevel, Role, Urgency};
use helpline::store::Store;
use ratatui::crossterm::event::KeyCode;

struct Fixture {
    store: Store,
    state: helpline::app::State,
    high: i64,
    low: i64,
    services: Vec<i64>,
    _dir: tempfile::TempDir,
}

/// A high-risk and a low-risk case, the directory, the case list shown.
fn fixture() -> Fixture {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let user = add_user(&mut store, "wanjiku", Role::Caseworker, "long enough");
    let services = seed_services(&mut store);
    let high = child_case(&mut store, "Wanjikũ", 13, RiskLevel::High);
    let low = child_case(&mut store, "محمد", 16, RiskLevel::Low);
    let mut state = logged_in(&store, user);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    Fixture {
        store,
        state,
        high,
        low,
        services,
        _dir: dir,
    }
}

fn press(f: &mut Fixture, code: KeyCode) {
    drive(&mut f.state, &mut f.store, key(code));
}

fn typed(f: &mut Fixture, text: &str) {
    type_text(&mut f.state, &mut f.store, text);
}

/// Opens the case at `row` of the list and the refer dialog on it.
fn refer_from_row(f: &mut Fixture, row: usize) {
    for _ in 0..row {
        press(f, KeyCode::Down);
    }
    press(f, KeyCode::Enter);
    press(f, KeyCode::Char('f'));
    assert!(shell(&f.state).refer.is_some(), "the dialog is open");
}

fn dialog(f: &Fixture) -> &helpline::app::refer::ReferDialog {
    shell(&f.state).refer.as_ref().expect("dialog open")
}

#[test]
fn a_low_risk_case_cannot_be_referred_without_consent() {
    let mut f = fixture();
    refer_from_row(&mut f, 1);
    assert_eq!(dialog(&f).target.case_id, f.low);
    assert_eq!(dialog(&f).urgency, Urgency::Routine, "low risk: routine");
    typed(&mut f, "haki");
    assert_eq!(dialog(&f).results.len(), 1);
    press(&mut f, KeyCode::Tab);
    press(&mut f, KeyCode::Left);
    assert_eq!(dialog(&f).consent, Some(false));
    drive(&mut f.state, &mut f.store, ctrl('s'));
    let message = dialog(&f).message.clone().unwrap_or_default();
    assert_eq!(
        message,
        "✗ Consent is needed before referring a low-risk case; only high or critical risk allows an override."
    );
    assert!(f.store.referrals_of_case(f.low).unwrap().is_empty());

    // With consent the same referral goes through.
    press(&mut f, KeyCode::Right);
    drive(&mut f.state, &mut f.store, ctrl('s'));
    assert!(shell(&f.state).refer.is_none());
    let made = f.store.referrals_of_case(f.low).unwrap();
    assert_eq!(made.len(), 1);
    assert!(made[0].consent_given);
    assert_eq!(made[0].service_id, f.services[4]);
}

#[test]
fn a_high_risk_case_is_referred_without_consent_with_an_override_reason() {
    let mut f = fixture();
    refer_from_row(&mut f, 0);
    assert_eq!(dialog(&f).target.case_id, f.high);
    assert_eq!(dialog(&f).urgency, Urgency::Urgent, "high risk: urgent");
    // Typing searches; `3`, `q` and `f` type rather than switch or quit.
    typed(&mut f, "tumaini");
    assert_eq!(dialog(&f).results.len(), 1);
    assert_eq!(dialog(&f).results[0].id, f.services[0]);
    press(&mut f, KeyCode::Tab);
    press(&mut f, KeyCode::Left);
    press(&mut f, KeyCode::Tab);
    assert_eq!(dialog(&f).focus, ReferField::Override);
    drive(&mut f.state, &mut f.store, ctrl('s'));
    assert_eq!(
        dialog(&f).message.as_deref(),
        Some("✗ Referring without consent needs a written override reason.")
    );
    typed(
        &mut f,
        "Child in danger at home tonight; caregiver is the suspect",
    );
    press(&mut f, KeyCode::Tab);
    press(&mut f, KeyCode::Right);
    assert_eq!(dialog(&f).urgency, Urgency::Emergency);
    press(&mut f, KeyCode::Tab);
    typed(&mut f, "Needs a bed for 2 nights — q3 f");
    assert!(!f.state.quit);
    assert_eq!(shell(&f.state).pane, Pane::Cases);
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("refer_dialog_{w}x{h}"), draw(&f.state, w, h));
    }

    drive(&mut f.state, &mut f.store, ctrl('s'));
    assert!(
        shell(&f.state).refer.is_none(),
        "{:?}",
        shell(&f.state).refer
    );
    let view = shell(&f.state).cases.open.as_ref().unwrap();
    let notice = view.notice.clone().unwrap_or_default();
    assert_eq!(
        notice,
        "✓ Referred to Tumaini Safe House, Wanjikũ Trust (due Thu 26 Nov 09:46)."
    );
    let made = f.store.referrals_of_case(f.high).unwrap();
    assert_eq!(made.len(), 1);
    assert!(!made[0].consent_given);
    assert_eq!(
        made[0].consent_override_reason.as_deref(),
        Some("Child in danger at home tonight; caregiver is the suspect")
    );
    assert_eq!(made[0].referral.urgency, Urgency::Emergency);
    assert_eq!(
        made[0].note.as_deref(),
        Some("Needs a bed for 2 nights — q3 f")
    );
    // High risk: due within 24 hours of now.
    assert_eq!(made[0].referral.due_at.timestamp(), NOW + 24 * 3600);

    // The case on screen shows the referral on its timeline.
    let view = shell(&f.state).cases.open.as_ref().unwrap();
    assert!(
        view.timeline
            .iter()
            .any(|e| e.kind == "referral" && e.summary.contains("Tumaini Safe House")),
        "{:?}",
        view.timeline
    );
    assert!(draw(&f.state, 80, 24).contains("✓ Referred to Tumaini Safe House"));
}

#[test]
fn esc_closes_the_dialog_and_nothing_is_referred() {
    let mut f = fixture();
    refer_from_row(&mut f, 0);
    press(&mut f, KeyCode::Tab);
    press(&mut f, KeyCode::Right);
    drive(&mut f.state, &mut f.store, ctrl('s'));
    assert!(
        shell(&f.state).refer.is_some(),
        "no service picked by search yet"
    );
    press(&mut f, KeyCode::Esc);
    assert!(shell(&f.state).refer.is_none(), "nothing typed: one Esc");
    assert!(shell(&f.state).cases.open.is_some(), "the case stays open");

    // With a note written, the first Esc only warns.
    press(&mut f, KeyCode::Char('f'));
    // Service, consent, urgency, note: no override asked without a "no".
    for _ in 0..3 {
        press(&mut f, KeyCode::Tab);
    }
    assert_eq!(dialog(&f).focus, ReferField::Note);
    typed(&mut f, "Safe to call after 6 pm");
    press(&mut f, KeyCode::Esc);
    assert_eq!(
        dialog(&f).message.as_deref(),
        Some("⚠ Press Esc again to throw this referral away.")
    );
    press(&mut f, KeyCode::Esc);
    assert!(shell(&f.state).refer.is_none());
    assert!(f.store.referrals_of_case(f.high).unwrap().is_empty());
}

#[test]
fn a_dialog_left_open_does_not_follow_to_another_case() {
    let mut f = fixture();
    let user = shell(&f.state).session.user.id;
    refer(&mut f.store, f.low, f.services[4], 0, user);
    refer_from_row(&mut f, 0);
    typed(&mut f, "tumaini");
    // Ctrl-N starts an intake from anywhere; from there the operator goes
    // to the queue and opens the other child's case.
    drive(&mut f.state, &mut f.store, ctrl('n'));
    assert_eq!(shell(&f.state).pane, Pane::Intake);
    press(&mut f, KeyCode::Esc);
    press(&mut f, KeyCode::Char('4'));
    press(&mut f, KeyCode::Enter);
    let shell_now = shell(&f.state);
    assert_eq!(shell_now.pane, Pane::Cases);
    assert_eq!(shell_now.cases.open.as_ref().unwrap().detail.row.id, f.low);
    assert!(
        !shell_now.referring(),
        "the old dialog is not over this case"
    );
    assert!(!draw(&f.state, 80, 24).contains("Refer case"));
    // `f` opens a fresh dialog for the case on screen.
    press(&mut f, KeyCode::Char('f'));
    assert_eq!(dialog(&f).target.case_id, f.low);
    assert!(dialog(&f).search.value().is_empty());
}
