//! Store work for the Services pane: the directory, saving an entry and
//! retiring or bringing one back.

use crate::app::Msg;
use crate::app::services::{SaveFailure, SavedService, ServicesEffect, ServicesMsg};
use crate::store::{Store, StoreError};

/// Runs the Services pane's store work.
pub fn perform(store: &mut Store, effect: ServicesEffect) -> Msg {
    Msg::Services(match effect {
        ServicesEffect::Load {
            generation,
            query,
            page,
            append,
        } => ServicesMsg::Loaded {
            generation,
            rows: store
                .search_directory(&query, page)
                .map_err(|e| e.to_string()),
            append,
            limit: page.limit,
        },
        ServicesEffect::Save {
            editing,
            record,
            actor,
        } => {
            let saved = match editing {
                None => store.add_service(&record, Some(actor)),
                Some((id, version)) => store
                    .update_service(id, version, &record, Some(actor))
                    .map(|_| id),
            };
            ServicesMsg::Saved(match (saved, editing) {
                // Read back for its version: the form may stay open on it
                // when more was typed while it saved.
                (Ok(id), _) => store
                    .service(id)
                    .map(|row| SavedService {
                        name: row.record.name,
                        id,
                        version: row.version,
                    })
                    // Saved, but not read back: a version no row has makes
                    // a further save meet the entry as it is, never
                    // overwrite it.
                    .or_else(|_| {
                        Ok(SavedService {
                            name: record.name.clone(),
                            id,
                            version: -1,
                        })
                    }),
                // The entry as the other person left it, so the form can
                // show it and save over it only on purpose.
                (Err(StoreError::Conflict { .. }), Some((id, _))) => match store.service(id) {
                    Ok(fresh) => Err(SaveFailure::Conflict(Box::new(fresh))),
                    Err(e) => Err(SaveFailure::Refused(e.to_string())),
                },
                (Err(e), _) => Err(SaveFailure::Refused(e.to_string())),
            })
        }
        ServicesEffect::SetActive {
            id,
            version,
            active,
            actor,
        } => ServicesMsg::ActiveSet(
            match store.set_service_active(id, version, active, Some(actor)) {
                Ok(_) => Ok(active),
                Err(StoreError::Conflict { .. }) => Err(
                    "someone else changed this service first; the list shows it as it is now"
                        .into(),
                ),
                Err(e) => Err(e.to_string()),
            },
        ),
    })
}
