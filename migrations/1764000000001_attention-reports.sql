-- Up Migration

-- The daily attention report (rule 16): the open cases past a deadline, as the schedule found them.
CREATE TABLE attention_reports (
  id           bigserial PRIMARY KEY,
  generated_at timestamptz NOT NULL DEFAULT now(),
  cases        jsonb NOT NULL
);

-- Down Migration
DROP TABLE attention_reports;
