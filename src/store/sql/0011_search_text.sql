-- Search beyond names and phones: what was said and where.
--
-- Notes (case_events of kind 'note'), intake narratives and the contact's
-- location (contacts with a case), the case's location, and any part of a
-- case number. Each source has its own contentless index whose rowid is the
-- row it indexes, so a hit says which field matched and newest-first is a
-- walk down the rowids. Words are folded like names (diacritics removed)
-- and match whole words: a prefix of a common word would merge every
-- posting of every word it starts (100 ms on a million narratives);
-- case numbers use trigrams so "00123" or "2025-0012" finds
-- HL-2025-000123. Kept in step by the triggers below, whoever writes.

CREATE VIRTUAL TABLE case_location_search USING fts5(
    location,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE case_number_search USING fts5(
    number,
    content = '', contentless_delete = 1,
    tokenize = 'trigram'
);
-- Narrative and the contact's location in separate indexes: a column
-- filter on one index would walk every row holding a common place name.
CREATE VIRTUAL TABLE contact_narrative_search USING fts5(
    narrative,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE contact_location_search USING fts5(
    location,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE note_search USING fts5(
    body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Backfill: one pass per source.
INSERT INTO case_location_search (rowid, location)
    SELECT id, location FROM cases WHERE location IS NOT NULL;
INSERT INTO case_number_search (rowid, number) SELECT id, number FROM cases;
INSERT INTO contact_narrative_search (rowid, narrative)
    SELECT id, narrative FROM contacts WHERE case_id IS NOT NULL AND narrative IS NOT NULL;
INSERT INTO contact_location_search (rowid, location)
    SELECT id, location FROM contacts WHERE case_id IS NOT NULL AND location IS NOT NULL;
INSERT INTO note_search (rowid, body)
    SELECT id, body FROM case_events WHERE kind = 'note' AND body IS NOT NULL;

CREATE TRIGGER cases_text_search_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO case_location_search (rowid, location)
        SELECT new.id, new.location WHERE new.location IS NOT NULL;
    INSERT INTO case_number_search (rowid, number) VALUES (new.id, new.number);
END;
CREATE TRIGGER cases_text_search_update AFTER UPDATE OF location, number ON cases
BEGIN
    DELETE FROM case_location_search WHERE rowid = old.id;
    INSERT INTO case_location_search (rowid, location)
        SELECT new.id, new.location WHERE new.location IS NOT NULL;
    DELETE FROM case_number_search WHERE rowid = old.id;
    INSERT INTO case_number_search (rowid, number) VALUES (new.id, new.number);
END;
CREATE TRIGGER cases_text_search_delete AFTER DELETE ON cases
BEGIN
    DELETE FROM case_location_search WHERE rowid = old.id;
    DELETE FROM case_number_search WHERE rowid = old.id;
END;

CREATE TRIGGER contacts_text_search_insert AFTER INSERT ON contacts
WHEN new.case_id IS NOT NULL
BEGIN
    INSERT INTO contact_narrative_search (rowid, narrative)
        SELECT new.id, new.narrative WHERE new.narrative IS NOT NULL;
    INSERT INTO contact_location_search (rowid, location)
        SELECT new.id, new.location WHERE new.location IS NOT NULL;
END;
CREATE TRIGGER contacts_text_search_update AFTER UPDATE OF case_id, narrative, location ON contacts
BEGIN
    DELETE FROM contact_narrative_search WHERE rowid = old.id;
    DELETE FROM contact_location_search WHERE rowid = old.id;
    INSERT INTO contact_narrative_search (rowid, narrative)
        SELECT new.id, new.narrative WHERE new.case_id IS NOT NULL AND new.narrative IS NOT NULL;
    INSERT INTO contact_location_search (rowid, location)
        SELECT new.id, new.location WHERE new.case_id IS NOT NULL AND new.location IS NOT NULL;
END;
CREATE TRIGGER contacts_text_search_delete AFTER DELETE ON contacts
BEGIN
    DELETE FROM contact_narrative_search WHERE rowid = old.id;
    DELETE FROM contact_location_search WHERE rowid = old.id;
END;

CREATE TRIGGER notes_search_insert AFTER INSERT ON case_events
WHEN new.kind = 'note' AND new.body IS NOT NULL
BEGIN
    INSERT INTO note_search (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER notes_search_update AFTER UPDATE OF kind, body ON case_events
BEGIN
    DELETE FROM note_search WHERE rowid = old.id;
    INSERT INTO note_search (rowid, body)
        SELECT new.id, new.body WHERE new.kind = 'note' AND new.body IS NOT NULL;
END;
CREATE TRIGGER notes_search_delete AFTER DELETE ON case_events
BEGIN
    DELETE FROM note_search WHERE rowid = old.id;
END;
