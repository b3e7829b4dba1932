//! Presence writes. A failed write is logged and dropped: the next
//! heartbeat, ten seconds later, carries the same state.

use crate::app::presence::PresenceEffect;
use crate::store::Store;

pub fn perform(store: &mut Store, effect: PresenceEffect) {
    let result = match effect {
        PresenceEffect::Record(write) => store.record_presence(&write),
        PresenceEffect::End { session_key, at } => store.mark_presence_gone(session_key, at),
    };
    if let Err(e) = result {
        tracing::warn!(error = %e, "presence not recorded");
    }
}
