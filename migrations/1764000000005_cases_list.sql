-- Up Migration

-- GET /applications: cases newest first, paged on (opened_at, case_id), optionally by stage or destination
-- (a stream is half the cases: the first index and a filter serve it).
CREATE INDEX cases_list ON cases (opened_at DESC, case_id DESC);
CREATE INDEX cases_list_stage ON cases (stage, opened_at DESC, case_id DESC);
CREATE INDEX cases_list_destination ON cases (destination, opened_at DESC, case_id DESC);

-- Down Migration
DROP INDEX cases_list_destination;
DROP INDEX cases_list_stage;
DROP INDEX cases_list;
