-- Risk during the intake.
--
-- An instrument run during an intake belongs to its contact, and a case
-- whose reasons or answers set a provisional level (a child talking about
-- suicide is at least high) is marked until the instrument that fits is
-- done: `unassessed` holds those instrument ids, space-separated, and is
-- NULL when nothing is waiting.
ALTER TABLE assessments ADD COLUMN contact_id INTEGER REFERENCES contacts(id);
ALTER TABLE cases ADD COLUMN unassessed TEXT;

-- Open cases recorded before this version with a suicide or self-harm
-- reason and no assessment at all are shown as not assessed.
UPDATE cases SET unassessed = 'asq'
 WHERE status <> 'closed'
   AND subcategory IN ('mental_health.suicidal_thoughts', 'mental_health.suicide_attempt',
                       'mental_health.self_harm')
   AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.case_id = cases.id);
