//! The Intake pane: the intakes on hold, the form picker, and the form
//! being filled with its call timer, validation and returning-caller panel.

use super::format::local_time;
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::intake::{FieldInput, IntakePane, IntakeSession};
use crate::app::keymap::Context;
use crate::domain::forms::{FieldKind, FieldValue, Form, visible_fields};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, pane: &IntakePane, theme: &Theme) {
    if let Some(pick) = pane.picking_form {
        return render_picker(frame, area, state, pick, theme);
    }
    match pane.session() {
        Some(session) => match state.forms.form(&session.form_id) {
            Some(form) => render_form(frame, area, state, pane, session, form, theme),
            None => frame.render_widget(Line::raw("This intake's form is missing."), area),
        },
        None => render_list(frame, area, state, pane, theme),
    }
}

fn key(state: &State, ctx: Context, action: Action) -> String {
    state.keymap.first_key_for(ctx, action)
}

/// A call timer's reading: mm:ss, or h:mm:ss past an hour.
pub(super) fn timer(started_at: i64, now: i64) -> String {
    let secs = (now - started_at).max(0);
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, (secs % 3600) / 60, secs % 60)
    } else {
        format!("{:02}:{:02}", secs / 60, secs % 60)
    }
}

fn render_picker(frame: &mut Frame<'_>, area: Rect, state: &State, pick: usize, theme: &Theme) {
    let block = Block::bordered().title(Line::styled(
        " New intake · choose the form ",
        theme.style(Role::Title),
    ));
    let mut lines = Vec::new();
    for (i, form) in state.forms.forms().enumerate() {
        let style = if i == pick {
            theme.style(Role::Focus)
        } else {
            theme.style(Role::Normal)
        };
        let marker = if i == pick { "▸ " } else { "  " };
        lines.push(Line::styled(format!("{marker}{}", form.title), style));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "Enter starts it · Esc cancels",
        theme.style(Role::Muted),
    ));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn summary(state: &State, s: &IntakeSession) -> String {
    let text = |id: &str| match s.answers.get(id) {
        FieldValue::Text(t) => Some(t.clone()),
        FieldValue::Choice(c) => Some(c.replace('_', " ")),
        _ => None,
    };
    let parts: Vec<String> = ["channel", "contact_type", "child_name", "survivor_name"]
        .iter()
        .filter_map(|id| text(id))
        .collect();
    let title = state
        .forms
        .form(&s.form_id)
        .map(|f| f.title.clone())
        .unwrap_or_else(|| s.form_id.clone());
    if parts.is_empty() {
        format!("{title} · nothing typed yet")
    } else {
        format!("{title} · {}", parts.join(" · "))
    }
}

fn render_list(frame: &mut Frame<'_>, area: Rect, state: &State, pane: &IntakePane, theme: &Theme) {
    let block = Block::bordered().title(Line::styled(" Intake ", theme.style(Role::Title)));
    let now = state.now.timestamp();
    let mut lines = vec![Line::from(vec![
        Span::styled(
            key(state, Context::Global, Action::NewIntake),
            theme.style(Role::Key),
        ),
        Span::raw(" new intake (from any pane)  "),
        Span::styled(
            key(state, Context::IntakeList, Action::Open),
            theme.style(Role::Key),
        ),
        Span::raw(" resume  "),
        Span::styled(
            key(state, Context::IntakeList, Action::Discard),
            theme.style(Role::Key),
        ),
        Span::raw(" discard"),
    ])];
    lines.push(Line::default());
    if pane.sessions.is_empty() {
        lines.push(Line::styled(
            "No intake in progress.",
            theme.style(Role::Muted),
        ));
    } else {
        lines.push(Line::styled(
            "On hold (saved as drafts)",
            theme.style(Role::Title),
        ));
        for (i, s) in pane.sessions.iter().enumerate() {
            let style = if i == pane.list_selected {
                theme.style(Role::Focus)
            } else {
                theme.style(Role::Normal)
            };
            let marker = if i == pane.list_selected { "▸" } else { " " };
            lines.push(Line::styled(
                format!(
                    "{marker} ⏱ {} · {}",
                    timer(s.started_at, now),
                    summary(state, s)
                ),
                style,
            ));
        }
    }
    if !pane.stale.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "Intakes left behind: their operator is off the floor, or a shift went by ({}) · ",
                    pane.stale.len()
                ),
                theme.style(Role::Error),
            ),
            Span::styled(
                key(state, Context::IntakeList, Action::TakeOver),
                theme.style(Role::Key),
            ),
            Span::raw(" take over"),
        ]));
        for (i, d) in pane.stale.iter().enumerate() {
            let selected = pane.list_selected == pane.sessions.len() + i;
            let (marker, role) = if selected {
                ("▸", Role::Focus)
            } else {
                (" ", Role::Normal)
            };
            lines.push(Line::styled(
                format!(
                    "{marker} {} · {} · last touched {}",
                    d.operator,
                    d.form_id.replace('_', " "),
                    local_time(d.updated_at, state.utc_offset)
                ),
                theme.style(role),
            ));
        }
    }
    if let Some(message) = &pane.message {
        lines.push(Line::default());
        let role = if message.starts_with('✓') {
            Role::Ok
        } else {
            Role::Muted
        };
        lines.push(Line::styled(message.clone(), theme.style(role)));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

fn value_text(form: &Form, s: &IntakeSession, field_id: &str) -> String {
    let Some(field) = form.field(field_id) else {
        return String::new();
    };
    let label = |id: &str| {
        field
            .kind
            .choices()
            .and_then(|c| c.option(id))
            .map(|o| o.label.clone())
            .unwrap_or_else(|| id.to_string())
    };
    match s.answers.get(field_id) {
        FieldValue::Empty => String::new(),
        FieldValue::Text(t) => t.lines().next().unwrap_or("").to_string(),
        FieldValue::Number(n) => n.to_string(),
        FieldValue::DateTime(d) => d.format("%Y-%m-%d %H:%M").to_string(),
        FieldValue::Choice(c) => label(c),
        FieldValue::Choices(c) => c.iter().map(|id| label(id)).collect::<Vec<_>>().join(", "),
        FieldValue::YesNoDk(v) => match v.as_str() {
            "dont_know" => "don't know".into(),
            other => other.into(),
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn render_form(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    pane: &IntakePane,
    s: &IntakeSession,
    form: &Form,
    theme: &Theme,
) {
    let now = state.now.timestamp();
    let saved = if s.saving {
        "saving…"
    } else if s.dirty {
        "changes pending"
    } else if s.draft_id.is_some() {
        "draft saved ✓"
    } else {
        "creating draft…"
    };
    let block = Block::bordered().title(Line::styled(
        format!(
            " {} · ⏱ {} · {saved} ",
            form.title,
            timer(s.started_at, now)
        ),
        theme.style(Role::Title),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let wide = inner.width >= 100;
    // What the caller's answers say of risk and of earlier contacts: built
    // once a frame, sized for below, then drawn beside or below the form.
    let mut caller_lines = risk_lines(state, s, form, theme);
    caller_lines.extend(profile_lines(state, s, theme));
    let [fields_area, side] = if wide {
        Layout::horizontal([Constraint::Percentage(64), Constraint::Percentage(36)]).areas(inner)
    } else {
        // Below the form: the key hint, and room for what must be seen
        // before acting (messages, a returning caller's cases).
        // Lines wrap at the pane's width: count the rows they take, so a
        // long warning is never cut to its first row.
        let width = usize::from(inner.width.max(1));
        let rows = |text_width: usize| text_width.div_ceil(width).max(1);
        let extra = pane.message.as_ref().map_or(0, |m| rows(m.width()))
            + s.field_note.as_ref().map_or(0, |n| rows(n.width() + 2))
            + caller_lines.iter().map(|l| rows(l.width())).sum::<usize>()
            + if s.matches.is_empty() {
                0
            } else {
                2 + s.matches.len().min(3)
            };
        let side_rows = (2 + extra as u16).min(inner.height / 2);
        Layout::vertical([Constraint::Min(5), Constraint::Length(side_rows)]).areas(inner)
    };

    // Lines of the form, remembering where the focused field's editor goes.
    let mut lines: Vec<Line> = Vec::new();
    let mut focus_line = 0usize;
    // Lines the focused field's wrapped label takes below its first.
    let mut label_extra = 0usize;
    let mut cursor: Option<(usize, usize)> = None; // (line, column)
    let mut section = "";
    // Labels get a third of the width, within reason.
    let label_width = (fields_area.width as usize / 3).clamp(28, 40);
    for v in visible_fields(form, &s.answers) {
        let field = v.field;
        if let Some(sec) = form
            .sections
            .iter()
            .find(|sec| sec.fields.iter().any(|f| f.id == field.id))
            && sec.id != section
        {
            section = &sec.id;
            lines.push(Line::styled(
                sec.title.to_uppercase(),
                theme.style(Role::Muted),
            ));
        }
        let focused = field.id == s.focus;
        let mark = if v.required { "*" } else { " " };
        let error = s.errors.iter().find(|e| e.field_id == field.id);
        let label: String = format!("{}{mark}", field.label);
        // A long label wraps onto lines of its own under its start: no
        // word of a safety question is ever cut.
        // One column short of the width, so two spaces always part the
        // label from its value.
        let mut label_parts = super::fit::wrap(&label, label_width - 1).into_iter();
        let label = label_parts.next().unwrap_or_default();
        let label_rest: Vec<String> = label_parts.collect();
        let pad = label_width.saturating_sub(label.width());
        let label_style = if focused {
            theme.style(Role::Focus)
        } else {
            theme.style(Role::Normal)
        };
        let mut spans = vec![
            Span::styled(if focused { "▸ " } else { "  " }, label_style),
            Span::styled(format!("{label}{}", " ".repeat(pad)), label_style),
            Span::raw(" "),
        ];
        if focused {
            focus_line = lines.len();
            match &s.input {
                FieldInput::Line(input) => {
                    let before: String = input.value().chars().take(input.cursor()).collect();
                    cursor = Some((lines.len(), 2 + label_width + 1 + before.width()));
                    spans.push(Span::raw(input.value().to_string()));
                    if let FieldKind::DateTime { date_only } = field.kind
                        && input.value().is_empty()
                    {
                        // The format shows before the first mistake, with
                        // the key that fills in the time now.
                        let format = if date_only {
                            "YYYY-MM-DD"
                        } else {
                            "YYYY-MM-DD HH:MM"
                        };
                        let now = key(state, Context::IntakeForm, Action::Now);
                        spans.push(Span::styled(
                            format!("{format} · {now} now"),
                            theme.style(Role::Muted),
                        ));
                    }
                }
                FieldInput::Keys => spans.push(Span::styled(
                    match value_text(form, s, &field.id) {
                        v if v.is_empty() => "y / n / d".to_string(),
                        v => v,
                    },
                    theme.style(Role::Key),
                )),
                FieldInput::Choice { filter, .. } => {
                    let current = value_text(form, s, &field.id);
                    let shown = if filter.value().is_empty() {
                        if current.is_empty() {
                            "type to filter".to_string()
                        } else {
                            current
                        }
                    } else {
                        format!("filter: {}", filter.value())
                    };
                    cursor = Some((
                        lines.len(),
                        2 + label_width
                            + 1
                            + if filter.value().is_empty() {
                                0
                            } else {
                                8 + filter.value().width()
                            },
                    ));
                    spans.push(Span::styled(shown, theme.style(Role::Muted)));
                }
                FieldInput::Area(_) => {
                    spans.push(Span::styled("(writing below)", theme.style(Role::Muted)))
                }
            }
        } else {
            spans.push(Span::raw(value_text(form, s, &field.id)));
        }
        if let Some(e) = error {
            spans.push(Span::styled(
                format!("  ✗ {}", e.message),
                theme.style(Role::Error),
            ));
        }
        lines.push(Line::from(spans));
        for rest in &label_rest {
            lines.push(Line::styled(format!("  {rest}"), label_style));
        }
        if focused {
            label_extra = label_rest.len();
            match &s.input {
                FieldInput::Choice { highlighted, .. } => {
                    let options = s.filtered_options(form);
                    let chosen: Vec<String> = match s.answers.get(&field.id) {
                        FieldValue::Choice(c) => vec![c.clone()],
                        FieldValue::Choices(c) => c.clone(),
                        _ => Vec::new(),
                    };
                    let start = highlighted.saturating_sub(3);
                    for (i, o) in options.iter().enumerate().skip(start).take(7) {
                        let tick = if chosen.contains(&o.id) { "☑" } else { "☐" };
                        let style = if i == *highlighted {
                            theme.style(Role::Focus)
                        } else {
                            theme.style(Role::Normal)
                        };
                        // An option too long for the pane ends in '…'.
                        lines.push(Line::styled(
                            super::fit::elide(
                                &format!("      {tick} {}", o.label),
                                usize::from(fields_area.width),
                            ),
                            style,
                        ));
                    }
                    if options.is_empty() {
                        lines.push(Line::styled(
                            "      (nothing matches)",
                            theme.style(Role::Muted),
                        ));
                    } else if options.len() > start + 7 {
                        lines.push(Line::styled(
                            format!("      … {} more: type to narrow", options.len() - start - 7),
                            theme.style(Role::Muted),
                        ));
                    }
                }
                FieldInput::Area(_) => {
                    // The editor is drawn over these reserved lines.
                    for _ in 0..6 {
                        lines.push(Line::default());
                    }
                }
                _ => {}
            }
        }
    }
    let height = fields_area.height as usize;
    let scroll = focus_line
        .saturating_sub(height / 3)
        .min(lines.len().saturating_sub(height));
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll as u16, 0)),
        fields_area,
    );
    if let FieldInput::Area(area_editor) = &s.input {
        let top = (focus_line + 1 + label_extra).saturating_sub(scroll);
        if top < height {
            let rect = Rect {
                x: fields_area.x + 4,
                y: fields_area.y + top as u16,
                width: fields_area.width.saturating_sub(5),
                height: (6usize).min(height - top) as u16,
            };
            let block = Block::new().borders(Borders::LEFT);
            let inside = block.inner(rect);
            frame.render_widget(block, rect);
            frame.render_widget(&**area_editor, inside);
        }
    }
    if let Some((line, col)) = cursor
        && line >= scroll
        && line - scroll < height
        && col < fields_area.width as usize
    {
        frame.set_cursor_position(Position::new(
            fields_area.x + col as u16,
            fields_area.y + (line - scroll) as u16,
        ));
    }
    render_side(frame, side, state, pane, s, form, theme, wide, caller_lines);
}

#[allow(clippy::too_many_arguments)]
fn render_side(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    pane: &IntakePane,
    s: &IntakeSession,
    form: &Form,
    theme: &Theme,
    wide: bool,
    caller_lines: Vec<Line<'static>>,
) {
    let mut lines = Vec::new();
    if let Some(message) = &pane.message {
        let role = if message.starts_with('✓') {
            Role::Ok
        } else {
            Role::Error
        };
        lines.push(Line::styled(message.clone(), theme.style(role)));
    }
    if let Some(note) = &s.field_note {
        lines.push(Line::styled(format!("✗ {note}"), theme.style(Role::Error)));
    }
    lines.extend(caller_lines);
    if !s.matches.is_empty() {
        lines.push(Line::styled(
            format!("Known caller? {} earlier match(es)", s.matches.len()),
            theme.style(Role::Title),
        ));
        for m in &s.matches {
            let attached = m.case_id.is_some() && m.case_id == s.attach_case_id;
            lines.push(Line::styled(
                format!(
                    "{} {} · {} · {} contact(s), last {}",
                    if attached { "☑" } else { "·" },
                    m.case_number.as_deref().unwrap_or("no case"),
                    m.why,
                    m.contacts,
                    local_time(m.last_contact_at, state.utc_offset)
                ),
                if attached {
                    theme.style(Role::Focus)
                } else {
                    theme.style(Role::Normal)
                },
            ));
        }
        let complete = key(state, Context::IntakeForm, Action::Complete);
        lines.push(Line::styled(
            match s.attach_case_id {
                Some(_) => format!(
                    "{complete} adds the contact to the ☑ case · {}: next or none",
                    key(state, Context::IntakeForm, Action::Attach)
                ),
                None => format!(
                    "{}: add the contact to a case · {complete}: new case",
                    key(state, Context::IntakeForm, Action::Attach)
                ),
            },
            theme.style(Role::Muted),
        ));
    }
    if wide {
        if let Some(field) = s.focused_field(form) {
            if let Some(help) = &field.help {
                lines.push(Line::default());
                lines.push(Line::styled(help.clone(), theme.style(Role::Muted)));
            }
            if let FieldKind::Number { min, max } = field.kind {
                lines.push(Line::styled(
                    format!("A number from {min} to {max}."),
                    theme.style(Role::Muted),
                ));
            }
        }
        lines.push(Line::default());
    }
    let hints = super::hints::line(
        state,
        Context::IntakeForm,
        &[
            (Action::Complete, "complete"),
            (Action::NextField, "next field"),
            (Action::Back, "hold"),
            (Action::AssessRisk, "risk"),
        ],
        theme,
    );
    let block = if wide {
        Block::new().borders(Borders::LEFT)
    } else {
        Block::new().borders(Borders::TOP)
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The keys keep the last row, whatever the text above needs: the save
    // key is never pushed off screen.
    let hint_rows = if wide { 2 } else { 1 };
    let [body, hint] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(hint_rows)]).areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
    frame.render_widget(Paragraph::new(hints).wrap(Wrap { trim: true }), hint);
}

/// A repeat caller recognised by number or handle, even with no name and
/// no case: how often, when and why they contacted us, and the note the
/// last operator left for this contact.
fn profile_lines(state: &State, s: &IntakeSession, theme: &Theme) -> Vec<Line<'static>> {
    let Some(p) = &s.profile else {
        return Vec::new();
    };
    let day = |at: i64| {
        local_time(at, state.utc_offset)
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let mut lines = vec![Line::styled(
        format!(
            "Contacted us {} time(s) from this number: first {}, last {}",
            p.contacts,
            day(p.first_at),
            day(p.last_at)
        ),
        theme.style(Role::Title),
    )];
    let recent: Vec<String> = p
        .recent
        .iter()
        .map(|(at, contact_type, reason)| {
            let why = reason
                .as_deref()
                .map(|r| r.rsplit('.').next().unwrap_or(r))
                .unwrap_or(contact_type)
                .replace('_', " ");
            format!("{} {why}", day(*at))
        })
        .collect();
    lines.push(Line::styled(
        format!("Recent: {}", recent.join(" · ")),
        theme.style(Role::Normal),
    ));
    if let Some((note, at, by)) = &p.note {
        lines.push(Line::styled(
            format!(
                "Note for next time ({}, {}): {note}",
                by.as_deref().unwrap_or("someone"),
                day(*at)
            ),
            theme.style(Role::Focus),
        ));
    }
    lines
}

/// What the intake knows of risk so far: the provisional level its reasons
/// set until the instrument that fits is run, the instruments run during
/// the call, and a result its draft held that could not be restored.
/// Nothing when none applies.
fn risk_lines(state: &State, s: &IntakeSession, form: &Form, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let run_key = key(state, Context::IntakeForm, Action::AssessRisk);
    if s.assessments_unread && s.assessments.is_empty() {
        lines.push(Line::styled(
            format!(
                "! The risk assessment run earlier in this call could not be restored · {run_key} runs it again"
            ),
            theme.style(Role::Error),
        ));
    }
    for floor in crate::domain::forms::risk_floors(form, &s.answers) {
        if s.assessments
            .iter()
            .any(|a| a.instrument_id == floor.instrument)
        {
            continue;
        }
        let title = state
            .instruments
            .get(&floor.instrument)
            .map_or(floor.instrument.clone(), |i| i.title().to_string());
        lines.push(Line::styled(
            format!(
                "! Risk not assessed: at least {} ({}) until the {title} is done · {run_key} runs it",
                floor.level, floor.because
            ),
            theme.style(Role::Risk(floor.level)),
        ));
    }
    for a in &s.assessments {
        lines.push(Line::styled(
            format!("✓ {} (stored with this contact)", a.summary),
            theme.style(Role::Risk(a.final_level)),
        ));
    }
    lines
}
