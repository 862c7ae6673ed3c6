-- Up Migration

-- The read model of every case, kept current by the workflow (one row a case, newest revision wins),
-- so that a case can be listed, authorized and read after Temporal's retention removes its history.
CREATE TABLE cases (
  case_id            text PRIMARY KEY,
  stream             text NOT NULL,
  stage              text NOT NULL,
  outcome            text,
  sponsor_group_id   text,
  destination        text,
  visa_office        text NOT NULL,
  next_deadline_kind text,
  next_deadline_at   timestamptz,
  revision           integer NOT NULL,
  view               jsonb NOT NULL,
  opened_at          timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_sponsor_group ON cases (sponsor_group_id);
CREATE INDEX cases_next_deadline ON cases (next_deadline_at) WHERE outcome IS NULL;

-- GCMS, as ROC-O's automation sees it: the application number is assigned once per case.
CREATE SEQUENCE gcms_application_number START 100000001;
CREATE TABLE gcms_applications (
  case_id       text PRIMARY KEY,
  gcms_number   text NOT NULL UNIQUE,
  stream        text NOT NULL,
  visa_office   text NOT NULL,
  status        text NOT NULL DEFAULT 'open',
  closed_reason text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE gcms_documents (
  case_id      text NOT NULL REFERENCES gcms_applications (case_id),
  type         text NOT NULL,
  file_name    text NOT NULL,
  digitized_at timestamptz,
  PRIMARY KEY (case_id, type, file_name)
);
CREATE TABLE gcms_members (
  case_id   text NOT NULL REFERENCES gcms_applications (case_id),
  member_id text NOT NULL,
  person    jsonb NOT NULL,
  added_as  text NOT NULL,
  PRIMARY KEY (case_id, member_id)
);

-- The outbox of notices: one row per case, kind, party and business step, however often sent.
CREATE TABLE notices (
  id          bigserial PRIMARY KEY,
  case_id     text NOT NULL,
  kind        text NOT NULL,
  party       text NOT NULL,
  step        text NOT NULL,
  language    text NOT NULL,
  status      text NOT NULL DEFAULT 'queued',
  nat_number  text,
  amends      text,
  details     jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz,
  UNIQUE (case_id, kind, party, step)
);

-- First answers to requests sent with an Idempotency-Key.
CREATE TABLE idempotent_requests (
  key         text NOT NULL,
  scope       text NOT NULL,
  action      text NOT NULL,
  status_code integer NOT NULL,
  body        jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, action, key)
);

-- Down Migration
DROP TABLE idempotent_requests;
DROP TABLE notices;
DROP TABLE gcms_members;
DROP TABLE gcms_documents;
DROP TABLE gcms_applications;
DROP SEQUENCE gcms_application_number;
DROP TABLE cases;
