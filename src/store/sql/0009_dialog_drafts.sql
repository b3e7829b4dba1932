-- Everything typed survives, not only intakes: a note being written, an
-- assessment in progress, the referral, closure and assignment dialogs and
-- the service form are kept here as the operator types, so a killed process
-- or a dropped SSH connection loses at most the last second.
-- One row per operator, kind of dialog and target (a case id, a service
-- id, 0 for a service not stored yet): a dialog saved again replaces its row.
-- `state` is the dialog's own JSON (its text, choices and focus); nothing
-- here is ever shown to anyone but the operator who typed it.
-- `urgent` marks what must be offered first at the next log-in (an
-- assessment with positive answers).
-- `writer` names the session that wrote the row and `rev` counts its
-- writes: a session's older write that lands late (its thread waited for
-- the lock) never replaces its newer one, while a new session always may.

CREATE TABLE dialog_drafts (
    operator_id INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT    NOT NULL,
    target_id   INTEGER NOT NULL,
    state       TEXT    NOT NULL,
    urgent      INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    updated_at  INTEGER NOT NULL,
    writer      INTEGER NOT NULL DEFAULT 0,
    rev         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (operator_id, kind, target_id)
) WITHOUT ROWID;
