-- Up Migration

-- Notices are delivered by email (spec §3): the mail server's message id once it accepted the notice, and
-- why it was not (yet) sent, in words. Status: queued, sent, failed, undeliverable.
ALTER TABLE notices ADD COLUMN message_id text;
ALTER TABLE notices ADD COLUMN error text;
ALTER TABLE notices ADD COLUMN attempted_at timestamptz;

-- Down Migration
ALTER TABLE notices DROP COLUMN attempted_at;
ALTER TABLE notices DROP COLUMN error;
ALTER TABLE notices DROP COLUMN message_id;
