//! Every pane drawn at the smallest and a wide terminal, with its data
//! loaded through the real update and effects.

use crate::fixture::{TestScreen, intake_at, keys, session};
use crate::frames::SIZES;
use crate::stats::{Summary, time_runs};
use helpline::app::State;
use helpline::app::keymap::Keymap;
use helpline::store::Store;
use ratatui::crossterm::event::KeyCode;

const RUNS: usize = 300;

/// A logged-in session brought to one screen through the real update and
/// effects, then drawn many times.
struct PaneCase {
    name: &'static str,
    user: &'static str,
    /// Keys from the Intake pane (where a session starts) to the screen.
    keys: fn(&mut State, &mut Store),
    /// Text the frame must show, so the figure is of a pane with its data.
    shows: &'static str,
}

fn press(state: &mut State, store: &mut Store, codes: &[KeyCode]) {
    keys(state, store, codes);
}

fn chars(text: &str) -> Vec<KeyCode> {
    text.chars().map(KeyCode::Char).collect()
}

const PANES: &[PaneCase] = &[
    PaneCase {
        name: "Wallboard",
        user: "demo",
        keys: |state, store| press(state, store, &[KeyCode::Char('9')]),
        shows: "on the floor",
    },
    PaneCase {
        name: "Intake list",
        user: "operator1",
        keys: |_, _| {},
        shows: "Intake",
    },
    PaneCase {
        name: "Intake form",
        user: "operator1",
        keys: |state, store| {
            intake_at(state, store, "child_name");
            press(state, store, &chars("Wanjiku"));
        },
        shows: "Wanjiku",
    },
    PaneCase {
        name: "Cases list",
        user: "demo",
        keys: |state, store| press(state, store, &[KeyCode::Char('3')]),
        shows: "HL-",
    },
    PaneCase {
        name: "Cases search \"Wanj\"",
        user: "demo",
        keys: |state, store| {
            press(state, store, &[KeyCode::Char('3'), KeyCode::Char('/')]);
            press(state, store, &chars("Wanj"));
        },
        shows: "Wanj",
    },
    PaneCase {
        name: "open case",
        user: "demo",
        keys: |state, store| {
            press(
                state,
                store,
                &[KeyCode::Char('3'), KeyCode::Down, KeyCode::Enter],
            )
        },
        shows: "Timeline",
    },
    PaneCase {
        name: "note editor",
        user: "demo",
        keys: |state, store| {
            press(
                state,
                store,
                &[KeyCode::Char('3'), KeyCode::Enter, KeyCode::Char('n')],
            );
            press(
                state,
                store,
                &chars("Called back; safe at aunt's. Plan: visit Friday"),
            );
        },
        shows: "Called back",
    },
    PaneCase {
        name: "Risk picker",
        user: "demo",
        keys: |state, store| {
            press(
                state,
                store,
                &[KeyCode::Char('3'), KeyCode::Enter, KeyCode::Char('a')],
            )
        },
        shows: "Choose an instrument",
    },
    PaneCase {
        name: "Risk answering",
        user: "demo",
        keys: |state, store| {
            press(
                state,
                store,
                &[KeyCode::Char('3'), KeyCode::Enter, KeyCode::Char('a')],
            );
            press(
                state,
                store,
                &[KeyCode::Enter, KeyCode::Char('y'), KeyCode::Char('n')],
            );
        },
        shows: "Risk ·",
    },
    PaneCase {
        name: "Referrals queue",
        user: "demo",
        keys: |state, store| press(state, store, &[KeyCode::Char('4')]),
        shows: "HL-",
    },
    PaneCase {
        name: "Alerts (supervisor)",
        user: "demo",
        keys: |state, store| press(state, store, &[KeyCode::Char('5')]),
        shows: "HL-",
    },
    PaneCase {
        name: "Services directory",
        user: "demo",
        keys: |state, store| press(state, store, &[KeyCode::Char('6')]),
        shows: "Childline Legal Aid",
    },
    PaneCase {
        name: "Reports",
        user: "demo",
        keys: |state, store| press(state, store, &[KeyCode::Char('7')]),
        shows: "Reports",
    },
    PaneCase {
        name: "help overlay",
        user: "demo",
        keys: |state, store| press(state, store, &[KeyCode::Char('3'), KeyCode::Char('?')]),
        shows: "Help · keys",
    },
];

/// Every pane with data loaded through the effects, drawn at 80x24 and 200x60.
pub fn panes(store: &mut Store, out: &mut Vec<Summary>) {
    for size in SIZES {
        let login = State::new(
            Keymap::shipped(),
            "helpline-1m.db".into(),
            chrono::Utc::now(),
        );
        let mut screen = TestScreen::new(size.0, size.1);
        let samples = time_runs(5, RUNS, |_| screen.draw(&login));
        out.push(Summary::new(
            &format!("draw {}x{}: login", size.0, size.1),
            samples,
            None,
        ));
        for pane in PANES {
            let mut state = session(store, pane.user, size);
            (pane.keys)(&mut state, store);
            let mut screen = TestScreen::new(size.0, size.1);
            screen.draw(&state);
            assert!(
                screen.text().contains(pane.shows),
                "{}: the frame does not show `{}`:\n{}",
                pane.name,
                pane.shows,
                screen.text()
            );
            let samples = time_runs(5, RUNS, |_| screen.draw(&state));
            out.push(Summary::new(
                &format!("draw {}x{}: {}", size.0, size.1, pane.name),
                samples,
                None,
            ));
        }
    }
}
