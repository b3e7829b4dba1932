//! The case plan on an open case: the summary and the proposed next step
//! in its header, the list of goals and actions (over the timeline), and
//! the dialogs that add to it.

use super::centered;
use super::follow_ups::lateness;
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::case_plan::{ActionField, PlanDialog, PlanRow, PlanState, local_date};
use crate::app::keymap::Context;
use crate::domain::case_plan::{ActionStatus, is_overdue};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

/// The header's plan lines: goals and open actions (how many overdue),
/// and the proposed next step with its keys.
pub fn header_lines(state: &State, plan: &PlanState, theme: &Theme) -> Vec<Line<'static>> {
    let Some(data) = &plan.data else {
        return Vec::new();
    };
    let now = state.now.timestamp();
    let muted = theme.style(Role::Muted);
    let (open, late) = data.plan.open_and_overdue(now);
    let goals = data.plan.goals.len();
    let mut lines = Vec::new();
    // No goal yet: the key hint (p plan) says where to add one.
    if goals > 0 {
        let mut summary = vec![Span::styled("Plan ", muted)];
        summary.push(Span::raw(format!(
            "{goals} goal{} · {open} open action{}",
            if goals == 1 { "" } else { "s" },
            if open == 1 { "" } else { "s" }
        )));
        if late > 0 {
            summary.push(Span::styled(
                format!(" ({late} OVERDUE)"),
                theme.style(Role::Error),
            ));
        }
        lines.push(Line::from(summary));
    }
    if let Some(proposal) = plan.proposal() {
        let mut spans = vec![Span::styled(
            format!("➜ {} ", proposal.text()),
            theme.style(Role::Alert),
        )];
        spans.extend(
            super::hints::line(
                state,
                Context::Case,
                &[
                    (Action::AcceptProposal, "accept"),
                    (Action::DismissProposal, "dismiss"),
                ],
                theme,
            )
            .spans,
        );
        lines.push(Line::from(spans));
    }
    lines
}

/// The key hints of the plan view.
pub fn hints(state: &State, theme: &Theme) -> Line<'static> {
    super::hints::line(
        state,
        Context::CasePlan,
        &[
            (Action::AddGoal, "goal"),
            (Action::AddAction, "action"),
            (Action::EditPlanItem, "change"),
            (Action::MarkDone, "done"),
            (Action::DropAction, "drop"),
            (Action::Back, "back"),
        ],
        theme,
    )
}

fn action_lines<'a>(state: &State, plan: &PlanState, theme: &Theme) -> Vec<(bool, Vec<Line<'a>>)> {
    let now = state.now.timestamp();
    let muted = theme.style(Role::Muted);
    plan.rows()
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let selected = i == plan.selected;
            let marker = Span::styled(if selected { "▸ " } else { "  " }, theme.style(Role::Focus));
            let line = match row {
                PlanRow::Goal(g) => Line::from(vec![
                    marker,
                    Span::styled("Goal ", theme.style(Role::Title)),
                    Span::raw(g.need.clone()),
                ]),
                PlanRow::Action(a) => {
                    let late = is_overdue(a.status, a.due_at, now);
                    let status = if late {
                        Span::styled("OVERDUE ", theme.style(Role::Error))
                    } else {
                        match a.status {
                            ActionStatus::Open => Span::raw("open    "),
                            ActionStatus::Done => Span::styled("done ✓  ", theme.style(Role::Ok)),
                            ActionStatus::Dropped => Span::styled("dropped ", muted),
                        }
                    };
                    let mut spans =
                        vec![marker, Span::raw("  "), status, Span::raw(a.what.clone())];
                    spans.push(Span::styled(
                        format!(
                            " · {} · by {}",
                            a.owner_label,
                            local_date(a.due_at, state.utc_offset)
                        ),
                        muted,
                    ));
                    if late {
                        spans.push(Span::styled(
                            format!(" ({})", lateness(a.due_at, now)),
                            theme.style(Role::Error),
                        ));
                    }
                    if let Some(reason) = &a.drop_reason {
                        spans.push(Span::styled(format!(" — {reason}"), muted));
                    }
                    Line::from(spans)
                }
            };
            let style = if selected {
                theme.style(Role::Focus)
            } else {
                Style::default()
            };
            (selected, vec![line.style(style)])
        })
        .collect()
}

/// The goals and actions, over the timeline's place, the selected row in
/// view.
pub fn render_list(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    plan: &PlanState,
    theme: &Theme,
) {
    let block = Block::new()
        .borders(Borders::TOP)
        .title(" Case plan: goals and actions ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines: Vec<Line<'_>> = Vec::new();
    if let Some(message) = &plan.message {
        let role = if message.starts_with('✓') {
            Role::Ok
        } else {
            Role::Error
        };
        lines.push(Line::styled(message.clone(), theme.style(role)));
    }
    let entries = action_lines(state, plan, theme);
    if plan.data.is_none() {
        lines.push(Line::styled("Reading the plan…", theme.style(Role::Muted)));
    } else if entries.is_empty() {
        lines.push(Line::styled(
            "No goals yet. A goal is a need to meet (safety, school, health…); actions under it say what, who and by when.",
            theme.style(Role::Muted),
        ));
    }
    let width = usize::from(inner.width.max(1));
    let rows =
        |l: &Vec<Line<'_>>| -> usize { l.iter().map(|x| x.width().div_ceil(width).max(1)).sum() };
    let room = usize::from(inner.height).saturating_sub(lines.len());
    let selected = entries.iter().position(|(s, _)| *s).unwrap_or(0);
    let mut first = selected;
    let mut used = entries.get(first).map_or(0, |(_, l)| rows(l));
    while first > 0 && used + rows(&entries[first - 1].1) <= room {
        first -= 1;
        used += rows(&entries[first].1);
    }
    lines.extend(entries.into_iter().skip(first).flat_map(|(_, l)| l));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// A plan dialog over the case.
pub fn render_dialog(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    plan: &PlanState,
    theme: &Theme,
) {
    let Some(dialog) = &plan.dialog else {
        return;
    };
    let width = area.width.saturating_sub(4).min(72);
    let field = |label: &str, value: String, focused: bool| {
        Line::from(vec![
            Span::styled(
                format!("{}{label:<14}", if focused { "▸ " } else { "  " }),
                theme.style(Role::Muted),
            ),
            Span::styled(
                if focused {
                    format!("{value}▏")
                } else {
                    value
                },
                if focused {
                    theme.style(Role::Focus)
                } else {
                    Style::default()
                },
            ),
        ])
    };
    let (title, mut lines) = match dialog {
        PlanDialog::Goal { need, editing } => (
            if editing.is_some() {
                " Change the goal ".to_string()
            } else {
                " New goal of the plan ".to_string()
            },
            vec![field("Need to meet", need.clone(), true)],
        ),
        PlanDialog::Action {
            editing,
            goal,
            what,
            owners,
            owner,
            due,
            focus,
            ..
        } => (
            format!(
                " {} · {} ",
                if editing.is_some() {
                    "Change the action"
                } else {
                    "New action"
                },
                super::fit::elide(goal, usize::from(width) / 2)
            ),
            vec![
                field("What", what.clone(), *focus == ActionField::What),
                field(
                    "Who",
                    format!(
                        "◂ {} ▸",
                        owners.get(*owner).map_or("—", |o| o.label.as_str())
                    ),
                    *focus == ActionField::Owner,
                ),
                field("By (Y-M-D)", due.clone(), *focus == ActionField::Due),
            ],
        ),
        PlanDialog::Drop { what, reason, .. } => (
            " Drop an action ".to_string(),
            vec![
                Line::from(vec![
                    Span::styled("  Action        ", theme.style(Role::Muted)),
                    Span::raw(what.clone()),
                ]),
                field("Why", reason.clone(), true),
            ],
        ),
    };
    if let Some(message) = &plan.message {
        lines.push(Line::styled(message.clone(), theme.style(Role::Error)));
    }
    let hint = super::hints::line(
        state,
        Context::PlanDialog,
        &[
            (Action::Save, if plan.saving { "saving…" } else { "save" }),
            (Action::NextField, "next field"),
            (Action::NextChoice, "who"),
            (Action::Cancel, "cancel"),
        ],
        theme,
    );
    let inner_width = width.saturating_sub(2);
    let body_rows = super::fit::wrapped_rows(&lines, inner_width);
    let hint_rows = super::hints::rows(hint.clone(), inner_width);
    let height = (body_rows + hint_rows.len() as u16 + 2).min(area.height);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(Line::styled(title, theme.style(Role::Title)));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [body, keys] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(hint_rows.len() as u16),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    frame.render_widget(Paragraph::new(hint_rows), keys);
}
