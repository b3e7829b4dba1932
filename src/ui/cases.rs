//! The Cases pane: the case list with filters and search, and an open case.

use super::format::{deadline, local_time, risk, waited};
use super::table::{Column, TextRow};
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::cases::{CaseView, CasesPane};
use crate::app::entry_doc::kind_label;
use crate::app::keymap::Context;
use crate::domain::closure_approval::RequestState;
use crate::store::case_search::MatchedField;
use crate::store::cases::TimelineEntry;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// What an empty list says: why, when need-to-know is the reason (an
/// admin without a case role, an operator who took no call on an open
/// case), and where to look instead.
fn empty_list_text(state: &State, searching: bool) -> &'static str {
    let role = match &state.screen {
        crate::app::state::Screen::Shell(shell) => shell.session.user.viewer().case_role.role,
        crate::app::state::Screen::Login(_) => None,
    };
    match role {
        None => "This account reads no case content (helpline user case-role gives it one).",
        Some(crate::domain::Role::Operator) if !searching => {
            "None of your calls' cases match; / finds any case by number, name or phone."
        }
        Some(_) => "No cases match.",
    }
}

/// The case list's columns, in the order they give way as the width
/// shrinks (`drop`, highest first; 0 never): the worker, then the reason.
/// Search results add what matched, and then the step makes room first: a
/// search is about finding the case, and the step shows once it is open.
fn columns(risk_width: u16, searched: bool) -> Vec<Column> {
    let mut columns = vec![
        Column::fixed("Risk", risk_width, 0),
        Column::fixed("Case", 15, 0),
        Column::fill("Child", 3, 14, 0),
        Column::fill("Reason", 2, 12, 1),
        Column::fixed("Step", 10, if searched { 3 } else { 0 }),
        Column::fill("Worker", 2, 12, 2),
        Column::fixed("Deadline", 17, 0),
    ];
    if searched {
        columns.insert(3, Column::fill("Matched", 2, 12, 0));
    }
    columns
}

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, pane: &CasesPane, theme: &Theme) {
    match &pane.open {
        Some(view) => render_case(frame, area, state, view, theme),
        None => render_list(frame, area, state, pane, theme),
    }
    if let Some(glass) = &pane.glass {
        super::break_glass::render(frame, area, state, glass, theme);
    }
}

fn key(state: &State, ctx: Context, action: Action) -> String {
    state.keymap.first_key_for(ctx, action)
}

fn render_list(frame: &mut Frame<'_>, area: Rect, state: &State, pane: &CasesPane, theme: &Theme) {
    let block = Block::bordered().title(Line::styled(
        format!(" Cases · {} ", pane.filter.describe()),
        theme.style(Role::Title),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let searching = pane.searching || !pane.search.value().is_empty();
    let hints = super::hints::line(
        state,
        Context::Cases,
        &[
            (Action::Search, "search"),
            (Action::FilterApprovals, "approvals"),
            (Action::FilterMine, "mine"),
            (Action::FilterTeam, "team"),
            (Action::FilterUnassigned, "unassigned"),
            (Action::FilterAll, "all"),
            (Action::CycleStatus, "step"),
            (Action::CycleRisk, "risk"),
            (Action::ToggleOverdue, "overdue"),
            (Action::CycleCategory, "reason"),
        ],
        theme,
    );
    // The filter keys go on a second row rather than lose one.
    let hints = super::hints::rows(hints, inner.width);
    let bar_rows = if searching { 1 } else { hints.len() as u16 };
    let [bar, table_area, footer] = Layout::vertical([
        Constraint::Length(bar_rows),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    if searching {
        // A long search scrolls with its cursor, marked where cut.
        let label = "Search: ";
        let [l, input] =
            Layout::horizontal([Constraint::Length(label.width() as u16), Constraint::Min(1)])
                .areas(bar);
        frame.render_widget(Span::styled(label, theme.style(Role::Title)), l);
        super::field::text(frame, input, &pane.search, pane.searching);
    } else {
        frame.render_widget(Paragraph::new(hints), bar);
    }

    if pane.filter.approvals {
        render_approvals(frame, table_area, footer, state, pane, theme);
        return;
    }
    let now = state.now.timestamp();
    let plain = Style::default();
    // Search results say, in words, which field each case matched.
    let searched = !pane.matched.is_empty();
    let wide = area.width >= 100;
    let rows = pane
        .rows
        .iter()
        .map(|r| {
            // A case outside the viewer's work says so where the eye is.
            let lock = if pane.minimal.contains(&r.id) {
                "🔒 "
            } else {
                ""
            };
            let nameless = if r.anonymised {
                "(anonymised)"
            } else {
                "(no name)"
            };
            let child = match (&r.child_name, r.child_age) {
                (Some(name), Some(age)) => format!("{name}, {age}"),
                (Some(name), None) => name.clone(),
                (None, Some(age)) => format!("{nameless}, {age}"),
                (None, None) => nameless.into(),
            };
            let reason = r
                .subcategory
                .as_deref()
                .or(r.category.as_deref())
                .unwrap_or("—");
            let reason = reason
                .rsplit('.')
                .next()
                .unwrap_or(reason)
                .replace('_', " ");
            let due = deadline(r.deadline_at, now);
            let due_style = if r.deadline_at.is_some_and(|d| d < now) {
                theme.style(Role::Error)
            } else {
                theme.style(Role::Normal)
            };
            // "?": a provisional level from the case's reasons, not assessed.
            let level = if r.risk_not_assessed() {
                format!("{}?", risk(r.risk))
            } else {
                risk(r.risk)
            };
            let mut cells = vec![
                (level, theme.style(Role::Risk(r.risk))),
                (r.number.clone(), plain),
                (format!("{lock}{child}"), plain),
                (reason, plain),
                if r.unreachable {
                    ("⚠ not reachable".to_string(), theme.style(Role::Error))
                } else if r.closure == Some(RequestState::Pending) {
                    // The case keeps its step; the marker says it waits.
                    (PENDING_MARK.to_string(), plain)
                } else {
                    (r.status.label().to_string(), plain)
                },
                if pane.minimal.contains(&r.id) {
                    // Outside the viewer's work: who holds it is not shown.
                    ("—".to_string(), theme.style(Role::Muted))
                } else {
                    (
                        r.worker.clone().unwrap_or_else(|| "unassigned".into()),
                        plain,
                    )
                },
                (due, due_style),
            ];
            if searched {
                cells.insert(3, (matched_label(pane.matched.get(&r.id), wide), plain));
            }
            TextRow {
                cells,
                style: plain,
            }
        })
        .collect();
    let risk_width = if pane.rows.iter().any(|r| r.risk_not_assessed()) {
        11
    } else {
        10
    };
    super::table::draw(
        frame,
        table_area,
        &columns(risk_width, searched),
        rows,
        (!pane.rows.is_empty()).then_some(pane.selected),
        theme,
    );

    let status = if let Some(error) = &pane.error {
        Line::styled(format!("✗ {error}"), theme.style(Role::Error))
    } else if pane.loading && pane.rows.is_empty() {
        Line::styled("Loading…", theme.style(Role::Muted))
    } else if pane.rows.is_empty() {
        Line::styled(empty_list_text(state, searching), theme.style(Role::Muted))
    } else {
        let more = if pane.exhausted { "" } else { ", more below" };
        let mut legend = String::new();
        if pane.rows.iter().any(|r| r.risk_not_assessed()) {
            legend.push_str(" · ? risk not assessed");
        }
        if pane
            .rows
            .iter()
            .any(|r| r.closure == Some(RequestState::Pending))
        {
            legend.push_str(" · ◷ closure pending approval");
        }
        if pane.rows.iter().any(|r| pane.minimal.contains(&r.id)) {
            legend.push_str(" · 🔒 outside your work: opening asks why");
        }
        Line::styled(
            format!(
                "{} of {} shown{more} · Enter opens{legend}",
                pane.selected + 1,
                pane.rows.len()
            ),
            theme.style(Role::Muted),
        )
    };
    frame.render_widget(status, footer);
}

/// The case's follow-up side: the next follow-up and how late, the last
/// contact, failed attempts since, and while the person is not reachable,
/// what to try next. Nothing for a closed case.
fn follow_up_lines(
    state: &State,
    f: &crate::store::follow_ups::FollowUpState,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let muted = theme.style(Role::Muted);
    if f.next_at.is_none() && f.last_contact_at.is_none() && f.unreachable_since.is_none() {
        return Vec::new();
    }
    let now = state.now.timestamp();
    let mut spans = vec![Span::styled("Follow-up ", muted)];
    match f.next_at {
        Some(next) => {
            let late = next < now;
            spans.push(Span::styled(
                format!(
                    "{} ({})",
                    local_time(next, state.utc_offset),
                    super::follow_ups::lateness(next, now)
                ),
                theme.style(if late { Role::Error } else { Role::Normal }),
            ));
        }
        None => spans.push(Span::raw("none scheduled")),
    }
    spans.push(Span::styled("   Last contact ", muted));
    spans.push(Span::raw(
        f.last_contact_at
            .map_or_else(|| "—".into(), |t| local_time(t, state.utc_offset)),
    ));
    spans.push(Span::styled("   Attempts since ", muted));
    spans.push(Span::raw(f.attempts.to_string()));
    let mut lines = vec![Line::from(spans)];
    if f.unreachable_since.is_some() {
        let steps = if f.next_steps.is_empty() {
            String::new()
        } else {
            format!(": {}", f.next_steps.join("; "))
        };
        lines.push(Line::styled(
            format!(
                "⚠ NOT REACHABLE after {} failed attempts{steps}",
                f.attempts
            ),
            theme.style(Role::Error),
        ));
        if let Some(days) = f.no_contact_days {
            lines.push(Line::styled(
                format!(
                    "No contact for {days} days: closing for \"no contact\" is proposed to the supervisors"
                ),
                theme.style(Role::Error),
            ));
        }
    }
    lines
}

/// The Step cell of a case whose closure waits for a supervisor.
const PENDING_MARK: &str = "◷ approval";

/// The approvals list: closures awaiting a supervisor, oldest first.
fn render_approvals(
    frame: &mut Frame<'_>,
    table_area: Rect,
    footer: Rect,
    state: &State,
    pane: &CasesPane,
    theme: &Theme,
) {
    let now = state.now.timestamp();
    let plain = Style::default();
    let columns = vec![
        Column::fixed("Waited", 8, 0),
        Column::fixed("Case", 15, 0),
        Column::fill("Child", 2, 10, 2),
        Column::fill("Reason", 3, 12, 0),
        Column::fill("Asked by", 2, 10, 0),
        Column::fixed("Risk", 10, 1),
    ];
    let rows = pane
        .approvals
        .iter()
        .map(|p| TextRow {
            cells: vec![
                (waited(p.request.requested_at, now), plain),
                (p.case_number.clone(), plain),
                (
                    p.child_name.clone().unwrap_or_else(|| "(no name)".into()),
                    plain,
                ),
                (state.workflow.closure_label(&p.request.reason), plain),
                (
                    p.request
                        .requested_by
                        .clone()
                        .unwrap_or_else(|| "(unknown)".into()),
                    plain,
                ),
                (risk(p.risk), theme.style(Role::Risk(p.risk))),
            ],
            style: plain,
        })
        .collect();
    super::table::draw(
        frame,
        table_area,
        &columns,
        rows,
        (!pane.approvals.is_empty()).then_some(pane.selected),
        theme,
    );
    let status = if let Some(error) = &pane.error {
        Line::styled(format!("✗ {error}"), theme.style(Role::Error))
    } else if pane.loading && pane.approvals.is_empty() {
        Line::styled("Loading…", theme.style(Role::Muted))
    } else if pane.approvals.is_empty() {
        Line::styled("No closure awaits approval.", theme.style(Role::Muted))
    } else {
        Line::styled(
            format!(
                "{} of {} waiting, oldest first · Enter opens the case to decide",
                pane.selected + 1,
                pane.approvals.len()
            ),
            theme.style(Role::Muted),
        )
    };
    frame.render_widget(status, footer);
}

/// The header line about a closure waiting or sent back, if any.
fn closure_line(state: &State, view: &CaseView, theme: &Theme) -> Option<Line<'static>> {
    let request = view.detail.closure_request.as_ref()?;
    let now = state.now.timestamp();
    match view.detail.row.closure? {
        RequestState::Pending => {
            // The supervisor's keys before the details, so that 80
            // columns never cut them off.
            let mut spans = vec![Span::styled(
                "◷ Closure pending approval  ",
                theme.style(Role::Error),
            )];
            let hints = super::hints::line(
                state,
                Context::Case,
                &[
                    (Action::ApproveClosure, "approve"),
                    (Action::SendBackClosure, "send back"),
                ],
                theme,
            );
            spans.extend(hints.spans);
            spans.push(Span::styled(
                format!(
                    "{}, asked by {} {} ago",
                    state.workflow.closure_label(&request.reason),
                    request.requested_by.as_deref().unwrap_or("(unknown)"),
                    waited(request.requested_at, now)
                ),
                theme.style(Role::Muted),
            ));
            Some(Line::from(spans))
        }
        RequestState::SentBack => Some(Line::styled(
            format!(
                "↩ Closure sent back by {}: {}",
                request.decided_by.as_deref().unwrap_or("a supervisor"),
                request
                    .decision_note
                    .as_deref()
                    .unwrap_or("")
                    .lines()
                    .next()
                    .unwrap_or("")
            ),
            theme.style(Role::Error),
        )),
        RequestState::Approved => None,
    }
}

fn render_case(frame: &mut Frame<'_>, area: Rect, state: &State, view: &CaseView, theme: &Theme) {
    if let Some(entry) = &view.entry {
        super::timeline_entry::render(frame, area, state, view, entry, theme);
        return;
    }
    let d = &view.detail;
    let now = state.now.timestamp();
    let block = Block::bordered().title(Line::styled(
        format!(" Case {} ", d.row.number),
        theme.style(Role::Title),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let editor_height = if view.editor.is_some() {
        inner.height / 2
    } else {
        0
    };

    let child = format!(
        "{}{}{}",
        d.row.child_name.as_deref().unwrap_or(if d.row.anonymised {
            "(anonymised)"
        } else {
            "(no name)"
        }),
        d.row
            .child_age
            .map(|a| format!(", {a}"))
            .unwrap_or_default(),
        d.child_gender
            .as_deref()
            .map(|g| format!(", {g}"))
            .unwrap_or_default()
    );
    let muted = theme.style(Role::Muted);
    let mut lines = vec![
        Line::from(vec![
            // Risk and deadline first: a long name must never push them off.
            Span::styled("Risk ", muted),
            Span::styled(risk(d.row.risk), theme.style(Role::Risk(d.row.risk))),
            Span::styled(
                if d.row.risk_not_assessed() {
                    " (risk not assessed: press a)"
                } else {
                    ""
                },
                theme.style(Role::Error),
            ),
            Span::styled("   Deadline ", muted),
            Span::raw(deadline(d.row.deadline_at, now)),
            Span::styled("   Child ", muted),
            Span::raw(child),
        ]),
        Line::from(vec![
            Span::styled("Step ", muted),
            Span::raw(d.row.status.label()),
            Span::styled("   Worker ", muted),
            Span::raw(d.row.worker.clone().unwrap_or_else(|| "unassigned".into())),
            Span::styled("   Consent ", muted),
            Span::raw(d.consent.clone().unwrap_or_else(|| "not recorded".into())),
        ]),
        Line::from(vec![
            Span::styled("Opened ", muted),
            Span::raw(local_time(d.row.opened_at, state.utc_offset)),
            Span::styled("   Location ", muted),
            Span::raw(d.location.clone().unwrap_or_else(|| "—".into())),
            Span::styled("   Language ", muted),
            Span::raw(d.language.clone().unwrap_or_else(|| "—".into())),
        ]),
    ];
    if d.restricted {
        lines.push(Line::styled(
            "🔒 Restricted: only its worker and supervisors see this case",
            theme.style(Role::Alert),
        ));
    }
    lines.extend(closure_line(state, view, theme));
    lines.extend(follow_up_lines(state, &d.follow_up, theme));
    lines.extend(super::case_plan::header_lines(state, &view.plan, theme));
    // Long names and places wrap onto more rows rather than be cut; the
    // keys move whole to a row of their own, and the timeline gets the rest.
    let keys = match &view.notice {
        Some(notice) => vec![Line::styled(
            notice.clone(),
            theme.style(if notice.starts_with('✓') {
                Role::Ok
            } else {
                Role::Error
            }),
        )],
        None if view.plan.open => {
            super::hints::rows(super::case_plan::hints(state, theme), inner.width)
        }
        None => super::hints::rows(
            super::hints::line(
                state,
                Context::Case,
                &[
                    (Action::Open, "open entry"),
                    (Action::AddNote, "note"),
                    (Action::AssessRisk, "assess risk"),
                    (
                        Action::ChangeStep,
                        if d.row.status == crate::domain::CaseStatus::Closed {
                            "reopen"
                        } else {
                            "step"
                        },
                    ),
                    (Action::CasePlan, "plan"),
                    (Action::AssignCase, "assign"),
                    (
                        Action::RestrictCase,
                        if d.restricted {
                            "lift restriction"
                        } else {
                            "restrict"
                        },
                    ),
                    (Action::Refer, "refer"),
                    (Action::Back, "back"),
                ],
                theme,
            ),
            inner.width,
        ),
    };
    lines.extend(keys);
    let header_rows = super::fit::wrapped_rows(&lines, inner.width)
        .min(inner.height.saturating_sub(editor_height + 2));
    let [header, timeline_area, editor_area] = Layout::vertical([
        Constraint::Length(header_rows),
        Constraint::Min(1),
        Constraint::Length(editor_height),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), header);
    if view.plan.open {
        super::case_plan::render_list(frame, timeline_area, state, &view.plan, theme);
        super::case_plan::render_dialog(frame, area, state, &view.plan, theme);
        super::case_dialog::render(frame, area, state, view, theme);
        return;
    }

    // The journey strip above the timeline, when the timeline keeps at
    // least four rows beside it.
    let timeline_area = if timeline_area.height >= super::journey::ROWS + 4 {
        let [strip, rest] =
            Layout::vertical([Constraint::Length(super::journey::ROWS), Constraint::Min(1)])
                .areas(timeline_area);
        super::journey::render(frame, strip, view, theme);
        rest
    } else {
        timeline_area
    };
    let width = usize::from(timeline_area.width.max(1));
    let entries: Vec<Vec<Line<'_>>> = view
        .timeline
        .iter()
        .enumerate()
        .map(|(i, entry)| timeline_lines(state, entry, i == view.selected, theme))
        .collect();
    // Start high enough up that the selected entry is in view.
    let height = usize::from(timeline_area.height.saturating_sub(1));
    let rows = |lines: &Vec<Line<'_>>| -> usize {
        lines.iter().map(|l| l.width().div_ceil(width).max(1)).sum()
    };
    let mut first = view.selected.min(entries.len().saturating_sub(1));
    let mut used = entries.get(first).map_or(0, rows);
    while first > 0 && used + rows(&entries[first - 1]) <= height {
        first -= 1;
        used += rows(&entries[first]);
    }
    let lines: Vec<Line<'_>> = entries.into_iter().skip(first).flatten().collect();
    let timeline = Paragraph::new(lines).wrap(Wrap { trim: false }).block(
        Block::new()
            .borders(Borders::TOP)
            .title(match super::journey::selected_word(view) {
                Some(word) => format!(" Timeline (newest first) · ^ {word} "),
                None => " Timeline (newest first) ".to_string(),
            }),
    );
    frame.render_widget(timeline, timeline_area);

    if let Some(editor) = &view.editor {
        let save = key(state, Context::Editor, Action::Save);
        let cancel = key(state, Context::Editor, Action::Cancel);
        let [message, edit] = Layout::vertical([
            Constraint::Length(if view.conflict.is_some() { 2 } else { 0 }),
            Constraint::Min(1),
        ])
        .areas(editor_area);
        if let Some(conflict) = &view.conflict {
            frame.render_widget(
                Paragraph::new(Line::styled(
                    format!("⚠ {conflict}"),
                    theme.style(Role::Error),
                ))
                .wrap(Wrap { trim: true }),
                message,
            );
        }
        let title = if view.saving {
            " New note · saving… ".to_string()
        } else {
            format!(" New note · {save} save · {cancel} cancel ")
        };
        let block = Block::bordered().title(title);
        let inside = block.inner(edit);
        frame.render_widget(block, edit);
        frame.render_widget(editor, inside);
    }
    super::case_dialog::render(frame, area, state, view, theme);
}

/// One timeline entry: a marker on the selected one, when, what, who, and
/// a note's text under it.
fn timeline_lines<'a>(
    state: &State,
    entry: &'a TimelineEntry,
    selected: bool,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let muted = theme.style(Role::Muted);
    let marker = if selected { "▸ " } else { "  " };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(marker, theme.style(Role::Focus)),
            Span::styled(local_time(entry.at, state.utc_offset), muted),
            Span::raw("  "),
            Span::styled(
                format!("{:<11}", kind_label(&entry.kind)),
                theme.style(Role::Title),
            ),
            Span::raw(entry.summary.as_str()),
            Span::styled(
                entry
                    .actor
                    .as_deref()
                    .map(|a| format!(" — {a}"))
                    .unwrap_or_default(),
                muted,
            ),
        ])
        .style(if selected {
            theme.style(Role::Focus)
        } else {
            ratatui::style::Style::default()
        }),
    ];
    if let Some(body) = &entry.body {
        for text in body.lines() {
            lines.push(Line::raw(format!("      {text}")));
        }
    }
    lines
}

/// The fields a search result matched, e.g. "name, note"; in a narrow list
/// the first and how many more ("note +1").
fn matched_label(fields: Option<&Vec<MatchedField>>, wide: bool) -> String {
    let Some(fields) = fields.filter(|f| !f.is_empty()) else {
        return String::new();
    };
    if wide || fields.len() == 1 {
        fields
            .iter()
            .map(|f| f.label())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        format!("{} +{}", fields[0].label(), fields.len() - 1)
    }
}
