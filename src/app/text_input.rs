//! A single-line text field: cursor movement, editing, paste, Unicode.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The most characters a single-line field holds; a longer paste is cut.
pub const MAX_LINE_CHARS: usize = 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    /// Cursor position in characters.
    cursor: usize,
}

impl TextInput {
    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn clear(&mut self) {
        self.value.clear();
        self.cursor = 0;
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.value
            .char_indices()
            .nth(chars)
            .map(|(i, _)| i)
            .unwrap_or(self.value.len())
    }

    /// Inserts text at the cursor. Line breaks and tabs from a paste
    /// become spaces; other control characters and bidirectional
    /// overrides are dropped (`domain::safe_text`); the field never
    /// exceeds its limit.
    pub fn insert(&mut self, text: &str) {
        let room = MAX_LINE_CHARS.saturating_sub(self.value.chars().count());
        let clean: String = crate::domain::safe_text::strip_refused(text, false)
            .chars()
            .take(room)
            .collect();
        let at = self.byte_at(self.cursor);
        self.value.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }

    /// Applies an editing key; returns whether the key was used.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => self.clear(),
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = self.value.chars().count(),
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                self.insert(c.encode_utf8(&mut [0; 4]))
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
            }
            KeyCode::Delete if self.cursor < self.value.chars().count() => {
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.value.chars().count()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.value.chars().count(),
            KeyCode::Backspace | KeyCode::Delete => {}
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut TextInput, code: KeyCode) {
        input.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
    }

    #[test]
    fn edits_unicode_by_character() {
        let mut t = TextInput::default();
        t.insert("Zoë 👋🏽");
        press(&mut t, KeyCode::Backspace);
        press(&mut t, KeyCode::Backspace);
        assert_eq!(t.value(), "Zoë ");
        press(&mut t, KeyCode::Home);
        press(&mut t, KeyCode::Delete);
        assert_eq!(t.value(), "oë ");
        press(&mut t, KeyCode::Char('Z'));
        assert_eq!((t.value(), t.cursor()), ("Zoë ", 1));
    }

    #[test]
    fn paste_drops_control_characters_and_is_bounded() {
        let mut t = TextInput::default();
        // Line breaks and tabs are spaces; a bell, an escape and a
        // right-to-left override are dropped.
        t.insert("a\nb\tc\u{7}d\u{1b}\u{202E}e");
        assert_eq!(t.value(), "a b cde");
        t.insert(&"x".repeat(1 << 20));
        assert_eq!(t.value().chars().count(), MAX_LINE_CHARS);
    }
}
