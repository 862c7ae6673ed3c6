/**
 * Documents (spec §6): what the case knows of each file stored for it, and the Update that tells it of an upload.
 * The bytes themselves live in the document store (infra/document-store.ts), encrypted; the case keeps only
 * what GCMS lists and what intake needs (the type, the checksum).
 */
import { defineUpdate } from '@temporalio/workflow';
import type { DocumentType, Role } from './case-types';
import type { CaseView } from './case';

/** The file types accepted, recognized by their content (never their name), and the content type each is served with. */
export const DOCUMENT_CONTENT_TYPES = { pdf: 'application/pdf', jpg: 'image/jpeg', png: 'image/png' } as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[keyof typeof DOCUMENT_CONTENT_TYPES];

/** A file stored for the case, as the case keeps it and `POST /applications/:caseId/documents` answers it (201). */
export interface StoredDocument {
  /** Opaque (a UUID): names the file in the store, in the PR application and in the download's URL. */
  documentId: string;
  type: DocumentType;
  /** The name it was uploaded under, without any folder. */
  fileName: string;
  contentType: DocumentContentType;
  /** Its size in bytes. */
  bytes: number;
  /** SHA-256 of its bytes, lowercase hex. */
  sha256: string;
  /** ISO 8601 instant. */
  uploadedAt: string;
}

/** One line of the PR application: a document uploaded (`documentId`) or received on paper (`fileName`). */
export interface PackageEntry {
  type: string;
  documentId?: string;
  fileName?: string;
}

/** A document as GCMS lists it: with its checksum once stored, on paper (type and file name) until then. */
export type GcmsDocument = { type: string; fileName: string } & Partial<Pick<StoredDocument, 'documentId' | 'sha256' | 'bytes' | 'contentType'>>;

/** The most documents a case keeps: a package and its supporting papers, with room for scans uploaded again. */
export const MAX_DOCUMENTS_PER_CASE = 200;

/** The API tells the case of a document stored for it; the case answers with its view. */
export const documentUploadedUpdate = defineUpdate<CaseView, [{ document: StoredDocument; by: Role }]>('documentUploaded');

/**
 * The patch from which a complete package is filed only once digitized (spec §6): on paper, it waits at
 * roc-o-intake for ROC-O's scans; GCMS lists the stored documents with their checksums.
 */
export const DOCUMENTS_DIGITIZED_PATCH = 'documents-digitized-at-intake';
