-- Up Migration

-- Uploaded documents' bytes when DOCUMENT_STORE_URL keeps them in PostgreSQL (spec §6): the encrypted message
-- (infra/document-encryption.ts) cut in chunks of about 256 KiB, numbered from 0, so that a document is written and
-- read one chunk at a time. Ciphertext only: the object key is an opaque id, and nothing else about the document
-- (its name, type, case) is here. A document's chunks are written in one transaction: all of them or none.
CREATE TABLE document_blobs (
  object_key text    NOT NULL,
  seq        integer NOT NULL CHECK (seq >= 0),
  data       bytea   NOT NULL,
  PRIMARY KEY (object_key, seq)
);
-- Ciphertext does not compress: kept out of line without trying.
ALTER TABLE document_blobs ALTER COLUMN data SET STORAGE EXTERNAL;

-- Down Migration
DROP TABLE document_blobs;
