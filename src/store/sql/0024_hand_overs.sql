-- Hand-over of a live intake (issue 14): an operator passes the contact in
-- progress to a present colleague or a supervisor, or a supervisor takes
-- over the draft of someone who crashed, logged out or went away.
--
-- The draft itself moves (drafts.operator_id changes in the same
-- transaction that marks the row taken), so it never has two owners. The
-- row stays as the record of who passed what to whom and when, for the
-- audit and for the case's timeline once the intake becomes a case.
CREATE TABLE hand_overs (
    id          INTEGER PRIMARY KEY,
    draft_id    INTEGER NOT NULL,          -- the draft goes once completed
    from_user   INTEGER NOT NULL REFERENCES users(id),
    to_user     INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT    NOT NULL CHECK (kind IN ('offer', 'take_over')),
    state       TEXT    NOT NULL CHECK (state IN ('offered', 'taken', 'declined', 'withdrawn')),
    offered_at  INTEGER NOT NULL,
    answered_at INTEGER
) STRICT;
-- What waits for a person: polled on every change another session makes.
CREATE INDEX hand_overs_waiting ON hand_overs(to_user) WHERE state = 'offered';
-- One open offer per draft at a time.
CREATE UNIQUE INDEX hand_overs_one_open ON hand_overs(draft_id) WHERE state = 'offered';
CREATE INDEX hand_overs_by_draft ON hand_overs(draft_id);
