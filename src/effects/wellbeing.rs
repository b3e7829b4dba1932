//! The store work of workers' wellbeing: a heavy contact counted after the
//! intake is saved, the check's answers, and a worker's own shift view.

use super::EffectContext;
use crate::app::message::Msg;
use crate::app::wellbeing::{SHIFT_SECS, WellbeingEffect, WellbeingMsg};
use crate::domain::RiskLevel;
use crate::domain::wellbeing::HeavyContact;
use crate::store::Store;

/// Counts a completed contact as heavy for its operator when the policy
/// says so, telling the supervisors after too many critical ones. A
/// failure here never undoes the saved contact: it is logged, and the
/// check is still offered.
pub fn after_contact(
    store: &mut Store,
    ctx: &EffectContext,
    operator: i64,
    contact_id: i64,
    level: RiskLevel,
    (category, subcategory): (Option<&str>, Option<&str>),
) -> Option<HeavyContact> {
    if !ctx.wellbeing.heavy(level, category, subcategory) {
        return None;
    }
    let recorded = store.record_heavy_contact(
        operator,
        contact_id,
        level,
        ctx.now - SHIFT_SECS,
        ctx.now,
        &ctx.wellbeing,
    );
    Some(match recorded {
        Ok(heavy) => heavy,
        Err(e) => {
            tracing::warn!(error = %e, "heavy contact not counted");
            HeavyContact {
                contact_id,
                level,
                critical_this_shift: 0,
                supervisors_told: false,
            }
        }
    })
}

pub fn perform(store: &mut Store, ctx: &EffectContext, effect: WellbeingEffect) -> Msg {
    Msg::Wellbeing(match effect {
        WellbeingEffect::RecordCheck {
            user_id,
            contact_id,
            feeling,
            next,
        } => WellbeingMsg::CheckRecorded {
            next,
            result: store
                .record_wellbeing_check(user_id, contact_id, feeling, next, ctx.now)
                .map_err(|e| e.to_string()),
        },
        WellbeingEffect::LoadShift { user_id, since } => WellbeingMsg::ShiftLoaded(
            store
                .shift_summary(user_id, since)
                .map_err(|e| e.to_string()),
        ),
    })
}
