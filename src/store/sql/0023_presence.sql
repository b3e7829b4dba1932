-- Presence (issue 14): who is on the floor and what they are doing.
--
-- One row per signed-in session, written by the session itself at most
-- once every ten seconds (its state and a heartbeat together). A session
-- that stops writing (crashed, killed, its SSH connection lost) drops off
-- the floor when its heartbeat is older than the limit in
-- domain/presence.rs; one that signs out stamps ended_at. Nothing here
-- holds case content: the state, the form of a contact in progress, and
-- the case a supervisor may open (through the audited way to open cases).
CREATE TABLE presence (
    session_key   INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    role          TEXT    NOT NULL,
    state         TEXT    NOT NULL
                  CHECK (state IN ('available', 'on_contact', 'after_contact', 'break', 'away')),
    form_id       TEXT,
    contact_since INTEGER,
    case_id       INTEGER,
    state_since   INTEGER NOT NULL,
    started_at    INTEGER NOT NULL,
    heartbeat_at  INTEGER NOT NULL,
    ended_at      INTEGER,
    CHECK ((state = 'on_contact') = (contact_since IS NOT NULL))
) STRICT;
-- The floor: live sessions by heartbeat.
CREATE INDEX presence_live ON presence(heartbeat_at) WHERE ended_at IS NULL;
-- A person's sessions, for their shift's start.
CREATE INDEX presence_by_user ON presence(user_id, started_at);

-- The wallboard's figures, each read from an index alone or nearly:
-- today's contacts by channel and hour (and their cases, for the level),
-- a worker's heavy contacts by time, referrals made today, overdue
-- follow-ups across the floor.
CREATE INDEX contacts_by_day ON contacts(started_at, channel, case_id);
CREATE INDEX IF NOT EXISTS contacts_by_operator_time ON contacts(operator_id, started_at, case_id);
CREATE INDEX referrals_by_created ON referrals(created_at);
CREATE INDEX cases_follow_up_due ON cases(next_follow_up_at)
    WHERE status <> 'closed' AND next_follow_up_at IS NOT NULL;
-- A contact's case level without reading the case row.
CREATE INDEX cases_level_by_id ON cases(id, risk_level);
