-- Retention and erasure (issue 13, item 6).
--
-- Anonymised records: a case or a contact without a case whose names,
-- phones, places and free text were removed (see domain/retention.rs for
-- what stays) is stamped, so screens say "anonymised" rather than show
-- empty names, and no pass does it twice.
ALTER TABLE cases ADD COLUMN anonymised_at INTEGER;
ALTER TABLE contacts ADD COLUMN anonymised_at INTEGER;
-- Retention walks only what is left to do, oldest first.
CREATE INDEX cases_to_anonymise ON cases(closed_at, id)
    WHERE status = 'closed' AND anonymised_at IS NULL;
CREATE INDEX contacts_uncased_to_anonymise ON contacts(started_at, id)
    WHERE case_id IS NULL AND anonymised_at IS NULL;
CREATE INDEX dialog_drafts_by_age ON dialog_drafts(updated_at);

-- A person's request to have their data anonymised: asked for by a
-- supervisor with a reason, approved by an admin who is someone else,
-- then carried out case by case.
CREATE TABLE erasure_requests (
    id             INTEGER PRIMARY KEY,
    action         TEXT    NOT NULL DEFAULT 'anonymise' CHECK (action IN ('anonymise')),
    reason         TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    requested_by   INTEGER NOT NULL REFERENCES users(id),
    requested_at   INTEGER NOT NULL,
    state          TEXT    NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'approved', 'carried_out')),
    approved_by    INTEGER REFERENCES users(id),
    approved_at    INTEGER,
    carried_out_at INTEGER,
    -- Four eyes: whoever approves is not whoever asked.
    CHECK (approved_by IS NULL OR approved_by <> requested_by),
    CHECK (state = 'pending' OR approved_by IS NOT NULL)
) STRICT;
CREATE TABLE erasure_request_cases (
    request_id INTEGER NOT NULL REFERENCES erasure_requests(id),
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    PRIMARY KEY (request_id, case_id)
) STRICT, WITHOUT ROWID;

-- Purging old audit rows keeps the chain verifiable: each purge first
-- records an anchor (the id of the first row kept and the hash of the
-- last row removed), and the delete trigger lets only rows below the
-- latest anchor go. `doctor` starts the chain at the anchor and checks
-- that the purge itself is in the chain. Anchors are append-only.
CREATE TABLE audit_anchors (
    id            INTEGER PRIMARY KEY,
    first_kept_id INTEGER NOT NULL,
    prev_hash     TEXT    NOT NULL,   -- '' when the last row removed had no hash
    purged_rows   INTEGER NOT NULL,
    at            INTEGER NOT NULL
) STRICT;
CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE ON audit_anchors
BEGIN
    SELECT RAISE(ABORT, 'audit anchors are append-only');
END;
CREATE TRIGGER audit_anchors_no_delete BEFORE DELETE ON audit_anchors
BEGIN
    SELECT RAISE(ABORT, 'audit anchors are append-only');
END;
DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN old.id >= coalesce((SELECT max(first_kept_id) FROM audit_anchors), old.id)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
