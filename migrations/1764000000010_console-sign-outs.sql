-- Up Migration

-- Console sessions ended by signing out (spec §7). A session is the encrypted cookie itself, kept by the browser; a
-- copy of it must not outlive the sign-out, so each API refuses a session named here until it would have expired.
-- An opaque id only: nothing about the person.
CREATE TABLE console_sign_outs (
  session_id uuid        PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX console_sign_outs_expires_at ON console_sign_outs (expires_at);

-- Down Migration
DROP TABLE console_sign_outs;
