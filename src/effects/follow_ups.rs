//! The store work of the Follow-ups pane.

use super::EffectContext;
use crate::app::follow_ups::{FollowUpsEffect, FollowUpsMsg};
use crate::app::message::Msg;
use crate::domain::follow_up::SafeNow;
use crate::store::Store;

pub fn perform(store: &mut Store, ctx: &EffectContext, effect: FollowUpsEffect) -> Msg {
    Msg::FollowUps(match effect {
        FollowUpsEffect::Load {
            generation,
            owner,
            scope,
            audit,
            now,
            day_end,
        } => FollowUpsMsg::Loaded {
            generation,
            queue: store
                .viewer(owner)
                .and_then(|viewer| {
                    store.follow_up_queue(
                        &viewer,
                        &scope,
                        now,
                        day_end,
                        crate::app::follow_ups::SECTION_LIMIT,
                    )
                })
                .and_then(|mut queue| {
                    queue.overdue_actions = store.overdue_plan_actions(
                        owner,
                        now,
                        crate::app::follow_ups::SECTION_LIMIT,
                    )?;
                    Ok(queue)
                })
                .inspect(|queue| {
                    if audit {
                        let shown =
                            queue.overdue.len() + queue.due_today.len() + queue.upcoming.len();
                        store.audit_list_view(owner, "follow_ups", shown);
                    }
                })
                .map_err(|e| e.to_string()),
        },
        FollowUpsEffect::Record {
            follow_up,
            number,
            actor,
        } => {
            let assess = follow_up.safe_now == Some(SafeNow::No) || follow_up.new_concern;
            FollowUpsMsg::Recorded {
                case_id: follow_up.case_id,
                number,
                assess,
                result: store
                    .record_follow_up(&follow_up, actor, ctx.now)
                    .map_err(|e| e.to_string()),
            }
        }
    })
}
