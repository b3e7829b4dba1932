//! Presence: each session's own row (state, heartbeat), and who is on the
//! floor now. The rules (when a session writes, when it counts as gone)
//! are in `domain::presence`.

use super::{Store, StoreResult};
use crate::domain::Role;
use crate::domain::presence::{Beat, GONE_AFTER_SECS, PresenceState};
use rusqlite::{Row, params};

/// Rows of sessions that ended or went silent are kept this long (for a
/// shift's figures), then forgotten when a session starts.
const KEEP_ENDED_SECS: i64 = 8 * 86_400;

/// A session's presence write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceWrite {
    /// Identifies the session (see `app::presence::session_key`).
    pub session_key: i64,
    pub user_id: i64,
    pub role: Role,
    /// When the session signed in.
    pub started_at: i64,
    pub beat: Beat,
}

/// One person on the floor, as their latest live session reports them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresentPerson {
    pub user_id: i64,
    pub name: String,
    pub role: Role,
    pub team: Option<String>,
    pub state: PresenceState,
    pub state_since: i64,
    pub form_id: Option<String>,
    pub contact_since: Option<i64>,
    /// The case they work on now, if any.
    pub case_id: Option<i64>,
    /// When their session signed in: the start of their shift.
    pub shift_started_at: i64,
    pub heartbeat_at: i64,
}

/// A colleague who can take a hand-over: who, and whether they are free.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Colleague {
    pub user_id: i64,
    pub name: String,
    pub role: Role,
    pub state: PresenceState,
}

fn present_person(r: &Row<'_>) -> rusqlite::Result<PresentPerson> {
    let role: String = r.get(3)?;
    let state: String = r.get(5)?;
    Ok(PresentPerson {
        user_id: r.get(0)?,
        name: r.get(1)?,
        team: r.get(2)?,
        role: parse_column(&role, 3)?,
        state: parse_column(&state, 5)?,
        state_since: r.get(6)?,
        form_id: r.get(7)?,
        contact_since: r.get(8)?,
        case_id: r.get(9)?,
        shift_started_at: r.get(10)?,
        heartbeat_at: r.get(11)?,
    })
}

fn parse_column<T: std::str::FromStr>(text: &str, column: usize) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The latest live session of each person: a person signed in twice shows
/// once, as their newest session reports them.
const LIVE_SESSIONS: &str = "
    SELECT u.id, u.display_name, u.team, u.role, max(p.heartbeat_at) AS heartbeat,
           p.state, p.state_since, p.form_id, p.contact_since, p.case_id,
           p.started_at, p.heartbeat_at
    FROM presence p JOIN users u ON u.id = p.user_id
    WHERE p.ended_at IS NULL AND p.heartbeat_at >= ?1
    GROUP BY p.user_id";

impl Store {
    /// Writes a session's presence: its state and heartbeat in one
    /// statement (the session's first write creates its row).
    pub fn record_presence(&mut self, write: &PresenceWrite) -> StoreResult<()> {
        let beat = &write.beat;
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO presence (session_key, user_id, role, state, form_id, contact_since,
                                       case_id, state_since, started_at, heartbeat_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (session_key) DO UPDATE SET
                     state = excluded.state, form_id = excluded.form_id,
                     contact_since = excluded.contact_since, case_id = excluded.case_id,
                     state_since = excluded.state_since, heartbeat_at = excluded.heartbeat_at,
                     ended_at = NULL",
            )?
            .execute(params![
                write.session_key,
                write.user_id,
                write.role.as_str(),
                beat.activity.state.as_str(),
                beat.activity.form_id,
                beat.activity.contact_since,
                beat.activity.case_id,
                beat.state_since,
                write.started_at,
                beat.at
            ])?;
            Ok(())
        })
    }

    /// Marks a session gone: it signed out or the program ended. Rows of
    /// sessions long over (crashed ones too) are forgotten at the same time.
    pub fn mark_presence_gone(&mut self, session_key: i64, now: i64) -> StoreResult<()> {
        self.write(|tx| {
            tx.prepare_cached(
                "UPDATE presence SET ended_at = ?2 WHERE session_key = ?1 AND ended_at IS NULL",
            )?
            .execute(params![session_key, now])?;
            tx.prepare_cached("DELETE FROM presence WHERE heartbeat_at < ?1")?
                .execute([now - KEEP_ENDED_SECS])?;
            Ok(())
        })
    }

    /// Everyone on the floor now: sessions heard from within the limit,
    /// one row per person, longest in their state first.
    pub fn present_people(&self, now: i64) -> StoreResult<Vec<PresentPerson>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{LIVE_SESSIONS} ORDER BY p.state_since, u.display_name, u.id"
        ))?;
        let rows = stmt.query_map([now - GONE_AFTER_SECS], present_person)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Who can take a hand-over now: everyone on the floor but
    /// `exclude_user`, available people first, then by name.
    pub fn present_colleagues(&self, exclude_user: i64) -> StoreResult<Vec<Colleague>> {
        self.present_colleagues_at(exclude_user, super::unix_now())
    }

    /// [`Store::present_colleagues`] at a given time.
    pub fn present_colleagues_at(
        &self,
        exclude_user: i64,
        now: i64,
    ) -> StoreResult<Vec<Colleague>> {
        let mut people = self.present_people(now)?;
        people.retain(|p| p.user_id != exclude_user);
        people.sort_by(|a, b| {
            (a.state != PresenceState::Available, &a.name, a.user_id).cmp(&(
                b.state != PresenceState::Available,
                &b.name,
                b.user_id,
            ))
        });
        Ok(people
            .into_iter()
            .map(|p| Colleague {
                user_id: p.user_id,
                name: p.name,
                role: p.role,
                state: p.state,
            })
            .collect())
    }
}
