//! The Referrals pane driven like a user would, on a real database: the
//! queue's order and filters, overdue marking, lifecycle moves, a decline
//! needing a reason, a conflict with another session, and the overdue
//! alerts raised by the clock.

mod common;

use common::directory::*;
use common::*;
use helpline::app::Msg;
use helpline::app::pane::Pane;
use helpline::domain::{ReferralStatus, Role};
use helpline::store::Store;
use helpline::store::alerts::AlertViewer;
use helpline::store::referral_queue::REFERRAL_OVERDUE;
use ratatui::crossterm::event::KeyCode;

struct Fixture {
    dir: tempfile::TempDir,
    store: Store,
    state: helpline::app::State,
    cases: Vec<i64>,
    referrals: Vec<i64>,
}

fn fixture() -> Fixture {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let user = add_user(&mut store, "amani", Role::Supervisor, "long enough");
    let (cases, referrals, _) = seed_queue(&mut store, user);
    let mut state = logged_in(&store, user);
    drive(&mut state, &mut store, key(KeyCode::Char('4')));
    Fixture {
        dir,
        store,
        state,
        cases,
        referrals,
    }
}

fn queue(f: &Fixture) -> Vec<i64> {
    shell(&f.state)
        .referrals
        .rows
        .iter()
        .map(|r| r.referral_id)
        .collect()
}

fn press(f: &mut Fixture, code: KeyCode) {
    drive(&mut f.state, &mut f.store, key(code));
}

fn message(f: &Fixture) -> String {
    shell(&f.state)
        .referrals
        .message
        .clone()
        .unwrap_or_default()
}

#[test]
fn the_queue_puts_the_most_urgent_first_and_marks_the_overdue() {
    let f = fixture();
    assert_eq!(
        queue(&f),
        f.referrals,
        "emergency, urgent, then routine by due time"
    );
    let rows = &shell(&f.state).referrals.rows;
    assert!(rows[0].is_overdue() && rows[2].is_overdue());
    assert!(!rows[1].is_overdue() && !rows[3].is_overdue());
    let screen = draw(&f.state, 80, 24);
    assert!(screen.contains("⚠ overdue 2h 00m"), "{screen}");
    assert!(screen.contains("⚠ overdue 1d 0h"), "{screen}");
    assert!(screen.contains("due in 23h 00m"), "{screen}");
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("referrals_{w}x{h}"), draw(&f.state, w, h));
    }
}

#[test]
fn filters_cycle_with_single_keys_and_are_named_in_the_title() {
    let mut f = fixture();
    press(&mut f, KeyCode::Char('t'));
    assert_eq!(queue(&f), [f.referrals[0]], "safe shelter only");
    assert!(draw(&f.state, 80, 24).contains("Referrals · open · all agencies · Safe shelter"));
    press(&mut f, KeyCode::Char('t'));
    assert_eq!(queue(&f), [f.referrals[1]], "police only");

    // Back to every type: nine types, then "all".
    for _ in 0..8 {
        press(&mut f, KeyCode::Char('t'));
    }
    assert_eq!(queue(&f).len(), 4);

    // Agencies cycle in name order: Haki Legal Aid comes first.
    press(&mut f, KeyCode::Char('o'));
    assert_eq!(queue(&f), [f.referrals[3]]);
    assert!(draw(&f.state, 80, 24).contains("open · Haki Legal Aid · all services"));
    for _ in 0..5 {
        press(&mut f, KeyCode::Char('o'));
    }
    assert_eq!(queue(&f).len(), 4, "after the last agency, all again");

    press(&mut f, KeyCode::Char('s'));
    assert_eq!(queue(&f).len(), 4, "all four are pending");
    press(&mut f, KeyCode::Char('s'));
    assert!(queue(&f).is_empty(), "none sent yet");
    assert!(draw(&f.state, 80, 24).contains("No referrals match."));
}

#[test]
fn lifecycle_keys_move_the_referral_and_refused_moves_are_explained() {
    let mut f = fixture();
    press(&mut f, KeyCode::Char('S'));
    assert_eq!(message(&f), "✓ Marked sent.");
    let row = f.store.referral(f.referrals[0]).unwrap();
    assert_eq!(row.referral.status, ReferralStatus::Sent);
    assert_eq!(
        shell(&f.state).referrals.rows[0].status,
        ReferralStatus::Sent
    );

    // Accepting needs an acknowledgement first: the lifecycle says so.
    press(&mut f, KeyCode::Char('A'));
    assert_eq!(
        message(&f),
        "✗ A sent referral cannot become accepted; from sent it can become: acknowledged, cancelled."
    );
    assert_eq!(
        f.store.referral(f.referrals[0]).unwrap().referral.status,
        ReferralStatus::Sent
    );
    press(&mut f, KeyCode::Char('K'));
    press(&mut f, KeyCode::Char('A'));
    press(&mut f, KeyCode::Char('C'));
    assert_eq!(
        f.store.referral(f.referrals[0]).unwrap().referral.status,
        ReferralStatus::Completed
    );
    assert_eq!(
        queue(&f).len(),
        3,
        "a completed referral leaves the open queue"
    );
    let timeline = f.store.case_timeline(f.cases[0], None, 50).unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| e.summary.contains("Accepted -> Completed")),
        "{timeline:?}"
    );
}

#[test]
fn declining_asks_for_a_reason_in_a_text_field() {
    let mut f = fixture();
    press(&mut f, KeyCode::Char('S'));
    press(&mut f, KeyCode::Char('K'));
    press(&mut f, KeyCode::Char('D'));
    assert!(shell(&f.state).referrals.reason.is_some());
    // An empty reason is refused with the lifecycle's words.
    press(&mut f, KeyCode::Enter);
    assert_eq!(
        message(&f),
        "✗ A referral can only be declined with a reason."
    );
    // Letters type into the field; `4`, `q` and `s` do not switch or quit.
    type_text(
        &mut f.state,
        &mut f.store,
        "No bed free until 4 June; asks us to try Amal",
    );
    assert!(!f.state.quit);
    assert_eq!(shell(&f.state).pane, Pane::Referrals);
    insta::assert_snapshot!("referrals_decline_80x24", draw(&f.state, 80, 24));
    press(&mut f, KeyCode::Enter);
    let row = f.store.referral(f.referrals[0]).unwrap();
    assert_eq!(row.referral.status, ReferralStatus::Declined);
    assert_eq!(
        row.referral.decline_reason.as_deref(),
        Some("No bed free until 4 June; asks us to try Amal")
    );
    assert_eq!(message(&f), "✓ Marked declined.");

    // Cancelling asks too; Esc leaves the referral as it was.
    press(&mut f, KeyCode::Char('X'));
    press(&mut f, KeyCode::Esc);
    assert_eq!(message(&f), "Not changed.");
    assert!(shell(&f.state).referrals.reason.is_none());
}

#[test]
fn a_change_by_someone_else_is_reported_and_the_fresh_row_shown() {
    let mut f = fixture();
    // Another operator marks the first referral sent after this screen read it.
    let mut other = open(&f.dir.path().join("helpline.db"));
    let version = other.referral(f.referrals[0]).unwrap().version;
    other
        .change_referral_status(
            f.referrals[0],
            version,
            ReferralStatus::Sent,
            None,
            None,
            at(NOW),
        )
        .unwrap();
    assert_eq!(
        shell(&f.state).referrals.rows[0].status,
        ReferralStatus::Pending,
        "stale on screen"
    );
    press(&mut f, KeyCode::Char('S'));
    assert_eq!(
        message(&f),
        "⚠ Someone else changed this referral first (it is now sent). Nothing was changed; the list shows it as it is now."
    );
    let row = &shell(&f.state).referrals.rows[0];
    assert_eq!(row.status, ReferralStatus::Sent, "the fresh row");
    assert_eq!(row.version, version + 1);
    // The next move works on the fresh version.
    press(&mut f, KeyCode::Char('K'));
    assert_eq!(message(&f), "✓ Marked acknowledged.");
}

#[test]
fn enter_opens_the_referrals_case() {
    let mut f = fixture();
    press(&mut f, KeyCode::Down);
    press(&mut f, KeyCode::Enter);
    let shell = shell(&f.state);
    assert_eq!(shell.pane, Pane::Cases);
    let view = shell.cases.open.as_ref().expect("case open");
    assert_eq!(view.detail.row.id, f.cases[1]);
    assert_eq!(f.store.recent_audit(1).unwrap()[0].action, "case_viewed");
}

#[test]
fn the_clock_raises_one_alert_per_overdue_referral() {
    let mut f = fixture();
    drive(&mut f.state, &mut f.store, Msg::Tick(at(NOW + 60)));
    drive(&mut f.state, &mut f.store, Msg::Tick(at(NOW + 120)));
    let user = shell(&f.state).session.user.clone();
    let viewer = AlertViewer {
        user_id: user.id,
        role: user.role,
        team: None,
        now: NOW,
        escalate_after_secs: 300,
    };
    let overdue: Vec<_> = f
        .store
        .list_open_alerts(&viewer, 50)
        .unwrap()
        .into_iter()
        .filter(|a| a.kind == REFERRAL_OVERDUE)
        .map(|a| a.case_id)
        .collect();
    assert_eq!(overdue.len(), 2, "{overdue:?}");
    assert!(overdue.contains(&Some(f.cases[0])) && overdue.contains(&Some(f.cases[2])));
}

#[test]
fn another_sessions_change_reloads_the_queue() {
    let mut f = fixture();
    let mut other = open(&f.dir.path().join("helpline.db"));
    let version = other.referral(f.referrals[3]).unwrap().version;
    other
        .change_referral_status(
            f.referrals[3],
            version,
            ReferralStatus::Cancelled,
            Some("Family moved away"),
            None,
            at(NOW),
        )
        .unwrap();
    drive(&mut f.state, &mut f.store, Msg::DataChanged);
    assert_eq!(queue(&f), f.referrals[..3]);
}

#[test]
fn the_help_lists_the_queue_keys() {
    let mut f = fixture();
    press(&mut f, KeyCode::Char('?'));
    let screen = draw(&f.state, 120, 40);
    assert!(screen.contains("Referral queue"), "{screen}");
    assert!(
        screen.contains("mark the referral sent to the service"),
        "{screen}"
    );
}

#[test]
fn paging_down_loads_the_rest_of_the_queue() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let user = add_user(&mut store, "amani", Role::Supervisor, "long enough");
    let services = seed_services(&mut store);
    let case = child_case(&mut store, "Wanjikũ", 13, helpline::domain::RiskLevel::High);
    for i in 0..130 {
        refer(
            &mut store,
            case,
            services[i % services.len()],
            i as i64 * 60,
            user,
        );
    }
    let mut state = logged_in(&store, user);
    drive(&mut state, &mut store, key(KeyCode::Char('4')));
    assert_eq!(shell(&state).referrals.rows.len(), 100);
    for _ in 0..10 {
        drive(&mut state, &mut store, key(KeyCode::PageDown));
    }
    let rows = &shell(&state).referrals.rows;
    assert_eq!(rows.len(), 130);
    let mut ids: Vec<_> = rows.iter().map(|r| r.referral_id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 130, "no row twice");
    assert!(shell(&state).referrals.exhausted);
}

#[test]
fn lifecycle_keys_offered_are_the_moves_the_status_allows() {
    let mut f = fixture();
    let screen = draw(&f.state, 120, 30);
    // A pending referral can be sent or cancelled, nothing else.
    assert!(screen.contains("S sent"), "{screen}");
    assert!(screen.contains("X cancelled"), "{screen}");
    for not_yet in ["K acknowledged", "A accepted", "D declined", "C completed"] {
        assert!(!screen.contains(not_yet), "{not_yet} offered:\n{screen}");
    }
    press(&mut f, KeyCode::Char('S'));
    assert_eq!(
        shell(&f.state).referrals.rows[0].status,
        ReferralStatus::Sent
    );
    let screen = draw(&f.state, 120, 30);
    assert!(screen.contains("K acknowledged"), "{screen}");
    assert!(!screen.contains("S sent"), "{screen}");
}
