//! Drawing. Every function here reads the state and writes a frame; none
//! talks to the store or changes the state.

pub mod alerts;
pub mod audit;
pub mod break_glass;
pub mod case_dialog;
pub mod case_plan;
pub mod cases;
pub mod field;
pub mod fit;
pub mod follow_ups;
pub mod format;
pub mod hand_over;
pub mod help;
pub mod hints;
pub mod intake;
pub mod journey;
pub mod lock;
pub mod login;
pub mod refer;
pub mod referrals;
pub mod reports;
pub mod risk;
pub mod safe_backend;
pub mod service_form;
pub mod services;
pub mod shell;
pub mod table;
pub mod theme;
pub mod timeline_entry;
pub mod wallboard;
pub mod wellbeing;

pub use theme::Theme;

use crate::app::State;
use crate::app::state::Screen;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// The smallest terminal helpline lays out in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Draws the whole screen for `state`.
pub fn render(frame: &mut Frame<'_>, state: &State, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(frame, area, theme);
        return;
    }
    match &state.screen {
        Screen::Login(form) => login::render(frame, area, state, form, theme),
        // Locked: the lock box alone, never a pane beneath it.
        Screen::Shell(shell) if shell.lock.is_some() => {
            lock::render(frame, area, state, shell, theme)
        }
        Screen::Shell(shell) => shell::render(frame, area, state, shell, theme),
    }
    if state.help_open {
        help::render(frame, area, state, theme);
    }
}

fn render_too_small(frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    let text = vec![
        Line::styled("Terminal too small", theme.style(theme::Role::Error)),
        Line::raw(format!(
            "{}x{} here; helpline needs at least {MIN_WIDTH}x{MIN_HEIGHT}.",
            area.width, area.height
        )),
        Line::raw("Enlarge the window. Ctrl-C quits."),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

/// A rectangle of at most `width` x `height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}
