//! The dialogs over an open case: step, closing form, worker picker.

use super::centered;
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::case_dialog::{CaseDialog, CloseFocus, ReasonFor, closure_reasons};
use crate::app::cases::CaseView;
use crate::app::state::Screen;
use crate::domain::closure_approval::needs_approval;
use crate::domain::workflow::ClosureReason;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, view: &CaseView, theme: &Theme) {
    let Some(dialog) = &view.dialog else {
        return;
    };
    let selected = |on: bool| {
        if on {
            theme.style(Role::Focus)
        } else {
            theme.style(Role::Normal)
        }
    };
    match dialog {
        CaseDialog::Step {
            options,
            selected: at,
            needs_goal,
            warning,
        } => {
            let extra = u16::from(warning.is_some());
            let popup = centered(area, 44, options.len() as u16 + 4 + extra);
            let mut lines: Vec<Line> = options
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let gated = *s == crate::domain::CaseStatus::CasePlan && *needs_goal;
                    Line::styled(
                        format!(
                            "{} {}{}",
                            if i == *at { "▸" } else { " " },
                            s.label(),
                            if gated { " (needs a goal first)" } else { "" }
                        ),
                        selected(i == *at),
                    )
                })
                .collect();
            if let Some(warning) = warning {
                lines.push(Line::styled(warning.clone(), theme.style(Role::Error)));
            }
            if options.is_empty() {
                lines.push(Line::styled(
                    "No move is allowed from here.",
                    theme.style(Role::Muted),
                ));
            }
            lines.push(Line::styled(
                "Enter moves · Esc cancels",
                theme.style(Role::Muted),
            ));
            draw_box(frame, popup, " Move the case to ", lines, theme);
        }
        CaseDialog::Assign {
            workers,
            selected: at,
        } => {
            // Names and teams as long as people have them: a name too long
            // for its column ends in '…', the team takes the rest of the
            // row, and the two hint lines never give way to the list.
            const NAME: usize = 28;
            let width = area.width.saturating_sub(4).min(76);
            let room = usize::from(width.saturating_sub(2));
            let team_width = room.saturating_sub(2 + NAME + 1 + 6 + 1 + 9 + 2);
            let height = (workers.len().max(1) as u16 + 5).min(area.height);
            let popup = centered(area, width, height);
            let list_rows = usize::from(height.saturating_sub(5)).max(1);
            let mut lines = vec![Line::styled(
                format!(
                    "  {} {:>6} {:>9}  team",
                    super::fit::pad("Case worker", NAME),
                    "open",
                    "weighted"
                ),
                theme.style(Role::Muted),
            )];
            let start = (at + 1).saturating_sub(list_rows);
            for (i, w) in workers.iter().enumerate().skip(start).take(list_rows) {
                lines.push(Line::styled(
                    format!(
                        "{} {} {:>6} {:>9}{} {}",
                        if i == *at { "▸" } else { " " },
                        super::fit::pad(&super::fit::elide(&w.display_name, NAME), NAME),
                        w.open_cases,
                        w.weighted,
                        if w.over_cap.is_some() { "!" } else { " " },
                        super::fit::elide(w.team.as_deref().unwrap_or("—"), team_width)
                    ),
                    selected(i == *at),
                ));
            }
            if workers.is_empty() {
                lines.push(Line::styled(
                    "No case workers yet.",
                    theme.style(Role::Muted),
                ));
            }
            lines.push(Line::styled(
                super::fit::elide(
                    "Least loaded first, weighted by risk; ! over the caseload cap",
                    room,
                ),
                theme.style(Role::Muted),
            ));
            lines.push(Line::styled(
                "Enter assigns · Esc cancels",
                theme.style(Role::Muted),
            ));
            draw_box(frame, popup, " Assign to ", lines, theme);
        }
        CaseDialog::Close {
            reason,
            other,
            note,
            focus,
            confirm_cancel,
            ..
        } => {
            let reasons = closure_reasons(&state.workflow);
            let popup = centered(area, 70, 20);
            frame.render_widget(Clear, popup);
            let block = Block::bordered()
                .border_type(BorderType::Double)
                .title(Line::styled(" Close the case ", theme.style(Role::Title)));
            let inner = block.inner(popup);
            frame.render_widget(block, popup);
            let mut lines = vec![Line::styled(
                "Why is it closing?",
                if *focus == CloseFocus::Reason {
                    theme.style(Role::Title)
                } else {
                    theme.style(Role::Muted)
                },
            )];
            // A long reason wraps under itself rather than lose words.
            let label_width = usize::from(inner.width.saturating_sub(4));
            for (i, r) in reasons.iter().enumerate() {
                let label = state.workflow.closure_label(r);
                let mark = if i == *reason { "◉" } else { "○" };
                let style = selected(i == *reason && *focus == CloseFocus::Reason);
                for (n, part) in super::fit::wrap(&label, label_width)
                    .into_iter()
                    .enumerate()
                {
                    let lead = if n == 0 {
                        format!("  {mark} ")
                    } else {
                        "    ".into()
                    };
                    lines.push(Line::styled(format!("{lead}{part}"), style));
                }
            }
            // The note keeps three rows and the hint its own: the list
            // gives way first.
            let list_rows = (lines.len() as u16).min(inner.height.saturating_sub(7));
            let [list, approval, other_area, note_label, note_area, hint] = Layout::vertical([
                Constraint::Length(list_rows),
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Min(3),
                Constraint::Length(1),
            ])
            .areas(inner);
            frame.render_widget(Paragraph::new(lines), list);
            // Said before saving: whether the case closes now or waits.
            let supervises = matches!(&state.screen,
                Screen::Shell(shell) if shell.session.user.role.supervises());
            let waits = reasons
                .get(*reason)
                .is_some_and(|r| needs_approval(view.detail.peak_risk, r));
            let (said, role) = match (waits, supervises) {
                (true, false) => (
                    "⚠ This closure will wait for a supervisor's approval.",
                    Role::Error,
                ),
                (true, true) => (
                    "Needs a supervisor's approval: yours is given at once.",
                    Role::Muted,
                ),
                (false, _) => ("The case closes at once.", Role::Muted),
            };
            frame.render_widget(Line::styled(said, theme.style(role)), approval);
            if matches!(reasons.get(*reason), Some(ClosureReason::Other(_))) {
                // A reason longer than the row scrolls as it is typed and
                // ends in '…' once the focus moves on: never cut unseen.
                let label = "Other reason: ";
                let [l, value] = Layout::horizontal([
                    Constraint::Length(label.len() as u16),
                    Constraint::Min(1),
                ])
                .areas(other_area);
                let focused = *focus == CloseFocus::Other;
                frame.render_widget(Line::styled(label, selected(focused)), l);
                super::field::text(frame, value, other, focused);
            }
            frame.render_widget(
                Line::styled(
                    "Outcome note (required):",
                    selected(*focus == CloseFocus::Note),
                ),
                note_label,
            );
            // The frame is drawn around the editor, which is rendered by
            // reference: cloning it (undo history and all) per frame would
            // cost more than the keypress it draws.
            let frame_block = Block::bordered();
            let inside = frame_block.inner(note_area);
            frame.render_widget(frame_block, note_area);
            frame.render_widget(&**note, inside);
            let hint_text = if *confirm_cancel {
                Line::styled(
                    "Press Esc again to throw this away.",
                    theme.style(Role::Error),
                )
            } else {
                Line::styled(
                    "Tab next part · Ctrl-S close the case · Esc cancel",
                    theme.style(Role::Muted),
                )
            };
            frame.render_widget(hint_text, hint);
        }
        CaseDialog::Approve { saving } => {
            let popup = centered(area, 70, 12);
            let mut lines = Vec::new();
            match &view.detail.closure_request {
                Some(request) => {
                    lines.push(Line::raw(format!(
                        "Reason: {}",
                        state.workflow.closure_label(&request.reason)
                    )));
                    lines.push(Line::raw(format!(
                        "Asked by {} on {}",
                        request.requested_by.as_deref().unwrap_or("(unknown)"),
                        super::format::local_time(request.requested_at, state.utc_offset)
                    )));
                    lines.push(Line::styled("Outcome note:", theme.style(Role::Muted)));
                    for text in request.outcome_note.lines().take(4) {
                        lines.push(Line::raw(format!("  {text}")));
                    }
                }
                None => lines.push(Line::styled(
                    "The request is being read…",
                    theme.style(Role::Muted),
                )),
            }
            lines.push(Line::styled(
                if *saving {
                    "Approving…"
                } else {
                    "Enter approves: the case closes · Esc cancels"
                },
                theme.style(Role::Muted),
            ));
            draw_box(frame, popup, " Approve the closure ", lines, theme);
        }
        CaseDialog::Reason {
            purpose,
            text,
            saving,
            confirm_cancel,
        } => {
            let above;
            let (title, ask, save) = match purpose {
                ReasonFor::AboveCap { over, .. } => {
                    above = format!(
                        "Caseload {} → {}, above the cap of {}. Why? (on the timeline)",
                        over.before, over.after, over.cap
                    );
                    (" Assign above the cap ", above.as_str(), "Ctrl-S assign")
                }
                ReasonFor::SendBack => (
                    " Send the closure back ",
                    "Why is it sent back? The requester sees this on the case.",
                    "Ctrl-S send back",
                ),
                ReasonFor::Reopen => (
                    " Reopen the case ",
                    "Why is the case reopened? (required)",
                    "Ctrl-S reopen",
                ),
                ReasonFor::Erasure => (
                    " Ask for this case to be anonymised ",
                    "Who asked, and how? No names or numbers. An admin approves.",
                    "Ctrl-S ask",
                ),
            };
            let popup = centered(area, 70, 12);
            frame.render_widget(Clear, popup);
            let block = Block::bordered()
                .border_type(BorderType::Double)
                .title(Line::styled(title, theme.style(Role::Title)));
            let inner = block.inner(popup);
            frame.render_widget(block, popup);
            let [label, editor, hint] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Min(3),
                Constraint::Length(1),
            ])
            .areas(inner);
            frame.render_widget(Line::styled(ask, theme.style(Role::Title)), label);
            let frame_block = Block::bordered();
            let inside = frame_block.inner(editor);
            frame.render_widget(frame_block, editor);
            frame.render_widget(&**text, inside);
            let hint_text = if *confirm_cancel {
                Line::styled(
                    "Press Esc again to throw this away.",
                    theme.style(Role::Error),
                )
            } else if *saving {
                Line::styled("Saving…", theme.style(Role::Muted))
            } else {
                Line::styled(format!("{save} · Esc cancel"), theme.style(Role::Muted))
            };
            frame.render_widget(hint_text, hint);
        }
    }
}

fn draw_box(frame: &mut Frame<'_>, popup: Rect, title: &str, lines: Vec<Line<'_>>, theme: &Theme) {
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(Line::styled(title.to_string(), theme.style(Role::Title)));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
