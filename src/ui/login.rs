//! The login screen.

use super::centered;
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::keymap::Context;
use crate::app::state::{LoginField, LoginForm};
use crate::app::text_input::TextInput;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};
use unicode_width::UnicodeWidthStr;

const LABEL_WIDTH: u16 = 12;

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, form: &LoginForm, theme: &Theme) {
    let height = if state.demo_hint.is_some() { 13 } else { 11 };
    let outer = centered(area, 64, height);
    let text = &state.i18n;
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(Line::styled(
            format!(" {} ", text.t("login-title")),
            theme.style(Role::Title),
        ));
    // The language key on the frame, with the language's own name, so a
    // person who reads no English still finds theirs.
    let language_key = state.keymap.keys_for(Context::Login, Action::CycleLanguage);
    if !language_key.is_empty() {
        block = block.title_bottom(
            Line::from(vec![
                Span::raw(" "),
                Span::styled(language_key, theme.style(Role::Key)),
                Span::raw(format!(
                    " {}: {} ",
                    text.t("login-hint-language"),
                    text.language().native_name()
                )),
            ])
            .right_aligned(),
        );
    }
    let inner = block.inner(outer);
    frame.render_widget(block, outer);

    let [db, _, user, pass, _, message, _, hint, demo] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .horizontal_margin(2)
    .areas(inner);

    frame.render_widget(
        Line::from(vec![
            Span::styled(
                format!("{} ", text.t("login-database")),
                theme.style(Role::Muted),
            ),
            Span::raw(state.db_label.as_str()),
        ]),
        db,
    );
    let focus = form.focus;
    let (user_label, pass_label) = (text.t("login-username"), text.t("login-password"));
    // A translated label longer than English's widens the column rather
    // than being cut: the marker, the label and a space.
    let label_width =
        (user_label.width().max(pass_label.width()) + 3).clamp(usize::from(LABEL_WIDTH), 30) as u16;
    let fields = [
        (
            user,
            &user_label,
            &form.username,
            false,
            LoginField::Username,
        ),
        (
            pass,
            &pass_label,
            &form.password,
            true,
            LoginField::Password,
        ),
    ];
    for (area, label, input, secret, which) in fields {
        labelled_field(
            frame,
            area,
            label_width,
            label,
            input,
            secret,
            focus == which,
            theme,
        );
    }

    let status = if form.checking {
        Line::styled(text.t("login-checking"), theme.style(Role::Muted))
    } else if let Some(error) = &form.error {
        Line::styled(format!("✗ {error}"), theme.style(Role::Error))
    } else {
        Line::default()
    };
    frame.render_widget(
        Paragraph::new(status).wrap(ratatui::widgets::Wrap { trim: true }),
        message,
    );

    let keys = &state.keymap;
    let mut spans = Vec::new();
    for (context, action, id) in [
        (Context::Login, Action::Submit, "login-hint-submit"),
        (Context::Login, Action::NextField, "login-hint-next-field"),
        (Context::Global, Action::Quit, "login-hint-quit"),
    ] {
        let key = keys.keys_for(context, action);
        if key.is_empty() {
            continue;
        }
        spans.push(Span::styled(key, theme.style(Role::Key)));
        spans.push(Span::raw(format!(" {}  ", text.t(id))));
    }
    // Only whole hints: what does not fit is left to `?`.
    let hint_line = super::hints::rows(Line::from(spans), hint.width).remove(0);
    frame.render_widget(hint_line, hint);
    if let Some(demo_hint) = &state.demo_hint {
        frame.render_widget(
            Paragraph::new(Line::styled(demo_hint.as_str(), theme.style(Role::Muted)))
                .wrap(ratatui::widgets::Wrap { trim: true }),
            demo,
        );
    }
}

/// One labelled field of a form; `secret` shows dots for the characters.
pub(super) fn field(
    frame: &mut Frame<'_>,
    area: Rect,
    label: &str,
    input: &TextInput,
    secret: bool,
    focused: bool,
    theme: &Theme,
) {
    labelled_field(
        frame,
        area,
        LABEL_WIDTH,
        label,
        input,
        secret,
        focused,
        theme,
    );
}

/// As `field`, with the label column `label_width` wide.
#[allow(clippy::too_many_arguments)]
fn labelled_field(
    frame: &mut Frame<'_>,
    area: Rect,
    label_width: u16,
    label: &str,
    input: &TextInput,
    secret: bool,
    focused: bool,
    theme: &Theme,
) {
    let [label_area, value_area] =
        Layout::horizontal([Constraint::Length(label_width), Constraint::Min(1)]).areas(area);
    let marker = if focused { "▸ " } else { "  " };
    frame.render_widget(
        Line::styled(
            format!("{marker}{label}"),
            theme.style(if focused { Role::Title } else { Role::Normal }),
        ),
        label_area,
    );
    let shown: String = if secret {
        "•".repeat(input.value().chars().count())
    } else {
        input.value().to_string()
    };
    let before: String = if secret {
        "•".repeat(input.cursor())
    } else {
        input.value().chars().take(input.cursor()).collect()
    };
    // Keep the cursor visible in a long value by scrolling the text left.
    let width = value_area.width.saturating_sub(1) as usize;
    let cursor_col = before.width();
    let skip_cols = cursor_col.saturating_sub(width);
    let mut skipped = 0;
    let visible: String = shown
        .chars()
        .skip_while(|c| {
            let w = unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
            if skipped + w <= skip_cols && skip_cols > 0 {
                skipped += w;
                true
            } else {
                false
            }
        })
        .collect();
    let style = theme.style(if focused { Role::Focus } else { Role::Muted });
    let padded = format!("{visible:<width$}", width = width + 1);
    frame.render_widget(Line::styled(padded, style), value_area);
    if focused {
        let x = value_area.x + (cursor_col - skipped).min(width) as u16;
        frame.set_cursor_position(Position::new(x, value_area.y));
    }
}
