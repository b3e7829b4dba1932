//! The store work of hand-overs.

use super::EffectContext;
use crate::app::hand_over::{HandOverEffect, HandOverMsg};
use crate::app::message::Msg;
use crate::store::Store;
use crate::store::drafts::DraftSave;

pub fn perform(store: &mut Store, ctx: &EffectContext, effect: HandOverEffect) -> Option<Msg> {
    let msg = match effect {
        HandOverEffect::LoadColleagues { exclude } => HandOverMsg::Colleagues(
            store
                .present_colleagues_at(exclude, ctx.now)
                .map_err(|e| e.to_string()),
        ),
        HandOverEffect::Offer {
            content,
            operator,
            to_user,
        } => HandOverMsg::Offered {
            local: content.local,
            result: store
                .offer_hand_over(
                    &DraftSave {
                        draft_id: content.draft_id,
                        operator_id: operator,
                        form_id: &content.form_id,
                        answers_json: &content.answers_json,
                        focus_field: Some(&content.focus),
                        attach_case_id: content.attach_case_id,
                        assessments_json: content.assessments_json.as_deref(),
                        started_at: content.started_at,
                    },
                    to_user,
                    ctx.now,
                )
                .map_err(|e| e.to_string()),
        },
        HandOverEffect::Check { user, offers } => {
            let waiting = match store.hand_overs_waiting_for(user) {
                Ok(waiting) => waiting,
                Err(e) => {
                    tracing::warn!(error = %e, "hand-over check failed");
                    return None;
                }
            };
            let offers = offers
                .into_iter()
                .filter_map(|(local, id)| match store.hand_over_state(id) {
                    Ok(Some((state, to))) => Some((local, state, to)),
                    _ => None,
                })
                .collect();
            let still_offered = store.hand_overs_offered_by(user).unwrap_or_else(|e| {
                tracing::warn!(error = %e, "open hand-over offers not read");
                Vec::new()
            });
            HandOverMsg::Checked {
                waiting,
                offers,
                still_offered,
            }
        }
        HandOverEffect::Take { offer, user } => {
            let from = store
                .hand_overs_waiting_for(user)
                .ok()
                .and_then(|w| w.into_iter().find(|o| o.id == offer))
                .map(|o| o.from_name)
                .unwrap_or_else(|| "a colleague".into());
            HandOverMsg::Taken {
                from,
                result: store
                    .take_hand_over(offer, user, ctx.now)
                    .map_err(|e| e.to_string()),
            }
        }
        HandOverEffect::Decline { offer, user } => HandOverMsg::Declined(
            store
                .decline_hand_over(offer, user, ctx.now)
                .map_err(|e| e.to_string()),
        ),
        HandOverEffect::TakeOver {
            draft_id,
            supervisor,
            from,
        } => HandOverMsg::Taken {
            from,
            result: store
                .take_over_draft(draft_id, supervisor, ctx.now)
                .map_err(|e| e.to_string()),
        },
        HandOverEffect::Withdraw {
            local,
            offer,
            giver,
        } => HandOverMsg::Withdrawn {
            local,
            result: store
                .withdraw_hand_over(offer, giver, ctx.now)
                .map_err(|e| e.to_string()),
        },
    };
    Some(Msg::HandOver(msg))
}
