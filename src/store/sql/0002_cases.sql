-- Contacts, cases, the case timeline and alerts.
-- Times are UTC seconds since the Unix epoch. risk_level is a rank:
-- 0 none, 1 low, 2 medium, 3 high, 4 critical, so lists sort on an index.

-- The last sequence number handed out per year, for HL-YYYY-NNNNNN.
CREATE TABLE case_counters (
    year     INTEGER PRIMARY KEY,
    last_seq INTEGER NOT NULL
) STRICT;

CREATE TABLE cases (
    id             INTEGER PRIMARY KEY,
    number         TEXT    NOT NULL UNIQUE,
    status         TEXT    NOT NULL DEFAULT 'open'
                   CHECK (status IN ('open', 'assessment', 'case_plan', 'in_service', 'follow_up', 'closed')),
    risk_level     INTEGER NOT NULL DEFAULT 0 CHECK (risk_level BETWEEN 0 AND 4),
    child_name     TEXT,
    child_age      INTEGER,
    child_gender   TEXT,
    location       TEXT,
    language       TEXT,
    category       TEXT,             -- reason for contact, e.g. violence
    subcategory    TEXT,             -- e.g. violence.physical
    phone_norm     TEXT,             -- caller phone as digits, for returning callers
    worker_id      INTEGER REFERENCES users(id),
    team           TEXT,
    consent        TEXT,             -- JSON: who gave it, for what, when
    opened_at      INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    assigned_at    INTEGER,
    deadline_at    INTEGER,          -- next action due, from the risk level
    closed_at      INTEGER,
    closure_reason TEXT,
    outcome_note   TEXT,
    created_by     INTEGER REFERENCES users(id),
    version        INTEGER NOT NULL DEFAULT 1   -- optimistic concurrency
) STRICT;
-- Case lists sort by risk (highest first), then deadline (soonest first,
-- none last), then id. The queue indexes hold exactly that key, so a page
-- is an index range scan whatever the table size; queries must spell the
-- key the same way: (-risk_level, ifnull(deadline_at, 9223372036854775807), id).
CREATE INDEX cases_queue_open ON cases(-risk_level, ifnull(deadline_at, 9223372036854775807), id)
    WHERE status <> 'closed';
CREATE INDEX cases_queue_by_status ON cases(status, -risk_level, ifnull(deadline_at, 9223372036854775807), id);
CREATE INDEX cases_queue_by_worker ON cases(worker_id, -risk_level, ifnull(deadline_at, 9223372036854775807), id)
    WHERE status <> 'closed';
CREATE INDEX cases_queue_by_team ON cases(team, -risk_level, ifnull(deadline_at, 9223372036854775807), id)
    WHERE status <> 'closed';
CREATE INDEX cases_by_opened ON cases(opened_at);
CREATE INDEX cases_by_phone ON cases(phone_norm) WHERE phone_norm IS NOT NULL;

-- One call, chat, SMS, walk-in or e-mail. Contact types that need no case
-- (silent, hang-up, wrong number, prank, information) have case_id NULL.
CREATE TABLE contacts (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER REFERENCES cases(id),
    channel             TEXT    NOT NULL,
    contact_type        TEXT    NOT NULL,
    operator_id         INTEGER REFERENCES users(id),
    started_at          INTEGER NOT NULL,
    ended_at            INTEGER,
    duration_s          INTEGER,
    form_id             TEXT,
    caller_name         TEXT,
    caller_relationship TEXT,
    caller_phone        TEXT,
    phone_norm          TEXT,
    child_name          TEXT,
    child_age           INTEGER,
    child_gender        TEXT,
    location            TEXT,
    language            TEXT,
    category            TEXT,
    subcategory         TEXT,
    answers             TEXT,        -- JSON: every form field by id
    narrative           TEXT,
    created_at          INTEGER NOT NULL
) STRICT;
CREATE INDEX contacts_by_case ON contacts(case_id, started_at);
CREATE INDEX contacts_by_phone ON contacts(phone_norm) WHERE phone_norm IS NOT NULL;
CREATE INDEX contacts_by_started ON contacts(started_at);

-- The case timeline: contacts, notes, assessments, referrals, follow-ups,
-- status and assignment changes, each with who and when.
CREATE TABLE case_events (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    at       INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    kind     TEXT    NOT NULL,
    summary  TEXT    NOT NULL,
    body     TEXT,
    ref_id   INTEGER               -- id of the contact, assessment, referral ... it records
) STRICT;
CREATE INDEX case_events_by_case ON case_events(case_id, at);

-- Urgent-case alerts, shared by every session. for_user_id NULL means
-- every supervisor; an alert stays until someone acknowledges it.
CREATE TABLE alerts (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER REFERENCES cases(id),
    kind            TEXT    NOT NULL,
    severity        INTEGER NOT NULL CHECK (severity BETWEEN 0 AND 4),
    for_user_id     INTEGER REFERENCES users(id),
    raised_at       INTEGER NOT NULL,
    escalated_at    INTEGER,
    acknowledged_at INTEGER,
    acknowledged_by INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX alerts_open ON alerts(severity DESC, raised_at) WHERE acknowledged_at IS NULL;
CREATE INDEX alerts_by_case ON alerts(case_id);

-- Type-to-search: names by word prefix, phone numbers by any fragment of
-- three digits or more (case numbers use the unique index on `number`).
-- Contentless indexes (the text lives in `cases`), kept in step by the
-- triggers below.
CREATE VIRTUAL TABLE case_search USING fts5(
    child_name,
    content = '', contentless_delete = 1,
    prefix = '2 3',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE case_phone_search USING fts5(
    phone,
    content = '', contentless_delete = 1,
    tokenize = 'trigram'
);

CREATE TRIGGER cases_search_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO case_search (rowid, child_name) VALUES (new.id, new.child_name);
    INSERT INTO case_phone_search (rowid, phone) SELECT new.id, new.phone_norm WHERE new.phone_norm IS NOT NULL;
END;
CREATE TRIGGER cases_search_update AFTER UPDATE OF child_name, phone_norm ON cases
BEGIN
    DELETE FROM case_search WHERE rowid = old.id;
    INSERT INTO case_search (rowid, child_name) VALUES (new.id, new.child_name);
    DELETE FROM case_phone_search WHERE rowid = old.id;
    INSERT INTO case_phone_search (rowid, phone) SELECT new.id, new.phone_norm WHERE new.phone_norm IS NOT NULL;
END;
CREATE TRIGGER cases_search_delete AFTER DELETE ON cases
BEGIN
    DELETE FROM case_search WHERE rowid = old.id;
    DELETE FROM case_phone_search WHERE rowid = old.id;
END;

-- Risk assessments: one row per completed instrument. The latest row of
-- each instrument sets the case's current level (the highest of them).
CREATE TABLE assessments (
    id                 INTEGER PRIMARY KEY,
    case_id            INTEGER NOT NULL REFERENCES cases(id),
    instrument_id      TEXT    NOT NULL,
    instrument_version INTEGER NOT NULL,
    answers            TEXT    NOT NULL,   -- JSON: item id -> answer
    score              INTEGER NOT NULL,
    result_name        TEXT    NOT NULL,
    computed_level     INTEGER NOT NULL CHECK (computed_level BETWEEN 0 AND 4),
    final_level        INTEGER NOT NULL CHECK (final_level BETWEEN computed_level AND 4),
    judgement_reason   TEXT,              -- why the worker raised the level
    source             TEXT    NOT NULL DEFAULT 'assessment',  -- or 'intake'
    assessed_by        INTEGER REFERENCES users(id),
    assessed_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX assessments_by_case ON assessments(case_id, instrument_id, assessed_at);

-- Intakes in progress, saved within a second of every change so that a
-- dropped connection or a killed process loses at most the last second.
-- An operator can hold several (a second call while the first is on hold).
CREATE TABLE drafts (
    id           INTEGER PRIMARY KEY,
    operator_id  INTEGER NOT NULL REFERENCES users(id),
    form_id      TEXT    NOT NULL,
    answers      TEXT    NOT NULL DEFAULT '{}',   -- JSON: field id -> value
    focus_field  TEXT,                            -- where to resume
    attach_case_id INTEGER REFERENCES cases(id),  -- returning caller's case
    started_at   INTEGER NOT NULL,                -- the call timer's start
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX drafts_by_operator ON drafts(operator_id, updated_at);
CREATE INDEX drafts_by_age ON drafts(updated_at);
