//! Fitting text to a width without losing it silently: `elide` marks a cut
//! with '…' (numbers, names in table cells), `wrap` breaks at spaces onto
//! more lines (labels, questions, reasons) so no word is lost.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` within `width` display columns; when it does not fit, as much as
/// fits followed by '…', so a cut phone number never reads as a whole one.
pub fn elide(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` followed by spaces up to `width` display columns (a wide
/// character counts for two, as the terminal draws it).
pub fn pad(text: &str, width: usize) -> String {
    let mut out = text.to_string();
    out.push_str(&" ".repeat(width.saturating_sub(text.width())));
    out
}

/// `text` broken into lines of at most `width` display columns, at spaces
/// where it can; a word longer than a line is split. Never drops a word.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = if line.is_empty() {
            word.width()
        } else {
            line.width() + 1 + word.width()
        };
        if needed <= width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            if line.width() + c.width().unwrap_or(0) > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// How many rows `lines` take when a paragraph wraps them at `width`:
/// greedy at spaces, keeping the spaces between words as they are (runs
/// of them included, "Risk ▆ high   Deadline"), a word longer than a row
/// split. Sizing an area by it leaves no row of the text out.
pub fn wrapped_rows(lines: &[ratatui::text::Line<'_>], width: u16) -> u16 {
    lines
        .iter()
        .map(|line| {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            rows_of(&text, usize::from(width).max(1)) as u16
        })
        .sum()
}

fn rows_of(text: &str, width: usize) -> usize {
    let mut rows = 1;
    let mut used = 0;
    let mut gap = 0;
    let mut word = 0;
    let place = |rows: &mut usize, used: &mut usize, gap: usize, word: usize| {
        if word == 0 {
            return;
        }
        if *used > 0 && *used + gap + word <= width {
            *used += gap + word;
            return;
        }
        if *used > 0 {
            *rows += 1;
        }
        // A word wider than a row takes as many rows as it needs.
        *rows += (word - 1) / width;
        *used = (word - 1) % width + 1;
    };
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if c.is_whitespace() {
            if word > 0 {
                place(&mut rows, &mut used, gap, word);
                word = 0;
                gap = 0;
            }
            gap += w;
        } else {
            word += w;
        }
    }
    place(&mut rows, &mut used, gap, word);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_is_marked_and_fits() {
        assert_eq!(elide("+254 712 345 678", 20), "+254 712 345 678");
        assert_eq!(elide("+254 712 345 678", 10), "+254 712 …");
        assert_eq!(elide("Ōtsuka 👩🏾 Nyambura", 8).width(), 8);
        assert!(elide("Ōtsuka 👩🏾 Nyambura", 8).ends_with('…'));
        assert_eq!(elide("abc", 0), "");
    }

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        let text = "Has the child been threatened with a weapon by someone at home?";
        let lines = wrap(text, 20);
        assert!(lines.iter().all(|l| l.width() <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert_eq!(
            wrap("Kinderschutzbeauftragte", 10).concat(),
            "Kinderschutzbeauftragte"
        );
        assert_eq!(wrap("", 10), vec![String::new()]);
    }

    #[test]
    fn rows_count_the_spaces_between_words_as_drawn() {
        let rows = |t: &str, w| wrapped_rows(&[ratatui::text::Line::raw(t.to_string())], w);
        assert_eq!(rows("abc def", 7), 1);
        // Three spaces: "abc   def" needs 9 columns, not 7.
        assert_eq!(rows("abc   def", 7), 2);
        assert_eq!(rows("abcdefghij", 4), 3);
        assert_eq!(rows("", 4), 1);
        assert_eq!(rows("ab cdefghij", 4), 3);
    }
}
