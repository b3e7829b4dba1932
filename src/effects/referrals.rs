//! Store work for the Referrals pane and the refer dialog: the queue, the
//! lifecycle moves, new referrals and the overdue-referral alerts.

use super::EffectContext;
use crate::app::Msg;
use crate::app::refer::{Created, ReferEffect, ReferMsg, ReferralToCreate};
use crate::app::referrals::{MoveFailure, ReferralsEffect, ReferralsMsg};
use crate::store::referrals::NewReferral;
use crate::store::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};

fn at(now: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(now, 0).unwrap_or_default()
}

/// Runs the Referrals pane's store work.
pub fn perform(store: &mut Store, ctx: &EffectContext, effect: ReferralsEffect) -> Msg {
    let now = at(ctx.now);
    Msg::Referrals(match effect {
        ReferralsEffect::Load {
            generation,
            filter,
            page,
            append,
        } => ReferralsMsg::Loaded {
            generation,
            rows: store
                .referral_queue(&filter, page, now)
                .map_err(|e| e.to_string()),
            append,
            limit: page.limit,
        },
        ReferralsEffect::LoadOrganisations => {
            ReferralsMsg::Organisations(store.organisations().map_err(|e| e.to_string()))
        }
        ReferralsEffect::Move {
            referral_id,
            case_id,
            version,
            to,
            reason,
            actor,
        } => {
            let moved = store.change_referral_status(
                referral_id,
                version,
                to,
                reason.as_deref(),
                Some(actor),
                now,
            );
            let result = match moved {
                Ok(_) => Ok(()),
                // Say what the other person made of it, when it can be read.
                Err(StoreError::Conflict { .. }) => Err(MoveFailure::Conflict(
                    store.referral(referral_id).ok().map(|r| r.referral.status),
                )),
                Err(e) => Err(MoveFailure::Refused(e.to_string())),
            };
            ReferralsMsg::Moved {
                case_id,
                to,
                result,
            }
        }
    })
}

/// Runs the refer dialog's store work.
pub fn perform_refer(store: &mut Store, ctx: &EffectContext, effect: ReferEffect) -> Msg {
    Msg::Refer(match effect {
        ReferEffect::Search {
            generation,
            text,
            page,
        } => ReferMsg::Found {
            generation,
            rows: store
                .search_services(&text, page)
                .map_err(|e| e.to_string()),
        },
        ReferEffect::Create(new) => {
            ReferMsg::Created(create(store, ctx, &new).map_err(|e| e.to_string()))
        }
    })
}

fn create(store: &mut Store, ctx: &EffectContext, new: &ReferralToCreate) -> StoreResult<Created> {
    let id = store.create_referral(
        &NewReferral {
            case_id: new.case_id,
            service_id: new.service_id,
            urgency: Some(new.urgency),
            consent_given: new.consent_given,
            override_reason: new.override_reason.as_deref(),
            note: new.note.as_deref(),
        },
        &ctx.settings.response,
        Some(new.actor),
        at(ctx.now),
    )?;
    let referral = store.referral(id)?;
    let service = store.service(new.service_id)?;
    Ok(Created {
        case_id: new.case_id,
        service: format!("{}, {}", service.record.name, service.record.organisation),
        due_at: referral.referral.due_at.timestamp(),
    })
}

/// Raises the alerts for referrals that passed their due time.
pub fn raise_overdue(store: &mut Store, ctx: &EffectContext) {
    if let Err(e) = store.raise_overdue_referral_alerts(at(ctx.now)) {
        tracing::warn!(error = %e, "overdue-referral check failed");
    }
}
