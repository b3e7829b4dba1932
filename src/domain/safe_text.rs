//! Text from files, accounts and the database made safe to show on a
//! terminal. A service name or a team name is data typed by someone else:
//! printed raw, an ESC sequence in it could set the window title, clear the
//! screen or write the clipboard (OSC 52) of whoever runs the command, and
//! a bidirectional override could make one name read as another. Every
//! control character (C0 but newline where allowed, DEL, C1) and every
//! bidirectional override or isolate becomes a visible replacement mark;
//! an ESC's sequence is then plain, harmless text.

use std::borrow::Cow;

/// What replaces a character that must not reach a terminal.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether `c` may not be shown on a terminal as it is: C0 controls, DEL,
/// C1 controls, and the bidirectional marks, embeddings, overrides and
/// isolates that reorder what follows them.
/// First characters a spreadsheet reads as a formula (OWASP's list).
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as every CSV export writes it: one a spreadsheet would run as a
/// formula gets a leading apostrophe, so it opens as text.
pub fn spreadsheet_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        | '\u{061C}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` for one line of a terminal: unsafe characters (newlines and tabs
/// too) replaced, and at most `max_chars` characters, a longer text ending
/// in "…" with how much was left out.
pub fn terminal_line(text: &str, max_chars: usize) -> Cow<'_, str> {
    clean(text, max_chars, false)
}

/// As `terminal_line`, keeping newlines (for text shown on several lines).
pub fn terminal_text(text: &str, max_chars: usize) -> Cow<'_, str> {
    clean(text, max_chars, true)
}

fn clean(text: &str, max_chars: usize, newlines: bool) -> Cow<'_, str> {
    let allowed = |c: char| !is_unsafe(c) || (newlines && c == '\n');
    let count = text.chars().count();
    if count <= max_chars && text.chars().all(allowed) {
        return Cow::Borrowed(text);
    }
    let mut out: String = text
        .chars()
        .take(max_chars)
        .map(|c| if allowed(c) { c } else { REPLACEMENT })
        .collect();
    if count > max_chars {
        out.push_str(&format!("… ({} more characters)", count - max_chars));
    }
    Cow::Owned(out)
}

/// Whether typed or imported text holds characters a field never takes:
/// any control character but line breaks and tab in a multi-line field, and
/// the bidirectional overrides. Returns the first one found.
pub fn refused_char(text: &str, multiline: bool) -> Option<char> {
    text.chars()
        .find(|c| is_unsafe(*c) && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

/// Removes what `refused_char` refuses (a paste into a one-line field
/// turns its line breaks and tabs into spaces first).
pub fn strip_refused(text: &str, multiline: bool) -> Cow<'_, str> {
    if refused_char(text, multiline).is_none() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' | '\r' | '\t' if multiline => Some(c),
                '\n' | '\t' | '\r' => Some(' '),
                c if is_unsafe(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escape_sequences_and_overrides_become_visible_marks() {
        let osc52 = "Safe House\u{1b}]52;c;ZWNobyBoaQ==\u{7}";
        assert_eq!(
            terminal_line(osc52, 100),
            "Safe House\u{FFFD}]52;c;ZWNobyBoaQ==\u{FFFD}"
        );
        assert_eq!(terminal_line("a\u{202E}evil", 100), "a\u{FFFD}evil");
        assert_eq!(terminal_line("csi\u{9b}2J", 100), "csi\u{FFFD}2J");
        assert_eq!(terminal_line("two\nlines", 100), "two\u{FFFD}lines");
        assert_eq!(terminal_text("two\nlines", 100), "two\nlines");
        assert!(matches!(
            terminal_line("Wanjiku Kamau", 100),
            Cow::Borrowed(_)
        ));
        assert_eq!(terminal_line("abcdef", 3), "abc… (3 more characters)");
    }

    #[test]
    fn fields_refuse_controls_but_keep_newlines_where_multi_line() {
        assert_eq!(refused_char("ok\tthen", true), None);
        assert_eq!(refused_char("ok\tthen", false), Some('\t'));
        assert_eq!(refused_char("x\u{1b}[2J", true), Some('\u{1b}'));
        assert_eq!(strip_refused("a\nb\u{1b}c", false), "a bc");
        assert_eq!(strip_refused("a\nb\u{202E}c", true), "a\nbc");
    }

    proptest! {
        #[test]
        fn nothing_unsafe_ever_comes_out(text in any::<String>(), max in 0usize..50) {
            let line = terminal_line(&text, max);
            prop_assert!(!line.chars().any(is_unsafe));
            let multi = terminal_text(&text, max);
            prop_assert!(!multi.chars().any(|c| is_unsafe(c) && c != '\n'));
            prop_assert!(refused_char(&strip_refused(&text, false), false).is_none());
            prop_assert!(refused_char(&strip_refused(&text, true), true).is_none());
        }
    }
}
