-- Supervisor approval of closures, and reopening with a reason (issue 12,
-- item 7; domain reference, section 5).

-- The highest level the case ever held. Read as max(peak_risk_level,
-- risk_level): the trigger below keeps it whenever the level changes, so
-- inserts need not set it (bulk fills stay one plain insert per case).
ALTER TABLE cases ADD COLUMN peak_risk_level INTEGER NOT NULL DEFAULT 0
    CHECK (peak_risk_level BETWEEN 0 AND 4);

-- Where the latest closure request stands, on the case itself so lists
-- show the marker without a join: NULL (none, or approved), 'pending' or
-- 'sent_back' (until the requester acts again).
ALTER TABLE cases ADD COLUMN closure_request TEXT
    CHECK (closure_request IN ('pending', 'sent_back'));

-- Backfill from the assessments: only the cases once assessed higher than
-- they are now are written (the current level is read with the column),
-- so a million-case database is not rewritten.
UPDATE cases
SET peak_risk_level = (SELECT max(a.final_level) FROM assessments a WHERE a.case_id = cases.id)
WHERE (SELECT max(a.final_level) FROM assessments a WHERE a.case_id = cases.id) > risk_level;

CREATE TRIGGER cases_keep_peak_risk AFTER UPDATE OF risk_level ON cases
WHEN max(OLD.risk_level, NEW.risk_level) > OLD.peak_risk_level
BEGIN
    UPDATE cases SET peak_risk_level = max(OLD.risk_level, NEW.risk_level) WHERE id = NEW.id;
END;

-- One row per closure asked for. The case closes only when a supervisor
-- approves (or closes it themselves, approved at once).
CREATE TABLE closure_requests (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    reason         TEXT    NOT NULL,   -- closure reason code
    reason_text    TEXT,               -- the words of 'other'
    no_contact_days INTEGER,           -- the period of 'no_contact'
    outcome_note   TEXT    NOT NULL,
    requested_by   INTEGER REFERENCES users(id),
    requested_at   INTEGER NOT NULL,
    state          TEXT    NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'approved', 'sent_back')),
    decided_by     INTEGER REFERENCES users(id),
    decided_at     INTEGER,
    decision_note  TEXT                -- why it was sent back
) STRICT;
-- At most one request waits per case.
CREATE UNIQUE INDEX closure_requests_one_pending ON closure_requests(case_id)
    WHERE state = 'pending';
-- The approvals list: pending requests, oldest first.
CREATE INDEX closure_requests_waiting ON closure_requests(requested_at, id)
    WHERE state = 'pending';
CREATE INDEX closure_requests_by_case ON closure_requests(case_id, id);

-- Why a closed case was reopened, kept on the case for its header.
ALTER TABLE cases ADD COLUMN reopen_reason TEXT;
