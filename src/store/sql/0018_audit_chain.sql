-- The audit log becomes a hash chain: each row holds the SHA-256 of the
-- previous row's hash and its own content (see store/audit_chain.rs), so
-- a row changed, replaced (INSERT OR REPLACE bypasses the delete
-- trigger), deleted or inserted out of turn breaks the chain from there
-- on, and `helpline doctor` names the first broken row. Rows written
-- before this version have no hash: the chain starts at the first row
-- written after it.
ALTER TABLE audit_log ADD COLUMN hash TEXT;
