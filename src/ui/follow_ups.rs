//! The Follow-ups pane and the form that records a follow-up.

use super::format::{local_time, risk};
use super::table::{Column, TextRow};
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::follow_ups::{CHANNELS, Field, FollowUpForm, FollowUpsPane, Section};
use crate::app::keymap::Context;
use crate::domain::follow_up::Reached;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// The list's columns. As the width shrinks the due date goes first (how
/// late or how soon stays), then the lateness and attempts, then the
/// child's name; when, level and case always stay.
const COLUMNS: [Column; 6] = [
    Column::fixed("When", 9, 0),
    Column::fixed("Level", 10, 0),
    Column::fixed("Case", 15, 0),
    Column::fixed("Due", 16, 3),
    Column::fill("Child", 1, 12, 1),
    Column::fixed("Late · attempts", 18, 2),
];

/// How far a due date is from now, as the rest of the app says it:
/// "overdue 2d 3h", "in 4h 10m".
pub fn lateness(due: i64, now: i64) -> String {
    super::format::deadline(Some(due), now)
}

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    pane: &FollowUpsPane,
    theme: &Theme,
) {
    let q = &pane.queue;
    let block = Block::bordered().title(Line::styled(
        format!(
            " Follow-ups · {} · {} overdue, {} due today, {} upcoming ",
            pane.scope.label(),
            q.overdue.len(),
            q.due_today.len(),
            q.upcoming.len()
        ),
        theme.style(Role::Title),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let now = state.now.timestamp();
    // Overdue plan actions wrap onto up to three rows; past that the text
    // ends in '…' rather than being cut where the screen ends.
    let mut actions = overdue_actions_line(&q.overdue_actions, now, theme);
    let mut actions_rows = if q.overdue_actions.is_empty() {
        0
    } else {
        super::fit::wrapped_rows(std::slice::from_ref(&actions), inner.width)
    };
    if actions_rows > 3 {
        let text: String = actions.spans.iter().map(|s| s.content.as_ref()).collect();
        let room = usize::from(inner.width) * 3 - 2;
        actions = Line::styled(super::fit::elide(&text, room), theme.style(Role::Error));
        actions_rows = 3;
    }
    let [actions_area, table_area, footer] = Layout::vertical([
        Constraint::Length(actions_rows),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    if actions_rows > 0 {
        frame.render_widget(
            Paragraph::new(actions).wrap(Wrap { trim: false }),
            actions_area,
        );
    }
    let plain = Style::default();
    let rows = pane.rows();
    let table_rows = rows
        .iter()
        .map(|(section, r)| {
            let when = match section {
                Section::Overdue => ("overdue".to_string(), theme.style(Role::Error)),
                Section::DueToday => ("today".to_string(), theme.style(Role::Alert)),
                Section::Upcoming => ("upcoming".to_string(), plain),
            };
            let attempts = match (r.unreachable, r.attempts) {
                (true, n) => format!("NOT REACHABLE ({n})"),
                (false, 0) => lateness(r.due_at, now),
                (false, n) => format!("{n} failed · {}", lateness(r.due_at, now)),
            };
            TextRow {
                cells: vec![
                    when,
                    (risk(r.level), theme.style(Role::Risk(r.level))),
                    (r.number.clone(), plain),
                    (local_time(r.due_at, state.utc_offset), plain),
                    (
                        r.child_name.clone().unwrap_or_else(|| "(no name)".into()),
                        plain,
                    ),
                    (attempts, plain),
                ],
                style: plain,
            }
        })
        .collect();
    super::table::draw(
        frame,
        table_area,
        &COLUMNS,
        table_rows,
        (!rows.is_empty()).then_some(pane.selected),
        theme,
    );
    let line = if let Some(message) = &pane.message {
        let role = if message.starts_with('✓') {
            Role::Ok
        } else {
            Role::Muted
        };
        Line::styled(message.clone(), theme.style(role))
    } else if rows.is_empty() && pane.loaded_once {
        Line::styled("✓ No follow-ups waiting.", theme.style(Role::Ok))
    } else {
        let mut keys = vec![
            (Action::RecordFollowUp, "record follow-up"),
            (Action::Open, "open case"),
            (Action::FilterMine, "mine"),
            (Action::FilterTeam, "team"),
        ];
        // Every case's follow-ups are for those who supervise.
        if state.session().is_some_and(|s| s.user.role.supervises()) {
            keys.push((Action::FilterAll, "all"));
        }
        super::hints::line(state, Context::FollowUps, &keys, theme)
    };
    frame.render_widget(line, footer);
    if let Some(form) = &pane.form {
        render_form(frame, area, state, form, theme);
    }
}

/// The viewer's own plan actions past their date, on one line: how many,
/// then each case and action, the most overdue first.
fn overdue_actions_line<'a>(
    actions: &'a [crate::store::case_plans::OverduePlanAction],
    now: i64,
    theme: &Theme,
) -> Line<'a> {
    let mut spans = vec![Span::styled(
        format!(
            "⚑ {} overdue plan action{}: ",
            actions.len(),
            if actions.len() == 1 { "" } else { "s" }
        ),
        theme.style(Role::Error),
    )];
    for (i, a) in actions.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.style(Role::Muted)));
        }
        spans.push(Span::styled(a.number.as_str(), theme.style(Role::Title)));
        spans.push(Span::styled(
            format!(" {}", lateness(a.due_at, now)),
            theme.style(Role::Error),
        ));
        spans.push(Span::raw(format!(": {}", a.what)));
    }
    Line::from(spans)
}

/// The form, over the lower part of the pane, one field a line; the save
/// hint is its last line, so it is never pushed off screen.
fn render_form(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    form: &FollowUpForm,
    theme: &Theme,
) {
    let fields = form.fields();
    let height = (fields.len() as u16 + 4).min(area.height);
    let box_area = Rect {
        y: area.y + area.height - height,
        height,
        ..area
    };
    frame.render_widget(Clear, box_area);
    let block = Block::bordered().title(Line::styled(
        format!(" Follow-up of {} ({}) ", form.number, risk(form.level)),
        theme.style(Role::Title),
    ));
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let [body, error, hint] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let choice = |text: &str| format!("◂ {text} ▸");
    let lines: Vec<Line<'_>> = fields
        .iter()
        .map(|field| {
            let (label, value) = match field {
                Field::Reached => ("How it went", choice(form.reached.label())),
                Field::When => (
                    "When (YYYY-MM-DD HH:MM)",
                    if form.when.value().is_empty() && form.focus != Field::When {
                        "now".to_string()
                    } else {
                        form.when.value().to_string()
                    },
                ),
                Field::Who => ("Who answered", form.who.value().to_string()),
                Field::Channel => ("How", choice(CHANNELS[form.channel])),
                Field::SafeNow => ("Safe now?", choice(form.safe_now.label())),
                Field::NewConcern => (
                    "New concern",
                    choice(if form.new_concern { "Yes" } else { "No" }),
                ),
                Field::Needs => (
                    "Needs",
                    choice(form.needs.map_or("not asked", |n| n.label())),
                ),
                Field::Progress => ("Progress on the plan", form.progress.value().to_string()),
                Field::Note => ("Note", form.note.value().to_string()),
                Field::Next => (
                    "Next (YYYY-MM-DD HH:MM)",
                    if form.next.value().is_empty() && form.focus != Field::Next {
                        "by the schedule".to_string()
                    } else {
                        form.next.value().to_string()
                    },
                ),
                Field::Reason => ("Reason if later", form.reason.value().to_string()),
            };
            let focused = *field == form.focus;
            let marker = if focused { "▸ " } else { "  " };
            let style = if focused {
                theme.style(Role::Focus)
            } else {
                Style::default()
            };
            Line::from(vec![
                Span::styled(format!("{marker}{label:<24}"), theme.style(Role::Muted)),
                Span::styled(value, style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    if let Some(message) = &form.error {
        frame.render_widget(
            Line::styled(message.clone(), theme.style(Role::Error)),
            error,
        );
    } else if form.reached == Reached::NotReached {
        frame.render_widget(
            Line::styled(
                "Counts as a failed attempt; the case's safe contact time applies.",
                theme.style(Role::Muted),
            ),
            error,
        );
    }
    frame.render_widget(
        super::hints::line(
            state,
            Context::FollowUpForm,
            &[
                (Action::Save, "save"),
                (Action::NextChoice, "change"),
                (Action::NextField, "next field"),
                (Action::Cancel, "cancel"),
            ],
            theme,
        ),
        hint,
    );
}
