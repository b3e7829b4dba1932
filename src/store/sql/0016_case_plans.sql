-- The case plan (domain reference, section 5, step "case plan"): goals,
-- the needs to meet, and under each the actions that meet them: what, who
-- (a worker, or an agency through one of the case's referrals), by when,
-- and how it ended (done, or dropped with a reason). An action past its
-- date is overdue; its owner is reminded once per due date.

CREATE TABLE plan_goals (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    need       TEXT    NOT NULL CHECK (length(trim(need)) > 0),
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1       -- optimistic concurrency
) STRICT;
CREATE INDEX plan_goals_by_case ON plan_goals(case_id, id);

CREATE TABLE plan_actions (
    id                INTEGER PRIMARY KEY,
    goal_id           INTEGER NOT NULL REFERENCES plan_goals(id),
    case_id           INTEGER NOT NULL REFERENCES cases(id),
    what              TEXT    NOT NULL CHECK (length(trim(what)) > 0),
    -- Exactly one owner: a worker, or the agency of one of the case's referrals.
    owner_user_id     INTEGER REFERENCES users(id),
    owner_referral_id INTEGER REFERENCES referrals(id),
    due_at            INTEGER NOT NULL,
    status            TEXT    NOT NULL DEFAULT 'open'
                              CHECK (status IN ('open', 'done', 'dropped')),
    drop_reason       TEXT,
    closed_at         INTEGER,                  -- when it was done or dropped
    -- The due date a reminder was raised for: once per due date.
    reminded_due_at   INTEGER,
    created_by        INTEGER REFERENCES users(id),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    CHECK ((owner_user_id IS NULL) <> (owner_referral_id IS NULL)),
    CHECK (status <> 'dropped' OR drop_reason IS NOT NULL)
) STRICT;
CREATE INDEX plan_actions_by_case ON plan_actions(case_id, goal_id, id);
-- The reminder check reads only open actions whose due date has no
-- reminder yet.
CREATE INDEX plan_actions_to_remind ON plan_actions(due_at)
    WHERE status = 'open' AND due_at IS NOT reminded_due_at;
-- A worker's overdue actions, for the Follow-ups pane.
CREATE INDEX plan_actions_open_by_owner ON plan_actions(owner_user_id, due_at)
    WHERE status = 'open' AND owner_user_id IS NOT NULL;
CREATE INDEX plan_actions_open_by_referral ON plan_actions(due_at)
    WHERE status = 'open' AND owner_referral_id IS NOT NULL;

-- Proposed next steps a worker dismissed, by reason: the stamp names the
-- facts the proposal came from, so it comes back only when they change.
CREATE TABLE next_step_dismissals (
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    reason       TEXT    NOT NULL,
    stamp        TEXT    NOT NULL,
    dismissed_by INTEGER REFERENCES users(id),
    dismissed_at INTEGER NOT NULL,
    PRIMARY KEY (case_id, reason)
) STRICT;
