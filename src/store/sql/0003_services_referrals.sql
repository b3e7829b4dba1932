-- The service directory (organisations and their services), referrals of
-- cases to services, and overdue-referral alerts.
-- Times are UTC seconds since the Unix epoch. Optional directory text is ''
-- rather than NULL, so a CSV export and the database hold the same thing.
-- *_key columns hold names folded by the application (lower case in every
-- script, single spaces): SQLite's NOCASE folds only ASCII, and operators
-- type names in many scripts. Search and duplicate checks use them; their
-- NOCASE collation only lets LIKE 'prefix%' use their indexes.

CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    name_key   TEXT    NOT NULL COLLATE NOCASE,  -- name folded for matching (see above)
    org_type   TEXT    NOT NULL DEFAULT '',   -- e.g. government, NGO, UN agency
    contact    TEXT    NOT NULL DEFAULT '',
    notes      TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX organisations_by_name ON organisations(name_key);

CREATE TABLE services (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    service_type    TEXT    NOT NULL CHECK (service_type IN (
                        'safe_shelter', 'police', 'medical', 'mental_health', 'legal_aid',
                        'child_protection', 'education', 'livelihoods', 'other')),
    name            TEXT    NOT NULL,
    name_key        TEXT    NOT NULL COLLATE NOCASE,
    location        TEXT    NOT NULL DEFAULT '',
    location_key    TEXT    NOT NULL DEFAULT '' COLLATE NOCASE,
    phone           TEXT    NOT NULL DEFAULT '',
    email           TEXT    NOT NULL DEFAULT '',
    opening_hours   TEXT    NOT NULL DEFAULT '',
    languages       TEXT    NOT NULL DEFAULT '',
    notes           TEXT    NOT NULL DEFAULT '',
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1   -- optimistic concurrency
) STRICT;
-- One active service per organisation, name and place; a retired one can
-- be added again.
CREATE UNIQUE INDEX services_identity ON services(organisation_id, name_key, location_key)
    WHERE active = 1;
-- Type-to-search: prefixes of the folded name and location, the type, and
-- the listing order (by name).
CREATE INDEX services_by_name ON services(name_key, active);
CREATE INDEX services_by_location ON services(location_key, active);
CREATE INDEX services_by_type ON services(service_type, active, name_key);

CREATE TABLE referrals (
    id                      INTEGER PRIMARY KEY,
    case_id                 INTEGER NOT NULL REFERENCES cases(id),
    service_id              INTEGER NOT NULL REFERENCES services(id),
    status                  TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN (
                                'pending', 'sent', 'acknowledged', 'accepted',
                                'declined', 'completed', 'cancelled')),
    urgency                 INTEGER NOT NULL CHECK (urgency BETWEEN 0 AND 2), -- 0 routine, 1 urgent, 2 emergency
    consent_given           INTEGER NOT NULL CHECK (consent_given IN (0, 1)),
    consent_override_reason TEXT,
    note                    TEXT,
    due_at                  INTEGER NOT NULL,
    created_by              INTEGER REFERENCES users(id),
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    decline_reason          TEXT,
    cancel_reason           TEXT,
    version                 INTEGER NOT NULL DEFAULT 1,   -- optimistic concurrency
    -- Without consent a referral is only possible with a recorded override.
    CHECK (consent_given = 1 OR consent_override_reason IS NOT NULL),
    CHECK (status <> 'declined' OR decline_reason IS NOT NULL),
    CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL)
) STRICT;
-- The referral queue: open referrals, most urgent first, then most overdue.
CREATE INDEX referrals_open_queue ON referrals(urgency DESC, due_at)
    WHERE status IN ('pending', 'sent', 'acknowledged', 'accepted');
CREATE INDEX referrals_by_status ON referrals(status, urgency DESC, due_at);
CREATE INDEX referrals_by_service ON referrals(service_id, status);
CREATE INDEX referrals_by_case ON referrals(case_id, created_at);
CREATE INDEX services_by_organisation ON services(organisation_id, active);

-- An alert about one referral (kind referral_overdue) names it, so it is
-- raised once per referral however often the check runs.
ALTER TABLE alerts ADD COLUMN referral_id INTEGER REFERENCES referrals(id);
CREATE UNIQUE INDEX alerts_one_per_referral ON alerts(referral_id, kind) WHERE referral_id IS NOT NULL;
