-- Support for workers after heavy contacts (src/domain/wellbeing.rs).

-- A heavy contact (critical, or for a reason the configuration names), as
-- the worker's exposure: counted on their own shift view, and for the
-- supervisors only as counts.
CREATE TABLE heavy_contacts (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    contact_id INTEGER NOT NULL REFERENCES contacts(id),
    level      INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),
    at         INTEGER NOT NULL
) STRICT;
CREATE INDEX heavy_contacts_by_user ON heavy_contacts(user_id, at);

-- The short check offered after a heavy contact. The answers are the
-- worker's own: no screen shows them to anyone else, except the feeling
-- carried by a request to talk that the worker chose to send.
CREATE TABLE wellbeing_checks (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    contact_id INTEGER REFERENCES contacts(id),
    at         INTEGER NOT NULL,
    feeling    INTEGER CHECK (feeling BETWEEN 1 AND 5),
    next_move  TEXT    NOT NULL CHECK (next_move IN ('break', 'talk', 'carry_on'))
) STRICT;
CREATE INDEX wellbeing_checks_by_user ON wellbeing_checks(user_id, at);

-- Alerts about a worker rather than a case: a request to talk, a heavy
-- shift. They reach the worker's team's supervisors (case_team holds the
-- worker's team), with a short note.
ALTER TABLE alerts ADD COLUMN about_user_id INTEGER REFERENCES users(id);
ALTER TABLE alerts ADD COLUMN note TEXT;

-- A worker's contacts by time, for their own shift view.
CREATE INDEX IF NOT EXISTS contacts_by_operator_time ON contacts(operator_id, started_at, case_id);
