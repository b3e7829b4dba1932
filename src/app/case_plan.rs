//! The open case's plan: goals and their actions listed with status and
//! due date, the dialogs that add a goal, add an action (what, owner, due
//! date) and drop an action with a reason, and the proposal of a next
//! step that the case shows when its facts say a step is finished.

use super::action::Action;
use super::text_input::TextInput;
use super::update::Effect;
use crate::domain::case_plan::{ActionOwner, ActionStatus};
use crate::domain::next_step::Proposal;
use crate::store::case_plans::{ActionChange, CasePlan, NewAction, OwnerChoice, PlanAction};
use crate::store::dialog_drafts::DialogKind;
use chrono::{FixedOffset, NaiveDate, TimeZone};
use ratatui::crossterm::event::KeyEvent;
use serde::{Deserialize, Serialize};

/// The date format of an action's due date.
pub const DUE_FORMAT: &str = "%Y-%m-%d";

/// Days from today an action's due date is prefilled with.
const DEFAULT_DUE_DAYS: i64 = 7;

/// Store work of the plan and the proposals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CasePlanEffect {
    /// The plan, its proposals and the agencies that may own an action.
    Load { case_id: i64 },
    AddGoal {
        case_id: i64,
        need: String,
        actor: i64,
    },
    AddAction {
        case_id: i64,
        action: NewAction,
        actor: i64,
    },
    /// Rewords a goal.
    ChangeGoal {
        case_id: i64,
        goal_id: i64,
        version: i64,
        need: String,
        actor: i64,
    },
    /// Changes an open action's what, who and when.
    ChangeAction {
        case_id: i64,
        action_id: i64,
        version: i64,
        change: ActionChange,
        actor: i64,
    },
    /// Marks an action done, or drops it with a reason.
    Close {
        case_id: i64,
        action_id: i64,
        version: i64,
        to: ActionStatus,
        reason: Option<String>,
        actor: i64,
    },
    Dismiss {
        case_id: i64,
        proposal: Proposal,
        actor: i64,
    },
}

/// What the plan and the proposals of a case are, as last read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanData {
    pub plan: CasePlan,
    pub proposals: Vec<Proposal>,
    /// The agencies of the case's referrals, which may own an action.
    pub agencies: Vec<OwnerChoice>,
}

/// The store's answers.
#[derive(Debug, Clone)]
pub enum CasePlanMsg {
    Loaded {
        case_id: i64,
        result: Result<PlanData, String>,
    },
    /// A change went through (with the line saying so), or why not.
    Saved {
        case_id: i64,
        result: Result<String, String>,
    },
}

/// Who an action may be given to, as a dialog (and its draft) keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    /// An agency through a referral (`id` is the referral's), else a
    /// worker (`id` is the user's).
    pub referral: bool,
    pub id: i64,
    pub label: String,
}

impl Owner {
    pub fn owner(&self) -> ActionOwner {
        if self.referral {
            ActionOwner::Referral(self.id)
        } else {
            ActionOwner::Worker(self.id)
        }
    }
}

/// Which field of the action dialog has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionField {
    What,
    Owner,
    Due,
}

/// A plan dialog; the same shape is kept as its draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanDialog {
    /// A new goal: the need to meet; or a goal being reworded.
    Goal {
        need: String,
        /// The goal being changed and its version; None: a new one.
        #[serde(default)]
        editing: Option<(i64, i64)>,
    },
    /// A new action under a goal, or an open action being changed.
    Action {
        /// The action being changed and its version; None: a new one.
        #[serde(default)]
        editing: Option<(i64, i64)>,
        goal_id: i64,
        goal: String,
        what: String,
        owners: Vec<Owner>,
        owner: usize,
        /// YYYY-MM-DD, local.
        due: String,
        focus: ActionField,
    },
    /// Dropping an action: why.
    Drop {
        action_id: i64,
        version: i64,
        what: String,
        reason: String,
    },
}

impl PlanDialog {
    /// The text field with the keyboard.
    fn field(&mut self) -> Option<&mut String> {
        match self {
            PlanDialog::Goal { need, .. } => Some(need),
            PlanDialog::Action {
                what, due, focus, ..
            } => match focus {
                ActionField::What => Some(what),
                ActionField::Due => Some(due),
                ActionField::Owner => None,
            },
            PlanDialog::Drop { reason, .. } => Some(reason),
        }
    }

    /// Whether a text field has the keyboard.
    pub fn typing(&self) -> bool {
        !matches!(
            self,
            PlanDialog::Action {
                focus: ActionField::Owner,
                ..
            }
        )
    }

    /// Whether anything was written that leaving would lose.
    pub fn has_text(&self) -> bool {
        match self {
            PlanDialog::Goal { need, .. } => !need.trim().is_empty(),
            PlanDialog::Action { what, .. } => !what.trim().is_empty(),
            PlanDialog::Drop { reason, .. } => !reason.trim().is_empty(),
        }
    }

    /// The draft to keep, once something is written.
    pub fn draft(&self) -> Option<(DialogKind, serde_json::Value)> {
        if !self.has_text() {
            return None;
        }
        Some((DialogKind::Plan, serde_json::to_value(self).ok()?))
    }

    /// A dialog as its draft kept it.
    pub fn resume(state: &serde_json::Value) -> Option<PlanDialog> {
        serde_json::from_value(state.clone()).ok()
    }
}

/// One row of the plan list: a goal, or an action under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanRow<'a> {
    Goal(&'a crate::store::case_plans::PlanGoal),
    Action(&'a PlanAction),
}

/// The plan side of an open case.
#[derive(Debug, Default)]
pub struct PlanState {
    /// The plan and proposals as last read; None until the first read.
    pub data: Option<PlanData>,
    /// The plan view is on screen (over the timeline).
    pub open: bool,
    pub selected: usize,
    pub dialog: Option<PlanDialog>,
    /// A change is being saved: a second save waits.
    pub saving: bool,
    /// The outcome of the last change, or what is wrong with a dialog.
    pub message: Option<String>,
    /// Esc was pressed once on a dialog with text: a second Esc discards.
    pub confirm_cancel: bool,
}

impl PlanState {
    /// The rows in screen order.
    pub fn rows(&self) -> Vec<PlanRow<'_>> {
        let Some(data) = &self.data else {
            return Vec::new();
        };
        data.plan
            .goals
            .iter()
            .flat_map(|g| {
                std::iter::once(PlanRow::Goal(g)).chain(g.actions.iter().map(PlanRow::Action))
            })
            .collect()
    }

    /// The goal of the selected row (the goal itself, or an action's).
    fn selected_goal(&self) -> Option<&crate::store::case_plans::PlanGoal> {
        let data = self.data.as_ref()?;
        match self.rows().get(self.selected)? {
            PlanRow::Goal(g) => data.plan.goals.iter().find(|x| x.id == g.id),
            PlanRow::Action(a) => data.plan.goals.iter().find(|x| x.id == a.goal_id),
        }
    }

    fn selected_action(&self) -> Option<PlanAction> {
        match self.rows().get(self.selected)? {
            PlanRow::Action(a) => Some((*a).clone()),
            PlanRow::Goal(_) => None,
        }
    }

    /// How many goals the plan has, when it was read.
    pub fn goals(&self) -> Option<usize> {
        self.data.as_ref().map(|d| d.plan.goals.len())
    }

    /// The proposal the case shows: the strongest.
    pub fn proposal(&self) -> Option<&Proposal> {
        self.data.as_ref()?.proposals.first()
    }

    /// A fresh read of the plan, keeping the selection in range.
    pub fn on_loaded(&mut self, data: PlanData) {
        self.data = Some(data);
        self.selected = self.selected.min(self.rows().len().saturating_sub(1));
    }
}

/// Who may own an action: the user, the case's worker, the agencies of
/// its referrals.
pub fn owners(
    me: (i64, &str),
    worker: Option<(i64, &str)>,
    agencies: &[OwnerChoice],
) -> Vec<Owner> {
    let mut list = vec![Owner {
        referral: false,
        id: me.0,
        label: format!("{} (me)", me.1),
    }];
    if let Some((id, name)) = worker.filter(|(id, _)| *id != me.0) {
        list.push(Owner {
            referral: false,
            id,
            label: name.to_string(),
        });
    }
    for a in agencies {
        if let ActionOwner::Referral(id) = a.owner {
            list.push(Owner {
                referral: true,
                id,
                label: a.label.clone(),
            });
        }
    }
    list
}

/// The end of a local day written YYYY-MM-DD, in UTC seconds.
pub fn end_of_day(text: &str, zone: FixedOffset) -> Result<i64, String> {
    let date = NaiveDate::parse_from_str(text.trim(), DUE_FORMAT)
        .map_err(|_| "Due date: write it as YYYY-MM-DD, e.g. 2026-12-24".to_string())?;
    date.succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|d| zone.from_local_datetime(&d).single())
        .map(|t| t.timestamp() - 1)
        .ok_or_else(|| "Due date: no such day".to_string())
}

/// A local date as the due-date field writes it.
pub fn local_date(at: i64, zone: FixedOffset) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.with_timezone(&zone).format(DUE_FORMAT).to_string())
        .unwrap_or_default()
}

/// What the plan view needs of the case and the user.
pub struct PlanContext<'a> {
    pub case_id: i64,
    pub me: (i64, &'a str),
    pub worker: Option<(i64, &'a str)>,
    pub now: i64,
    pub zone: FixedOffset,
}

impl PlanState {
    /// Keys while the plan view is open. Returns the effects; `Back`
    /// closes the view.
    pub fn on_action(
        &mut self,
        action: Action,
        key: &KeyEvent,
        cx: &PlanContext<'_>,
    ) -> Vec<Effect> {
        let _ = key;
        if self.dialog.is_some() {
            return self.on_dialog_action(action, cx);
        }
        let last = self.rows().len().saturating_sub(1);
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::First => self.selected = 0,
            Action::Back | Action::Cancel => {
                self.open = false;
                self.message = None;
            }
            Action::AddGoal => {
                self.message = None;
                self.dialog = Some(PlanDialog::Goal {
                    need: String::new(),
                    editing: None,
                });
            }
            Action::AddAction => match self.selected_goal() {
                Some(goal) => {
                    let agencies = self
                        .data
                        .as_ref()
                        .map(|d| d.agencies.clone())
                        .unwrap_or_default();
                    let dialog = PlanDialog::Action {
                        editing: None,
                        goal_id: goal.id,
                        goal: goal.need.clone(),
                        what: String::new(),
                        owners: owners(cx.me, cx.worker, &agencies),
                        owner: 0,
                        due: local_date(cx.now + DEFAULT_DUE_DAYS * 86_400, cx.zone),
                        focus: ActionField::What,
                    };
                    self.message = None;
                    self.dialog = Some(dialog);
                }
                None => self.message = Some("Add a goal first: an action serves a goal.".into()),
            },
            Action::EditPlanItem => self.edit(cx),
            Action::MarkDone | Action::DropAction => match self.selected_action() {
                Some(a) if a.status != ActionStatus::Open => {
                    self.message = Some(format!("This action is already {}.", a.status));
                }
                Some(a) if action == Action::MarkDone && !self.saving => {
                    self.saving = true;
                    return vec![Effect::CasePlan(CasePlanEffect::Close {
                        case_id: cx.case_id,
                        action_id: a.id,
                        version: a.version,
                        to: ActionStatus::Done,
                        reason: None,
                        actor: cx.me.0,
                    })];
                }
                Some(a) if action == Action::DropAction => {
                    self.message = None;
                    self.dialog = Some(PlanDialog::Drop {
                        action_id: a.id,
                        version: a.version,
                        what: a.what,
                        reason: String::new(),
                    });
                }
                Some(_) => {}
                None => self.message = Some("Choose an action (under a goal) first.".into()),
            },
            _ => {}
        }
        Vec::new()
    }

    /// Opens the selected goal or open action for changing.
    fn edit(&mut self, cx: &PlanContext<'_>) {
        let agencies = self
            .data
            .as_ref()
            .map(|d| d.agencies.clone())
            .unwrap_or_default();
        let dialog = match self.rows().get(self.selected) {
            None => {
                self.message = Some("Nothing to change yet: g adds a goal.".into());
                return;
            }
            Some(PlanRow::Goal(g)) => PlanDialog::Goal {
                need: g.need.clone(),
                editing: Some((g.id, g.version)),
            },
            Some(PlanRow::Action(a)) if a.status != ActionStatus::Open => {
                self.message = Some(format!("This action is {}: it stays as it was.", a.status));
                return;
            }
            Some(PlanRow::Action(a)) => {
                let mut owners = owners(cx.me, cx.worker, &agencies);
                let owner = match owners.iter().position(|o| o.owner() == a.owner) {
                    Some(at) => at,
                    None => {
                        let (referral, id) = match a.owner {
                            ActionOwner::Worker(id) => (false, id),
                            ActionOwner::Referral(id) => (true, id),
                        };
                        owners.push(Owner {
                            referral,
                            id,
                            label: a.owner_label.clone(),
                        });
                        owners.len() - 1
                    }
                };
                let goal = self
                    .data
                    .as_ref()
                    .and_then(|d| d.plan.goals.iter().find(|g| g.id == a.goal_id))
                    .map(|g| g.need.clone())
                    .unwrap_or_default();
                PlanDialog::Action {
                    editing: Some((a.id, a.version)),
                    goal_id: a.goal_id,
                    goal,
                    what: a.what.clone(),
                    owners,
                    owner,
                    due: local_date(a.due_at, cx.zone),
                    focus: ActionField::What,
                }
            }
        };
        self.message = None;
        self.dialog = Some(dialog);
    }

    fn on_dialog_action(&mut self, action: Action, cx: &PlanContext<'_>) -> Vec<Effect> {
        let Some(dialog) = self.dialog.as_mut() else {
            return Vec::new();
        };
        if action != Action::Cancel {
            self.confirm_cancel = false;
        }
        match action {
            Action::Cancel => {
                if dialog.has_text() && !self.confirm_cancel {
                    self.confirm_cancel = true;
                    self.message = Some("Press Esc again to throw this away.".into());
                    return Vec::new();
                }
                self.confirm_cancel = false;
                self.dialog = None;
                self.message = None;
            }
            Action::NextField | Action::PrevField => {
                if let PlanDialog::Action { focus, .. } = dialog {
                    let order = [ActionField::What, ActionField::Owner, ActionField::Due];
                    let at = order.iter().position(|f| f == focus).unwrap_or(0);
                    let next = if action == Action::NextField {
                        (at + 1) % order.len()
                    } else {
                        (at + order.len() - 1) % order.len()
                    };
                    *focus = order[next];
                }
            }
            Action::NextChoice | Action::PrevChoice | Action::Down | Action::Up => {
                if let PlanDialog::Action {
                    owners,
                    owner,
                    focus: ActionField::Owner,
                    ..
                } = dialog
                {
                    let n = owners.len().max(1);
                    *owner = if matches!(action, Action::NextChoice | Action::Down) {
                        (*owner + 1) % n
                    } else {
                        (*owner + n - 1) % n
                    };
                }
            }
            Action::Save if self.saving => {}
            Action::Save => match to_effect(dialog, cx) {
                Ok(effect) => {
                    self.saving = true;
                    self.message = None;
                    return vec![Effect::CasePlan(effect)];
                }
                Err(message) => self.message = Some(message),
            },
            _ => {}
        }
        Vec::new()
    }

    /// A key that is no action: typed into the dialog's text field.
    pub fn on_key(&mut self, key: &KeyEvent) {
        if let Some(field) = self.dialog.as_mut().and_then(PlanDialog::field) {
            let mut input = TextInput::default();
            input.insert(field);
            if input.handle_key(key) {
                *field = input.value().to_string();
            }
        }
    }

    /// Pasted text goes into the dialog's text field.
    pub fn on_paste(&mut self, text: &str) -> bool {
        match self.dialog.as_mut().and_then(PlanDialog::field) {
            Some(field) => {
                field.push_str(text);
                true
            }
            None => false,
        }
    }

    /// The store answered a change: close the dialog and say so, or keep
    /// it (and what was typed) with the reason.
    pub fn on_saved(&mut self, result: Result<String, String>) {
        self.saving = false;
        match result {
            Ok(done) => {
                self.dialog = None;
                self.confirm_cancel = false;
                self.message = Some(done);
            }
            Err(e) => self.message = Some(format!("Not saved: {e}")),
        }
    }
}

/// The effect that saves a dialog, or what is wrong with it.
fn to_effect(dialog: &PlanDialog, cx: &PlanContext<'_>) -> Result<CasePlanEffect, String> {
    let nonempty = |text: &str, what: &str| {
        let t = text.trim();
        if t.is_empty() {
            Err(format!("Write the {what} first."))
        } else {
            Ok(t.to_string())
        }
    };
    Ok(match dialog {
        PlanDialog::Goal {
            need,
            editing: Some((goal_id, version)),
        } => CasePlanEffect::ChangeGoal {
            case_id: cx.case_id,
            goal_id: *goal_id,
            version: *version,
            need: nonempty(need, "need this goal meets")?,
            actor: cx.me.0,
        },
        PlanDialog::Goal { need, .. } => CasePlanEffect::AddGoal {
            case_id: cx.case_id,
            need: nonempty(need, "need this goal meets")?,
            actor: cx.me.0,
        },
        PlanDialog::Action {
            editing,
            goal_id,
            what,
            owners,
            owner,
            due,
            ..
        } => {
            let what = nonempty(what, "action")?;
            let owner = owners.get(*owner).ok_or("Choose who does it.")?.owner();
            let due_at = end_of_day(due, cx.zone)?;
            if due_at < cx.now {
                return Err("Due date: today or later.".into());
            }
            if let Some((action_id, version)) = editing {
                return Ok(CasePlanEffect::ChangeAction {
                    case_id: cx.case_id,
                    action_id: *action_id,
                    version: *version,
                    change: ActionChange {
                        what,
                        owner,
                        due_at,
                    },
                    actor: cx.me.0,
                });
            }
            CasePlanEffect::AddAction {
                case_id: cx.case_id,
                action: NewAction {
                    goal_id: *goal_id,
                    what,
                    owner,
                    due_at,
                },
                actor: cx.me.0,
            }
        }
        PlanDialog::Drop {
            action_id,
            version,
            reason,
            ..
        } => CasePlanEffect::Close {
            case_id: cx.case_id,
            action_id: *action_id,
            version: *version,
            to: ActionStatus::Dropped,
            reason: Some(nonempty(reason, "reason for dropping it")?),
            actor: cx.me.0,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_due_date_is_the_end_of_that_local_day() {
        let zone = FixedOffset::east_opt(3 * 3600).unwrap();
        let end = end_of_day("2026-12-24", zone).unwrap();
        let expected = zone
            .with_ymd_and_hms(2026, 12, 24, 23, 59, 59)
            .unwrap()
            .timestamp();
        assert_eq!(end, expected);
        assert_eq!(local_date(end, zone), "2026-12-24");
        assert!(end_of_day("24/12/2026", zone).is_err());
        assert!(end_of_day("2026-02-30", zone).is_err());
    }

    #[test]
    fn owners_are_me_then_the_case_worker_then_the_agencies() {
        let agencies = [OwnerChoice {
            owner: ActionOwner::Referral(9),
            label: "Tumaini Safe House".into(),
        }];
        let list = owners((1, "Amina"), Some((2, "Wanjikũ")), &agencies);
        let labels: Vec<_> = list.iter().map(|o| o.label.as_str()).collect();
        assert_eq!(labels, ["Amina (me)", "Wanjikũ", "Tumaini Safe House"]);
        assert_eq!(list[2].owner(), ActionOwner::Referral(9));
        // I am the case worker: listed once.
        assert_eq!(owners((1, "Amina"), Some((1, "Amina")), &[]).len(), 1);
    }
}
