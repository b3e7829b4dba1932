//! Presence: who is on the floor and what they are doing, as each session
//! reports it, and the rules that keep those reports cheap (at most one
//! write per session every ten seconds) and honest (a session that stops
//! reporting counts as gone within thirty seconds).

use std::fmt;
use std::str::FromStr;

/// A session writes its presence at most this often, state changes and
/// heartbeat together.
pub const WRITE_EVERY_SECS: i64 = 10;

/// A session whose last heartbeat is older than this is gone (crashed,
/// killed, its SSH connection lost). A live session beats every ten
/// seconds, and a reader refreshes within a second, so a dead one drops
/// off the floor within thirty.
pub const GONE_AFTER_SECS: i64 = 25;

/// After a contact is recorded, the worker is on after-contact work (notes,
/// referrals, the case) for this long unless something else starts first.
pub const AFTER_CONTACT_SECS: i64 = 3 * 60;

/// What a person on shift is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PresenceState {
    Available,
    /// An intake with a caller is open.
    OnContact,
    /// A contact was just recorded; notes and follow-up work.
    AfterContact,
    /// On a break, by the person's own key.
    Break,
    /// The screen is locked: nobody at the keyboard.
    Away,
}

impl PresenceState {
    pub const ALL: [PresenceState; 5] = [
        PresenceState::Available,
        PresenceState::OnContact,
        PresenceState::AfterContact,
        PresenceState::Break,
        PresenceState::Away,
    ];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            PresenceState::Available => "available",
            PresenceState::OnContact => "on_contact",
            PresenceState::AfterContact => "after_contact",
            PresenceState::Break => "break",
            PresenceState::Away => "away",
        }
    }

    /// How screens name it.
    pub fn label(self) -> &'static str {
        match self {
            PresenceState::Available => "available",
            PresenceState::OnContact => "on contact",
            PresenceState::AfterContact => "after contact",
            PresenceState::Break => "on break",
            PresenceState::Away => "away",
        }
    }
}

impl fmt::Display for PresenceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The text was not a presence state's stored name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown presence state `{0}`")]
pub struct UnknownPresenceState(pub String);

impl FromStr for PresenceState {
    type Err = UnknownPresenceState;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PresenceState::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownPresenceState(s.to_string()))
    }
}

/// What a session is doing, as far as presence tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub state: PresenceState,
    /// The form of the contact in progress.
    pub form_id: Option<String>,
    /// When the contact in progress began (its call timer).
    pub contact_since: Option<i64>,
    /// The case the person works on now, for a supervisor to open.
    pub case_id: Option<i64>,
}

/// What the session knows about itself, from which its state follows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signals {
    /// The intake on screen: its form and call timer start.
    pub contact: Option<(String, i64)>,
    /// The case the contact joins, if one was chosen.
    pub contact_case: Option<i64>,
    /// The person said they are on a break.
    pub on_break: bool,
    /// The screen is locked.
    pub locked: bool,
    /// When the last contact was recorded, and its case.
    pub last_contact_done: Option<(i64, Option<i64>)>,
    /// The case open on screen.
    pub open_case: Option<i64>,
}

/// The state a session is in: a contact outranks everything (the person
/// is talking to someone), then a break they declared, then a locked
/// screen, then the minutes after a contact.
pub fn activity(signals: &Signals, now: i64) -> Activity {
    let (state, contact) = if let Some(contact) = &signals.contact {
        (PresenceState::OnContact, Some(contact.clone()))
    } else if signals.on_break {
        (PresenceState::Break, None)
    } else if signals.locked {
        (PresenceState::Away, None)
    } else if signals
        .last_contact_done
        .is_some_and(|(at, _)| now - at < AFTER_CONTACT_SECS)
    {
        (PresenceState::AfterContact, None)
    } else {
        (PresenceState::Available, None)
    };
    let case_id = match state {
        PresenceState::OnContact => signals.contact_case.or(signals.open_case),
        PresenceState::AfterContact => signals
            .open_case
            .or(signals.last_contact_done.and_then(|(_, case)| case)),
        _ => signals.open_case,
    };
    Activity {
        state,
        form_id: contact.as_ref().map(|(form, _)| form.clone()),
        contact_since: contact.map(|(_, since)| since),
        case_id,
    }
}

/// One presence write: the session's activity and since when it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beat {
    pub activity: Activity,
    /// When the state (or the contact) last changed.
    pub state_since: i64,
    pub at: i64,
}

/// Decides when a session writes its presence: its first beat at once,
/// then at most one write every [`WRITE_EVERY_SECS`], carrying the latest
/// activity, so a burst of changes (or keys) costs one write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BeatSchedule {
    last_written_at: Option<i64>,
    /// The activity as last written.
    written: Option<Activity>,
    /// The activity as last seen, and since when.
    current: Option<(Activity, i64)>,
}

impl BeatSchedule {
    /// Takes the session's activity now; returns the beat to write when one
    /// is due: the first, a change once ten seconds passed since the last
    /// write, or the heartbeat every ten seconds.
    pub fn observe(&mut self, activity: Activity, now: i64) -> Option<Beat> {
        let since = match &self.current {
            Some((seen, since)) if *seen == activity => *since,
            _ => now,
        };
        self.current = Some((activity.clone(), since));
        let due = match self.last_written_at {
            None => true,
            Some(last) => now - last >= WRITE_EVERY_SECS,
        };
        if !due {
            return None;
        }
        self.last_written_at = Some(now);
        self.written = Some(activity.clone());
        Some(Beat {
            activity,
            state_since: since,
            at: now,
        })
    }

    /// Whether the activity seen differs from the one last written (a
    /// change waiting for its slot).
    pub fn change_waiting(&self) -> bool {
        match (&self.current, &self.written) {
            (Some((seen, _)), Some(written)) => seen != written,
            (Some(_), None) => true,
            _ => false,
        }
    }

    /// When the next write is due (UTC seconds); None before the first.
    pub fn next_due(&self) -> Option<i64> {
        self.last_written_at.map(|t| t + WRITE_EVERY_SECS)
    }
}

/// Whether a session last heard from at `heartbeat_at` is still there.
pub fn is_present(heartbeat_at: i64, now: i64) -> bool {
    now - heartbeat_at <= GONE_AFTER_SECS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn available() -> Activity {
        activity(&Signals::default(), 0)
    }

    fn on_contact(since: i64) -> Activity {
        activity(
            &Signals {
                contact: Some(("child".into(), since)),
                ..Signals::default()
            },
            since,
        )
    }

    #[test]
    fn stored_names_round_trip() {
        for state in PresenceState::ALL {
            assert_eq!(state.as_str().parse::<PresenceState>(), Ok(state));
        }
        assert!("lunch".parse::<PresenceState>().is_err());
    }

    #[test]
    fn state_follows_what_the_session_does() {
        let cases: [(Signals, i64, PresenceState); 7] = [
            (Signals::default(), 100, PresenceState::Available),
            (
                Signals {
                    contact: Some(("child".into(), 90)),
                    on_break: true,
                    locked: true,
                    ..Signals::default()
                },
                100,
                PresenceState::OnContact,
            ),
            (
                Signals {
                    on_break: true,
                    locked: true,
                    ..Signals::default()
                },
                100,
                PresenceState::Break,
            ),
            (
                Signals {
                    locked: true,
                    last_contact_done: Some((99, None)),
                    ..Signals::default()
                },
                100,
                PresenceState::Away,
            ),
            (
                Signals {
                    last_contact_done: Some((100, Some(4))),
                    ..Signals::default()
                },
                100 + AFTER_CONTACT_SECS - 1,
                PresenceState::AfterContact,
            ),
            (
                Signals {
                    last_contact_done: Some((100, Some(4))),
                    ..Signals::default()
                },
                100 + AFTER_CONTACT_SECS,
                PresenceState::Available,
            ),
            (
                Signals {
                    open_case: Some(3),
                    ..Signals::default()
                },
                100,
                PresenceState::Available,
            ),
        ];
        for (signals, now, expected) in cases {
            assert_eq!(activity(&signals, now).state, expected, "{signals:?}");
        }
    }

    #[test]
    fn a_contact_carries_its_form_timer_and_case() {
        let a = activity(
            &Signals {
                contact: Some(("gbv".into(), 50)),
                contact_case: Some(9),
                open_case: Some(2),
                ..Signals::default()
            },
            60,
        );
        assert_eq!(a.form_id.as_deref(), Some("gbv"));
        assert_eq!(a.contact_since, Some(50));
        assert_eq!(a.case_id, Some(9));
        let after = activity(
            &Signals {
                last_contact_done: Some((60, Some(7))),
                ..Signals::default()
            },
            61,
        );
        assert_eq!(after.case_id, Some(7));
        assert_eq!(after.form_id, None);
    }

    #[test]
    fn writes_coalesce_to_one_per_ten_seconds() {
        let mut schedule = BeatSchedule::default();
        let first = schedule
            .observe(available(), 0)
            .expect("first beat at once");
        assert_eq!(first.state_since, 0);
        // Keys and changes within ten seconds write nothing.
        for t in 1..9 {
            let activity = if t % 2 == 0 {
                on_contact(5)
            } else {
                available()
            };
            assert_eq!(schedule.observe(activity, t), None, "t={t}");
        }
        assert_eq!(schedule.observe(on_contact(5), 9), None);
        assert!(schedule.change_waiting());
        // The change goes out in the next slot, with the time it began.
        let beat = schedule.observe(on_contact(5), 10).expect("due");
        assert_eq!(beat.activity.state, PresenceState::OnContact);
        assert_eq!(beat.state_since, 8);
        assert!(!schedule.change_waiting());
        assert_eq!(schedule.next_due(), Some(20));
        // Nothing changes: still one heartbeat every ten seconds.
        assert_eq!(schedule.observe(on_contact(5), 19), None);
        let beat = schedule.observe(on_contact(5), 20).expect("heartbeat");
        assert_eq!(beat.state_since, 8);
    }

    #[test]
    fn never_more_than_one_write_in_any_ten_seconds() {
        let mut schedule = BeatSchedule::default();
        let mut writes = Vec::new();
        for t in 0..200 {
            let activity = if (t / 3) % 2 == 0 {
                available()
            } else {
                on_contact(t)
            };
            if schedule.observe(activity, t).is_some() {
                writes.push(t);
            }
        }
        assert!(writes.windows(2).all(|w| w[1] - w[0] >= WRITE_EVERY_SECS));
        assert_eq!(writes.len(), 20);
    }

    #[test]
    fn silence_past_the_limit_is_gone() {
        assert!(is_present(100, 100 + GONE_AFTER_SECS));
        assert!(!is_present(100, 101 + GONE_AFTER_SECS));
        // Heartbeats every ten seconds keep a session present; a killed
        // one is gone within thirty seconds of its last beat.
        const { assert!(GONE_AFTER_SECS > WRITE_EVERY_SECS + 5 && GONE_AFTER_SECS < 30) };
    }
}
