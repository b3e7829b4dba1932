//! The Wallboard pane: the floor at a glance for supervisors. At 80x24 the
//! people table with state, time in state and contact, and the alerts and
//! unassigned urgent cases beneath; wider, more columns (role, workload,
//! exposure) and a sparkline of today's contacts by hour.

use super::format::{risk, waited};
use super::table::{Column, TextRow};
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::wallboard::WallboardPane;
use crate::domain::presence::PresenceState;
use crate::store::alerts::AlertKind;
use crate::store::floor::DayCounts;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// As the width shrinks: exposure, then follow-ups due, then the role and
/// the workload go; name, state, time in state and the contact stay.
const PEOPLE: [Column; 8] = [
    Column::fill("Person", 2, 12, 0),
    Column::fixed("Role", 10, 5),
    Column::fixed("State", 13, 0),
    Column::fixed("For", 7, 0),
    Column::fill("Contact", 2, 16, 0),
    Column::fixed("Load", 5, 2),
    Column::fixed("FU wk", 5, 3),
    Column::fixed("Heavy sh/wk", 11, 4),
];

const LISTS: [Column; 3] = [
    Column::fixed("Level", 10, 0),
    Column::fixed("Case", 15, 0),
    Column::fill("What", 1, 8, 1),
];

/// Wide enough for the lists beside the people rather than below them.
const SIDE_BY_SIDE: u16 = 150;

fn state_symbol(state: PresenceState) -> &'static str {
    match state {
        PresenceState::Available => "●",
        PresenceState::OnContact => "☎",
        PresenceState::AfterContact => "✎",
        PresenceState::Break => "◇",
        PresenceState::Away => "○",
    }
}

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    pane: &WallboardPane,
    theme: &Theme,
) {
    let now = state.now.timestamp();
    let people = pane.floor.as_ref().map_or(0, |f| f.people.len());
    let block = Block::bordered().title(Line::styled(
        format!(" Wallboard · {people} on the floor "),
        theme.style(Role::Title),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(floor) = &pane.floor else {
        let text = pane
            .error
            .clone()
            .unwrap_or_else(|| "Loading the floor…".into());
        frame.render_widget(Paragraph::new(text).style(theme.style(Role::Muted)), inner);
        return;
    };
    let wide = inner.width >= SIDE_BY_SIDE;
    let spark_rows = u16::from(wide && inner.height >= 30);
    let [summary, today, spark, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(spark_rows * 2),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(summary_line(pane, theme, wide), summary);
    frame.render_widget(today_line(pane.day.as_ref(), theme), today);
    if spark_rows > 0
        && let Some(day) = &pane.day
    {
        frame.render_widget(sparkline(day, theme), spark);
    }
    let (people_area, alerts_area, cases_area) = if wide {
        let [left, right] = Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)])
            .spacing(1)
            .areas(body);
        let [a, c] = Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(right);
        (left, a, c)
    } else {
        let list_rows = (body.height / 2).clamp(3, 8);
        let [top, bottom] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(list_rows)]).areas(body);
        let [a, c] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
            .spacing(1)
            .areas(bottom);
        (top, a, c)
    };
    let selected = pane.selected;
    let handle = state.settings.floor.handle_time_secs;
    let weights = state.settings.floor.weights;
    let cap = state.settings.floor.cap.0;
    let plain = Style::default();
    let rows = floor
        .people
        .iter()
        .map(|p| {
            let contact = match (p.state, p.contact_since) {
                (PresenceState::OnContact, Some(since)) => {
                    let late = now - since > handle;
                    // The time and the flag first: a narrow column cuts
                    // the form's name, never them.
                    let text = format!(
                        "{}{} {}",
                        clock(now - since),
                        if late { " ⚠ long" } else { "" },
                        p.form_id.as_deref().unwrap_or("contact").replace('_', " ")
                    );
                    (
                        text,
                        if late {
                            theme.style(Role::Alert)
                        } else {
                            plain
                        },
                    )
                }
                _ => (String::new(), plain),
            };
            let load = pane.workload(p.user_id);
            let weighted = load.map(|w| w.open.weighted(&weights));
            let over = matches!((weighted, cap), (Some(w), Some(c)) if w > c);
            TextRow {
                cells: vec![
                    (p.name.clone(), plain),
                    (p.role.label().to_string(), plain),
                    (
                        format!("{} {}", state_symbol(p.state), p.state.label()),
                        plain,
                    ),
                    (clock(now - p.state_since), plain),
                    contact,
                    (
                        weighted.map_or("—".into(), |w| {
                            format!("{w}{}", if over { "!" } else { "" })
                        }),
                        if over {
                            theme.style(Role::Alert)
                        } else {
                            plain
                        },
                    ),
                    (
                        load.map_or("—".into(), |w| w.follow_ups_due.to_string()),
                        plain,
                    ),
                    (
                        load.map_or("—".into(), |w| {
                            format!("{}/{}", w.heavy_shift, w.heavy_week)
                        }),
                        plain,
                    ),
                ],
                style: plain,
            }
        })
        .collect();
    let in_people = (selected < floor.people.len()).then_some(selected);
    super::table::draw(frame, people_area, &PEOPLE, rows, in_people, theme);

    let alert_rows = floor
        .alerts
        .iter()
        .map(|a| TextRow {
            cells: vec![
                (risk(a.severity), theme.style(Role::Risk(a.severity))),
                (a.case_number.clone().unwrap_or_else(|| "—".into()), plain),
                (
                    format!(
                        "{} · {}",
                        AlertKind::describe(&a.kind),
                        waited(a.raised_at, now)
                    ),
                    plain,
                ),
            ],
            style: plain,
        })
        .collect();
    let first_alert = floor.people.len();
    let in_alerts = selected
        .checked_sub(first_alert)
        .filter(|i| *i < floor.alerts.len());
    list(
        frame,
        alerts_area,
        &format!("Alerts · {} unacknowledged", floor.unacknowledged_alerts),
        alert_rows,
        in_alerts,
        theme,
    );
    let case_rows = floor
        .unassigned
        .iter()
        .map(|c| TextRow {
            cells: vec![
                (risk(c.level), theme.style(Role::Risk(c.level))),
                (c.number.clone(), plain),
                (format!("waiting {}", waited(c.opened_at, now)), plain),
            ],
            style: plain,
        })
        .collect();
    let in_cases = selected
        .checked_sub(first_alert + floor.alerts.len())
        .filter(|i| *i < floor.unassigned.len());
    list(
        frame,
        cases_area,
        &format!("Unassigned high/critical · {}", floor.unassigned_urgent),
        case_rows,
        in_cases,
        theme,
    );
    let note = pane
        .message
        .clone()
        .or_else(|| pane.error.clone())
        .unwrap_or_else(|| "Enter opens the person's case or the alert's case.".into());
    frame.render_widget(Line::styled(note, theme.style(Role::Muted)), footer);
}

fn list(
    frame: &mut Frame<'_>,
    area: Rect,
    title: &str,
    rows: Vec<TextRow>,
    selected: Option<usize>,
    theme: &Theme,
) {
    let [head, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        Line::styled(
            super::fit::elide(title, usize::from(head.width)),
            theme.style(Role::Title),
        ),
        head,
    );
    super::table::draw(frame, table, &LISTS, rows, selected, theme);
}

/// How many are in each state (symbols alone on a narrow screen; the
/// people table beneath names each state), and the overdue work.
fn summary_line<'a>(pane: &WallboardPane, theme: &Theme, wide: bool) -> Line<'a> {
    let mut spans: Vec<Span<'a>> = pane
        .state_counts()
        .into_iter()
        .map(|(s, n)| {
            Span::raw(if wide {
                format!("{} {n} {}  ", state_symbol(s), s.label())
            } else {
                format!("{} {n}  ", state_symbol(s))
            })
        })
        .collect();
    if let Some(floor) = &pane.floor {
        spans.push(Span::styled(
            format!(
                "│ overdue {} follow-ups · {} referrals",
                floor.overdue_follow_ups, floor.overdue_referrals
            ),
            if floor.overdue_follow_ups + floor.overdue_referrals > 0 {
                theme.style(Role::Alert)
            } else {
                Style::default()
            },
        ));
    }
    Line::from(spans)
}

fn today_line<'a>(day: Option<&DayCounts>, theme: &Theme) -> Line<'a> {
    let Some(day) = day else {
        return Line::styled("Today: counting…", theme.style(Role::Muted));
    };
    let channels: String = day
        .by_channel
        .iter()
        .map(|(c, n)| format!(" · {} {n}", c.replace('_', " ")))
        .collect();
    Line::from(vec![
        Span::styled("Today ", theme.style(Role::Title)),
        Span::raw(format!(
            "{} contacts ({} high/critical){channels} │ {} cases opened · {} referrals",
            day.contacts, day.heavy_contacts, day.cases_opened, day.referrals_made,
        )),
    ])
}

/// Today's contacts by hour: one bar per hour, the hours to come blank.
fn sparkline<'a>(day: &DayCounts, theme: &Theme) -> Paragraph<'a> {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let peak = day.by_hour.iter().copied().max().unwrap_or(0);
    let max = peak.max(1);
    let bars: String = day
        .by_hour
        .iter()
        .map(|n| {
            if *n == 0 {
                ' '
            } else {
                BARS[((n * 7) / max) as usize]
            }
        })
        .flat_map(|c| [c, c])
        .collect();
    Paragraph::new(vec![
        Line::from(vec![
            Span::styled("By hour  ", theme.style(Role::Muted)),
            Span::raw(bars),
            Span::styled(format!("  busiest hour {peak}"), theme.style(Role::Muted)),
        ]),
        Line::styled(
            "         0     3     6     9     12    15    18    21",
            theme.style(Role::Muted),
        ),
    ])
}

/// Elapsed time as a clock: "4:05", "1:02:09".
fn clock(secs: i64) -> String {
    let secs = secs.max(0);
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, (secs % 3600) / 60, secs % 60)
    } else {
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}
