//! The store work of the Reports pane: a report computed, and audited as
//! seen, on the effects thread rather than the render path.

use crate::app::message::Msg;
use crate::app::reports::{ReportsEffect, ReportsMsg};
use crate::store::Store;

pub fn perform(store: &mut Store, effect: ReportsEffect) -> Msg {
    Msg::Reports(match effect {
        ReportsEffect::Load {
            generation,
            user,
            name,
            query,
        } => ReportsMsg::Loaded {
            generation,
            result: store
                .report(name, &query)
                .and_then(|table| {
                    store.record_report_viewed(Some(user), name, &query)?;
                    Ok(Box::new(table))
                })
                .map_err(|e| e.to_string()),
        },
        ReportsEffect::LoadTeams => ReportsMsg::Teams(store.report_teams().unwrap_or_else(|e| {
            tracing::warn!(error = %e, "report teams not read");
            Vec::new()
        })),
    })
}
