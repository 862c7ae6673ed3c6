-- Up Migration

-- Documents stored for a case (spec §6): what the API lists and serves. The bytes are in the document store
-- (document_blobs, or an S3 bucket), encrypted, under the document's id; nothing here is the file itself.
CREATE TABLE documents (
  document_id  uuid PRIMARY KEY,
  case_id      text NOT NULL,
  type         text NOT NULL,
  file_name    text NOT NULL,
  content_type text NOT NULL,
  bytes        bigint NOT NULL,
  sha256       text NOT NULL,
  -- The id of the key that encrypted it (DOCUMENT_ENCRYPTION_KEYS): what a key rotation looks for.
  key_id       text NOT NULL,
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_case ON documents (case_id, uploaded_at);

-- GCMS lists stored documents by id with their checksums, and documents on paper by type and file name.
ALTER TABLE gcms_documents DROP CONSTRAINT gcms_documents_pkey;
ALTER TABLE gcms_documents
  ADD COLUMN id bigserial PRIMARY KEY,
  ADD COLUMN document_id uuid,
  ADD COLUMN sha256 text,
  ADD COLUMN bytes bigint,
  ADD COLUMN content_type text;
CREATE UNIQUE INDEX gcms_documents_stored ON gcms_documents (case_id, document_id) WHERE document_id IS NOT NULL;
CREATE UNIQUE INDEX gcms_documents_on_paper ON gcms_documents (case_id, type, file_name) WHERE document_id IS NULL;

-- Spec §6: every upload and download audited, with the document it concerned.
ALTER TABLE audit_log ADD COLUMN document_id uuid;

-- Down Migration

ALTER TABLE audit_log DROP COLUMN document_id;
DROP INDEX gcms_documents_on_paper;
DROP INDEX gcms_documents_stored;
DELETE FROM gcms_documents WHERE document_id IS NOT NULL;
ALTER TABLE gcms_documents DROP COLUMN id, DROP COLUMN document_id, DROP COLUMN sha256, DROP COLUMN bytes, DROP COLUMN content_type;
ALTER TABLE gcms_documents ADD PRIMARY KEY (case_id, type, file_name);
DROP TABLE documents;
