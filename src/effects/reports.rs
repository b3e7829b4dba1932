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

/// The terminal app's way to compute a report: on a read-only connection
/// of its own, so the shared store, and every draft save or list that
/// waits for it, is held only for the audit line. Without that connection
/// (it could not be opened) the shared store computes it.
pub fn load_apart(
    shared: &std::sync::Mutex<Store>,
    options: Option<&crate::store::StoreOptions>,
    effect: ReportsEffect,
) -> Msg {
    let lock = || {
        shared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    let ReportsEffect::Load {
        generation,
        user,
        name,
        query,
    } = effect
    else {
        return perform(&mut lock(), effect);
    };
    let path = lock().path().to_path_buf();
    let reader = options.and_then(|o| Store::open_read_only(&path, o).ok());
    let table = match &reader {
        Some(reader) => reader.report(name, &query),
        None => lock().report(name, &query),
    };
    Msg::Reports(ReportsMsg::Loaded {
        generation,
        result: table
            .and_then(|table| {
                lock().record_report_viewed(Some(user), name, &query)?;
                Ok(Box::new(table))
            })
            .map_err(|e| e.to_string()),
    })
}
