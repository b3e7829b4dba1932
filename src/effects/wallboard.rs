//! The wallboard's reads: the live figures, and today's counts with the
//! workloads.

use crate::app::Msg;
use crate::app::wallboard::{WallboardEffect, WallboardMsg};
use crate::store::Store;

pub fn perform(store: &Store, now: i64, effect: WallboardEffect) -> Msg {
    Msg::Wallboard(match effect {
        WallboardEffect::Load { viewer } => WallboardMsg::Loaded(
            store
                .floor(&viewer, now)
                .map(Box::new)
                .map_err(|e| e.to_string()),
        ),
        WallboardEffect::LoadSlow {
            day_start,
            week_start,
            week_end,
            people,
        } => WallboardMsg::SlowLoaded(
            store
                .day_counts(day_start, now)
                .and_then(|day| {
                    let workloads = store.workloads(&people, week_start, week_end)?;
                    Ok(Box::new((day, workloads)))
                })
                .map_err(|e| e.to_string()),
        ),
    })
}
