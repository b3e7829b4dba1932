//! Timeline entries opened at 80x24 with the longest texts: a contact
//! with every answer of the form, an assessment with every answer, its
//! reasons and a judgement, a referral with an override and a note, and a
//! note longer than the screen. Every word shows on some screenful as the
//! entry scrolls; the keys to scroll and go back stay on screen.

mod common;

use common::directory::NOW;
use common::longest::*;
use common::screen::{every_word_shows, flat, hint_shows};
use helpline::domain::RiskLevel;
use helpline::domain::forms::{Answers, FieldKind, FieldValue, YesNoDk};
use helpline::domain::risk::{Answer, AnswerKind, Assessment, Catalog};
use helpline::store::contacts::{CaseTarget, NewContact};
use ratatui::crossterm::event::KeyCode;

const NARRATIVE: &str = "Nyambura alipiga simu kutoka kwa simu ya jirani. Baba yake wa kambo \
alimpiga jana usiku kwa mkanda kwa sababu alirudi nyumbani kuchelewa kutoka shuleni; ana \
michubuko mikononi. Anaogopa kurudi nyumbani usiku wa leo.\n\
Shangazi yake anaishi Kibera na angependa kukaa huko.\n\
Aliomba tusipige simu kwa namba ya mama yake. Tulikubaliana atapiga tena saa kumi jioni kutoka shuleni.";

const JUDGEMENT: &str = "Mtoto alisema mlezi ana silaha nyumbani na ametishia kuitumia usiku wa leo; \
hatari ni kubwa kuliko alama zinavyoonyesha";

/// An answer for every field of the child helpline form, each at its
/// longest: the longest option, the longest options of a list, numbers
/// at their maximum, a phone of 15 digits, the narrative on several lines.
/// Also the texts to look for: those of fields always shown (the entry
/// leaves out answers the other answers hide, as the form did).
fn every_answer(state: &helpline::app::State) -> (Answers, Vec<String>) {
    let form = state.forms.form("child_helpline").unwrap();
    let mut answers = Answers::default();
    let mut texts = Vec::new();
    for (section, field) in form
        .sections
        .iter()
        .flat_map(|s| s.fields.iter().map(move |f| (s, f)))
    {
        let shown = section.show_if.is_none() && field.show_if.is_none();
        let before = texts.len();
        let value = match &field.kind {
            FieldKind::Text { .. } => {
                let t = format!("{} — jibu refu la majaribio", field.label);
                texts.push(t.clone());
                FieldValue::Text(t)
            }
            FieldKind::MultiLineText { .. } => {
                texts.push(NARRATIVE.into());
                FieldValue::Text(NARRATIVE.into())
            }
            FieldKind::Number { max, .. } => FieldValue::Number(*max),
            FieldKind::DateTime { .. } => FieldValue::DateTime(
                chrono::DateTime::from_timestamp(NOW - 86_400, 0)
                    .unwrap()
                    .naive_utc(),
            ),
            FieldKind::Phone => {
                texts.push("+254 722 000 111 999".into());
                FieldValue::Text("+254 722 000 111 999".into())
            }
            FieldKind::SingleChoice(c) => {
                let o = c
                    .options
                    .iter()
                    .max_by_key(|o| o.label.chars().count())
                    .unwrap();
                texts.push(o.label.clone());
                FieldValue::Choice(o.id.clone())
            }
            FieldKind::MultipleChoice(c) => {
                let mut options = c.options.clone();
                options.sort_by_key(|o| std::cmp::Reverse(o.label.chars().count()));
                options.truncate(3);
                texts.extend(options.iter().map(|o| o.label.clone()));
                FieldValue::Choices(options.into_iter().map(|o| o.id).collect())
            }
            FieldKind::YesNoDk => FieldValue::YesNoDk(YesNoDk::Yes),
        };
        if !shown {
            texts.truncate(before);
        }
        answers.insert(field.id.clone(), value);
    }
    (answers, texts)
}

/// Every question of DASH answered yes (or at its maximum).
fn dash_answered() -> Assessment {
    let catalog = Catalog::shipped().unwrap();
    let mut a = Assessment::new(catalog.get("dash").unwrap());
    for _ in 0..100 {
        let Some(item) = a.next_unanswered() else {
            break;
        };
        let answer = match &item.kind {
            AnswerKind::YesNo { .. } => Answer::Yes,
            AnswerKind::Choice { options } => Answer::Value(options.last().unwrap().value),
            AnswerKind::Number { max, .. } => Answer::Value(*max),
            AnswerKind::Text => Answer::Text(JUDGEMENT.into()),
        };
        let id = item.id.clone();
        if a.answer(&id, answer).is_err() {
            break;
        }
    }
    a
}

/// The long world with a contact, an assessment and a note on the case.
fn world_with_entries() -> (World, Vec<String>, Vec<String>, String) {
    let mut w = world();
    let (answers, texts) = every_answer(&w.state);
    let answers_json = serde_json::to_string(&answers).unwrap();
    w.store
        .complete_intake(
            None,
            w.worker,
            &NewContact {
                form_id: "child_helpline",
                channel: "phone_call",
                contact_type: "child_about_self",
                started_at: NOW - 4000,
                ended_at: NOW - 3000,
                child_name: Some(CHILD),
                child_age: Some(17),
                answers_json: &answers_json,
                narrative: Some(NARRATIVE),
                ..NewContact::default()
            },
            CaseTarget::Attach(w.case_id),
            &[],
            NOW - 2900,
            &|_, _| None,
        )
        .unwrap();

    let a = dash_answered();
    let outcome = a.result();
    let reasons: Vec<String> = outcome.reasons.iter().map(|r| r.text.clone()).collect();
    let asked: Vec<String> = a.asked_items().iter().map(|i| i.text.clone()).collect();
    let answers_json = serde_json::to_string(a.answers()).unwrap();
    w.store
        .record_assessment(
            &helpline::store::assessments::NewAssessment {
                case_id: w.case_id,
                instrument_id: "dash",
                instrument_version: a.instrument().version(),
                answers_json: &answers_json,
                score: outcome.score,
                result_name: &outcome.result_name,
                computed_level: outcome.level,
                final_level: RiskLevel::Critical,
                judgement_reason: Some(JUDGEMENT),
                source: "assessment",
                contact_id: None,
                summary: "DASH: high risk → critical (raised by judgement)",
            },
            w.worker,
            NOW - 2000,
            &|_, _| None,
        )
        .unwrap();

    let note: String = (1..=30)
        .map(|i| format!("Mstari wa {i}: mtoto amezungumza na mshauri kuhusu usalama wake shuleni na nyumbani, na mpango wa kesho."))
        .collect::<Vec<_>>()
        .join("\n");
    let version = w.store.reload_case_detail(w.case_id).unwrap().version;
    w.store
        .add_case_note(w.case_id, version, &note, w.worker, NOW - 1000)
        .unwrap();
    let mut reasons_and_questions = reasons;
    reasons_and_questions.extend(asked);
    (w, texts, reasons_and_questions, note)
}

/// Opens the newest timeline entry of `kind` and returns every screenful
/// from the top to the bottom, paging down.
fn read_entry(w: &mut World, kind: &str) -> Vec<String> {
    open_the_case(w);
    let at = shell_of(w)
        .cases
        .open
        .as_ref()
        .unwrap()
        .timeline
        .iter()
        .position(|e| e.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} on the timeline"));
    for _ in 0..at {
        press(w, KeyCode::Down);
    }
    press(w, KeyCode::Enter);
    let mut screens = vec![screen(w)];
    for _ in 0..40 {
        press(w, KeyCode::PageDown);
        let next = screen(w);
        if Some(&next) == screens.last() {
            break;
        }
        screens.push(next);
    }
    for s in &screens {
        hint_shows("Esc back", s);
    }
    screens
}

fn shell_of(w: &World) -> &helpline::app::state::Shell {
    common::directory::shell(&w.state)
}

fn shows_somewhere(text: &str, screens: &[String]) {
    let all = screens
        .iter()
        .map(|s| flat(s))
        .collect::<Vec<_>>()
        .join(" ");
    every_word_shows(text, &all);
}

#[test]
fn a_contact_with_every_answer_at_80x24() {
    let (mut w, texts, _, _) = world_with_entries();
    let screens = read_entry(&mut w, "contact");
    insta::assert_snapshot!("contact_every_answer_80x24", screens[0]);
    insta::assert_snapshot!("contact_every_answer_end_80x24", screens.last().unwrap());
    for text in texts {
        shows_somewhere(&text, &screens);
    }
}

#[test]
fn an_assessment_with_every_answer_reasons_and_judgement_at_80x24() {
    let (mut w, _, texts, _) = world_with_entries();
    let screens = read_entry(&mut w, "assessment");
    insta::assert_snapshot!("assessment_every_answer_80x24", screens[0]);
    for text in texts {
        shows_somewhere(&text, &screens);
    }
    shows_somewhere(JUDGEMENT, &screens);
}

#[test]
fn a_referral_with_an_override_and_a_note_at_80x24() {
    let (mut w, _, _, _) = world_with_entries();
    let screens = read_entry(&mut w, "referral");
    insta::assert_snapshot!("referral_longest_80x24", screens[0]);
    // The title, too long for the border, ends in '…'.
    let title = screens[0].lines().nth(2).unwrap();
    assert!(title.contains("Referral · Kituo"), "{title}");
    assert!(title.contains("… ┐") || title.contains("…┐"), "{title}");
    for text in [
        SERVICE,
        AGENCY,
        "Mtoto yuko hatarini sasa hivi na mlezi hapatikani kutoa idhini",
        "Piga simu kabla ya saa kumi jioni; mtoto hana simu yake mwenyewe.",
    ] {
        shows_somewhere(text, &screens);
    }
}

#[test]
fn a_note_longer_than_the_screen_scrolls_at_80x24() {
    let (mut w, _, _, note) = world_with_entries();
    let screens = read_entry(&mut w, "note");
    assert!(screens.len() > 1, "the note takes more than one screenful");
    insta::assert_snapshot!("note_long_80x24", screens[0]);
    insta::assert_snapshot!("note_long_end_80x24", screens.last().unwrap());
    for line in note.lines() {
        shows_somewhere(line, &screens);
    }
    assert!(screens[0].contains("rows 1–"), "{}", screens[0]);
}
