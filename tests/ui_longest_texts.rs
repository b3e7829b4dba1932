//! At the smallest size (80x24) with the longest shipped texts: every
//! instrument's longest question and label, the intake's longest label,
//! long non-ASCII names, long phone numbers and closure reasons. Words
//! wrap instead of being cut, cut numbers end in '…', and the key hint with
//! the save key stays on screen.

mod common;

use common::directory::{self, NOW};
use common::intake::{child_intake, go_to, pick};
use common::*;
use helpline::app::pane::Pane;
use helpline::app::risk::{RiskMode, RiskTarget};
use helpline::app::state::{Screen, State};
use helpline::domain::risk::{Answer, AnswerKind, Assessment, Catalog};
use helpline::domain::{Role, ServiceType};
use helpline::ui::{self, Theme};
use ratatui::crossterm::event::KeyCode;
use ratatui::{Terminal, backend::TestBackend};

fn draw(state: &State) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| ui::render(f, state, &Theme::monochrome()))
        .unwrap();
    terminal.backend().to_string()
}

/// The screen's text with line breaks and borders gone, to look for words.
fn words_on(screen: &str) -> String {
    screen
        .chars()
        .map(|c| {
            if "│─┌┐└┘\"\n".contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn every_word_shows(text: &str, screen: &str) {
    let flat = words_on(screen);
    for word in text.split_whitespace() {
        assert!(
            flat.contains(word),
            "`{word}` of `{text}` missing:\n{screen}"
        );
    }
}

fn shell_mut(state: &mut State) -> &mut helpline::app::state::Shell {
    match &mut state.screen {
        Screen::Shell(shell) => shell,
        Screen::Login(_) => panic!("not logged in"),
    }
}

/// Every question asked (yes to all), the cursor on the longest text.
fn assessment_at_longest(id: &str) -> (Assessment, usize) {
    let catalog = Catalog::shipped().unwrap();
    let instrument = catalog.get(id).unwrap();
    let mut a = Assessment::new(instrument);
    for _ in 0..100 {
        let Some(item) = a.next_unanswered() else {
            break;
        };
        let (item_id, answer) = match &item.kind {
            AnswerKind::YesNo { .. } => (item.id.clone(), Answer::Yes),
            AnswerKind::Choice { options } => (
                item.id.clone(),
                Answer::Value(options.last().unwrap().value),
            ),
            AnswerKind::Number { max, .. } => (item.id.clone(), Answer::Value(*max)),
            AnswerKind::Text => (item.id.clone(), Answer::Text("—".into())),
        };
        if a.answer(&item_id, answer).is_err() {
            break;
        }
    }
    let asked = a.asked_items();
    let longest = (0..asked.len())
        .max_by_key(|&i| asked[i].text.chars().count() + asked[i].label.chars().count())
        .unwrap();
    (a, longest)
}

#[test]
fn every_instruments_longest_question_and_labels_wrap_at_80x24() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let user = add_user(&mut store, "amina", Role::Caseworker, "long enough");
    for id in ["asq", "cp_risk", "cssrs", "dash"] {
        let mut state = directory::logged_in(&store, user);
        let (a, cursor) = assessment_at_longest(id);
        let item = a.asked_items()[cursor].clone();
        let shell = shell_mut(&mut state);
        shell.pane = Pane::Risk;
        shell.risk.target = Some(RiskTarget {
            case_id: 1,
            number: "HL-2026-000123".into(),
            child: "Wanjiru Nyambura-Ōtsuka Kariũki".into(),
            intake: None,
            fits: None,
        });
        shell.risk.assessment = Some(a);
        shell.risk.cursor = cursor;
        shell.risk.mode = RiskMode::Answer;
        let screen = draw(&state);
        insta::assert_snapshot!(format!("risk_longest_{id}_80x24"), screen);
        every_word_shows(&item.text, &screen);
        every_word_shows(&item.label, &screen);
        assert!(screen.contains("save"), "the save hint is gone:\n{screen}");
    }
}

#[test]
fn the_intakes_longest_label_wraps_at_80x24() {
    let (_dir, mut store, mut state) = child_intake();
    let form = state.forms.form("child_helpline").unwrap().clone();
    let longest = form
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .filter(|f| f.show_if.is_none())
        .max_by_key(|f| f.label.chars().count())
        .unwrap()
        .clone();
    pick(&mut state, &mut store, "whats"); // channel
    pick(&mut state, &mut store, "child calling"); // contact type: a case
    go_to(&mut state, &mut store, &longest.id);
    let screen = draw(&state);
    insta::assert_snapshot!("intake_longest_label_80x24", screen);
    every_word_shows(&longest.label, &screen);
    assert!(
        screen.contains("complete"),
        "the save hint is gone:\n{screen}"
    );
}

#[test]
fn long_phone_numbers_and_names_are_elided_in_the_directory() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let user = add_user(&mut store, "amani", Role::Supervisor, "long enough");
    store
        .add_service(
            &directory::record(
                "Ushirika wa Haki za Watoto na Wanawake wa Pwani",
                ServiceType::LegalAid,
                "Kituo cha Msaada wa Kisheria cha Ngʼambo ya Mto",
                "Mombasa",
                "Kiswahili, English, Somali",
                "Mon-Fri 8-17",
                "+254 20 765 4321 ext. 8890 / +254 722 000 111",
            ),
            None,
        )
        .unwrap();
    let mut state = directory::logged_in(&store, user);
    drive(&mut state, &mut store, key(KeyCode::Char('6')));
    drive(&mut state, &mut store, helpline::app::Msg::DataChanged);
    let screen = draw(&state);
    insta::assert_snapshot!("services_long_phone_80x24", screen);
    let row = screen
        .lines()
        .find(|l| l.contains("Kituo"))
        .unwrap_or_else(|| panic!("{screen}"));
    // The phone is cut with a mark, never passed off as a whole number.
    assert!(row.contains("+254 20"), "{row}");
    assert!(
        row.trim_end_matches([' ', '│', '"']).ends_with('…'),
        "{row}"
    );
    // The details under the list give it whole.
    assert!(
        words_on(&screen).contains("+254 20 765 4321 ext. 8890"),
        "{screen}"
    );
    let _ = NOW;
}

#[test]
fn an_organisations_long_closure_reasons_wrap_and_the_save_hint_stays() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let user = add_user(&mut store, "amani", Role::Supervisor, "long enough");
    directory::child_case(
        &mut store,
        "Nyambura Wanjirũ-Ōtsuka Kariũki Ngʼangʼa",
        14,
        helpline::domain::RiskLevel::High,
    );
    let long = "Mahitaji yametimizwa: mtoto yuko salama na familia imepewa msaada unaoendelea";
    assert!(long.chars().count() <= 80);
    let text = format!(
        "[moves]\nopen = [\"closed\", \"assessment\"]\nassessment = [\"case_plan\", \"closed\"]\n\
         case_plan = [\"in_service\", \"closed\"]\nin_service = [\"follow_up\", \"closed\"]\n\
         follow_up = [\"closed\"]\nclosed = [\"open\"]\n\n\
         [[closure_reasons]]\ncode = \"needs_met\"\nlabel = \"{long}\"\n\n\
         [[closure_reasons]]\ncode = \"no_contact\"\nlabel = \"Hakuna mawasiliano kwa siku {{days}} baada ya ufuatiliaji wa karibu\"\n\n\
         [[closure_reasons]]\ncode = \"other\"\nlabel = \"Sababu nyingine\"\n"
    );
    let workflow = helpline::domain::Workflow::from_toml(&text).unwrap();
    let mut state = directory::logged_in(&store, user);
    state.workflow = std::sync::Arc::new(workflow);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    drive(&mut state, &mut store, key(KeyCode::Enter));
    drive(&mut state, &mut store, key(KeyCode::Char('s')));
    drive(&mut state, &mut store, key(KeyCode::Enter)); // the first move: closed
    let screen = draw(&state);
    insta::assert_snapshot!("case_close_long_reasons_80x24", screen);
    every_word_shows(long, &screen);
    assert!(
        screen.contains("Ctrl-S close the case"),
        "the save hint is gone:\n{screen}"
    );
}

#[test]
fn the_outcome_scrolls_with_page_keys_at_80x24() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let user = add_user(&mut store, "amina", Role::Caseworker, "long enough");
    let mut state = directory::logged_in(&store, user);
    state.size = (80, 24);
    let (a, _) = assessment_at_longest("dash");
    let reasons: Vec<String> = a.result().reasons.iter().map(|r| r.text.clone()).collect();
    assert!(!reasons.is_empty());
    let shell = shell_mut(&mut state);
    shell.pane = Pane::Risk;
    shell.risk.target = Some(RiskTarget {
        case_id: 1,
        number: "HL-2026-000123".into(),
        child: "Wanjiru Nyambura-Ōtsuka Kariũki".into(),
        intake: None,
        fits: None,
    });
    shell.risk.assessment = Some(a);
    shell.risk.mode = RiskMode::Answer;

    let first = draw(&state);
    assert!(first.contains("outcome rows 1–"), "{first}");
    assert!(first.contains("PgDn/PgUp scroll the outcome"), "{first}");
    assert!(
        first.contains("Ctrl-S save"),
        "the save hint is gone:\n{first}"
    );
    let mut screens = vec![first.clone()];
    for _ in 0..30 {
        drive(&mut state, &mut store, key(KeyCode::PageDown));
        let next = draw(&state);
        assert!(
            next.contains("Ctrl-S save"),
            "the save hint is gone:\n{next}"
        );
        if Some(&next) == screens.last() {
            break;
        }
        screens.push(next);
    }
    assert!(screens.len() > 1, "PgDn moved the outcome");
    insta::assert_snapshot!("risk_outcome_scrolled_80x24", screens.last().unwrap());
    // Every reason shows, whole, on some screenful.
    let all = screens.join("\n");
    for reason in &reasons {
        every_word_shows(reason, &all);
    }
    // PgUp goes back to the top.
    for _ in 0..=screens.len() {
        drive(&mut state, &mut store, key(KeyCode::PageUp));
    }
    assert_eq!(draw(&state), first, "back at the top");
    // `?` says what the keys do here.
    drive(&mut state, &mut store, key(KeyCode::Char('?')));
    let help = words_on(&draw(&state));
    assert!(help.contains("scroll the outcome down"), "{help}");
}

#[test]
fn every_instruments_credit_wraps_in_the_picker_at_80x24() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let user = add_user(&mut store, "amina", Role::Caseworker, "long enough");
    let mut state = directory::logged_in(&store, user);
    let shell = shell_mut(&mut state);
    shell.pane = Pane::Risk;
    shell.risk.target = Some(RiskTarget {
        case_id: 1,
        number: "HL-2026-000123".into(),
        child: "Wanjiru Nyambura-Ōtsuka Kariũki".into(),
        intake: None,
        fits: None,
    });
    let screen = draw(&state);
    insta::assert_snapshot!("risk_picker_credits_80x24", screen);
    for instrument in Catalog::shipped().unwrap().instruments() {
        every_word_shows(instrument.title(), &screen);
        every_word_shows(instrument.credit(), &screen);
    }
}
