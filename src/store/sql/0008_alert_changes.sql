-- Alerts a supervisor can trust.
--
-- Every session polls for other sessions' commits and then reads the alert
-- count and the banner. A case whose open high alert became critical kept
-- the same count and, behind an older critical alert, the same banner, so
-- no other session noticed it. A change stamp that every write to alerts
-- bumps lets a session see any change to the alerts with one primary-key
-- read, and skip the count altogether when nothing about alerts changed.
CREATE TABLE alert_changes (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
) STRICT;
INSERT INTO alert_changes (id, revision) VALUES (1, 0);

CREATE TRIGGER alerts_insert_stamp AFTER INSERT ON alerts
BEGIN
    UPDATE alert_changes SET revision = revision + 1 WHERE id = 1;
END;
CREATE TRIGGER alerts_update_stamp AFTER UPDATE ON alerts
BEGIN
    UPDATE alert_changes SET revision = revision + 1 WHERE id = 1;
END;
CREATE TRIGGER alerts_delete_stamp AFTER DELETE ON alerts
BEGIN
    UPDATE alert_changes SET revision = revision + 1 WHERE id = 1;
END;

-- Acknowledging a critical alert takes an optional note; closing a case
-- resolves its open alerts, and says so.
ALTER TABLE alerts ADD COLUMN ack_note TEXT;
ALTER TABLE alerts ADD COLUMN resolved_by_closing INTEGER NOT NULL DEFAULT 0;

-- Alerts left open on cases that are already closed are resolved by that
-- closing: an alert on a closed case must never escalate.
UPDATE alerts
SET acknowledged_at = coalesce(
        (SELECT c.closed_at FROM cases c WHERE c.id = alerts.case_id), raised_at),
    resolved_by_closing = 1
WHERE acknowledged_at IS NULL
  AND case_id IN (SELECT id FROM cases WHERE status = 'closed');
