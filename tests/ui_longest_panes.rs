//! At the smallest size (80x24) with the longest texts: names and teams
//! as long as people have them, long places, agencies, services and
//! phones, the longest reason and alert kinds. Every pane and dialog is
//! snapshotted; what does not fit wraps or ends in '…', and the key
//! hints that save or confirm stay on screen.

mod common;

use common::directory::type_text;
use common::longest::*;
use common::screen::{every_word_shows, hint_shows, whole_or_elided};
use ratatui::crossterm::event::KeyCode;

#[test]
fn the_alerts_pane_with_the_longest_reason() {
    let mut w = world();
    press(&mut w, KeyCode::Char('5'));
    let s = screen(&w);
    insta::assert_snapshot!("alerts_longest_80x24", s);
    every_word_shows("not assigned in time", &s);
    hint_shows("a acknowledge", &s);
    // The banner names the key that leads to the alerts, whole.
    let banner = s.lines().nth(1).unwrap();
    assert!(banner.contains("press 5"), "{banner}");
    // The status bar's name is cut with a mark; the role, the time on
    // shift, the database and the alert count show whole.
    let status = s.lines().last().unwrap();
    for part in [
        "(Supervisor)",
        "on shift 0h 00m",
        "helpline.db",
        "⚠ 2 alerts",
    ] {
        assert!(status.contains(part), "{part}: {status}");
    }
    whole_or_elided(SUPERVISOR, &s);

    press(&mut w, KeyCode::Char('a'));
    let s = screen(&w);
    insta::assert_snapshot!("alerts_longest_confirm_80x24", s);
    hint_shows("(Enter yes, Esc no)", &s);
}

#[test]
fn the_case_list_with_the_longest_names_and_reason() {
    let mut w = world();
    press(&mut w, KeyCode::Char('3'));
    let s = screen(&w);
    insta::assert_snapshot!("cases_longest_80x24", s);
    // Every filter key shows: the hint line wraps rather than lose one.
    for hint in ["/ search", "u unassigned", "o overdue", "c reason"] {
        hint_shows(hint, &s);
    }
    whole_or_elided(&format!("{CHILD}, 17"), &s);
    hint_shows("Enter opens", &s);

    // A search longer than its row scrolls with the cursor, marked where cut.
    press(&mut w, KeyCode::Char('/'));
    type_text(
        &mut w.state,
        &mut w.store,
        "Nyambura Wanjirũ Ōtsuka Kariũki Ngʼangʼa Muthoni Kijiji cha Mwembe Tayari Kilifi",
    );
    let s = screen(&w);
    let row = s.lines().find(|l| l.contains("Search:")).unwrap();
    assert!(row.contains("Search: …"), "{row}");
    assert!(row.contains("Tayari Kilifi"), "{row}");
}

#[test]
fn an_open_case_with_the_longest_header() {
    let mut w = world();
    open_the_case(&mut w);
    let s = screen(&w);
    insta::assert_snapshot!("case_longest_80x24", s);
    // The header wraps: no field is cut. (It shows no phone number: the
    // case keeps only a normalised one, for matching returning callers.)
    for text in [CHILD, WORKER, LOCATION, LANGUAGE, "prefers not to say"] {
        every_word_shows(text, &s);
    }
    hint_shows("HL-2026-000001", &s);
    hint_shows("in 99d 23h", &s);
    hint_shows("Esc back", &s);
    assert!(!s.contains("254722000111999"), "{s}");
}

#[test]
fn the_referrals_pane_with_the_longest_service_and_agency() {
    let mut w = world();
    press(&mut w, KeyCode::Char('4'));
    let s = screen(&w);
    insta::assert_snapshot!("referrals_longest_80x24", s);
    whole_or_elided(SERVICE, &s);
    // The details under the queue give the service and agency whole.
    every_word_shows(SERVICE, &s);
    every_word_shows(AGENCY, &s);
    hint_shows("open the case", &s);
    hint_shows("sent", &s);
}

#[test]
fn the_service_form_with_the_longest_values() {
    let mut w = world();
    press(&mut w, KeyCode::Char('6'));
    press(&mut w, KeyCode::Char('e'));
    let s = screen(&w);
    insta::assert_snapshot!("service_form_longest_80x24", s);
    // The phone is longer than its field: cut with a mark.
    let row = s.lines().find(|l| l.contains("Phone")).unwrap();
    assert!(row.contains("+254 20 765 4321"), "{row}");
    assert!(
        row.trim_end_matches([' ', '│', '"']).ends_with('…'),
        "{row}"
    );
    whole_or_elided(SERVICE, &s);
    hint_shows("Ctrl-S save", &s);
}

#[test]
fn the_refer_dialog_with_the_longest_names() {
    let mut w = world();
    open_the_case(&mut w);
    press(&mut w, KeyCode::Char('f'));
    type_text(&mut w.state, &mut w.store, "kisheria");
    let s = screen(&w);
    insta::assert_snapshot!("refer_longest_80x24", s);
    whole_or_elided(&format!("{SERVICE} · {AGENCY}"), &s);
    // The title keeps the case number and risk; the name ends in '…'.
    let title = s.lines().find(|l| l.contains("Refer case")).unwrap();
    assert!(
        title.contains("Refer case HL-2026-000001 · Nyambura"),
        "{title}"
    );
    assert!(title.contains("… · risk █ critical ╗"), "{title}");
    hint_shows("Ctrl-S refer", &s);
    hint_shows("Esc cancel", &s);
}

#[test]
fn the_step_dialog_with_every_move() {
    let mut w = world();
    open_the_case(&mut w);
    press(&mut w, KeyCode::Char('s'));
    let s = screen(&w);
    insta::assert_snapshot!("step_longest_80x24", s);
    hint_shows("Enter moves · Esc cancels", &s);
}

#[test]
fn the_assign_dialog_with_the_longest_names_and_teams() {
    let mut w = world();
    open_the_case(&mut w);
    press(&mut w, KeyCode::Char('w'));
    let s = screen(&w);
    insta::assert_snapshot!("assign_longest_80x24", s);
    whole_or_elided(WORKER, &s);
    whole_or_elided(TEAM, &s);
    hint_shows("Enter assigns", &s);
    every_word_shows(
        "Least loaded first, weighted by risk; ! over the caseload cap",
        &s,
    );
}

#[test]
fn the_help_overlay_over_an_open_case() {
    let mut w = world();
    open_the_case(&mut w);
    press(&mut w, KeyCode::Char('?'));
    let s = screen(&w);
    insta::assert_snapshot!("help_case_80x24", s);
    hint_shows("Esc close", &s);
    // Every description shows whole: a long one wraps under itself.
    let lines = helpline::ui::help::lines(&w.state, &helpline::ui::Theme::monochrome());
    let all: Vec<String> = lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    for line in &all {
        assert!(
            unicode_width::UnicodeWidthStr::width(line.as_str()) <= 68,
            "a help line wider than the overlay: {line}"
        );
    }
}

#[test]
fn a_long_other_closure_reason_scrolls_and_is_marked_where_cut() {
    let mut w = world();
    open_the_case(&mut w);
    press(&mut w, KeyCode::Char('s'));
    press(&mut w, KeyCode::Down); // Closed
    press(&mut w, KeyCode::Enter);
    for _ in 0..20 {
        press(&mut w, KeyCode::Down); // the last reason: other
    }
    press(&mut w, KeyCode::Tab);
    let reason = "Familia imehamia kaunti nyingine na mtoto ameandikishwa katika shule mpya; \
                  huduma za ulinzi za kaunti hiyo zimechukua jukumu la ufuatiliaji";
    type_text(&mut w.state, &mut w.store, reason);
    let s = screen(&w);
    let row = s.lines().find(|l| l.contains("Other reason:")).unwrap();
    // Being typed: the end shows, the start out of sight is marked.
    assert!(row.contains("Other reason: …"), "{row}");
    assert!(row.contains("ufuatiliaji"), "{row}");
    hint_shows("Ctrl-S close the case", &s);
    press(&mut w, KeyCode::Tab); // to the outcome note
    let s = screen(&w);
    insta::assert_snapshot!("close_other_reason_80x24", s);
    let row = s.lines().find(|l| l.contains("Other reason:")).unwrap();
    assert!(row.contains("Other reason: Familia imehamia"), "{row}");
    assert!(row.contains('…'), "{row}");
    hint_shows("Ctrl-S close the case", &s);
}
