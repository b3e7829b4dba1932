//! Store work for closure approvals and reopening.

use super::{EffectContext, update_failure};
use crate::app::Msg;
use crate::app::closures::{APPROVALS_LIMIT, ClosuresEffect, ClosuresMsg, Decision};
use crate::store::Store;
use chrono::{DateTime, Utc};

/// Runs the closures' store work.
pub fn perform(store: &mut Store, ctx: &EffectContext, effect: ClosuresEffect) -> Msg {
    let now: DateTime<Utc> = DateTime::from_timestamp(ctx.now, 0).unwrap_or_default();
    Msg::Closures(match effect {
        ClosuresEffect::LoadPending { generation } => ClosuresMsg::PendingLoaded {
            generation,
            rows: store
                .pending_closures(APPROVALS_LIMIT)
                .map_err(|e| e.to_string()),
        },
        ClosuresEffect::Approve {
            case_id,
            version,
            actor,
        } => ClosuresMsg::Decided(
            Decision::Approved,
            update_failure(store.approve_closure(case_id, version, &ctx.workflow, actor, now)),
        ),
        ClosuresEffect::SendBack {
            case_id,
            version,
            reason,
            actor,
        } => ClosuresMsg::Decided(
            Decision::SentBack,
            update_failure(store.send_back_closure(case_id, version, &reason, actor, now)),
        ),
        ClosuresEffect::RequestErasure {
            case_id,
            reason,
            actor,
        } => ClosuresMsg::Decided(
            Decision::ErasureRequested,
            update_failure(
                store
                    .reload_case_detail(case_id)
                    .and_then(|d| store.request_erasure(actor, &[d.row.number], &reason, ctx.now)),
            ),
        ),
        ClosuresEffect::Reopen {
            case_id,
            version,
            reason,
            actor,
        } => ClosuresMsg::Decided(
            Decision::Reopened,
            update_failure(store.reopen_case(
                case_id,
                version,
                &reason,
                &ctx.workflow,
                Some(actor),
                now,
            )),
        ),
    })
}
