-- Facts about the database itself, one row per fact, e.g. `demo` = '1' on a
-- database filled by `helpline demo`, so every program that opens it (the
-- login screen's demo reminder above all) knows what it holds, whatever the
-- file is called or wherever it lives.
CREATE TABLE database_facts (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL   -- UTC seconds
) STRICT, WITHOUT ROWID;

-- A demo database made before this table existed is known by the audit
-- entry its load wrote (no user: the generator did it).
INSERT INTO database_facts (key, value, recorded_at)
    SELECT 'demo', '1', min(at) FROM audit_log
    WHERE user_id IS NULL AND action = 'demo_created'
    HAVING count(*) > 0;
