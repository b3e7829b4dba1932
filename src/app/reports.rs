//! The Reports pane: one report at a time (chosen from the list of
//! `domain::report::ReportName::ALL`), for a period and a team, computed by
//! an effect off the render path while the pane says so. Supervisors and
//! admins only; each report shown is audited (which, period, team).

use super::action::Action;
use super::keymap::Context;
use super::text_input::TextInput;
use super::update::Effect;
use crate::domain::Role;
use crate::domain::report::{ReportName, ReportTable, may_see_reports};
use crate::domain::report_period::{PeriodChoice, parse_day};
use crate::store::reports::ReportQuery;
use ratatui::crossterm::event::KeyEvent;

/// Store work of the pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportsEffect {
    /// Computes a report and audits that `user` saw it.
    Load {
        generation: u64,
        user: i64,
        name: ReportName,
        query: ReportQuery,
    },
    /// The teams the team key cycles through.
    LoadTeams,
}

/// What the store answered.
#[derive(Debug, Clone)]
pub enum ReportsMsg {
    Loaded {
        generation: u64,
        result: Result<Box<ReportTable>, String>,
    },
    Teams(Vec<String>),
}

#[derive(Debug, Default)]
pub struct ReportsPane {
    /// Index into `ReportName::ALL`.
    pub selected: usize,
    pub period: PeriodChoice,
    /// `None`: every team.
    pub team: Option<String>,
    pub teams: Vec<String>,
    /// The report on screen, and the query it answered.
    pub shown: Option<(ReportTable, ReportQuery)>,
    /// A report is being computed (its generation and since when, in UTC
    /// seconds), for the progress line.
    pub computing: Option<(u64, i64)>,
    /// What the report being computed covers.
    pending: Option<ReportQuery>,
    generation: u64,
    pub error: Option<String>,
    /// Typing a custom period: "YYYY-MM-DD YYYY-MM-DD".
    pub range: Option<TextInput>,
    /// Whether this account may see reports at all.
    pub allowed: bool,
    /// The `[floor]` weights of the caseload report.
    pub weights: crate::domain::workload::RiskWeights,
}

impl ReportsPane {
    pub fn report(&self) -> ReportName {
        ReportName::ALL[self.selected.min(ReportName::ALL.len() - 1)]
    }

    pub fn contexts(&self) -> Vec<Context> {
        if self.range.is_some() {
            vec![Context::ReportRange]
        } else {
            vec![Context::Reports]
        }
    }

    pub fn typing(&self) -> bool {
        self.range.is_some()
    }

    /// The pane comes to the front for `role`: reports are computed only
    /// for those who may see them.
    pub fn show(&mut self, role: Role, user: i64, now: i64, utc_offset_hours: i32) -> Vec<Effect> {
        self.allowed = may_see_reports(role);
        if !self.allowed {
            return Vec::new();
        }
        let mut effects = Vec::new();
        if self.teams.is_empty() {
            effects.push(Effect::Reports(ReportsEffect::LoadTeams));
        }
        effects.extend(self.reload(user, now, utc_offset_hours));
        effects
    }

    /// Asks for the selected report; an older answer still on its way is
    /// ignored when it arrives.
    pub fn reload(&mut self, user: i64, now: i64, utc_offset_hours: i32) -> Vec<Effect> {
        if !self.allowed {
            return Vec::new();
        }
        self.generation += 1;
        self.computing = Some((self.generation, now));
        self.error = None;
        let today = chrono::DateTime::from_timestamp(now, 0)
            .map(|t| t.date_naive())
            .unwrap_or_default();
        let query = ReportQuery {
            period: self.period.resolve(today),
            team: self.team.clone(),
            now,
            utc_offset_hours,
            weights: self.weights,
        };
        self.pending = Some(query.clone());
        vec![Effect::Reports(ReportsEffect::Load {
            generation: self.generation,
            user,
            name: self.report(),
            query,
        })]
    }

    /// An action in front of the pane; `false` when it is not the pane's.
    pub fn on_action(&mut self, action: Action) -> bool {
        if let Some(range) = &mut self.range {
            match action {
                Action::Close => self.range = None,
                Action::Submit => {
                    let text = range.value().to_string();
                    match parse_range(&text) {
                        Ok(period) => {
                            self.period = period;
                            self.range = None;
                        }
                        Err(e) => {
                            self.error = Some(e);
                            return false;
                        }
                    }
                }
                _ => return false,
            }
            return true;
        }
        let last = ReportName::ALL.len() - 1;
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::First => self.selected = 0,
            Action::CyclePeriod => self.period = self.period.next(),
            Action::CycleTeam => {
                self.team = match &self.team {
                    None => self.teams.first().cloned(),
                    Some(team) => {
                        let at = self.teams.iter().position(|t| t == team);
                        at.and_then(|i| self.teams.get(i + 1)).cloned()
                    }
                }
            }
            Action::CustomPeriod => {
                self.range = Some(TextInput::default());
                self.error = None;
            }
            Action::Reload => {}
            _ => return false,
        }
        true
    }

    /// A key typed into the custom period.
    pub fn on_key(&mut self, key: &KeyEvent) {
        if let Some(range) = &mut self.range {
            range.handle_key(key);
        }
    }

    /// Whether the last action changed what must be computed (not just
    /// opened or edited the custom period field).
    pub fn needs_reload(&self, action: Action) -> bool {
        match action {
            Action::Submit => self.range.is_none() && self.error.is_none(),
            Action::CustomPeriod | Action::Close => false,
            _ => self.range.is_none(),
        }
    }

    pub fn on_msg(&mut self, msg: ReportsMsg) {
        match msg {
            ReportsMsg::Teams(teams) => self.teams = teams,
            ReportsMsg::Loaded { generation, result } => {
                if self.computing.map(|c| c.0) != Some(generation) {
                    return;
                }
                self.computing = None;
                match result {
                    Ok(table) => {
                        if let Some(query) = self.pending.take() {
                            self.shown = Some((*table, query));
                        }
                    }
                    Err(e) => self.error = Some(e),
                }
            }
        }
    }
}

/// "2026-11-01 2026-11-30" (or "to" between them, or one day).
pub fn parse_range(text: &str) -> Result<PeriodChoice, String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && *w != "to")
        .collect();
    match words.as_slice() {
        [one] => {
            let day = parse_day(one)?;
            Ok(PeriodChoice::Custom {
                first: day,
                last: day,
            })
        }
        [first, last] => {
            let (first, last) = (parse_day(first)?, parse_day(last)?);
            if last < first {
                return Err(format!(
                    "the period ends ({last}) before it starts ({first})"
                ));
            }
            Ok(PeriodChoice::Custom { first, last })
        }
        _ => Err("type the first and last day: YYYY-MM-DD YYYY-MM-DD".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_periods_read_one_or_two_days() {
        let d = |s| parse_day(s).unwrap();
        let table = [
            (
                "2026-11-01 2026-11-30",
                Ok((d("2026-11-01"), d("2026-11-30"))),
            ),
            (
                "2026-11-01 to 2026-11-30",
                Ok((d("2026-11-01"), d("2026-11-30"))),
            ),
            ("2026-11-05", Ok((d("2026-11-05"), d("2026-11-05")))),
            ("2026-11-30 2026-11-01", Err(())),
            ("november", Err(())),
            ("", Err(())),
        ];
        for (text, want) in table {
            let got = parse_range(text)
                .map(|p| match p {
                    PeriodChoice::Custom { first, last } => (first, last),
                    other => panic!("{other:?}"),
                })
                .map_err(|_| ());
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn operators_get_no_report_and_stale_answers_are_dropped() {
        let mut pane = ReportsPane::default();
        assert!(pane.show(Role::Operator, 1, 0, 0).is_empty());
        let effects = pane.show(Role::Supervisor, 1, 1_795_000_000, 0);
        assert_eq!(effects.len(), 2);
        let first = pane.computing.unwrap().0;
        pane.on_action(Action::Down);
        pane.reload(1, 1_795_000_000, 0);
        pane.on_msg(ReportsMsg::Loaded {
            generation: first,
            result: Err("late".into()),
        });
        assert!(pane.error.is_none(), "an old answer is ignored");
        assert!(pane.computing.is_some());
    }
}
