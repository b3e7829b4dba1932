-- A person's own interface language (issue 21): a code helpline ships
-- ('en', 'sw', 'fr', 'pt', 'es', 'ar'), or NULL for the organisation's
-- default from the config ([ui] language). Unknown codes read as NULL, so
-- a language withdrawn from a later build falls back rather than fails.
ALTER TABLE users ADD COLUMN language TEXT
    CHECK (language IS NULL OR length(language) BETWEEN 2 AND 8);
