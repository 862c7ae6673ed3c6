-- Up Migration

-- Every attempt on a case, allowed or refused: who, as what, when, what, and how it ended.
-- Append-only: the database itself refuses to change or remove a row.
CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  case_id    text NOT NULL,
  sub        text,
  role       text,
  action     text NOT NULL,
  status     integer NOT NULL,
  outcome    text NOT NULL CHECK (outcome IN ('accepted', 'refused')),
  reason     text,
  request_id text NOT NULL
);
CREATE INDEX audit_log_case ON audit_log (case_id, id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

-- Down Migration
DROP TRIGGER audit_log_append_only ON audit_log;
DROP FUNCTION audit_log_is_append_only();
DROP TABLE audit_log;
