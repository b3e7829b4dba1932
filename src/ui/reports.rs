//! The Reports pane: the list of reports, the period and team, and the
//! chosen report as a chart (bars, or a sparkline over the hours of the
//! day) with its numbers as a table beneath. Every bar carries its number
//! as text and the table repeats it, so colour is never the only signal.

use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::keymap::Context;
use crate::app::reports::ReportsPane;
use crate::domain::report::{ChartKind, ReportName, ReportTable};
use crate::domain::safe_text::terminal_line;
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, Sparkline, Wrap};
use unicode_width::UnicodeWidthStr;

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, pane: &ReportsPane, theme: &Theme) {
    let block = Block::bordered().title(Line::styled(" Reports ", theme.style(Role::Title)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if !pane.allowed {
        frame.render_widget(
            Paragraph::new(vec![Line::styled(
                "Reports are for supervisors and admins: they count the whole helpline's work.",
                theme.style(Role::Muted),
            )])
            .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let [header, status, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(header_line(state, pane, theme), header);
    frame.render_widget(status_line(state, pane, theme), status);
    // The list is narrow on 80 columns: the names, not the titles.
    let list_width = if body.width >= 120 { 37 } else { 21 };
    let [list, report] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Min(10)]).areas(body);
    render_list(frame, list, pane, theme, list_width >= 34);
    if let Some((table, _)) = &pane.shown {
        render_report(frame, report, table, theme);
    }
}

fn key(state: &State, context: Context, action: Action) -> String {
    state.keymap.first_key_for(context, action)
}

fn header_line<'a>(state: &State, pane: &'a ReportsPane, theme: &Theme) -> Line<'a> {
    let today = state.now.date_naive();
    let mut spans = Vec::new();
    if let Some(range) = &pane.range {
        spans.push(Span::raw("Period (first last day): "));
        spans.push(Span::styled(
            format!("{}▏", range.value()),
            theme.style(Role::Focus),
        ));
        spans.push(Span::styled(
            format!(
                "  {} apply  {} cancel",
                key(state, Context::ReportRange, Action::Submit),
                key(state, Context::ReportRange, Action::Close)
            ),
            theme.style(Role::Muted),
        ));
        return Line::from(spans);
    }
    let period = pane.period.resolve(today);
    let named = pane.period.label();
    let period_text = if named.contains(" to ") {
        named
    } else {
        format!("{named} ({})", period.label())
    };
    spans.push(Span::styled(
        key(state, Context::Reports, Action::CyclePeriod),
        theme.style(Role::Key),
    ));
    spans.push(Span::raw(format!(" {period_text}  ")));
    spans.push(Span::styled(
        key(state, Context::Reports, Action::CycleTeam),
        theme.style(Role::Key),
    ));
    let team = pane.team.as_deref().map_or_else(
        || "all teams".to_string(),
        |t| format!("team {}", terminal_line(t, 20)),
    );
    spans.push(Span::raw(format!(" {team}  ")));
    spans.push(Span::styled(
        key(state, Context::Reports, Action::CustomPeriod),
        theme.style(Role::Key),
    ));
    spans.push(Span::raw(" custom"));
    Line::from(spans)
}

/// Computing, an error, or what the report on screen covers.
fn status_line<'a>(state: &State, pane: &'a ReportsPane, theme: &Theme) -> Line<'a> {
    if let Some(error) = &pane.error {
        return Line::styled(
            format!("⚠ {}", terminal_line(error, 200)),
            theme.style(Role::Error),
        );
    }
    if let Some((_, since)) = pane.computing {
        let secs = (state.now.timestamp() - since).max(0);
        // A spinner that moves with the clock's tick, and the words.
        let spin = ['◐', '◓', '◑', '◒'][(secs % 4) as usize];
        return Line::styled(
            format!("{spin} computing {}… {secs}s", pane.report().title()),
            theme.style(Role::Focus),
        );
    }
    match &pane.shown {
        Some((table, query)) => Line::styled(
            format!(
                "✓ {} · {} · {}",
                table.name.title(),
                query.period.label(),
                query.team.as_deref().map_or("all teams", |t| t)
            ),
            theme.style(Role::Muted),
        ),
        None => Line::raw(""),
    }
}

fn render_list(frame: &mut Frame<'_>, area: Rect, pane: &ReportsPane, theme: &Theme, titles: bool) {
    let lines: Vec<Line> = ReportName::ALL
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let text = if titles { name.title() } else { name.as_str() };
            if i == pane.selected {
                Line::styled(format!("▶ {text}"), theme.style(Role::Focus))
            } else {
                Line::raw(format!("  {text}"))
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The column a chart draws: the median of the timings, the average handle
/// time, else the first count.
fn chart_column(name: ReportName) -> usize {
    match name {
        ReportName::Timings | ReportName::HandleTime => 1,
        _ => 0,
    }
}

fn render_report(frame: &mut Frame<'_>, area: Rect, table: &ReportTable, theme: &Theme) {
    let rows: Vec<&crate::domain::report::ReportRow> = table
        .rows
        .iter()
        .filter(|r| r.label != "total" && r.label != "all channels")
        .collect();
    let title = Line::styled(table.name.title(), theme.style(Role::Title));
    let note_rows = u16::from(table.note.is_some());
    let table_rows = table.rows.len() as u16 + 1;
    let room = area.height.saturating_sub(1 + note_rows);
    let chart_rows = match table.chart {
        ChartKind::Line => 3.min(room.saturating_sub(3)),
        ChartKind::Bars => {
            let want = rows.len() as u16;
            // The numbers come first: the chart takes what the table leaves,
            // at least three bars when there is any room.
            want.min(room.saturating_sub(table_rows.min(room / 2)))
        }
    };
    let [title_area, chart_area, table_area, note_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(
            chart_rows + u16::from(table.chart == ChartKind::Line && chart_rows > 0),
        ),
        Constraint::Min(1),
        Constraint::Length(note_rows),
    ])
    .areas(area);
    frame.render_widget(title, title_area);
    let column = chart_column(table.name);
    if chart_rows > 0 && !rows.is_empty() {
        match table.chart {
            ChartKind::Bars => {
                let bars: Vec<Bar> = rows
                    .iter()
                    .take(chart_rows as usize)
                    .map(|r| {
                        let value = r.values.get(column).copied();
                        Bar::default()
                            .label(Line::raw(short(&r.label, 20)))
                            .value(value.map_or(0, |v| v.chart()))
                            .text_value(value.map_or_else(String::new, |v| v.display()))
                            .style(theme.style(Role::Focus))
                            .value_style(theme.style(Role::Normal))
                    })
                    .collect();
                let chart = BarChart::default()
                    .direction(Direction::Horizontal)
                    .bar_width(1)
                    .bar_gap(0)
                    .label_style(theme.style(Role::Normal))
                    .data(BarGroup::default().bars(&bars));
                // Long bars on a wide screen read no better than at 60.
                let width = chart_area.width.min(60);
                frame.render_widget(
                    chart,
                    Rect {
                        width,
                        ..chart_area
                    },
                );
            }
            ChartKind::Line => {
                let data: Vec<u64> = rows
                    .iter()
                    .map(|r| r.values.first().map_or(0, |v| v.chart()))
                    .collect();
                let width = (data.len() as u16).min(chart_area.width);
                let [spark, axis] =
                    Layout::vertical([Constraint::Length(chart_rows), Constraint::Length(1)])
                        .areas(Rect {
                            width,
                            ..chart_area
                        });
                frame.render_widget(
                    Sparkline::default()
                        .data(&data)
                        .style(theme.style(Role::Focus)),
                    spark,
                );
                // The earliest of the busiest hours.
                let mut peak = (0, String::new());
                for r in &rows {
                    let n = r.values.first().map_or(0, |v| v.chart());
                    if n > peak.0 {
                        peak = (n, r.label.clone());
                    }
                }
                let peak = peak.1;
                let axis_text = format!("0     6     12    18   23  busiest {peak}");
                frame.render_widget(
                    Line::styled(axis_text, theme.style(Role::Muted)),
                    Rect {
                        width: chart_area.width,
                        ..axis
                    },
                );
            }
        }
    }
    render_numbers(frame, table_area, table, theme);
    if let Some(note) = table.note {
        frame.render_widget(Line::styled(note, theme.style(Role::Muted)), note_area);
    }
}

/// The numbers as aligned columns; when the rows outgrow the height they
/// flow into blocks side by side (the 24 hours on 80 columns), and what
/// still does not fit is counted in a last line.
fn render_numbers(frame: &mut Frame<'_>, area: Rect, table: &ReportTable, theme: &Theme) {
    let cells: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| {
            std::iter::once(short(&r.label, 24))
                .chain(r.values.iter().map(|v| v.display()))
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..table.columns.len())
        .map(|i| {
            cells
                .iter()
                .map(|row| row.get(i).map_or(0, |c| c.width()))
                .chain(std::iter::once(table.columns[i].width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line_of = |row: &[String]| {
        let mut text = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.width());
            if i == 0 {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            } else {
                text.push_str(&" ".repeat(pad + 2));
                text.push_str(cell);
            }
        }
        text
    };
    let block_width = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1) + 3;
    let height = usize::from(area.height).max(2);
    let per_block = height - 1;
    let blocks_fit = (usize::from(area.width) / block_width.max(1)).max(1);
    let blocks = cells.len().div_ceil(per_block).clamp(1, blocks_fit);
    let shown = (per_block * blocks).min(cells.len());
    let mut lines: Vec<Line> = Vec::new();
    let header: Vec<String> = table.columns.iter().map(|c| c.to_string()).collect();
    let mut head = String::new();
    for _ in 0..blocks {
        head.push_str(&format!("{:<block_width$}", line_of(&header)));
    }
    lines.push(Line::styled(
        head.trim_end().to_string(),
        theme.style(Role::Title),
    ));
    let hidden = cells.len() - shown;
    let body_rows = if hidden > 0 { per_block - 1 } else { per_block };
    for r in 0..body_rows.min(shown) {
        let mut text = String::new();
        for b in 0..blocks {
            if let Some(row) = cells.get(b * body_rows + r)
                && b * body_rows + r < shown
            {
                text.push_str(&format!("{:<block_width$}", line_of(row)));
            }
        }
        lines.push(Line::raw(text.trim_end().to_string()));
    }
    if hidden > 0 {
        let more = cells.len() - body_rows * blocks;
        lines.push(Line::styled(
            format!(
                "… {more} more rows: a taller window, or helpline report {}",
                table.name.as_str()
            ),
            theme.style(Role::Muted),
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// A label made safe to draw, cut to `max` columns with a mark.
fn short(label: &str, max: usize) -> String {
    let safe = terminal_line(label, 200).into_owned();
    if safe.width() <= max {
        return safe;
    }
    let mut out = String::new();
    for c in safe.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) >= max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}
