//! The intake an operator types during a call: a draft created when the
//! call starts, saved each second as words are typed, and completed when
//! the call ends (opening a case, joining one, or none for a silent call).

use super::protocol::{Op, Report, digest};
use super::worker::Worker;
use crate::cli::Pace;
use crate::domain::RiskLevel;
use crate::store::cases::NewCase;
use crate::store::contacts::{CaseTarget, IntakeRisk, NewContact};
use crate::store::drafts::DraftSave;
use std::time::{Duration, Instant};

/// Form the load test's drafts and contacts name.
const FORM_ID: &str = "child_helpline";
/// Saves per intake at the maximum pace (about a minute's typing).
const MAX_PACE_SAVES: u32 = 10;

/// What the operator types, a few words a second.
const TYPED: &str = "caller reports that the child was left alone at home since Monday school \
     teacher noticed bruises mother works nights neighbour agreed to help safe tonight follow-up \
     tomorrow";

/// The intake being typed.
pub(super) struct Intake {
    /// None until the first save creates the row.
    pub(super) draft_id: Option<i64>,
    pub(super) started_at: i64,
    narrative: String,
    child_name: String,
    /// Digest of the answers as last committed.
    pub(super) saved: u64,
    saves: u32,
    /// When (realistic pace) the call ends and the intake is completed.
    ends: Instant,
}

impl Worker {
    /// One second of an intake: start it, save what was typed (the first
    /// save creates the draft row, as in the application), or finish it.
    pub(super) fn type_intake(&mut self, first: bool) {
        let now = chrono::Utc::now().timestamp();
        if self.intake.is_none() {
            let secs = if first {
                self.first_call_secs
            } else {
                45 + self.rng.below(30)
            };
            let name = self.child_name();
            self.intake = Some(Intake {
                draft_id: None,
                started_at: now,
                narrative: String::new(),
                child_name: name,
                saved: digest(""),
                saves: 0,
                ends: Instant::now() + Duration::from_secs(secs),
            });
        }
        let Some(intake) = self.intake.as_ref() else {
            return;
        };
        let finished = match self.pace {
            Pace::Realistic => Instant::now() >= intake.ends,
            Pace::Max => intake.saves >= MAX_PACE_SAVES,
        };
        if finished {
            self.complete_intake();
            return;
        }
        for _ in 0..1 + self.rng.below(3) {
            let words: Vec<&str> = TYPED.split_whitespace().collect();
            let word = *self.rng.pick(&words);
            if let Some(intake) = self.intake.as_mut() {
                if !intake.narrative.is_empty() {
                    intake.narrative.push(' ');
                }
                intake.narrative.push_str(word);
            }
        }
        let Some(intake) = self.intake.as_ref() else {
            return;
        };
        let answers = answers_json(intake);
        let save = DraftSave {
            draft_id: intake.draft_id,
            operator_id: self.user.id,
            form_id: FORM_ID,
            answers_json: &answers,
            focus_field: Some("narrative"),
            attach_case_id: None,
            assessments_json: None,
            started_at: intake.started_at,
        };
        let op = match intake.draft_id {
            None => Op::CreateDraft,
            Some(_) => Op::SaveDraft,
        };
        let saved = self.call(op, |s| s.save_draft(&save, now));
        if let (Some(id), Some(intake)) = (saved, self.intake.as_mut()) {
            intake.draft_id = Some(id);
            intake.saved = digest(&answers);
            intake.saves += 1;
        }
    }

    fn complete_intake(&mut self) {
        let Some(intake) = self.intake.take() else {
            return;
        };
        let now = chrono::Utc::now().timestamp();
        let answers = answers_json(&intake);
        let roll = self.rng.below(100);
        let contact_type = if roll < 70 {
            "child_about_self"
        } else if roll < 85 {
            "about_a_child"
        } else {
            "silent"
        };
        let phone = format!("2547{:08}", self.rng.below(100_000_000));
        let attach = (70..85).contains(&roll);
        let joined = if attach { self.some_case() } else { None };
        let urgent = self.rng.chance(5);
        let level = if urgent {
            RiskLevel::High
        } else {
            RiskLevel::Low
        };
        let team = self.user.team.clone();
        let contact = NewContact {
            form_id: FORM_ID,
            channel: "phone",
            contact_type,
            started_at: intake.started_at,
            ended_at: now,
            caller_phone: Some(&phone),
            phone_norm: Some(&phone),
            child_name: Some(&intake.child_name),
            child_age: Some(6 + self.rng.below(12) as i64),
            category: Some("violence"),
            subcategory: Some("violence.physical_violence"),
            answers_json: &answers,
            narrative: Some(&intake.narrative),
            ..NewContact::default()
        };
        let target = match (contact_type, joined) {
            ("silent", _) => CaseTarget::NoCase,
            (_, Some(case_id)) => CaseTarget::Attach(case_id),
            _ => CaseTarget::Open(NewCase {
                opened_at: now,
                risk: level,
                child_name: Some(&intake.child_name),
                child_age: contact.child_age,
                phone_norm: Some(&phone),
                category: Some("violence"),
                subcategory: Some("violence.physical_violence"),
                team: team.as_deref(),
                deadline_at: self.settings.deadline_for(level, now),
                ..NewCase::default()
            }),
        };
        let risk: Vec<IntakeRisk<'_>> = urgent
            .then(|| {
                IntakeRisk::from_answers("intake", RiskLevel::High, "Intake: child at risk tonight")
            })
            .into_iter()
            .collect();
        let opens_case = matches!(target, CaseTarget::Open(_));
        let (user, settings) = (self.user.id, self.settings);
        let saved = self.call(Op::CompleteIntake, |s| {
            s.complete_intake(
                intake.draft_id,
                user,
                &contact,
                target,
                &risk,
                now,
                &|l, at| settings.deadline_for(l, at),
            )
        });
        match saved {
            Some(saved) => {
                let case_id = saved.case.as_ref().map(|(id, _)| *id);
                if let Some(id) = case_id {
                    self.case_ids.push(id);
                }
                // A third of new cases need a service.
                if let Some(id) = case_id
                    && opens_case
                    && self.rng.chance(33)
                {
                    self.refer(id);
                }
                self.report(&Report::Intake {
                    draft_id: intake.draft_id,
                    contact_id: saved.contact_id,
                    case_id,
                    answers: digest(&answers),
                });
            }
            // Not saved: the operator still has the intake on screen.
            None => self.intake = Some(intake),
        }
    }

    fn child_name(&mut self) -> String {
        let given = [
            "Wanjiku",
            "Achieng",
            "Zoë",
            "Thị Hương",
            "José",
            "Amina",
            "Baraka",
        ];
        let family = ["Kamau", "Otieno", "Nguyễn", "Pérez", "Okafor", "Mwangi"];
        format!("{} {}", self.rng.pick(&given), self.rng.pick(&family))
    }
}

/// The draft's answers as the form stores them.
fn answers_json(intake: &Intake) -> String {
    serde_json::json!({
        "child_name": intake.child_name,
        "narrative": intake.narrative,
    })
    .to_string()
}
