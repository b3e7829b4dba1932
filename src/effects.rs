//! Runs the store work that `app::update` asks for and turns the outcome
//! into the message that goes back into `update`. The event loop calls this
//! on a blocking thread, never on the render path; tests call it directly.

use crate::app::cases::{NoteFailure, TIMELINE_PAGE};
use crate::app::state::StatusInfo;
use crate::app::{Effect, Msg};
use crate::domain::LockoutPolicy;
use crate::store::{Store, StoreError};

/// Performs one store effect. Effects that are not store work (bell,
/// redraw, logout audit handled by the loop) return None.
/// `now` (UTC seconds) stamps what the effect records, so callers and
/// tests control the clock.
pub fn perform(store: &mut Store, policy: &LockoutPolicy, effect: Effect, now: i64) -> Option<Msg> {
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
        Effect::LoadStatus { viewer } => {
            let status = store.count_open_alerts(&viewer).and_then(|n| {
                let top = store.list_open_alerts(&viewer, 1)?.into_iter().next();
                Ok(StatusInfo {
                    unacknowledged_alerts: n,
                    top_alert: top,
                })
            });
            match status {
                Ok(status) => Some(Msg::StatusLoaded(status)),
                Err(e) => {
                    tracing::warn!(error = %e, "status refresh failed");
                    None
                }
            }
        }
        Effect::LoadAlerts { viewer } => Some(Msg::AlertsLoaded(
            store
                .list_open_alerts(&viewer, crate::app::alerts::ALERT_LIMIT)
                .map_err(|e| e.to_string()),
        )),
        Effect::AcknowledgeAlert { alert_id, user_id } => Some(Msg::AlertAcknowledged(match store
            .acknowledge_alert(alert_id, user_id, now)
        {
            Ok(()) => Ok(()),
            Err(StoreError::Conflict { .. }) => {
                Err("Someone else acknowledged this alert already.".to_string())
            }
            Err(e) => Err(e.to_string()),
        })),
        Effect::RaiseUnassignedAlerts { grace_secs } => {
            if let Err(e) = store.raise_unassigned_alerts(now, grace_secs) {
                tracing::warn!(error = %e, "unassigned-case check failed");
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
            query,
            after,
            limit,
            append,
        } => Some(Msg::CasesLoaded {
            generation,
            rows: store
                .list_cases(&query, after, limit)
                .map_err(|e| e.to_string()),
            append,
            limit,
        }),
        Effect::SearchCases { generation, text } => Some(Msg::CasesLoaded {
            generation,
            rows: store
                .search_cases(&text, crate::app::cases::SEARCH_LIMIT)
                .map_err(|e| e.to_string()),
            append: false,
            limit: crate::app::cases::SEARCH_LIMIT,
        }),
        Effect::OpenCase {
            case_id,
            viewer,
            audit,
        } => {
            let detail = if audit {
                store.open_case_detail(case_id, viewer)
            } else {
                store.reload_case_detail(case_id)
            };
            let result = detail.and_then(|d| {
                store
                    .case_timeline(case_id, None, TIMELINE_PAGE)
                    .map(|t| (d, t))
            });
            Some(Msg::CaseLoaded(Box::new(result.map_err(|e| e.to_string()))))
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
        Effect::Bell | Effect::Redraw => None,
    }
}
