-- Reports and standard exports (issue 15; domain reference, sections 7 and 8).
--
-- Contacts are counted per UTC day in small roll-up tables kept by the
-- triggers below, so a report over a year reads a few thousand rows
-- rather than every contact. A contact's team is its operator's team when
-- it was recorded ('' for none); unknown values are '' (text) or -1 (age),
-- since a WITHOUT ROWID key cannot hold NULL. Contacts' counted columns
-- never change after the insert (anonymising keeps them), but updates and
-- deletes are followed all the same, so the roll-ups cannot drift.

CREATE TABLE report_contact_days (
    day          INTEGER NOT NULL,   -- started_at / 86400
    team         TEXT    NOT NULL,
    channel      TEXT    NOT NULL,
    contact_type TEXT    NOT NULL,
    contacts     INTEGER NOT NULL,
    handle_s     INTEGER NOT NULL,   -- talk + after-contact work, summed
    PRIMARY KEY (day, team, channel, contact_type)
) STRICT, WITHOUT ROWID;

CREATE TABLE report_reason_days (
    day          INTEGER NOT NULL,
    team         TEXT    NOT NULL,
    contact_type TEXT    NOT NULL,
    category     TEXT    NOT NULL,
    subcategory  TEXT    NOT NULL,
    contacts     INTEGER NOT NULL,
    PRIMARY KEY (day, team, contact_type, category, subcategory)
) STRICT, WITHOUT ROWID;

CREATE TABLE report_child_days (
    day          INTEGER NOT NULL,
    team         TEXT    NOT NULL,
    contact_type TEXT    NOT NULL,
    child_age    INTEGER NOT NULL,   -- -1 unknown
    child_gender TEXT    NOT NULL,
    contacts     INTEGER NOT NULL,
    PRIMARY KEY (day, team, contact_type, child_age, child_gender)
) STRICT, WITHOUT ROWID;

CREATE TABLE report_hour_days (
    day          INTEGER NOT NULL,
    team         TEXT    NOT NULL,
    hour         INTEGER NOT NULL,   -- UTC hour of started_at
    contacts     INTEGER NOT NULL,
    PRIMARY KEY (day, team, hour)
) STRICT, WITHOUT ROWID;

-- The roll-ups of the contacts already recorded.
INSERT INTO report_contact_days
SELECT c.started_at / 86400, coalesce(u.team, ''), c.channel, c.contact_type, count(*),
       sum(max(c.created_at - c.started_at, coalesce(c.duration_s, 0), 0))
FROM contacts c LEFT JOIN users u ON u.id = c.operator_id
GROUP BY 1, 2, 3, 4;
INSERT INTO report_reason_days
SELECT c.started_at / 86400, coalesce(u.team, ''), c.contact_type, coalesce(c.category, ''),
       coalesce(c.subcategory, ''), count(*)
FROM contacts c LEFT JOIN users u ON u.id = c.operator_id
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO report_child_days
SELECT c.started_at / 86400, coalesce(u.team, ''), c.contact_type, coalesce(c.child_age, -1),
       coalesce(c.child_gender, ''), count(*)
FROM contacts c LEFT JOIN users u ON u.id = c.operator_id
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO report_hour_days
SELECT c.started_at / 86400, coalesce(u.team, ''), (c.started_at % 86400) / 3600, count(*)
FROM contacts c LEFT JOIN users u ON u.id = c.operator_id
GROUP BY 1, 2, 3;

CREATE TRIGGER report_contacts_insert AFTER INSERT ON contacts
BEGIN
    INSERT INTO report_contact_days VALUES (
        new.started_at / 86400,
        coalesce((SELECT team FROM users WHERE id = new.operator_id), ''),
        new.channel, new.contact_type, 1,
        max(new.created_at - new.started_at, coalesce(new.duration_s, 0), 0))
    ON CONFLICT DO UPDATE SET contacts = contacts + 1, handle_s = handle_s + excluded.handle_s;
    INSERT INTO report_reason_days VALUES (
        new.started_at / 86400,
        coalesce((SELECT team FROM users WHERE id = new.operator_id), ''),
        new.contact_type, coalesce(new.category, ''), coalesce(new.subcategory, ''), 1)
    ON CONFLICT DO UPDATE SET contacts = contacts + 1;
    INSERT INTO report_child_days VALUES (
        new.started_at / 86400,
        coalesce((SELECT team FROM users WHERE id = new.operator_id), ''),
        new.contact_type, coalesce(new.child_age, -1), coalesce(new.child_gender, ''), 1)
    ON CONFLICT DO UPDATE SET contacts = contacts + 1;
    INSERT INTO report_hour_days VALUES (
        new.started_at / 86400,
        coalesce((SELECT team FROM users WHERE id = new.operator_id), ''),
        (new.started_at % 86400) / 3600, 1)
    ON CONFLICT DO UPDATE SET contacts = contacts + 1;
END;

CREATE TRIGGER report_contacts_delete AFTER DELETE ON contacts
BEGIN
    UPDATE report_contact_days
    SET contacts = contacts - 1,
        handle_s = handle_s - max(old.created_at - old.started_at, coalesce(old.duration_s, 0), 0)
    WHERE day = old.started_at / 86400
      AND team = coalesce((SELECT team FROM users WHERE id = old.operator_id), '')
      AND channel = old.channel AND contact_type = old.contact_type;
    UPDATE report_reason_days SET contacts = contacts - 1
    WHERE day = old.started_at / 86400
      AND team = coalesce((SELECT team FROM users WHERE id = old.operator_id), '')
      AND contact_type = old.contact_type
      AND category = coalesce(old.category, '') AND subcategory = coalesce(old.subcategory, '');
    UPDATE report_child_days SET contacts = contacts - 1
    WHERE day = old.started_at / 86400
      AND team = coalesce((SELECT team FROM users WHERE id = old.operator_id), '')
      AND contact_type = old.contact_type
      AND child_age = coalesce(old.child_age, -1) AND child_gender = coalesce(old.child_gender, '');
    UPDATE report_hour_days SET contacts = contacts - 1
    WHERE day = old.started_at / 86400
      AND team = coalesce((SELECT team FROM users WHERE id = old.operator_id), '')
      AND hour = (old.started_at % 86400) / 3600;
END;

-- A change to a counted column: out of the old rows, into the new ones
-- (the two triggers above, run by hand).
CREATE TRIGGER report_contacts_update
AFTER UPDATE OF started_at, created_at, duration_s, operator_id, channel, contact_type,
                category, subcategory, child_age, child_gender ON contacts
BEGIN
    UPDATE report_contact_days
    SET contacts = contacts - 1,
        handle_s = handle_s - max(old.created_at - old.started_at, coalesce(old.duration_s, 0), 0)
    WHERE day = old.started_at / 86400
      AND team = coalesce((SELECT team FROM users WHERE id = old.operator_id), '')
      AND channel = old.channel AND contact_type = old.contact_type;
    UPDATE report_reason_days SET contacts = contacts - 1
    WHERE day = old.started_at / 86400
      AND team = coalesce((SELECT team FROM users WHERE id = old.operator_id), '')
      AND contact_type = old.contact_type
      AND category = coalesce(old.category, '') AND subcategory = coalesce(old.subcategory, '');
    UPDATE report_child_days SET contacts = contacts - 1
    WHERE day = old.started_at / 86400
      AND team = coalesce((SELECT team FROM users WHERE id = old.operator_id), '')
      AND contact_type = old.contact_type
      AND child_age = coalesce(old.child_age, -1) AND child_gender = coalesce(old.child_gender, '');
    UPDATE report_hour_days SET contacts = contacts - 1
    WHERE day = old.started_at / 86400
      AND team = coalesce((SELECT team FROM users WHERE id = old.operator_id), '')
      AND hour = (old.started_at % 86400) / 3600;
    INSERT INTO report_contact_days VALUES (
        new.started_at / 86400,
        coalesce((SELECT team FROM users WHERE id = new.operator_id), ''),
        new.channel, new.contact_type, 1,
        max(new.created_at - new.started_at, coalesce(new.duration_s, 0), 0))
    ON CONFLICT DO UPDATE SET contacts = contacts + 1, handle_s = handle_s + excluded.handle_s;
    INSERT INTO report_reason_days VALUES (
        new.started_at / 86400,
        coalesce((SELECT team FROM users WHERE id = new.operator_id), ''),
        new.contact_type, coalesce(new.category, ''), coalesce(new.subcategory, ''), 1)
    ON CONFLICT DO UPDATE SET contacts = contacts + 1;
    INSERT INTO report_child_days VALUES (
        new.started_at / 86400,
        coalesce((SELECT team FROM users WHERE id = new.operator_id), ''),
        new.contact_type, coalesce(new.child_age, -1), coalesce(new.child_gender, ''), 1)
    ON CONFLICT DO UPDATE SET contacts = contacts + 1;
    INSERT INTO report_hour_days VALUES (
        new.started_at / 86400,
        coalesce((SELECT team FROM users WHERE id = new.operator_id), ''),
        (new.started_at % 86400) / 3600, 1)
    ON CONFLICT DO UPDATE SET contacts = contacts + 1;
END;

-- When a referral was accepted, for "time to referral accepted". The
-- timeline line every status change writes (store::referrals and the demo
-- loader alike) is the one record of it.
ALTER TABLE referrals ADD COLUMN accepted_at INTEGER;
UPDATE referrals SET accepted_at = (
    SELECT min(e.at) FROM case_events e
    WHERE e.case_id = referrals.case_id AND e.kind = 'referral' AND e.ref_id = referrals.id
      AND e.summary LIKE '%-> Accepted'
)
WHERE status IN ('accepted', 'completed');

-- For each case, when it reached each step, as "time from first contact"
-- reads them: a year of cases is one range of the index below. Kept by
-- triggers on cases, contacts, referrals and the timeline; the first
-- assignment, referral and acceptance count.
CREATE TABLE report_case_times (
    case_id           INTEGER PRIMARY KEY,
    opened_at         INTEGER NOT NULL,
    team              TEXT    NOT NULL,
    first_contact_at  INTEGER,
    assigned_at       INTEGER,
    first_referral_at INTEGER,
    first_accepted_at INTEGER
) STRICT;
INSERT INTO report_case_times
SELECT c.id, c.opened_at, coalesce(c.team, ''),
       (SELECT min(k.started_at) FROM contacts k WHERE k.case_id = c.id),
       c.assigned_at,
       (SELECT min(r.created_at) FROM referrals r WHERE r.case_id = c.id),
       (SELECT min(r.accepted_at) FROM referrals r WHERE r.case_id = c.id)
FROM cases c;
CREATE INDEX report_case_times_by_opened ON report_case_times(
    opened_at, team, first_contact_at, assigned_at, first_referral_at, first_accepted_at);

CREATE TRIGGER report_case_opened AFTER INSERT ON cases
BEGIN
    INSERT INTO report_case_times (case_id, opened_at, team, assigned_at)
    VALUES (new.id, new.opened_at, coalesce(new.team, ''), new.assigned_at);
END;
CREATE TRIGGER report_case_changed AFTER UPDATE OF opened_at, team, assigned_at ON cases
BEGIN
    UPDATE report_case_times
    SET opened_at = new.opened_at, team = coalesce(new.team, ''),
        assigned_at = coalesce(assigned_at, new.assigned_at)
    WHERE case_id = new.id;
END;
CREATE TRIGGER report_case_deleted AFTER DELETE ON cases
BEGIN
    DELETE FROM report_case_times WHERE case_id = old.id;
END;
CREATE TRIGGER report_case_contact AFTER INSERT ON contacts
WHEN new.case_id IS NOT NULL
BEGIN
    UPDATE report_case_times
    SET first_contact_at = min(coalesce(first_contact_at, new.started_at), new.started_at)
    WHERE case_id = new.case_id;
END;
CREATE TRIGGER report_case_contact_joined AFTER UPDATE OF case_id ON contacts
WHEN new.case_id IS NOT NULL
BEGIN
    UPDATE report_case_times
    SET first_contact_at = min(coalesce(first_contact_at, new.started_at), new.started_at)
    WHERE case_id = new.case_id;
END;
CREATE TRIGGER report_case_referred AFTER INSERT ON referrals
BEGIN
    UPDATE report_case_times
    SET first_referral_at = min(coalesce(first_referral_at, new.created_at), new.created_at)
    WHERE case_id = new.case_id;
END;
CREATE TRIGGER report_referral_accepted AFTER INSERT ON case_events
WHEN new.kind = 'referral' AND new.ref_id IS NOT NULL AND new.summary LIKE '%-> Accepted'
BEGIN
    UPDATE referrals SET accepted_at = coalesce(accepted_at, new.at) WHERE id = new.ref_id;
    UPDATE report_case_times
    SET first_accepted_at = min(coalesce(first_accepted_at, new.at), new.at)
    WHERE case_id = new.case_id;
END;

-- Cases closed in a period, by reason and team; follow-ups done in a
-- period; GBV intakes.
CREATE INDEX report_cases_closed ON cases(closed_at, team, closure_reason)
    WHERE closed_at IS NOT NULL;
CREATE INDEX report_follow_ups_done ON follow_ups(done_at);
CREATE INDEX report_gbv_contacts ON contacts(started_at) WHERE form_id = 'gbv';
