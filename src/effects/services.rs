//! Store work for the Services pane: the directory, saving an entry and
//! retiring or bringing one back.

use crate::app::Msg;
use crate::app::services::{SaveFailure, ServicesEffect, ServicesMsg};
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
                Some((id, version)) => store.update_service(id, version, &record, Some(actor)),
            };
            ServicesMsg::Saved(match (saved, editing) {
                (Ok(_), _) => Ok(record.name.clone()),
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
