-- Up Migration

-- A stored answer is given again exactly as it was first sent, its fields in the same order (jsonb reorders them).
ALTER TABLE idempotent_requests ALTER COLUMN body TYPE json USING body::json;

-- Down Migration
ALTER TABLE idempotent_requests ALTER COLUMN body TYPE jsonb USING body::jsonb;
