//! Store work for dialog drafts, off the render path. Logs never carry a
//! draft's content.

use crate::app::Msg;
use crate::app::dialog_drafts::{DialogDraftsEffect, DialogDraftsMsg};
use crate::effects::EffectContext;
use crate::store::Store;
use crate::store::dialog_drafts::DialogWrite;

pub fn perform(store: &mut Store, ctx: &EffectContext, effect: DialogDraftsEffect) -> Msg {
    Msg::DialogDrafts(match effect {
        DialogDraftsEffect::Load { operator } => DialogDraftsMsg::Loaded(
            store
                .operator_dialog_drafts(operator)
                .map_err(|e| e.to_string()),
        ),
        DialogDraftsEffect::Keep {
            operator,
            key,
            state,
            urgent,
            writer,
            rev,
        } => DialogDraftsMsg::Written {
            key,
            kept: true,
            result: store
                .keep_dialog_draft(
                    operator,
                    &DialogWrite {
                        key,
                        state: &state,
                        urgent,
                        writer,
                        rev,
                    },
                    ctx.now,
                )
                .map_err(|e| e.to_string()),
        },
        DialogDraftsEffect::Forget { operator, key } => DialogDraftsMsg::Written {
            key,
            kept: false,
            result: store
                .forget_dialog_draft(operator, key)
                .map_err(|e| e.to_string()),
        },
    })
}
