//! Runs the store work that `app::update` asks for and turns the outcome
//! into the message that goes back into `update`. The event loop calls this
//! on a blocking thread, never on the render path; tests call it directly.

use crate::app::cases::{NoteFailure, TIMELINE_PAGE};
use crate::app::state::Settings;
use crate::app::state::StatusInfo;
use crate::app::{Effect, Msg};
use crate::domain::LockoutPolicy;
use crate::domain::risk::LevelBasis;
use crate::store::assessments::NewAssessment;
use crate::store::cases::NewCase;
use crate::store::contacts::{
    CaseTarget, IntakeRisk, NewContact, SOURCE_FLOOR, SOURCE_INTAKE, SOURCE_INTAKE_INSTRUMENT,
};
use crate::store::drafts::DraftSave;
use crate::store::{Store, StoreError};

pub mod audit;
pub mod case_plans;
pub mod closures;
pub mod dialog_drafts;
pub mod follow_ups;
pub mod hand_over;
pub mod presence;
pub mod referrals;
pub mod reports;
pub mod services;
pub mod wallboard;
pub mod wellbeing;

/// Performs one store effect. Effects that are not store work (bell,
/// redraw, logout audit handled by the loop) return None.
/// A versioned update's outcome as the app tells it: a conflict (someone
/// else changed the record) or another reason.
fn update_failure<T>(result: Result<T, StoreError>) -> Result<(), NoteFailure> {
    update_outcome(result).map(|_| ())
}

/// A change's result as the app takes it: a stale version is a conflict.
fn update_outcome<T>(result: Result<T, StoreError>) -> Result<T, NoteFailure> {
    match result {
        Ok(value) => Ok(value),
        Err(StoreError::Conflict { .. }) => Err(NoteFailure::Conflict),
        Err(e) => Err(NoteFailure::Other(e.to_string())),
    }
}

/// What effects need besides the store: the rules from the configuration
/// and the clock, so callers and tests control both.
#[derive(Debug, Clone, Default)]
pub struct EffectContext {
    pub policy: LockoutPolicy,
    pub settings: Settings,
    pub workflow: std::sync::Arc<crate::domain::workflow::Workflow>,
    /// When a contact counts as heavy for the worker who took it.
    pub wellbeing: std::sync::Arc<crate::domain::wellbeing::WellbeingPolicy>,
    /// Now, in UTC seconds: stamps what the effect records.
    pub now: i64,
}

/// The figures every session shows about alerts.
fn load_status(store: &Store, viewer: &crate::store::alerts::AlertViewer) -> Option<Msg> {
    match store.alert_summary(viewer) {
        Ok(summary) => Some(Msg::StatusLoaded(StatusInfo::from_summary(summary))),
        Err(e) => {
            tracing::warn!(error = %e, "status refresh failed");
            None
        }
    }
}

/// Performs one store effect.
pub fn perform(store: &mut Store, ctx: &EffectContext, effect: Effect) -> Option<Msg> {
    let now = ctx.now;
    let policy = &ctx.policy;
    match effect {
        Effect::CheckLogin { username, password } => Some(Msg::LoginChecked(
            crate::auth::login(
                store,
                policy,
                &username,
                &password,
                chrono::DateTime::from_timestamp(now, 0).unwrap_or_default(),
            )
            .map_err(|e| e.to_string()),
        )),
        Effect::CheckUnlock {
            user_id,
            password,
            attempt,
        } => Some(Msg::UnlockChecked(
            crate::auth::unlock(store, user_id, &password, attempt).map_err(|e| e.to_string()),
        )),
        Effect::RecordScreenLocked { user_id, by_key } => {
            let how = if by_key { "key" } else { "idle" };
            if let Err(e) = store.record_lock_screen(
                user_id,
                &[(crate::domain::AuditAction::ScreenLocked, Some(how))],
            ) {
                tracing::warn!(error = %e, "screen lock not audited");
            }
            None
        }
        Effect::LoadStatus { viewer } => load_status(store, &viewer),
        Effect::RefreshStatus {
            viewer,
            known_revision,
        } => match store.alerts_revision() {
            Ok(revision) if revision == known_revision => None,
            _ => load_status(store, &viewer),
        },
        Effect::LoadAlerts { viewer } => Some(Msg::AlertsLoaded(
            store
                .alerts_with_summary(&viewer, crate::app::alerts::ALERT_LIMIT)
                .map(|(summary, rows)| (StatusInfo::from_summary(summary), rows))
                .map_err(|e| e.to_string()),
        )),
        Effect::AcknowledgeAlert {
            alert_id,
            user_id,
            note,
        } => Some(Msg::AlertAcknowledged(
            match store.acknowledge_alert_with_note(alert_id, user_id, note.as_deref(), now) {
                Ok(()) => Ok(note.is_some()),
                Err(StoreError::Conflict { .. }) => {
                    Err("Someone else acknowledged this alert already.".to_string())
                }
                Err(e) => Err(e.to_string()),
            },
        )),
        Effect::RaiseUnassignedAlerts { grace_secs } => {
            if let Err(e) = store.raise_unassigned_alerts(now, grace_secs) {
                tracing::warn!(error = %e, "unassigned-case check failed");
            }
            None
        }
        Effect::FlushAudit { wait } => {
            if let Err(e) = store.flush_audit(wait) {
                // Without waiting, a lock held elsewhere only means: next time.
                if wait || !matches!(e, StoreError::Busy { .. }) {
                    tracing::warn!(error = %e, "queued audit entries not written yet");
                }
            }
            None
        }
        Effect::RecordLogout { user_id } => {
            let entry = crate::store::audit::AuditEntry::new(
                Some(user_id),
                crate::domain::AuditAction::Logout,
            )
            .on("user", user_id);
            if let Err(e) = store.audit(entry) {
                tracing::warn!(error = %e, "logout not audited");
            }
            None
        }
        Effect::LoadCases {
            generation,
            viewer,
            audit,
            query,
            after,
            limit,
            append,
        } => {
            let rows = store
                .viewer(viewer)
                .and_then(|v| store.list_cases(&v, &query, after, limit));
            if let (true, Ok(rows)) = (audit, &rows) {
                store.audit_list_view(viewer, "case_list", rows.len());
            }
            Some(Msg::CasesLoaded {
                generation,
                rows: rows.map_err(|e| e.to_string()),
                append,
                limit,
            })
        }
        Effect::SearchCases {
            generation,
            viewer,
            text,
        } => Some(Msg::CasesSearched {
            generation,
            hits: store
                .viewer(viewer)
                .and_then(|v| {
                    store.search_cases_matched(&v, &text, crate::app::cases::SEARCH_LIMIT)
                })
                .map_err(|e| e.to_string()),
        }),
        Effect::RecordCaseSearch { user_id, results } => {
            if let Err(e) = store.record_case_search(user_id, results) {
                tracing::warn!(error = %e, "case search not audited");
            }
            None
        }
        Effect::OpenCase {
            case_id,
            viewer,
            audit,
        } => Some(open_case(store, case_id, viewer, audit)),
        Effect::OpenTimelineEntry {
            case_id,
            event_id,
            viewer,
        } => Some(Msg::TimelineEntryLoaded {
            event_id,
            result: Box::new(
                store
                    .viewer(viewer)
                    .and_then(|v| store.open_timeline_entry(case_id, event_id, &v))
                    .map_err(|e| e.to_string()),
            ),
        }),
        Effect::BreakGlass {
            case_id,
            viewer,
            reason,
        } => {
            let broken = store
                .viewer(viewer)
                .and_then(|v| store.break_glass(case_id, &v, &reason, now));
            Some(match broken {
                Ok(()) => open_case(store, case_id, viewer, true),
                Err(e) => Msg::GlassRefused(e.to_string()),
            })
        }
        Effect::RestrictCase {
            case_id,
            version,
            restricted,
            viewer,
        } => {
            let result = store
                .viewer(viewer)
                .and_then(|v| store.set_case_restricted(case_id, version, restricted, &v, now));
            Some(match result {
                Ok(()) => open_case(store, case_id, viewer, false),
                Err(e) => Msg::CaseLoaded(Box::new(Err(e.to_string()))),
            })
        }
        Effect::AddNote {
            case_id,
            version,
            text,
            actor,
        } => Some(Msg::NoteSaved(
            match store.add_case_note(case_id, version, &text, actor, now) {
                Ok(_) => Ok(()),
                Err(StoreError::Conflict { .. }) => Err(NoteFailure::Conflict),
                Err(e) => Err(NoteFailure::Other(e.to_string())),
            },
        )),
        Effect::SaveAssessment { record, actor } => {
            let r = &*record;
            let result = store.record_assessment(
                &NewAssessment {
                    case_id: r.case_id,
                    instrument_id: &r.instrument_id,
                    instrument_version: r.instrument_version,
                    answers_json: &r.answers_json,
                    score: r.score,
                    result_name: &r.result_name,
                    computed_level: r.computed_level,
                    final_level: r.final_level,
                    judgement_reason: r.judgement_reason.as_deref(),
                    source: "assessment",
                    contact_id: None,
                    summary: &r.summary,
                },
                actor,
                now,
                &|level, at| ctx.settings.deadline_for(level, at),
            );
            Some(Msg::AssessmentSaved(
                result
                    .map(|saved| saved.case_level)
                    .map_err(|e| e.to_string()),
            ))
        }
        Effect::LoadLanguage { user_id } => match store.user_language(user_id) {
            Ok(language) => Some(Msg::LanguageLoaded(language)),
            Err(e) => {
                tracing::warn!(error = %e, "the account's language not loaded");
                None
            }
        },
        Effect::LoadDrafts { operator } => Some(Msg::DraftsLoaded(
            store.operator_drafts(operator).map_err(|e| e.to_string()),
        )),
        Effect::LoadStaleDrafts { before } => match store.drafts_left_behind(before, now, 100) {
            Ok(stale) => Some(Msg::StaleDraftsLoaded(stale)),
            Err(e) => {
                tracing::warn!(error = %e, "stale drafts not loaded");
                None
            }
        },
        Effect::SaveDraft {
            local,
            draft_id,
            form_id,
            started_at,
            operator,
            answers_json,
            focus,
            attach_case_id,
            assessments_json,
        } => Some(Msg::DraftSaved {
            local,
            result: store
                .save_draft(
                    &DraftSave {
                        draft_id,
                        operator_id: operator,
                        form_id: &form_id,
                        answers_json: &answers_json,
                        focus_field: focus.as_deref(),
                        attach_case_id,
                        assessments_json: assessments_json.as_deref(),
                        started_at,
                    },
                    now,
                )
                .map_err(|e| match e {
                    StoreError::NotFound { .. } => crate::app::intake::DraftFailure::Gone,
                    other => crate::app::intake::DraftFailure::Other(other.to_string()),
                }),
        }),
        Effect::DiscardDraft { draft_id, operator } => {
            if let Err(e) = store.discard_draft(draft_id, operator) {
                tracing::warn!(error = %e, "draft not discarded");
            }
            None
        }
        Effect::FindReturning {
            local,
            generation,
            phone_norm,
            child_name,
            child_age,
        } => match store
            .find_returning(phone_norm.as_deref(), child_name.as_deref(), child_age, 5)
            .and_then(|matches| {
                let profile = match phone_norm.as_deref() {
                    Some(key) => store.caller_profile(key)?,
                    None => None,
                };
                Ok((matches, profile))
            }) {
            Ok((matches, profile)) => Some(Msg::ReturningFound {
                local,
                generation,
                matches,
                profile,
            }),
            Err(e) => {
                tracing::warn!(error = %e, "returning-caller lookup failed");
                None
            }
        },
        Effect::CompleteIntake {
            local,
            draft_id,
            operator,
            record,
        } => {
            let r = &*record;
            let contact = NewContact {
                form_id: &r.form_id,
                channel: &r.channel,
                contact_type: &r.contact_type,
                started_at: r.started_at,
                ended_at: r.ended_at,
                caller_name: r.caller_name.as_deref(),
                caller_relationship: r.caller_relationship.as_deref(),
                caller_phone: r.caller_phone.as_deref(),
                phone_norm: r.phone_norm.as_deref(),
                child_name: r.child_name.as_deref(),
                child_age: r.child_age,
                child_gender: r.child_gender.as_deref(),
                location: r.location.as_deref(),
                language: r.language.as_deref(),
                category: r.category.as_deref(),
                subcategory: r.subcategory.as_deref(),
                answers_json: &r.answers_json,
                narrative: r.narrative.as_deref(),
                next_time_note: r.next_time_note.as_deref(),
            };
            let opening_level = r
                .risks
                .iter()
                .map(|l| l.final_level)
                .max()
                .unwrap_or_default();
            let target = match (r.needs_case, r.attach_case_id) {
                (false, _) => CaseTarget::NoCase,
                (true, Some(id)) => CaseTarget::Attach(id),
                (true, None) => CaseTarget::Open(NewCase {
                    opened_at: r.started_at,
                    risk: crate::domain::RiskLevel::None,
                    child_name: r.child_name.as_deref(),
                    child_age: r.child_age,
                    child_gender: r.child_gender.as_deref(),
                    location: r.location.as_deref(),
                    language: r.language.as_deref(),
                    category: r.category.as_deref(),
                    subcategory: r.subcategory.as_deref(),
                    phone_norm: r.phone_norm.as_deref(),
                    team: None,
                    deadline_at: ctx.settings.deadline_for(opening_level, now),
                    consent: r.consent.as_deref(),
                }),
            };
            let risks: Vec<IntakeRisk<'_>> = r
                .risks
                .iter()
                .map(|l| IntakeRisk {
                    instrument_id: &l.instrument_id,
                    instrument_version: l.instrument_version,
                    answers_json: &l.answers_json,
                    score: l.score,
                    result_name: &l.result_name,
                    computed_level: l.computed_level,
                    final_level: l.final_level,
                    judgement_reason: l.judgement_reason.as_deref(),
                    source: match l.basis {
                        LevelBasis::Provisional => SOURCE_FLOOR,
                        LevelBasis::IntakeAnswers => SOURCE_INTAKE,
                        LevelBasis::Instrument => SOURCE_INTAKE_INSTRUMENT,
                    },
                    summary: &l.summary,
                })
                .collect();
            let result = store.complete_intake(
                draft_id,
                operator,
                &contact,
                target,
                &risks,
                now,
                &|level, at| ctx.settings.deadline_for(level, at),
            );
            let heavy = result.as_ref().ok().and_then(|saved| {
                wellbeing::after_contact(
                    store,
                    ctx,
                    operator,
                    saved.contact_id,
                    opening_level,
                    (r.category.as_deref(), r.subcategory.as_deref()),
                )
            });
            Some(Msg::IntakeCompleted {
                local,
                result: result.map_err(|e| e.to_string()),
                heavy,
            })
        }
        Effect::FollowUps(effect) => Some(follow_ups::perform(store, ctx, effect)),
        Effect::Reports(effect) => Some(reports::perform(store, effect)),
        Effect::CasePlan(effect) => Some(case_plans::perform(store, ctx, effect)),
        Effect::RaiseFollowUpReminders => {
            if let Err(e) = store.raise_follow_up_reminders(ctx.now) {
                tracing::warn!(error = %e, "follow-up reminder check failed");
            }
            if let Err(e) = store.raise_plan_action_reminders(ctx.now) {
                tracing::warn!(error = %e, "plan action reminder check failed");
            }
            None
        }
        Effect::RaiseOverdueReferralAlerts => {
            referrals::raise_overdue(store, ctx);
            None
        }
        Effect::Referrals(effect) => Some(referrals::perform(store, ctx, effect)),
        Effect::Services(effect) => Some(services::perform(store, effect)),
        Effect::Audit(effect) => Some(audit::perform(store, ctx, effect)),
        Effect::Wellbeing(effect) => Some(wellbeing::perform(store, ctx, effect)),
        Effect::HandOver(effect) => hand_over::perform(store, ctx, effect),
        Effect::Refer(effect) => Some(referrals::perform_refer(store, ctx, effect)),
        Effect::DialogDrafts(effect) => Some(dialog_drafts::perform(store, ctx, effect)),
        Effect::Closures(effect) => Some(closures::perform(store, ctx, effect)),
        Effect::ChangeStep {
            case_id,
            version,
            step,
            actor,
        } => Some(Msg::StepChanged(update_outcome(store.move_case(
            case_id,
            version,
            &step,
            &ctx.workflow,
            Some(actor),
            chrono::DateTime::from_timestamp(now, 0).unwrap_or_default(),
        )))),
        Effect::LoadWorkers => Some(Msg::WorkersLoaded(
            store
                .worker_caseloads_with(&ctx.settings.floor.weights)
                .map_err(|e| e.to_string()),
        )),
        Effect::AssignCase {
            case_id,
            version,
            worker_id,
            actor,
            above_cap,
        } => Some(Msg::CaseAssigned(update_failure(
            store.assign_case_above_cap(
                case_id,
                version,
                worker_id,
                actor,
                now,
                above_cap.as_deref(),
            ),
        ))),
        Effect::Wallboard(effect) => Some(wallboard::perform(store, ctx.now, effect)),
        Effect::Presence(effect) => {
            presence::perform(store, effect);
            None
        }
        Effect::Bell | Effect::Redraw => None,
    }
}

/// Reads a case and the first page of its timeline for `viewer`: as a new
/// access (audited) or a refresh of the case on screen. A case outside the
/// viewer's rights asks for the glass to be broken instead, whether it is
/// being opened or was restricted while on screen.
fn open_case(store: &mut Store, case_id: i64, viewer: i64, audit: bool) -> Msg {
    let who = match store.viewer(viewer) {
        Ok(who) => who,
        Err(e) => return Msg::CaseLoaded(Box::new(Err(e.to_string()))),
    };
    let detail = if audit {
        store.open_case_detail(case_id, &who)
    } else {
        store
            .require_case_access(
                case_id,
                &who,
                crate::domain::access::CaseAction::View,
                crate::clock::now().timestamp(),
            )
            .and_then(|()| store.reload_case_detail(case_id))
    };
    if let Err(StoreError::NeedToKnow { case_id }) = detail {
        return Msg::CaseNeedsGlass { case_id };
    }
    let result = detail.and_then(|d| {
        store
            .case_timeline(case_id, None, TIMELINE_PAGE)
            .map(|t| (d, t))
    });
    Msg::CaseLoaded(Box::new(result.map_err(|e| e.to_string())))
}
