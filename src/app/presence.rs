//! This session's presence: what it is doing, derived from what is on
//! screen (an intake with a caller, a locked screen, a contact just
//! recorded) and the person's own break key, written at most once every
//! ten seconds (see `domain::presence`).

use super::state::{Screen, Shell, State};
use super::update::Effect;
use crate::domain::presence::{self, BeatSchedule, Signals};
use crate::store::presence::PresenceWrite;

/// Presence writes for the event loop to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PresenceEffect {
    Record(Box<PresenceWrite>),
    /// The session signed out or the program is ending.
    End {
        session_key: i64,
        at: i64,
    },
}

/// What the session keeps to report its presence.
#[derive(Debug, Clone, Default)]
pub struct Tracker {
    /// The session's row (None until the first write is due, and always
    /// when the app runs without a terminal process, as in tests).
    pub session_key: Option<i64>,
    schedule: BeatSchedule,
    /// The person pressed the break key and has not come back.
    pub on_break: bool,
    /// When the last contact was recorded, and its case.
    pub last_contact_done: Option<(i64, Option<i64>)>,
}

/// The key of a session's presence row: the process and the moment it
/// signed in, unique on the one machine that holds the database.
pub fn session_key(process_id: u32, signed_in_ms: i64) -> i64 {
    (i64::from(process_id) << 41) ^ (signed_in_ms & ((1 << 41) - 1))
}

impl Tracker {
    /// Goes on a break, or comes back from one.
    pub fn toggle_break(&mut self) -> bool {
        self.on_break = !self.on_break;
        self.on_break
    }

    /// A contact was recorded at `at`, opening or joining `case_id`.
    pub fn contact_done(&mut self, at: i64, case_id: Option<i64>) {
        self.last_contact_done = Some((at, case_id));
    }
}

fn signals(shell: &Shell) -> Signals {
    let intake = shell.intake.session();
    Signals {
        contact: intake.map(|s| (s.form_id.clone(), s.started_at)),
        contact_case: intake.and_then(|s| s.attach_case_id),
        on_break: shell.presence.on_break,
        locked: shell.lock.is_some(),
        last_contact_done: shell.presence.last_contact_done,
        open_case: shell.cases.open.as_ref().map(|v| v.detail.row.id),
    }
}

/// The presence write due now, if any: the first at sign-in, then a
/// heartbeat (carrying any change) every ten seconds. Called by the event
/// loop after every message, so a change is written in its slot; `now`
/// is the wall clock (the state's clock ticks only once a minute when
/// idle).
pub fn due(state: &mut State, now: i64) -> Option<Effect> {
    let process_id = state.presence_process?;
    let Screen::Shell(shell) = &mut state.screen else {
        return None;
    };
    let key = *shell.presence.session_key.get_or_insert_with(|| {
        session_key(process_id, shell.session.started_at.timestamp_millis())
    });
    let activity = presence::activity(&signals(shell), now);
    let beat = shell.presence.schedule.observe(activity, now)?;
    Some(Effect::Presence(PresenceEffect::Record(Box::new(
        PresenceWrite {
            session_key: key,
            user_id: shell.session.user.id,
            role: shell.session.user.role,
            started_at: shell.session.started_at.timestamp(),
            beat,
        },
    ))))
}

/// When the next presence write falls due (UTC seconds), for the event
/// loop's timer.
pub fn next_due(state: &State) -> Option<i64> {
    state.presence_process?;
    match &state.screen {
        Screen::Shell(shell) => shell.presence.schedule.next_due(),
        Screen::Login(_) => None,
    }
}

/// The write that ends this session's presence, if it wrote any.
pub fn end(shell: &Shell, at: i64) -> Option<Effect> {
    shell
        .presence
        .session_key
        .map(|session_key| Effect::Presence(PresenceEffect::End { session_key, at }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_keys_differ_by_process_and_sign_in() {
        let a = session_key(100, 1_764_000_000_000);
        assert_ne!(a, session_key(101, 1_764_000_000_000));
        assert_ne!(a, session_key(100, 1_764_000_000_001));
        assert!(a > 0);
    }
}
