//! How a generated case moves through the workflow after it is opened:
//! assignment, the case-management steps, follow-up contacts and alerts.

use super::{DAY, DemoGenerator, HOUR, MINUTE};
use crate::domain::demo::vocab;
use crate::domain::demo::{
    ALERT_URGENT_CASE, DemoAlert, DemoCase, DemoContact, DemoEvent, EVENT_ASSIGNED, EVENT_CONTACT,
    EVENT_STATUS, OPEN_WORK_DAYS, WAITING_ALERT_DAYS, WAITING_CRITICAL_ALERT_DAYS,
};
use crate::domain::{CaseStatus, RiskLevel};
use std::borrow::Cow;

impl DemoGenerator {
    /// Walks the case through the workflow until `now`: assignment, then
    /// each step after a plausible delay (faster the higher the risk), and
    /// returns when services got under way, if they did. Every path ends
    /// within [`OPEN_WORK_DAYS`], so only recent cases are still open. A few
    /// recent cases stall at some step, which gives supervisors a backlog to
    /// find; many low-risk cases close straight after assessment.
    pub(super) fn work_the_case(&mut self, case: &mut DemoCase, team: usize) -> Option<i64> {
        let recent = case.opened_at >= self.now - OPEN_WORK_DAYS * DAY;
        let stall = (self.rng.chance(8) && recent).then(|| *self.rng.pick(&CaseStatus::ALL[..5]));
        // Some of the last day's cases wait in the queue for a supervisor.
        let queued = case.opened_at >= self.now - DAY && self.rng.chance(30);
        if stall == Some(CaseStatus::Open) || queued {
            return None;
        }
        let urgent = case.risk.is_urgent();
        let delay = if urgent {
            self.rng.between(5 * MINUTE, 70 * MINUTE)
        } else {
            self.rng.between(20 * MINUTE, 200 * MINUTE)
        };
        let mut t = case.opened_at + delay;
        if t > self.now {
            return None;
        }
        let worker = *self.rng.pick(&self.staff.workers[team]);
        let supervisor = *self.rng.pick(&self.staff.supervisors[team]);
        case.worker = Some(worker);
        case.assigned_at = Some(t);
        case.updated_at = t;
        case.events.push(DemoEvent {
            at: t,
            actor: supervisor,
            kind: EVENT_ASSIGNED,
            summary: Cow::Owned(format!("Assigned to {}", self.staff.display_names[worker])),
            contact: None,
        });
        let quick = match case.risk {
            RiskLevel::None | RiskLevel::Low => self.rng.chance(45),
            RiskLevel::Medium => self.rng.chance(15),
            _ => false,
        };
        // (next step, least and most hours after the previous one); the
        // longest path takes 40 days, under OPEN_WORK_DAYS.
        let steps: &[(CaseStatus, i64, i64)] = if quick {
            &[(CaseStatus::Assessment, 0, 2), (CaseStatus::Closed, 4, 96)]
        } else {
            &[
                (CaseStatus::Assessment, 0, 2),
                (CaseStatus::CasePlan, 12, 72),
                (CaseStatus::InService, 24, 240),
                (CaseStatus::FollowUp, 72, 336),
                (CaseStatus::Closed, 48, 312),
            ]
        };
        let mut in_service_at = None;
        let pace = match case.risk {
            RiskLevel::Critical => 0.25,
            RiskLevel::High => 0.5,
            _ => 1.0,
        };
        for &(next, least, most) in steps {
            if stall == Some(case.status) {
                return in_service_at;
            }
            let wait = self.rng.between(least * HOUR, most * HOUR) as f64 * pace;
            let mut at = t + wait as i64 + MINUTE;
            let closure =
                (next == CaseStatus::Closed).then(|| *self.rng.weighted(vocab::CLOSURE_REASONS));
            if let Some(("no_contact", _)) = closure {
                // "No contact" needs a month of silence after the first call.
                let quiet = i64::from(crate::domain::workflow::DEFAULT_NO_CONTACT_DAYS) + 1;
                at = at.max(case.opened_at + quiet * DAY + self.rng.between(0, 2 * DAY));
            }
            if at > self.now {
                return in_service_at;
            }
            t = at;
            case.status = next;
            case.updated_at = at;
            if next == CaseStatus::InService {
                in_service_at = Some(at);
            }
            let mut actor = worker;
            let summary = if let Some((reason, label)) = closure {
                case.closed_at = Some(at);
                case.closure_reason = Some(reason);
                case.outcome_note = Some(*self.rng.pick(vocab::outcome_notes(reason)));
                if self.rng.chance(50) {
                    actor = supervisor;
                }
                label
            } else {
                status_summary(next)
            };
            case.events.push(DemoEvent {
                at,
                actor,
                kind: EVENT_STATUS,
                summary: Cow::Borrowed(summary),
                contact: None,
            });
        }
        in_service_at
    }

    /// Later contacts from the same caller while the case was open.
    pub(super) fn follow_up_contacts(&mut self, case: &mut DemoCase, type_label: &str) {
        let extra = *self.rng.weighted(&[(0usize, 60), (1, 28), (2, 12)]);
        let mut end = case.closed_at.unwrap_or(self.now);
        if case.closure_reason == Some("no_contact") {
            // Closed for no contact: nobody called in the month before.
            end -= i64::from(crate::domain::workflow::DEFAULT_NO_CONTACT_DAYS) * DAY;
        }
        let mut later = Vec::with_capacity(extra);
        for _ in 0..extra {
            let base = &case.contacts[0];
            let (channel, label) = if self.rng.chance(70) {
                channel_with_label(base.channel)
            } else {
                *self.rng.weighted(vocab::CHANNELS)
            };
            let duration_s = self.contact_duration(channel);
            let earliest = case.opened_at + 10 * MINUTE;
            let latest = end - duration_s;
            if latest < earliest {
                continue;
            }
            let keeps_phone = vocab::channel_has_phone(channel);
            let contact = DemoContact {
                channel,
                operator: self.operator().0,
                started_at: self.rng.between(earliest, latest),
                duration_s,
                caller_phone: base.caller_phone.clone().filter(|_| keeps_phone),
                phone_norm: base.phone_norm.clone().filter(|_| keeps_phone),
                ..base.clone()
            };
            later.push((contact, label));
        }
        later.sort_by_key(|(c, _)| c.started_at);
        for (contact, label) in later {
            case.events.push(DemoEvent {
                at: contact.ended_at(),
                actor: contact.operator,
                kind: EVENT_CONTACT,
                summary: Cow::Owned(format!("{label}: {type_label}")),
                contact: Some(case.contacts.len()),
            });
            case.updated_at = case.updated_at.max(contact.ended_at());
            case.contacts.push(contact);
        }
    }

    /// Urgent cases raised an alert when they were opened. Supervisors
    /// acknowledged them within minutes; only some recent ones on still-open
    /// cases are waiting (half of the last two days', fewer before; a
    /// critical one for a day at most, a high one for two weeks), which is
    /// what a supervisor's alert list shows at the start of a shift.
    pub(super) fn alert(&mut self, case: &DemoCase, team: usize) -> Option<DemoAlert> {
        if !case.risk.is_urgent() {
            return None;
        }
        let raised_at = case.opened_at;
        let window = if case.risk == RiskLevel::Critical {
            WAITING_CRITICAL_ALERT_DAYS
        } else {
            WAITING_ALERT_DAYS
        } * DAY;
        let recent = raised_at >= self.now - window;
        // The longer ago, the likelier someone has acknowledged it.
        let percent = if raised_at >= self.now - 2 * DAY {
            50
        } else {
            15
        };
        let waiting = case.status.is_open() && recent && self.rng.chance(percent);
        let acknowledged_at = raised_at + self.rng.between(MINUTE, 40 * MINUTE);
        let acknowledged = (!waiting && acknowledged_at <= self.now).then(|| {
            (
                acknowledged_at,
                *self.rng.pick(&self.staff.supervisors[team]),
            )
        });
        Some(DemoAlert {
            kind: ALERT_URGENT_CASE,
            severity: case.risk,
            raised_at,
            acknowledged,
        })
    }
}

/// A channel id with its timeline label.
fn channel_with_label(id: &'static str) -> (&'static str, &'static str) {
    vocab::CHANNELS
        .iter()
        .map(|(channel, _)| *channel)
        .find(|(channel, _)| *channel == id)
        .unwrap_or((id, id))
}

fn status_summary(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Open => "Case opened",
        CaseStatus::Assessment => "Assessment started",
        CaseStatus::CasePlan => "Case plan agreed",
        CaseStatus::InService => "Services under way",
        CaseStatus::FollowUp => "Follow-up and review",
        CaseStatus::Closed => "Case closed",
    }
}

/// Next action due on an open case, counted from its last update:
/// critical at once (half an hour to act), high 24 h, medium 72 h,
/// low 7 days, none without a deadline (reference, section 4).
pub(super) fn deadline(case: &DemoCase) -> Option<i64> {
    if !case.status.is_open() {
        return None;
    }
    let within = match case.risk {
        RiskLevel::Critical => 30 * MINUTE,
        RiskLevel::High => DAY,
        RiskLevel::Medium => 3 * DAY,
        RiskLevel::Low => 7 * DAY,
        RiskLevel::None => return None,
    };
    Some(case.updated_at + within)
}
