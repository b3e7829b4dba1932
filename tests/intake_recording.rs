//! What an operator types while a completed intake is being recorded is
//! kept: it opens as a note on the case the intake went to.

mod common;

use common::intake::*;
use common::*;
use helpline::app::pane::Pane;
use ratatui::crossterm::event::KeyCode;

#[test]
fn text_typed_while_the_intake_is_recorded_opens_as_a_note_on_its_case() {
    let (_dir, mut store, mut state) = child_intake();
    pick(&mut state, &mut store, "phone");
    pick(&mut state, &mut store, "child calling");
    go_to(&mut state, &mut store, "narrative");
    typed(&mut state, &mut store, "Her uncle hits her.");
    let recording = ctrl_s_held(&mut state, &mut store);
    // The operator goes back and on typing before the store answers.
    while focus(&state) != "narrative" {
        drive(&mut state, &mut store, key(KeyCode::BackTab));
    }
    typed(&mut state, &mut store, " He took her phone.");
    let ctx = helpline::effects::EffectContext {
        now: NOW,
        ..Default::default()
    };
    for effect in recording {
        if let Some(msg) = helpline::effects::perform(&mut store, &ctx, effect) {
            drive(&mut state, &mut store, msg);
        }
    }
    assert_eq!(
        shell(&state).pane,
        Pane::Cases,
        "the case the intake went to"
    );
    let view = shell(&state).cases.open.as_ref().expect("the case is open");
    let editor = view
        .editor
        .as_ref()
        .expect("the later typing is in the note editor");
    let text = editor.lines().join("\n");
    assert!(text.contains("He took her phone."), "{text}");
    assert!(text.starts_with("What the caller told us: "), "{text}");
    // What was sent is the record; the later words are not in it.
    let case_id = view.detail.row.id;
    drive(&mut state, &mut store, key(KeyCode::Esc));
    let stored = store.case_timeline(case_id, None, 10).unwrap();
    assert!(stored.iter().any(|e| e.kind == "contact"));
}
