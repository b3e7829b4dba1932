-- Need-to-know (see domain/access.rs): restricted cases, an admin's case
-- role, and the glass broken to open a case outside one's work.
--
-- A restricted case (a staff member's child, a public figure) is seen
-- only by its worker and the supervisors overseeing it.
ALTER TABLE cases ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0
    CHECK (restricted IN (0, 1));

-- The role an admin account holds on cases: none (the default) means the
-- account manages accounts and configuration and reads no case content.
-- Ignored for other roles, whose case role is their role.
ALTER TABLE users ADD COLUMN case_role TEXT
    CHECK (case_role IN ('operator', 'caseworker', 'supervisor'));

-- Each broken glass: who opened which case outside their rights, why, and
-- until when that lets them in. Kept for the audit; never deleted by use.
CREATE TABLE case_access_grants (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    reason     TEXT    NOT NULL,
    granted_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX case_access_grants_by_user ON case_access_grants(user_id, case_id, expires_at);
CREATE INDEX case_access_grants_by_case ON case_access_grants(case_id);

-- "Cases of contacts I took": an operator's list reads this index.
CREATE INDEX contacts_by_operator ON contacts(operator_id, case_id) WHERE case_id IS NOT NULL;
