//! The Risk pane: instrument picker, questions with skip logic applied,
//! and the live outcome with its reasons.

use super::format::risk;
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::keymap::Context;
use crate::app::risk::{RiskMode, RiskPane};
use crate::domain::risk::{Answer, AnswerKind, Assessment, Item};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, pane: &RiskPane, theme: &Theme) {
    let title = match &pane.target {
        Some(t) if t.intake.is_some() => format!(" Risk · during the intake · {} ", t.child),
        Some(t) => format!(" Risk · case {} · {} ", t.number, t.child),
        None => " Risk · no case chosen ".to_string(),
    };
    let block = Block::bordered().title(Line::styled(title, theme.style(Role::Title)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [body, message] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    match &pane.assessment {
        None => render_picker(frame, body, state, pane, theme),
        Some(a) => render_assessment(frame, body, state, pane, a, theme),
    }
    if let Some(text) = &pane.message {
        let style = if text.starts_with('✓') {
            Role::Ok
        } else {
            Role::Error
        };
        frame.render_widget(Line::styled(text.clone(), theme.style(style)), message);
    }
}

fn key(state: &State, ctx: Context, action: Action) -> String {
    state.keymap.first_key_for(ctx, action)
}

fn render_picker(frame: &mut Frame<'_>, area: Rect, state: &State, pane: &RiskPane, theme: &Theme) {
    let mut lines = Vec::new();
    if pane.target.is_none() {
        lines.push(Line::styled(
            "Open a case in the Cases pane and press a to assess it.",
            theme.style(Role::Muted),
        ));
    } else {
        lines.push(Line::from(vec![
            Span::raw("Choose an instrument and press "),
            Span::styled(
                key(state, Context::RiskPick, Action::Open),
                theme.style(Role::Key),
            ),
            Span::raw("."),
        ]));
    }
    lines.push(Line::default());
    let [intro, list_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(lines), intro);
    // The credit (whose instrument it is) wraps under the title rather
    // than lose its end: past the ▸ and its own indent.
    let credit_width = usize::from(list_area.width.saturating_sub(4));
    let items: Vec<ListItem> = state
        .instruments
        .instruments()
        .map(|i| {
            let mut lines = vec![Line::styled(
                i.title().to_string(),
                theme.style(Role::Title),
            )];
            lines.extend(
                super::fit::wrap(i.credit(), credit_width)
                    .into_iter()
                    .map(|part| Line::styled(format!("  {part}"), theme.style(Role::Muted))),
            );
            ListItem::new(lines)
        })
        .collect();
    let list = List::new(items)
        .highlight_style(theme.style(Role::Focus))
        .highlight_symbol("▸ ");
    let mut list_state = ListState::default().with_selected(Some(pane.pick));
    frame.render_stateful_widget(list, list_area, &mut list_state);
}

fn answer_text(kind: &AnswerKind, answer: Option<&Answer>) -> String {
    match answer {
        None => "·".into(),
        Some(Answer::Yes) => "yes".into(),
        Some(Answer::No) => "no".into(),
        Some(Answer::DontKnow) => "don't know".into(),
        Some(Answer::Refused) => "refused".into(),
        Some(Answer::Text(t)) => format!("“{t}”"),
        Some(Answer::Value(v)) => match kind {
            AnswerKind::Choice { options } => options
                .iter()
                .find(|o| o.value == *v)
                .map_or_else(|| v.to_string(), |o| format!("{v} {}", o.label)),
            _ => v.to_string(),
        },
    }
}

fn render_assessment(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    pane: &RiskPane,
    a: &Assessment,
    theme: &Theme,
) {
    let wide = area.width >= 100;
    let [left, right] = if wide {
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area)
    } else {
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
    };
    let asked = a.asked_items();
    let current = asked.get(pane.cursor).copied();

    let q = question_lines(pane, current, theme);
    // The whole question shows, wrapped, however long; the list gets the rest.
    let question_rows = super::fit::wrapped_rows(&q, left.width)
        .max(4)
        .min(left.height.saturating_sub(3));
    let [list_area, question_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(question_rows)]).areas(left);
    // Labels wrap onto more lines rather than lose words; the answer
    // stays on the first line, beside the label's start.
    let label_width = (usize::from(list_area.width).saturating_sub(16)).clamp(12, 30);
    let items: Vec<ListItem> = asked
        .iter()
        .map(|item| {
            let answer = a.answers().get(&item.id);
            let mark = if answer.is_some() { "✓" } else { "?" };
            let mut parts = super::fit::wrap(&item.label, label_width).into_iter();
            let first = parts.next().unwrap_or_default();
            let mut lines = vec![Line::from(vec![
                Span::raw(format!("{mark} {first:<label_width$} ")),
                Span::styled(answer_text(&item.kind, answer), theme.style(Role::Key)),
            ])];
            lines.extend(parts.map(|rest| Line::raw(format!("  {rest}"))));
            ListItem::new(lines)
        })
        .collect();
    let list = List::new(items)
        .block(Block::new().title(format!(" {} ", a.instrument().title())))
        .highlight_style(theme.style(Role::Focus));
    let mut list_state = ListState::default().with_selected(Some(pane.cursor));
    frame.render_stateful_widget(list, list_area, &mut list_state);

    frame.render_widget(Paragraph::new(q).wrap(Wrap { trim: true }), question_area);

    let outcome = a.result();
    let final_level = a.final_level();
    // Screens such as the ASQ have no total; only scored instruments show one.
    let mut first = Vec::new();
    if outcome.max_score > 0 {
        first.push(Span::styled("Score ", theme.style(Role::Muted)));
        first.push(Span::raw(format!(
            "{} / {}   ",
            outcome.score, outcome.max_score
        )));
    }
    first.push(Span::styled("Result ", theme.style(Role::Muted)));
    first.push(Span::raw(outcome.result_label.clone()));
    let mut lines = vec![
        Line::from(first),
        Line::from(vec![
            Span::styled("Level ", theme.style(Role::Muted)),
            Span::styled(risk(final_level), theme.style(Role::Risk(final_level))),
            Span::raw(if final_level > outcome.level {
                format!(" (rules: {}; raised by judgement)", outcome.level)
            } else {
                String::new()
            }),
        ]),
    ];
    if let Some(j) = a.judgement() {
        lines.push(Line::raw(format!("Judgement: {}", j.reason())));
    }
    if !outcome.reasons.is_empty() {
        lines.push(Line::styled("Why", theme.style(Role::Title)));
        for reason in &outcome.reasons {
            lines.push(Line::raw(format!("• {}", reason.text)));
        }
    }
    if !outcome.open_questions.is_empty() {
        lines.push(Line::styled(
            "Open danger questions",
            theme.style(Role::Error),
        ));
        for q in &outcome.open_questions {
            lines.push(Line::raw(format!("? {}", q.text)));
        }
    }
    if !outcome.unanswered.is_empty() {
        lines.push(Line::styled(
            format!("{} question(s) not answered yet", outcome.unanswered.len()),
            theme.style(Role::Muted),
        ));
    }
    let hint = if matches!(pane.mode, RiskMode::Judge { .. }) {
        // Raising by judgement: say what Enter and Esc do to the level.
        super::hints::line(
            state,
            Context::RiskText,
            &[
                (Action::Submit, "raise the level with this reason"),
                (Action::Cancel, "keep the level"),
                (Action::Up, "higher"),
                (Action::Down, "lower"),
            ],
            theme,
        )
    } else {
        super::hints::line(
            state,
            Context::Risk,
            &[
                (Action::Save, "save"),
                (Action::Raise, "raise level"),
                (Action::Cancel, "discard"),
            ],
            theme,
        )
    };
    let outcome_block = if wide {
        Block::new().borders(Borders::LEFT).title(" Outcome ")
    } else {
        Block::new().borders(Borders::TOP).title(" Outcome ")
    };
    // The save hint has its own last row: reasons never push it away.
    let inner = outcome_block.inner(right);
    frame.render_widget(outcome_block, right);
    let [body, hint_row] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
    // What does not fit scrolls (PgDn/PgUp), a row saying which rows show
    // and with which keys; nothing is cut without a word.
    let rows = super::fit::wrapped_rows(&lines, body.width);
    if rows > body.height && body.height >= 2 {
        let [text_area, position] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(body);
        let scroll = pane
            .outcome_scroll
            .min(usize::from(rows.saturating_sub(text_area.height)));
        let last = (scroll + usize::from(text_area.height)).min(usize::from(rows));
        let k = |a| key(state, Context::Risk, a);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .scroll((scroll as u16, 0)),
            text_area,
        );
        frame.render_widget(
            Line::from(vec![
                Span::styled(
                    format!("… outcome rows {}–{last} of {rows} · ", scroll + 1),
                    theme.style(Role::Muted),
                ),
                Span::styled(
                    format!("{}/{}", k(Action::PageDown), k(Action::PageUp)),
                    theme.style(Role::Key),
                ),
                Span::raw(" scroll the outcome"),
            ]),
            position,
        );
    } else {
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
    }
    frame.render_widget(Paragraph::new(hint).wrap(Wrap { trim: true }), hint_row);
}

/// The current question in full, how to answer it, and any edit under way.
fn question_lines<'a>(
    pane: &'a RiskPane,
    current: Option<&'a Item>,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let mut q = Vec::new();
    if let Some(item) = current {
        q.push(Line::styled(item.text.clone(), theme.style(Role::Title)));
        let hint = match &item.kind {
            AnswerKind::YesNo { .. } => "y yes · n no · d don't know · r refused".to_string(),
            AnswerKind::Choice { options } => options
                .iter()
                .map(|o| format!("{} {}", o.value, o.label))
                .collect::<Vec<_>>()
                .join(" · "),
            AnswerKind::Number { min, max } => format!("Enter, then a number {min}–{max}"),
            AnswerKind::Text => "Enter to write the answer".to_string(),
        };
        q.push(Line::styled(hint, theme.style(Role::Muted)));
    }
    match &pane.mode {
        RiskMode::EditText(input) => q.push(Line::from(vec![
            Span::styled("Answer: ", theme.style(Role::Title)),
            Span::styled(format!("{}▏", input.value()), theme.style(Role::Focus)),
        ])),
        RiskMode::Judge { level, reason } => {
            q.push(Line::from(vec![
                Span::styled("Raise to ", theme.style(Role::Title)),
                Span::styled(risk(*level), theme.style(Role::Risk(*level))),
                Span::raw(" (↑/↓) · why: "),
                Span::styled(format!("{}▏", reason.value()), theme.style(Role::Focus)),
            ]));
        }
        _ => {}
    }
    q
}
