-- Parts of a case number are found on the unique index of `number`: a part
-- such as "0123" or "2025-0001" fits a few runs of consecutive numbers of
-- the years it names (domain::case_number_part). The trigram index kept
-- for it had to intersect trigrams such as "000" that every number holds,
-- which made the last digits of a number the slowest search on a million
-- cases; it goes, with its share of the cases' search triggers.

DROP TRIGGER cases_text_search_insert;
DROP TRIGGER cases_text_search_update;
DROP TRIGGER cases_text_search_delete;
DROP TABLE case_number_search;

CREATE TRIGGER cases_text_search_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO case_location_search (rowid, location)
        SELECT new.id, new.location WHERE new.location IS NOT NULL;
END;
CREATE TRIGGER cases_text_search_update AFTER UPDATE OF location ON cases
BEGIN
    DELETE FROM case_location_search WHERE rowid = old.id;
    INSERT INTO case_location_search (rowid, location)
        SELECT new.id, new.location WHERE new.location IS NOT NULL;
END;
CREATE TRIGGER cases_text_search_delete AFTER DELETE ON cases
BEGIN
    DELETE FROM case_location_search WHERE rowid = old.id;
END;
