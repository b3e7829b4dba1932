//! Frames: the start-up frame, every pane drawn at the smallest and a wide
//! terminal with real data, and one keypress through `update` to a drawn
//! frame.

use crate::fixture::{TestScreen, drive, key, keys, logged_in, timed};
use crate::stats::{Summary, max, p99, time_parts, time_runs};
use helpline::app::keymap::Keymap;
use helpline::app::state::Screen;
use helpline::app::{Msg, State, update};
use helpline::config::Config;
use helpline::effects::{EffectContext, perform};
use helpline::store::{Store, StoreOptions};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];
const RUNS: usize = 300;

/// From nothing to the first frame, as `helpline` does it before the
/// terminal shows anything: open the store, check it has accounts, build
/// the keymap and the state (which parses the risk instruments), draw.
pub fn startup(path: &Path, out: &mut Vec<Summary>) {
    let samples = time_runs(2, 30, |_| {
        let config = Config::default();
        let store = Store::open(
            path,
            &StoreOptions {
                busy_timeout: config.database.busy_timeout(),
                create: true,
            },
        )
        .unwrap();
        assert!(store.count_users().unwrap() > 0);
        let keymap = Keymap::with_overrides(&config.keys).unwrap();
        let state = State::new(keymap, "helpline-1m.db".into(), chrono::Utc::now());
        TestScreen::new(80, 24).draw(&state);
    });
    out.push(Summary::new(
        "start: open store + state + first frame",
        samples,
        max(100),
    ));
}

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

/// Starts a new intake (Ctrl-N, the first form), answers how the child
/// called, and tabs to `field`.
fn intake_at(state: &mut State, store: &mut Store, field: &str) {
    drive(
        state,
        store,
        Msg::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL)),
    );
    drive(state, store, key(KeyCode::Enter));
    // Channel and contact type first: the child's fields follow from them.
    for answer in ["whats\r", "child calling\r", "y"] {
        for c in answer.chars() {
            let code = if c == '\r' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            drive(state, store, key(code));
        }
    }
    for _ in 0..100 {
        let Screen::Shell(shell) = &state.screen else {
            panic!("not logged in")
        };
        if shell.intake.session().is_some_and(|s| s.focus == field) {
            return;
        }
        drive(state, store, key(KeyCode::Tab));
    }
    panic!("the intake form has no field `{field}`");
}

/// A session as `user` after logging in: the status bar loaded.
fn session(store: &mut Store, user: &str, (w, h): (u16, u16)) -> State {
    let mut state = logged_in(store, user);
    drive(&mut state, store, Msg::Resize(w, h));
    let now = state.now;
    drive(&mut state, store, Msg::Tick(now));
    state
}

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

/// One key through `update` and the frame it causes, with any store work
/// it asks for done afterwards, untimed, as the event loop does it off the
/// render path.
fn keypress_runs(
    store: &mut Store,
    state: &mut State,
    screen: &mut TestScreen,
    next_key: impl Fn(usize) -> KeyCode,
) -> Vec<std::time::Duration> {
    let ctx = EffectContext {
        now: state.now.timestamp(),
        settings: state.settings,
        ..Default::default()
    };
    time_parts(RUNS, |i| {
        let mut effects = Vec::new();
        let took = timed(|| {
            effects = update(state, key(next_key(i)));
            screen.draw(state);
        });
        let mut queue: Vec<Msg> = effects
            .into_iter()
            .filter_map(|e| perform(store, &ctx, e))
            .collect();
        while let Some(msg) = queue.pop() {
            for effect in update(state, msg) {
                queue.extend(perform(store, &ctx, effect));
            }
        }
        took
    })
}

/// The keys typed into a field, over and over: a name, then erased.
fn typing(i: usize) -> KeyCode {
    const TEXT: &[char] = &['W', 'a', 'n', 'j', 'i', 'k', 'u', ' ', 'K', 'a', 'm'];
    let cycle = TEXT.len() * 2;
    match i % cycle {
        n if n < TEXT.len() => KeyCode::Char(TEXT[n]),
        _ => KeyCode::Backspace,
    }
}

/// Keypress to drawn frame in the Cases search, the note editor, the case
/// list, the Risk pane and the Intake pane.
pub fn keypresses(store: &mut Store, out: &mut Vec<Summary>) {
    for size in SIZES {
        let (w, h) = size;
        let mut screen = TestScreen::new(w, h);

        let mut state = session(store, "demo", size);
        keys(&mut state, store, &[KeyCode::Char('3'), KeyCode::Char('/')]);
        let samples = keypress_runs(store, &mut state, &mut screen, typing);
        out.push(Summary::new(
            &format!("key {w}x{h}: Cases search, char typed"),
            samples,
            p99(5),
        ));

        // The same keys with the search done before the frame: the time
        // until the results are on screen.
        let mut state = session(store, "demo", size);
        keys(&mut state, store, &[KeyCode::Char('3'), KeyCode::Char('/')]);
        let samples = time_runs(0, RUNS, |i| {
            drive(&mut state, store, key(typing(i)));
            screen.draw(&state);
        });
        out.push(Summary::new(
            &format!("key {w}x{h}: Cases search, char to results drawn"),
            samples,
            None,
        ));

        let mut state = session(store, "demo", size);
        keys(
            &mut state,
            store,
            &[KeyCode::Char('3'), KeyCode::Enter, KeyCode::Char('n')],
        );
        let samples = keypress_runs(store, &mut state, &mut screen, |i| {
            if i % 60 == 59 {
                KeyCode::Enter
            } else {
                KeyCode::Char("note é "[..].chars().nth(i % 7).unwrap_or('x'))
            }
        });
        out.push(Summary::new(
            &format!("key {w}x{h}: note editor, char typed"),
            samples,
            p99(5),
        ));

        let mut state = session(store, "demo", size);
        keys(&mut state, store, &[KeyCode::Char('3')]);
        let samples = keypress_runs(store, &mut state, &mut screen, |i| {
            if (i / 40) % 2 == 0 {
                KeyCode::Down
            } else {
                KeyCode::Up
            }
        });
        out.push(Summary::new(
            &format!("key {w}x{h}: case list, down/up"),
            samples,
            p99(5),
        ));

        let mut state = session(store, "demo", size);
        keys(
            &mut state,
            store,
            &[
                KeyCode::Char('3'),
                KeyCode::Enter,
                KeyCode::Char('a'),
                KeyCode::Enter,
            ],
        );
        let samples = keypress_runs(store, &mut state, &mut screen, |i| {
            [
                KeyCode::Char('n'),
                KeyCode::Up,
                KeyCode::Char('y'),
                KeyCode::Down,
            ][i % 4]
        });
        out.push(Summary::new(
            &format!("key {w}x{h}: Risk pane, answer"),
            samples,
            p99(5),
        ));

        for field in ["child_name", "narrative"] {
            let samples = intake_keypress(store, &mut screen, size, field);
            out.push(Summary::new(
                &format!("key {w}x{h}: Intake form, char typed in {field}"),
                samples,
                p99(5),
            ));
        }

        let mut state = session(store, "demo", size);
        keys(&mut state, store, &[KeyCode::Char('4')]);
        let samples = keypress_runs(store, &mut state, &mut screen, |i| {
            if (i / 40) % 2 == 0 {
                KeyCode::Down
            } else {
                KeyCode::Up
            }
        });
        out.push(Summary::new(
            &format!("key {w}x{h}: referral queue, down/up"),
            samples,
            p99(5),
        ));
    }
}

/// Typing in the Intake pane during a call: characters into the child's
/// name, and into the narrative, through `update` to the drawn frame (the
/// draft saves and returning-caller checks they ask for run untimed after).
pub fn intake_keypress(
    store: &mut Store,
    screen: &mut TestScreen,
    size: (u16, u16),
    field: &str,
) -> Vec<std::time::Duration> {
    let mut state = session(store, "operator1", size);
    intake_at(&mut state, store, field);
    keypress_runs(store, &mut state, screen, typing)
}
