-- Up Migration

-- What the first request sent with an Idempotency-Key asked for: the same key with another request is 422.
ALTER TABLE idempotent_requests ADD COLUMN request_hash text;

-- Down Migration
ALTER TABLE idempotent_requests DROP COLUMN request_hash;
