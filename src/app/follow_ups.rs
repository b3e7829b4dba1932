//! The Follow-ups pane: the cases whose follow-up is overdue, due today
//! or coming up (mine, my team's or all, by role), by level then date;
//! one key records a follow-up for the selected case without leaving the
//! list.

use super::action::Action;
use super::dialog_drafts::{Snapshot, to_json};
use super::keymap::Context;
use super::text_input::TextInput;
use super::update::Effect;
use crate::domain::RiskLevel;
use crate::domain::follow_up::{NeedsMet, Reached, SafeNow};
use crate::domain::role::Role;
use crate::store::dialog_drafts::{DialogKey, DialogKind};
use crate::store::follow_ups::{
    FollowUpQueue, FollowUpRow, FollowUpSaved, FollowUpScope, NewFollowUp,
};
use chrono::{FixedOffset, NaiveDateTime, TimeZone};
use ratatui::crossterm::event::KeyEvent;
use serde::{Deserialize, Serialize};

/// Rows per section the pane asks for.
pub const SECTION_LIMIT: u32 = 200;

/// How a follow-up can be made.
pub const CHANNELS: [&str; 5] = ["phone", "sms", "whatsapp", "home visit", "agency"];

/// The date format of the next-follow-up field.
pub const DATE_FORMAT: &str = "%Y-%m-%d %H:%M";

/// Whose follow-ups are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    Mine,
    Team,
    All,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::Mine => "mine",
            Scope::Team => "my team",
            Scope::All => "all",
        }
    }
}

/// Which section a row is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Overdue,
    DueToday,
    Upcoming,
}

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Section::Overdue => "Overdue",
            Section::DueToday => "Due today",
            Section::Upcoming => "Upcoming",
        }
    }
}

/// The store work the pane asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowUpsEffect {
    Load {
        generation: u64,
        /// Whose overdue plan actions are listed with the queue.
        owner: i64,
        scope: FollowUpScope,
        /// A view the person asked for (audited), not a refresh.
        audit: bool,
        now: i64,
        day_end: i64,
    },
    Record {
        follow_up: Box<NewFollowUp>,
        /// The case number, for the message once saved.
        number: String,
        actor: i64,
    },
}

/// The store's answers.
#[derive(Debug, Clone)]
pub enum FollowUpsMsg {
    Loaded {
        generation: u64,
        queue: Result<FollowUpQueue, String>,
    },
    Recorded {
        case_id: i64,
        number: String,
        /// The person is not safe, or a new concern came up.
        assess: bool,
        result: Result<FollowUpSaved, String>,
    },
}

/// The form's fields, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Reached,
    When,
    Who,
    Channel,
    SafeNow,
    NewConcern,
    Needs,
    Progress,
    Note,
    Next,
    Reason,
}

/// Recording one follow-up.
#[derive(Debug, Clone)]
pub struct FollowUpForm {
    pub case_id: i64,
    pub number: String,
    pub version: i64,
    pub level: RiskLevel,
    pub focus: Field,
    pub reached: Reached,
    /// When the attempt was made, local time; empty: now.
    pub when: TextInput,
    pub who: TextInput,
    pub channel: usize,
    pub safe_now: SafeNow,
    pub new_concern: bool,
    pub needs: Option<NeedsMet>,
    /// Needs and progress against the plan's goals.
    pub progress: TextInput,
    pub note: TextInput,
    /// The next follow-up, local time, prefilled with the schedule's.
    pub next: TextInput,
    pub reason: TextInput,
    pub saving: bool,
    pub error: Option<String>,
    /// Esc was pressed once with something written: a second discards.
    pub confirm_cancel: bool,
}

/// A follow-up form as its draft keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct FollowUpDraft {
    case_id: i64,
    number: String,
    version: i64,
    level: i64,
    focus: Field,
    reached: String,
    #[serde(default)]
    when: String,
    who: String,
    channel: usize,
    safe_now: String,
    new_concern: bool,
    needs: Option<String>,
    #[serde(default)]
    progress: String,
    note: String,
    next: String,
    reason: String,
}

impl FollowUpForm {
    /// The form's state for its draft, once anything was written or chosen.
    pub fn draft(&self) -> Option<Snapshot> {
        let chosen = self.reached != Reached::Reached
            || self.channel != 0
            || self.safe_now != SafeNow::Yes
            || self.new_concern
            || self.needs.is_some()
            || !self.next.value().is_empty();
        if !(chosen || self.has_input()) {
            return None;
        }
        let draft = FollowUpDraft {
            case_id: self.case_id,
            number: self.number.clone(),
            version: self.version,
            level: self.level.rank(),
            focus: self.focus,
            reached: self.reached.as_str().into(),
            when: self.when.value().into(),
            who: self.who.value().into(),
            channel: self.channel,
            safe_now: self.safe_now.as_str().into(),
            new_concern: self.new_concern,
            needs: self.needs.map(|n| n.as_str().to_string()),
            progress: self.progress.value().into(),
            note: self.note.value().into(),
            next: self.next.value().into(),
            reason: self.reason.value().into(),
        };
        Some(Snapshot {
            key: DialogKey {
                kind: DialogKind::FollowUp,
                target_id: self.case_id,
            },
            state: to_json(DialogKind::FollowUp, &draft)?,
            urgent: false,
        })
    }

    /// The form a draft kept; None when the draft cannot be read.
    pub fn resume(state: &str) -> Option<FollowUpForm> {
        let d: FollowUpDraft = serde_json::from_str(state).ok()?;
        let input = |text: &str| {
            let mut t = TextInput::default();
            t.insert(text);
            t
        };
        Some(FollowUpForm {
            case_id: d.case_id,
            number: d.number,
            version: d.version,
            level: RiskLevel::from_rank(d.level),
            focus: d.focus,
            reached: Reached::parse(&d.reached)?,
            when: input(&d.when),
            who: input(&d.who),
            channel: d.channel.min(CHANNELS.len() - 1),
            safe_now: SafeNow::parse(&d.safe_now)?,
            new_concern: d.new_concern,
            needs: match d.needs {
                Some(n) => Some(NeedsMet::parse(&n)?),
                None => None,
            },
            progress: input(&d.progress),
            note: input(&d.note),
            next: input(&d.next),
            reason: input(&d.reason),
            saving: false,
            error: None,
            confirm_cancel: false,
        })
    }

    /// The fields on show: who only when someone else answered, the safety
    /// check only when someone was reached.
    pub fn fields(&self) -> Vec<Field> {
        let mut fields = vec![Field::Reached, Field::When];
        if self.reached == Reached::SomeoneElse {
            fields.push(Field::Who);
        }
        fields.push(Field::Channel);
        if self.reached != Reached::NotReached {
            fields.extend([
                Field::SafeNow,
                Field::NewConcern,
                Field::Needs,
                Field::Progress,
            ]);
        }
        fields.extend([Field::Note, Field::Next, Field::Reason]);
        fields
    }

    fn text(&mut self) -> Option<&mut TextInput> {
        match self.focus {
            Field::When => Some(&mut self.when),
            Field::Who => Some(&mut self.who),
            Field::Progress => Some(&mut self.progress),
            Field::Note => Some(&mut self.note),
            Field::Next => Some(&mut self.next),
            Field::Reason => Some(&mut self.reason),
            _ => None,
        }
    }

    fn step(&mut self, forward: bool) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let next = if forward {
            (at + 1).min(fields.len() - 1)
        } else {
            at.saturating_sub(1)
        };
        self.focus = fields[next];
    }

    fn cycle(&mut self, forward: bool) {
        fn turn<T: Copy + PartialEq>(all: &[T], now: T, forward: bool) -> T {
            let i = all.iter().position(|x| *x == now).unwrap_or(0);
            let n = all.len();
            all[if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }]
        }
        match self.focus {
            Field::Reached => self.reached = turn(&Reached::ALL, self.reached, forward),
            Field::Channel => {
                let n = CHANNELS.len();
                self.channel = if forward {
                    (self.channel + 1) % n
                } else {
                    (self.channel + n - 1) % n
                };
            }
            Field::SafeNow => self.safe_now = turn(&SafeNow::ALL, self.safe_now, forward),
            Field::NewConcern => self.new_concern = !self.new_concern,
            Field::Needs => {
                let all = [
                    None,
                    Some(NeedsMet::No),
                    Some(NeedsMet::Partly),
                    Some(NeedsMet::Yes),
                ];
                self.needs = turn(&all, self.needs, forward);
            }
            _ => {}
        }
    }

    /// The follow-up to store, or what is wrong with the form.
    pub fn to_record(&self, now: i64, zone: FixedOffset) -> Result<NewFollowUp, String> {
        let when_text = self.when.value().trim();
        let done_at = if when_text.is_empty() {
            now
        } else {
            let local = NaiveDateTime::parse_from_str(when_text, DATE_FORMAT).map_err(|_| {
                "When: write it as YYYY-MM-DD HH:MM, e.g. 2026-12-02 16:30, or leave it empty for now"
                    .to_string()
            })?;
            let at = zone
                .from_local_datetime(&local)
                .single()
                .ok_or("When: no such local time")?
                .timestamp();
            if at > now + 60 {
                return Err("When: a follow-up cannot be recorded before it happens".into());
            }
            at
        };
        let next_text = self.next.value().trim();
        let next_at = if next_text.is_empty() {
            None
        } else {
            let local = NaiveDateTime::parse_from_str(next_text, DATE_FORMAT).map_err(|_| {
                format!(
                    "Next follow-up: write it as {}, e.g. 2026-12-24 10:00",
                    "YYYY-MM-DD HH:MM"
                )
            })?;
            Some(
                zone.from_local_datetime(&local)
                    .single()
                    .ok_or("Next follow-up: no such local time")?
                    .timestamp(),
            )
        };
        let text = |t: &TextInput| {
            let v = t.value().trim();
            (!v.is_empty()).then(|| v.to_string())
        };
        let reached_someone = self.reached != Reached::NotReached;
        Ok(NewFollowUp {
            case_id: self.case_id,
            version: self.version,
            done_at,
            channel: CHANNELS[self.channel].to_string(),
            reached: self.reached,
            reached_who: text(&self.who).filter(|_| self.reached == Reached::SomeoneElse),
            safe_now: reached_someone.then_some(self.safe_now),
            new_concern: reached_someone && self.new_concern,
            needs_met: self.needs.filter(|_| reached_someone),
            progress: text(&self.progress).filter(|_| reached_someone),
            note: text(&self.note),
            next_at,
            next_reason: text(&self.reason),
        })
    }

    /// Whether anything was typed or chosen.
    pub fn has_input(&self) -> bool {
        !self.note.value().trim().is_empty()
            || !self.when.value().trim().is_empty()
            || !self.progress.value().trim().is_empty()
            || !self.who.value().trim().is_empty()
            || !self.reason.value().trim().is_empty()
    }
}

#[derive(Debug, Default)]
pub struct FollowUpsPane {
    pub scope: Scope,
    pub queue: FollowUpQueue,
    pub selected: usize,
    pub loading: bool,
    pub loaded_once: bool,
    pub generation: u64,
    /// The last outcome worth telling (a follow-up saved, an error).
    pub message: Option<String>,
    pub form: Option<FollowUpForm>,
    /// A case whose follow-up found it unsafe: the shell opens the Risk
    /// pane on it.
    pub assess: Option<(i64, String)>,
    /// The scope of the last view audited: a refresh of it is not audited
    /// again.
    pub listed: Option<Scope>,
}

impl FollowUpsPane {
    pub fn contexts(&self) -> Vec<Context> {
        match self.form {
            Some(_) => vec![Context::FollowUpForm],
            None => vec![Context::FollowUps],
        }
    }

    /// Whether a text field has the keyboard.
    pub fn typing(&self) -> bool {
        self.form.as_ref().is_some_and(|f| {
            matches!(
                f.focus,
                Field::When
                    | Field::Who
                    | Field::Progress
                    | Field::Note
                    | Field::Next
                    | Field::Reason
            )
        })
    }

    /// The rows in screen order, each with its section.
    pub fn rows(&self) -> Vec<(Section, &FollowUpRow)> {
        let q = &self.queue;
        q.overdue
            .iter()
            .map(|r| (Section::Overdue, r))
            .chain(q.due_today.iter().map(|r| (Section::DueToday, r)))
            .chain(q.upcoming.iter().map(|r| (Section::Upcoming, r)))
            .collect()
    }

    /// The default scope for a role: supervisors see their team's.
    pub fn start(&mut self, role: Role) {
        if !self.loaded_once {
            self.scope = if role.supervises() {
                Scope::Team
            } else {
                Scope::Mine
            };
        }
    }

    /// Asks for the queue again.
    pub fn reload(
        &mut self,
        user_id: i64,
        team: Option<&str>,
        now: i64,
        zone: FixedOffset,
    ) -> Vec<Effect> {
        self.generation += 1;
        self.loading = true;
        let scope = match (self.scope, team) {
            (Scope::Mine, _) => FollowUpScope::Mine(user_id),
            (Scope::Team, Some(team)) => FollowUpScope::Team(team.to_string()),
            (Scope::Team, None) | (Scope::All, _) => FollowUpScope::All,
        };
        let audit = self.listed != Some(self.scope);
        self.listed = Some(self.scope);
        vec![Effect::FollowUps(FollowUpsEffect::Load {
            generation: self.generation,
            owner: user_id,
            scope,
            audit,
            now,
            day_end: end_of_local_day(now, zone),
        })]
    }

    pub fn on_loaded(&mut self, generation: u64, queue: Result<FollowUpQueue, String>) {
        if generation != self.generation {
            return;
        }
        self.loading = false;
        self.loaded_once = true;
        match queue {
            Ok(queue) => {
                let keep = self.rows().get(self.selected).map(|(_, r)| r.case_id);
                self.queue = queue;
                let rows = self.rows();
                self.selected = keep
                    .and_then(|id| rows.iter().position(|(_, r)| r.case_id == id))
                    .unwrap_or(self.selected)
                    .min(rows.len().saturating_sub(1));
            }
            Err(e) => self.message = Some(format!("Follow-ups not loaded: {e}")),
        }
    }

    /// The selected case, for opening it in the Cases pane.
    pub fn selected_case(&self) -> Option<i64> {
        self.rows().get(self.selected).map(|(_, r)| r.case_id)
    }

    /// Opens the form for the selected case; an empty next date means the
    /// one the schedule asks for.
    pub fn open_form(&mut self) {
        let Some((_, row)) = self
            .rows()
            .get(self.selected)
            .map(|(s, r)| (*s, (*r).clone()))
        else {
            return;
        };
        self.message = None;
        self.form = Some(FollowUpForm {
            case_id: row.case_id,
            number: row.number.clone(),
            version: row.version,
            level: row.level,
            focus: Field::Reached,
            reached: Reached::Reached,
            when: TextInput::default(),
            who: TextInput::default(),
            channel: 0,
            safe_now: SafeNow::Yes,
            new_concern: false,
            needs: None,
            progress: TextInput::default(),
            note: TextInput::default(),
            next: TextInput::default(),
            reason: TextInput::default(),
            saving: false,
            error: None,
            confirm_cancel: false,
        });
    }

    /// Handles an action of the list or the form.
    pub fn on_action(
        &mut self,
        action: Action,
        actor: i64,
        now: i64,
        zone: FixedOffset,
        page: usize,
    ) -> Vec<Effect> {
        if let Some(form) = self.form.as_mut() {
            if action != Action::Cancel {
                form.confirm_cancel = false;
            }
            match action {
                Action::NextField => form.step(true),
                Action::PrevField => form.step(false),
                Action::NextChoice | Action::Toggle => form.cycle(true),
                Action::PrevChoice => form.cycle(false),
                Action::Cancel if form.has_input() && !form.confirm_cancel => {
                    form.confirm_cancel = true;
                    form.error = Some("Esc again throws this follow-up away.".into());
                    return Vec::new();
                }
                Action::Cancel => {
                    self.form = None;
                    self.message = Some("Follow-up not recorded.".into());
                    return Vec::new();
                }
                Action::Save if !form.saving => match form.to_record(now, zone) {
                    Ok(record) => {
                        form.saving = true;
                        form.error = None;
                        return vec![Effect::FollowUps(FollowUpsEffect::Record {
                            follow_up: Box::new(record),
                            number: form.number.clone(),
                            actor,
                        })];
                    }
                    Err(e) => form.error = Some(e),
                },
                _ => {}
            }
            return Vec::new();
        }
        let last = self.rows().len().saturating_sub(1);
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageDown => self.selected = (self.selected + page).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(page),
            Action::First => self.selected = 0,
            _ => {}
        }
        Vec::new()
    }

    /// The store answered a recording.
    pub fn on_recorded(
        &mut self,
        case_id: i64,
        number: &str,
        assess: bool,
        result: Result<FollowUpSaved, String>,
        zone: FixedOffset,
    ) {
        match result {
            Ok(saved) => {
                self.form = None;
                let next = saved
                    .next_at
                    .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                    .map(|t| t.with_timezone(&zone).format(DATE_FORMAT).to_string())
                    .unwrap_or_else(|| "none".into());
                let mut message = format!("✓ Follow-up recorded for {number}: next {next}");
                if saved.became_unreachable {
                    message.push_str(" · now NOT REACHABLE");
                }
                self.message = Some(message);
                if assess {
                    self.assess = Some((case_id, number.to_string()));
                }
            }
            Err(e) => {
                if let Some(form) = self.form.as_mut() {
                    form.saving = false;
                    form.error = Some(e);
                }
            }
        }
    }

    /// A key that is no action: it types into the focused text field.
    pub fn on_key(&mut self, key: &KeyEvent) -> bool {
        self.form
            .as_mut()
            .and_then(FollowUpForm::text)
            .is_some_and(|t| t.handle_key(key))
    }

    /// Pasted text goes into the focused text field.
    pub fn on_paste(&mut self, text: &str) -> bool {
        match self.form.as_mut().and_then(FollowUpForm::text) {
            Some(t) => {
                t.insert(text);
                true
            }
            None => false,
        }
    }
}

/// The first second of the next local day after `now`.
pub fn end_of_local_day(now: i64, zone: FixedOffset) -> i64 {
    chrono::DateTime::from_timestamp(now, 0)
        .map(|t| t.with_timezone(&zone).date_naive())
        .and_then(|d| d.succ_opt())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|d| zone.from_local_datetime(&d).single())
        .map_or(now + 86_400, |t| t.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_day_ends_at_local_midnight() {
        let zone = FixedOffset::east_opt(3 * 3600).unwrap();
        // 2026-12-03 22:30 local = 19:30 UTC.
        let now = zone
            .with_ymd_and_hms(2026, 12, 3, 22, 30, 0)
            .unwrap()
            .timestamp();
        assert_eq!(end_of_local_day(now, zone), now + 90 * 60);
    }
}
