//! The supervisor's wallboard: who is on the floor and in what state,
//! contacts in progress, waiting work, today's figures and each person's
//! workload. Live: reloaded when another session commits (the same
//! `data_version` poll that carries alerts), and every few seconds while
//! shown, so a silent session drops off without anyone else's commit.

use super::action::Action;
use super::keymap::Context;
use super::update::Effect;
use crate::domain::presence::PresenceState;
use crate::domain::workload::{Cap, RiskWeights};
use crate::store::alerts::AlertViewer;
use crate::store::floor::{DayCounts, Floor, Workload};

/// The live figures are read again at least this often while shown.
pub const LIVE_EVERY_SECS: i64 = 5;
/// Today's counts and the workloads are read again this often.
pub const SLOW_EVERY_SECS: i64 = 30;

/// The wallboard's settings (from `[floor]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloorSettings {
    /// A contact in progress longer than this is flagged.
    pub handle_time_secs: i64,
    pub weights: RiskWeights,
    pub cap: Cap,
}

impl Default for FloorSettings {
    fn default() -> Self {
        FloorSettings {
            handle_time_secs: 20 * 60,
            weights: RiskWeights::default(),
            cap: Cap::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub enum WallboardMsg {
    Loaded(Result<Box<Floor>, String>),
    SlowLoaded(Result<Box<(DayCounts, Vec<Workload>)>, String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WallboardEffect {
    Load {
        viewer: AlertViewer,
    },
    /// Today's counts from `day_start`, and the workloads of `people`
    /// (user id, start of their shift) with the week's bounds.
    LoadSlow {
        day_start: i64,
        week_start: i64,
        week_end: i64,
        people: Vec<(i64, i64)>,
    },
}

/// What Enter opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Person { user_id: i64, case_id: Option<i64> },
    Alert { case_id: Option<i64> },
    Unassigned { case_id: i64 },
}

#[derive(Debug, Default)]
pub struct WallboardPane {
    pub floor: Option<Floor>,
    pub day: Option<DayCounts>,
    pub workloads: Vec<Workload>,
    /// Index into [`WallboardPane::targets`].
    pub selected: usize,
    pub loading: bool,
    /// A change arrived while a load ran: load again when it is back.
    pub stale: bool,
    pub loaded_at: i64,
    pub slow_loaded_at: Option<i64>,
    pub error: Option<String>,
    pub message: Option<String>,
}

impl WallboardPane {
    pub fn contexts(&self) -> Vec<Context> {
        vec![Context::Wallboard]
    }

    /// What can be selected, in screen order: people, alerts, cases.
    pub fn targets(&self) -> Vec<Target> {
        let Some(floor) = &self.floor else {
            return Vec::new();
        };
        let people = floor.people.iter().map(|p| Target::Person {
            user_id: p.user_id,
            case_id: p.case_id,
        });
        let alerts = floor
            .alerts
            .iter()
            .map(|a| Target::Alert { case_id: a.case_id });
        let cases = floor
            .unassigned
            .iter()
            .map(|c| Target::Unassigned { case_id: c.id });
        people.chain(alerts).chain(cases).collect()
    }

    pub fn selected_target(&self) -> Option<Target> {
        self.targets().get(self.selected).copied()
    }

    /// The workload of one person, if read.
    pub fn workload(&self, user_id: i64) -> Option<&Workload> {
        self.workloads.iter().find(|w| w.user_id == user_id)
    }

    /// Reads the live figures, unless a read is under way (then once more
    /// when it is back).
    pub fn reload(&mut self, viewer: AlertViewer) -> Vec<Effect> {
        if self.loading {
            self.stale = true;
            return Vec::new();
        }
        self.loading = true;
        self.stale = false;
        vec![Effect::Wallboard(WallboardEffect::Load { viewer })]
    }

    pub fn on_loaded(&mut self, result: Result<Box<Floor>, String>, now: i64) {
        self.loading = false;
        self.loaded_at = now;
        match result {
            Ok(floor) => {
                self.floor = Some(*floor);
                self.error = None;
                let count = self.targets().len();
                self.selected = self.selected.min(count.saturating_sub(1));
            }
            Err(message) => self.error = Some(message),
        }
    }

    /// Today's counts and the workloads are due again.
    pub fn slow_due(&self, now: i64) -> bool {
        self.slow_loaded_at
            .is_none_or(|at| now - at >= SLOW_EVERY_SECS)
    }

    /// Reads today's counts and the workloads of the people on the floor.
    pub fn reload_slow(&mut self, now: i64, offset: chrono::FixedOffset) -> Vec<Effect> {
        self.slow_loaded_at = Some(now);
        let people = self
            .floor
            .as_ref()
            .map(|f| {
                f.people
                    .iter()
                    .map(|p| (p.user_id, p.shift_started_at))
                    .collect()
            })
            .unwrap_or_default();
        let (day_start, week_start) = day_and_week_start(now, offset);
        vec![Effect::Wallboard(WallboardEffect::LoadSlow {
            day_start,
            week_start,
            week_end: week_start + 7 * 86_400,
            people,
        })]
    }

    pub fn on_action(&mut self, action: Action) -> bool {
        let count = self.targets().len();
        match action {
            Action::Down if count > 0 => self.selected = (self.selected + 1).min(count - 1),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::First => self.selected = 0,
            _ => return false,
        }
        true
    }

    /// How many people are in each state.
    pub fn state_counts(&self) -> Vec<(PresenceState, usize)> {
        let Some(floor) = &self.floor else {
            return Vec::new();
        };
        PresenceState::ALL
            .into_iter()
            .map(|s| (s, floor.people.iter().filter(|p| p.state == s).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

/// Local midnight today and the Monday that began this week (UTC seconds).
pub fn day_and_week_start(now: i64, offset: chrono::FixedOffset) -> (i64, i64) {
    use chrono::{Datelike, TimeZone};
    let Some(local) = chrono::DateTime::from_timestamp(now, 0).map(|t| t.with_timezone(&offset))
    else {
        return (
            now - now.rem_euclid(86_400),
            now - now.rem_euclid(7 * 86_400),
        );
    };
    let midnight = local
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .and_then(|t| offset.from_local_datetime(&t).single())
        .map_or(now - now.rem_euclid(86_400), |t| t.timestamp());
    let days_since_monday = i64::from(local.weekday().num_days_from_monday());
    (midnight, midnight - days_since_monday * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_and_this_week_start_at_local_midnight_and_monday() {
        // Thursday 2026-12-03 18:00 UTC, three hours east of UTC: 21:00.
        let now = 1_796_320_800;
        let east = chrono::FixedOffset::east_opt(3 * 3600).unwrap();
        let (day, week) = day_and_week_start(now, east);
        assert_eq!(day, 1_796_245_200); // 2026-12-03 00:00 +03:00
        assert_eq!(week, day - 3 * 86_400); // Monday 2026-11-30
    }
}
