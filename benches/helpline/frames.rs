//! Frames: the start-up frame, and one keypress through `update` to a
//! drawn frame in each pane where keys are typed.

use crate::fixture::{TestScreen, drive, intake_at, key, keys, session, timed};
use crate::stats::{Summary, max, p99, time_parts, time_runs};
use helpline::app::keymap::Keymap;
use helpline::app::{Msg, State, update};
use helpline::config::Config;
use helpline::effects::{EffectContext, perform};
use helpline::store::{Store, StoreOptions};
use ratatui::crossterm::event::KeyCode;
use std::path::Path;

pub const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];
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
                key: None,
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
