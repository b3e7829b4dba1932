//! The store work of the case plan and the proposed next steps.

use super::EffectContext;
use crate::app::case_plan::{CasePlanEffect, CasePlanMsg, PlanData};
use crate::app::message::Msg;
use crate::domain::case_plan::ActionStatus;
use crate::store::{Store, StoreResult};

fn load(store: &Store, ctx: &EffectContext, case_id: i64) -> StoreResult<PlanData> {
    Ok(PlanData {
        plan: store.case_plan(case_id)?,
        proposals: store.next_step_proposals(case_id, &ctx.workflow)?,
        agencies: store.plan_referral_owners(case_id)?,
    })
}

pub fn perform(store: &mut Store, ctx: &EffectContext, effect: CasePlanEffect) -> Msg {
    let now = ctx.now;
    let (case_id, result) = match effect {
        CasePlanEffect::Load { case_id } => {
            return Msg::CasePlan(CasePlanMsg::Loaded {
                case_id,
                result: load(store, ctx, case_id).map_err(|e| e.to_string()),
            });
        }
        CasePlanEffect::AddGoal {
            case_id,
            need,
            actor,
        } => (
            case_id,
            store
                .add_plan_goal(case_id, &need, actor, now)
                .map(|_| "✓ Goal added.".to_string()),
        ),
        CasePlanEffect::AddAction {
            case_id,
            action,
            actor,
        } => (
            case_id,
            store
                .add_plan_action(case_id, &action, actor, now)
                .map(|_| "✓ Action added.".to_string()),
        ),
        CasePlanEffect::ChangeGoal {
            case_id,
            goal_id,
            version,
            need,
            actor,
        } => (
            case_id,
            store
                .change_plan_goal(goal_id, version, &need, actor, now)
                .map(|_| "✓ Goal changed.".to_string()),
        ),
        CasePlanEffect::ChangeAction {
            case_id,
            action_id,
            version,
            change,
            actor,
        } => (
            case_id,
            store
                .change_plan_action(action_id, version, &change, actor, now)
                .map(|_| "✓ Action changed.".to_string()),
        ),
        CasePlanEffect::Close {
            case_id,
            action_id,
            version,
            to,
            reason,
            actor,
        } => (
            case_id,
            store
                .close_plan_action(action_id, version, to, reason.as_deref(), actor, now)
                .map(|_| match to {
                    ActionStatus::Dropped => "✓ Action dropped.".to_string(),
                    _ => "✓ Action done.".to_string(),
                }),
        ),
        CasePlanEffect::Dismiss {
            case_id,
            proposal,
            actor,
        } => (
            case_id,
            store
                .dismiss_next_step(case_id, &proposal, actor, now)
                .map(|_| "✓ Proposal dismissed.".to_string()),
        ),
    };
    Msg::CasePlan(CasePlanMsg::Saved {
        case_id,
        result: result.map_err(|e| e.to_string()),
    })
}
