-- The follow-up protocol (domain reference, sections 4 and 9): each open
-- case has its next follow-up date, set by its risk level's schedule and
-- moved on by each follow-up recorded; failed attempts in a row are
-- counted, and a case past the configured number is "not reachable"
-- until the person is reached or contacts the helpline again.

ALTER TABLE cases ADD COLUMN next_follow_up_at INTEGER;
-- Failed attempts since the person was last reached.
ALTER TABLE cases ADD COLUMN follow_up_attempts INTEGER NOT NULL DEFAULT 0;
-- When the attempts reached the configured number; NULL while reachable.
ALTER TABLE cases ADD COLUMN unreachable_since INTEGER;
-- The last contact with the person: an intake joined to the case, or a
-- follow-up that reached them.
ALTER TABLE cases ADD COLUMN last_contact_at INTEGER;
-- The due date a reminder, and a missed-follow-up alert, was raised for:
-- each is raised once per due date.
ALTER TABLE cases ADD COLUMN reminded_due_at INTEGER;
ALTER TABLE cases ADD COLUMN missed_due_at INTEGER;

CREATE TABLE follow_ups (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    done_at     INTEGER NOT NULL,            -- when the attempt was made
    channel     TEXT    NOT NULL,
    reached     TEXT    NOT NULL CHECK (reached IN ('reached', 'not_reached', 'someone_else')),
    reached_who TEXT,                        -- who, when someone else answered
    safe_now    TEXT    CHECK (safe_now IN ('yes', 'no', 'unknown')),
    new_concern INTEGER NOT NULL DEFAULT 0,
    needs_met   TEXT    CHECK (needs_met IN ('no', 'partly', 'yes')),
    progress    TEXT,                        -- needs and progress against the plan
    note        TEXT,
    due_at      INTEGER,                     -- when it was due, for "done on time"
    next_at     INTEGER,                     -- the next follow-up it set
    next_reason TEXT,                        -- why later than the schedule
    recorded_by INTEGER REFERENCES users(id),
    recorded_at INTEGER NOT NULL
) STRICT;
CREATE INDEX follow_ups_by_case ON follow_ups(case_id, done_at);

-- The Follow-ups pane: open cases by level (highest first), then due date
-- (latest-overdue first): all, by worker, by team.
CREATE INDEX cases_follow_up_queue ON cases(-risk_level, next_follow_up_at, id)
    WHERE status <> 'closed' AND next_follow_up_at IS NOT NULL;
CREATE INDEX cases_follow_up_by_worker ON cases(worker_id, -risk_level, next_follow_up_at, id)
    WHERE status <> 'closed' AND next_follow_up_at IS NOT NULL;
CREATE INDEX cases_follow_up_by_team ON cases(team, -risk_level, next_follow_up_at, id)
    WHERE status <> 'closed' AND next_follow_up_at IS NOT NULL;
-- The reminder check reads only cases whose due date has no reminder (or
-- no missed-follow-up alert) yet, so it stays small however many cases wait.
CREATE INDEX cases_follow_up_to_remind ON cases(next_follow_up_at)
    WHERE status <> 'closed' AND next_follow_up_at IS NOT NULL
      AND next_follow_up_at IS NOT reminded_due_at;
CREATE INDEX cases_follow_up_to_report ON cases(next_follow_up_at)
    WHERE status <> 'closed' AND next_follow_up_at IS NOT NULL
      AND next_follow_up_at IS NOT missed_due_at;

-- Cases not reachable, for the "no contact" closure proposal.
CREATE INDEX cases_unreachable ON cases(unreachable_since)
    WHERE status <> 'closed' AND unreachable_since IS NOT NULL;

-- Contact from the person, however it is written, is the last contact and
-- ends a run of failed attempts.
CREATE TRIGGER contacts_reach_case AFTER INSERT ON contacts
WHEN new.case_id IS NOT NULL
BEGIN
    UPDATE cases
    SET last_contact_at = max(coalesce(last_contact_at, 0), new.started_at),
        follow_up_attempts = 0,
        unreachable_since = NULL
    WHERE id = new.case_id;
    -- Reached again: a proposal to close for "no contact" no longer holds.
    UPDATE alerts SET acknowledged_at = new.started_at
    WHERE case_id = new.case_id AND kind = 'no_contact_closure' AND acknowledged_at IS NULL;
END;
CREATE TRIGGER contacts_join_case AFTER UPDATE OF case_id ON contacts
WHEN new.case_id IS NOT NULL AND new.case_id IS NOT old.case_id
BEGIN
    UPDATE cases
    SET last_contact_at = max(coalesce(last_contact_at, 0), new.started_at),
        follow_up_attempts = 0,
        unreachable_since = NULL
    WHERE id = new.case_id;
    -- Reached again: a proposal to close for "no contact" no longer holds.
    UPDATE alerts SET acknowledged_at = new.started_at
    WHERE case_id = new.case_id AND kind = 'no_contact_closure' AND acknowledged_at IS NULL;
END;

-- Existing cases: the last contact from their contacts, and a first
-- follow-up by the reference's default schedule from it (the configured
-- schedule applies from the next follow-up recorded). Due dates already
-- past count as reminded and reported, so upgrading a busy database does
-- not flood every session with reminders for old work.
UPDATE cases SET last_contact_at = (
    SELECT max(started_at) FROM contacts WHERE contacts.case_id = cases.id
);
UPDATE cases SET next_follow_up_at = CAST(strftime('%s',
        coalesce(last_contact_at, opened_at), 'unixepoch',
        CASE risk_level WHEN 4 THEN '+1 day' WHEN 3 THEN '+7 days'
                        WHEN 2 THEN '+14 days' ELSE '+1 month' END) AS INTEGER)
WHERE status <> 'closed' AND risk_level > 0;
UPDATE cases SET reminded_due_at = next_follow_up_at, missed_due_at = next_follow_up_at
WHERE next_follow_up_at IS NOT NULL AND next_follow_up_at < CAST(strftime('%s', 'now') AS INTEGER);
