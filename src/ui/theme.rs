//! Styles by meaning. Panes ask for a role (Error, RiskHigh, Muted), never
//! for a colour, so NO_COLOR and monochrome terminals get the same meaning
//! through text, symbols and emphasis.

use crate::domain::RiskLevel;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Normal,
    Muted,
    Title,
    Focus,
    Error,
    Ok,
    StatusBar,
    TabActive,
    TabInactive,
    Key,
    Alert,
    Risk(RiskLevel),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless NO_COLOR is set (to anything non-empty) or the config
    /// says never; `always` wins over NO_COLOR.
    pub fn from_env(mode: crate::config::ColorMode) -> Theme {
        use crate::config::ColorMode;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match mode {
            ColorMode::Always => true,
            ColorMode::Never => false,
            ColorMode::Auto => !no_color,
        };
        Theme { color }
    }

    pub fn monochrome() -> Theme {
        Theme { color: false }
    }

    pub fn style(&self, role: Role) -> Style {
        let s = Style::default();
        if !self.color {
            return match role {
                Role::Title | Role::Key | Role::Error | Role::Alert => {
                    s.add_modifier(Modifier::BOLD)
                }
                Role::Focus | Role::TabActive | Role::StatusBar => {
                    s.add_modifier(Modifier::REVERSED)
                }
                Role::Risk(l) if l.is_urgent() => s.add_modifier(Modifier::BOLD),
                Role::Muted => s.add_modifier(Modifier::DIM),
                _ => s,
            };
        }
        match role {
            Role::Normal | Role::TabInactive => s,
            Role::Muted => s.fg(Color::DarkGray),
            Role::Title => s.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Role::Focus => s.fg(Color::Black).bg(Color::Cyan),
            Role::Error => s.fg(Color::LightRed).add_modifier(Modifier::BOLD),
            Role::Ok => s.fg(Color::Green),
            Role::StatusBar => s.fg(Color::White).bg(Color::Blue),
            Role::TabActive => s
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Role::Key => s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Role::Alert => s
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            Role::Risk(level) => match level {
                RiskLevel::None => s.fg(Color::DarkGray),
                RiskLevel::Low => s.fg(Color::Green),
                RiskLevel::Medium => s.fg(Color::Yellow),
                RiskLevel::High => s.fg(Color::LightRed).add_modifier(Modifier::BOLD),
                RiskLevel::Critical => s
                    .fg(Color::White)
                    .bg(Color::Red)
                    .add_modifier(Modifier::BOLD),
            },
        }
    }
}
