//! The Referrals pane: the queue, most urgent and longest overdue first,
//! with its filters in words and the lifecycle keys.

use super::field;
use super::format::{deadline, local_time};
use super::table::{Column, TextRow};
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::keymap::Context;
use crate::app::referrals::ReferralsPane;
use crate::domain::response_times::overdue_by;
use crate::domain::{ReferralStatus, RiskLevel, Urgency};
use crate::store::referral_queue::QueueRow;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// The queue's columns. As the width shrinks the case's risk goes first,
/// then the agency (which then follows the service in its column); the
/// line under the queue tells the rest of the selected referral.
const COLUMNS: [Column; 7] = [
    Column::fixed("Urgency", 11, 0),
    Column::fixed("Case", 15, 0),
    Column::fixed("Risk", 10, 2),
    Column::fill("Service", 3, 14, 0),
    Column::fill("Agency", 2, 12, 1),
    Column::fixed("Status", 12, 0),
    Column::fixed("Due", 16, 0),
];

/// The urgency with a symbol, so it reads without colour.
pub fn urgency(u: Urgency) -> String {
    let symbol = match u {
        Urgency::Emergency => "‼",
        Urgency::Urgent => "!",
        Urgency::Routine => "·",
    };
    format!("{symbol} {}", u.as_str())
}

/// Urgency borrows the styles of the risk levels it answers.
pub fn urgency_role(u: Urgency) -> Role {
    match u {
        Urgency::Emergency => Role::Risk(RiskLevel::Critical),
        Urgency::Urgent => Role::Risk(RiskLevel::High),
        Urgency::Routine => Role::Normal,
    }
}

/// "⚠ overdue 3h 05m" for an open referral past due, "due in 2d 4h" for
/// one still in time, "—" for a closed one.
fn due(row: &QueueRow, now: i64) -> (String, bool) {
    if !row.status.is_open() {
        return ("—".into(), false);
    }
    let due_at = row.due_at.timestamp();
    let at = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    match overdue_by(row.due_at, at) {
        Some(_) => (format!("⚠ {}", deadline(Some(due_at), now)), true),
        None => (format!("due {}", deadline(Some(due_at), now)), false),
    }
}

fn key(state: &State, ctx: Context, action: Action) -> String {
    state.keymap.first_key_for(ctx, action)
}

/// Draws the Referrals pane: filters in the title, the queue, the
/// selected referral in full, and the lifecycle keys or the reason field.
pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    pane: &ReferralsPane,
    theme: &Theme,
) {
    let block = Block::bordered().title(Line::styled(
        format!(" Referrals · {} ", pane.filter.describe()),
        theme.style(Role::Title),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The selected referral in full under the queue: as many rows as it
    // wraps to (a long service and agency take three), the queue the rest.
    let detail = pane
        .rows
        .get(pane.selected)
        .map(|row| details_line(state, row, theme));
    let detail_rows = detail.as_ref().map_or(2, |line| {
        super::fit::wrapped_rows(std::slice::from_ref(line), inner.width).clamp(2, 4)
    });
    let [bar, table_area, details, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(detail_rows + 1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    let ctx = Context::Referrals;
    let bar_hints = match &pane.reason {
        Some(prompt) => vec![
            (
                key(state, Context::ReferralReason, Action::Confirm),
                if prompt.to == ReferralStatus::Declined {
                    "mark it declined"
                } else {
                    "cancel the referral"
                },
            ),
            (
                key(state, Context::ReferralReason, Action::Cancel),
                "leave it as it is",
            ),
        ],
        None => vec![
            (key(state, ctx, Action::CycleAgency), "agency"),
            (key(state, ctx, Action::CycleServiceType), "type"),
            (key(state, ctx, Action::CycleReferralStatus), "status"),
            (key(state, ctx, Action::Open), "open the case"),
        ],
    };
    frame.render_widget(field::hints(&bar_hints, theme), bar);
    render_table(frame, table_area, state, pane, theme);
    if let Some(line) = detail {
        frame.render_widget(
            Paragraph::new(line)
                .wrap(Wrap { trim: true })
                .block(Block::new().borders(Borders::TOP)),
            details,
        );
    }

    let line = if let Some(message) = &pane.message {
        field::message(message, theme)
    } else if pane.loading && pane.rows.is_empty() {
        Line::styled("Loading…", theme.style(Role::Muted))
    } else if pane.rows.is_empty() {
        Line::styled("✓ No referrals match.", theme.style(Role::Ok))
    } else {
        let more = if pane.exhausted { "" } else { ", more below" };
        Line::styled(
            format!("{} of {} shown{more}", pane.selected + 1, pane.rows.len()),
            theme.style(Role::Muted),
        )
    };
    frame.render_widget(line, status);

    match &pane.reason {
        Some(prompt) => {
            let why = if prompt.to == ReferralStatus::Declined {
                "Why declined"
            } else {
                "Why cancelled"
            };
            let label = format!("{why} ({}): ", prompt.case_number);
            let [l, input] = Layout::horizontal([
                Constraint::Length(label.chars().count() as u16),
                Constraint::Min(1),
            ])
            .areas(keys);
            frame.render_widget(Span::styled(label, theme.style(Role::Title)), l);
            field::text(frame, input, &prompt.input, true);
        }
        None => frame.render_widget(
            field::hints(&lifecycle_hints(state, pane, ctx), theme),
            keys,
        ),
    }
}

/// The lifecycle keys of the selected referral: only the moves its status
/// allows (a completed referral offers none).
fn lifecycle_hints(
    state: &State,
    pane: &ReferralsPane,
    ctx: Context,
) -> Vec<(String, &'static str)> {
    let allowed = pane
        .rows
        .get(pane.selected)
        .map_or(&[][..], |row| row.status.next());
    [
        (Action::MarkSent, ReferralStatus::Sent, "sent"),
        (
            Action::MarkAcknowledged,
            ReferralStatus::Acknowledged,
            "acknowledged",
        ),
        (Action::MarkAccepted, ReferralStatus::Accepted, "accepted"),
        (Action::MarkDeclined, ReferralStatus::Declined, "declined"),
        (
            Action::MarkCompleted,
            ReferralStatus::Completed,
            "completed",
        ),
        (
            Action::MarkCancelled,
            ReferralStatus::Cancelled,
            "cancelled",
        ),
    ]
    .into_iter()
    .filter(|(_, to, _)| allowed.contains(to))
    .map(|(action, _, label)| (key(state, ctx, action), label))
    .collect()
}

fn render_table(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    pane: &ReferralsPane,
    theme: &Theme,
) {
    let now = state.now.timestamp();
    let keep = super::table::kept(&COLUMNS, area.width);
    let agency_shown = keep[4];
    let plain = Style::default();
    let rows = pane
        .rows
        .iter()
        .map(|r| {
            let (due_text, overdue) = due(r, now);
            let due_style = theme.style(if overdue { Role::Error } else { Role::Normal });
            // Without its own column the agency follows the service.
            let service = if agency_shown {
                r.service_name.clone()
            } else {
                format!("{} · {}", r.service_name, r.organisation_name)
            };
            TextRow {
                cells: vec![
                    (urgency(r.urgency), theme.style(urgency_role(r.urgency))),
                    (r.case_number.clone(), plain),
                    (
                        super::format::risk(r.case_risk),
                        theme.style(Role::Risk(r.case_risk)),
                    ),
                    (service, plain),
                    (r.organisation_name.clone(), plain),
                    (r.status.as_str().to_string(), plain),
                    (due_text, due_style),
                ],
                style: plain,
            }
        })
        .collect();
    super::table::draw(
        frame,
        area,
        &COLUMNS,
        rows,
        (!pane.rows.is_empty()).then_some(pane.selected),
        theme,
    );
}

/// The selected referral in full: where it goes, what kind of help, the
/// case's risk and when it was made and falls due.
fn details_line(state: &State, row: &QueueRow, theme: &Theme) -> Line<'static> {
    let muted = theme.style(Role::Muted);
    Line::from(vec![
        Span::raw(format!("{} — {}", row.service_name, row.organisation_name)),
        Span::styled(" · ", muted),
        Span::raw(row.service_type.label()),
        Span::styled(" · case risk ", muted),
        Span::styled(
            super::format::risk(row.case_risk),
            theme.style(Role::Risk(row.case_risk)),
        ),
        Span::styled(" · referred ", muted),
        Span::raw(local_time(row.created_at.timestamp(), state.utc_offset)),
        Span::styled(" · due ", muted),
        Span::raw(local_time(row.due_at.timestamp(), state.utc_offset)),
    ])
}
