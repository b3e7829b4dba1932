-- Repeat callers without a name: what the operator left for whoever takes
-- the caller's next contact. A caller's profile (how often and when they
-- contacted us, why, and the latest note) is read from their contacts by
-- the number or chat handle in `phone_norm`, on its existing index.
ALTER TABLE contacts ADD COLUMN next_time_note TEXT;
