//! The terminal backend every frame is written through: whatever a widget
//! was given (a service name from a CSV file, a team name, a note), no cell
//! reaches the terminal with a control character or a bidirectional
//! override in it (see `domain::safe_text`). One place, so that no pane can
//! forget it.

use crate::domain::safe_text::{REPLACEMENT, is_unsafe};
use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// Wraps a backend and cleans every cell it draws.
#[derive(Debug)]
pub struct SafeBackend<B: Backend> {
    inner: B,
}

impl<B: Backend> SafeBackend<B> {
    pub fn new(inner: B) -> SafeBackend<B> {
        SafeBackend { inner }
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }

    pub fn inner_mut(&mut self) -> &mut B {
        &mut self.inner
    }
}

/// A cell's symbol with every unsafe character replaced, if it has any.
fn cleaned(cell: &Cell) -> Option<Cell> {
    let symbol = cell.symbol();
    if !symbol.chars().any(is_unsafe) {
        return None;
    }
    let clean: String = symbol
        .chars()
        .map(|c| if is_unsafe(c) { REPLACEMENT } else { c })
        .collect();
    let mut safe = cell.clone();
    safe.set_symbol(&clean);
    Some(safe)
}

impl<B: Backend> Backend for SafeBackend<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // Only the cells that changed since the last frame come here, so
        // holding them for a moment costs little.
        let cells: Vec<(u16, u16, std::borrow::Cow<'a, Cell>)> = content
            .map(|(x, y, cell)| match cleaned(cell) {
                Some(safe) => (x, y, std::borrow::Cow::Owned(safe)),
                None => (x, y, std::borrow::Cow::Borrowed(cell)),
            })
            .collect();
        self.inner
            .draw(cells.iter().map(|(x, y, cell)| (*x, *y, cell.as_ref())))
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::CrosstermBackend;
    use ratatui::widgets::Paragraph;

    /// Where the backend writes, readable after the frame.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl std::io::Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The bytes written to a real crossterm backend for one frame.
    fn frame_bytes(text: &str) -> Vec<u8> {
        let out = Shared::default();
        let mut terminal =
            Terminal::new(SafeBackend::new(CrosstermBackend::new(out.clone()))).unwrap();
        terminal
            .resize(ratatui::layout::Rect::new(0, 0, 60, 2))
            .unwrap();
        terminal
            .draw(|f| {
                f.render_widget(Paragraph::new(text.to_string()), f.area());
                // A widget that sets a cell's symbol directly bypasses the
                // width rules that drop zero-width controls from text.
                f.buffer_mut()[(0, 1)].set_symbol(text);
            })
            .unwrap();
        drop(terminal);
        out.0.borrow().clone()
    }

    #[test]
    fn a_stored_escape_sequence_never_reaches_the_terminal() {
        for hostile in [
            "Safe House\u{1b}]52;c;ZWNobyBoaQ==\u{7}",
            "Team\u{1b}]0;owned\u{7}",
            "x\u{1b}[2J\u{1b}[H",
            "csi\u{9b}2J",
            "abc\u{202E}cba",
        ] {
            let bytes = String::from_utf8_lossy(&frame_bytes(hostile)).into_owned();
            // No operating-system command (title, clipboard) starts, and
            // the only control sequences are those the backend itself
            // writes: ESC [ for cursor, colour and clearing.
            assert!(!bytes.contains("\u{1b}]"), "{bytes:?}");
            assert!(
                bytes
                    .match_indices('\u{1b}')
                    .all(|(i, _)| bytes[i + 1..].starts_with('[')),
                "{bytes:?}"
            );
            assert!(!bytes.contains("x\u{1b}"), "{bytes:?}");
            assert!(!bytes.contains('\u{9b}'), "{bytes:?}");
            assert!(!bytes.contains('\u{202E}'), "{bytes:?}");
            assert!(!bytes.contains('\u{7}'), "{bytes:?}");
        }
        let plain = String::from_utf8_lossy(&frame_bytes("Wanjiku Kamau")).into_owned();
        assert!(plain.contains("Wanjiku Kamau"));
    }
}
