//! A timeline entry opened in full over the case: its state (loading, the
//! document, the scroll) and the layout of the document into rows of a
//! given width, shared by the key handling (to bound the scroll) and the
//! drawing (so both agree on what fits).

use super::action::Action;
use super::entry_doc::{Block, EntryDoc};
use unicode_width::UnicodeWidthStr;

/// The entry on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryView {
    /// The timeline entry (case_events id) being read.
    pub event_id: i64,
    /// None until the store answers.
    pub doc: Option<EntryDoc>,
    pub error: Option<String>,
    /// First row shown.
    pub scroll: usize,
}

impl EntryView {
    pub fn loading(event_id: i64) -> EntryView {
        EntryView {
            event_id,
            doc: None,
            error: None,
            scroll: 0,
        }
    }

    /// Moves through the document, `width` columns wide and `height` rows
    /// tall on screen; the last row never scrolls above the bottom.
    pub fn on_action(&mut self, action: Action, width: usize, height: usize) {
        let rows = self.doc.as_ref().map_or(0, |d| layout(d, width).len());
        let last = rows.saturating_sub(height.max(1));
        let page = height.saturating_sub(1).max(1);
        self.scroll = match action {
            Action::Down => self.scroll + 1,
            Action::Up => self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll + page,
            Action::PageUp => self.scroll.saturating_sub(page),
            Action::First => 0,
            _ => self.scroll,
        }
        .min(last);
    }
}

/// How a piece of a row is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Heading,
    Label,
    Value,
}

/// One screen row: pieces of text with their tone.
pub type Row = Vec<(Tone, String)>;

const INDENT: &str = "  ";

/// Lays the document out in rows at most `width` columns wide: a question
/// and a short answer share a row; a long or multi-line answer goes under
/// its question, indented and wrapped at word boundaries.
pub fn layout(doc: &EntryDoc, width: usize) -> Vec<Row> {
    let width = width.max(8);
    let mut rows: Vec<Row> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading(text) => {
                if !rows.is_empty() {
                    rows.push(Vec::new());
                }
                for line in wrap(text, width) {
                    rows.push(vec![(Tone::Heading, line)]);
                }
            }
            Block::Pair { label, value } => {
                let inline = format!("{label}: ");
                if !value.contains('\n') && inline.width() + value.width() <= width {
                    rows.push(vec![(Tone::Label, inline), (Tone::Value, value.clone())]);
                    continue;
                }
                for line in wrap(&format!("{label}:"), width) {
                    rows.push(vec![(Tone::Label, line)]);
                }
                indented(&mut rows, value, width);
            }
            Block::Text(text) => indented(&mut rows, text, width),
        }
    }
    rows
}

fn indented(rows: &mut Vec<Row>, text: &str, width: usize) {
    for line in wrap(text, width - INDENT.len()) {
        rows.push(vec![(Tone::Value, format!("{INDENT}{line}"))]);
    }
}

/// Wraps text at spaces to `width` columns (by display width, so wide
/// scripts and emoji count double), keeping its own line breaks; a word
/// longer than a line is cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in text.replace('\t', "    ").split('\n') {
        let mut line = String::new();
        for word in para.split(' ') {
            let gap = usize::from(!line.is_empty());
            if line.width() + gap + word.width() <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if line.width() + w > width && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_whole_and_counts_display_width() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("a\n\nb", 5), ["a", "", "b"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("😊😊😊", 4), ["😊😊", "😊"]);
        assert_eq!(wrap("", 4), [""]);
        for line in wrap(
            "Mtoto alisema: \"Ninaogopa kurudi nyumbani kwa mjomba\".",
            12,
        ) {
            assert!(line.width() <= 12, "{line}");
        }
    }

    #[test]
    fn short_answers_share_the_question_s_row_and_long_ones_go_under_it() {
        let doc = EntryDoc {
            title: "t".into(),
            blocks: vec![
                Block::Heading("Safety first".into()),
                Block::Pair {
                    label: "Safe to talk?".into(),
                    value: "yes".into(),
                },
                Block::Pair {
                    label: "What the caller told us".into(),
                    value: "line one\nline two".into(),
                },
            ],
        };
        let rows = layout(&doc, 30);
        let text: Vec<String> = rows
            .iter()
            .map(|r| r.iter().map(|(_, t)| t.as_str()).collect())
            .collect();
        assert_eq!(
            text,
            [
                "Safety first",
                "Safe to talk?: yes",
                "What the caller told us:",
                "  line one",
                "  line two"
            ]
        );
    }

    #[test]
    fn the_scroll_stops_with_the_last_row_at_the_bottom() {
        let doc = EntryDoc {
            title: "t".into(),
            blocks: (0..30).map(|i| Block::Text(format!("row {i}"))).collect(),
        };
        let mut view = EntryView::loading(1);
        view.doc = Some(doc);
        view.on_action(Action::PageDown, 40, 10);
        assert_eq!(view.scroll, 9);
        for _ in 0..10 {
            view.on_action(Action::PageDown, 40, 10);
        }
        assert_eq!(view.scroll, 20);
        view.on_action(Action::Up, 40, 10);
        assert_eq!(view.scroll, 19);
        view.on_action(Action::First, 40, 10);
        assert_eq!(view.scroll, 0);
    }
}
