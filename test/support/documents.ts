/**
 * Documents as sponsors and ROC-O upload them (spec §6): small real files of each accepted type, a multipart body
 * as a browser or curl sends it, and the uploads of a complete package.
 */
import type { FastifyInstance } from 'fastify';
import { REQUIRED_DOCUMENTS } from '../../domain/case-types';
import type { Answer } from './stack';

/** A one-page PDF whose text is `text`: what a scanned form looks like to the product (its first bytes). */
export function samplePdf(text = 'IMM 0008 Generic Application Form'): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  return Buffer.from(
    [
      '%PDF-1.4',
      '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
      '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj',
      `4 0 obj << /Length ${stream.length} >> stream`,
      stream,
      'endstream endobj',
      'trailer << /Root 1 0 R >>',
      '%%EOF',
      '',
    ].join('\n'),
  );
}

/** A 1×1 PNG. */
export const SAMPLE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** The first bytes of a JPEG (JFIF), enough for a file recognized by its content. */
export const SAMPLE_JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(64, 0x20), Buffer.from('ffd9', 'hex')]);

/** A Linux executable's first bytes (ELF), as a file renamed to .pdf would carry them. */
export const ELF_EXECUTABLE = Buffer.concat([Buffer.from('7f454c46020101000000000000000000', 'hex'), Buffer.alloc(128, 0)]);

/** What one multipart part carries: a file (with its name) or a field. */
export type Part = { name: string; fileName: string; content: Buffer; contentType?: string } | { name: string; value: string };

/** A multipart/form-data body and its Content-Type, as fetch (and so a browser) writes them. */
export async function multipart(parts: Part[]): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  for (const part of parts) {
    if ('value' in part) form.append(part.name, part.value);
    else form.append(part.name, new Blob([part.content], { type: part.contentType ?? 'application/octet-stream' }), part.fileName);
  }
  const encoded = new Response(form);
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

/** POSTs a multipart body to the case's documents. */
export async function postDocument(
  app: FastifyInstance,
  caseId: string,
  token: string,
  parts: Part[],
  headers: Record<string, string> = {},
): Promise<Answer> {
  const { payload, contentType } = await multipart(parts);
  const res = await app.inject({
    method: 'POST',
    url: `/applications/${caseId}/documents`,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType, ...headers },
    payload,
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}

/** Uploads one file as `type` (201 expected; throws with the answer otherwise) and gives the answer's body. */
export async function upload(
  app: FastifyInstance,
  caseId: string,
  token: string,
  type: string,
  file: { fileName?: string; content?: Buffer } = {},
): Promise<{ documentId: string; type: string; fileName: string; contentType: string; bytes: number; sha256: string; uploadedAt: string }> {
  const answer = await postDocument(app, caseId, token, [
    { name: 'type', value: type },
    { name: 'file', fileName: file.fileName ?? `${type.toLowerCase()}.pdf`, content: file.content ?? samplePdf(`${type} form`) },
  ]);
  if (answer.status !== 201) throw new Error(`upload ${type}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Uploads the four documents of rule 3 and gives the PR application naming them: a complete, digitized package. */
export async function uploadPackage(app: FastifyInstance, caseId: string, token: string) {
  const documents = [];
  for (const type of REQUIRED_DOCUMENTS) documents.push({ type, documentId: (await upload(app, caseId, token, type)).documentId });
  return { documents };
}

/** Downloads a document: its status, headers and bytes. */
export async function download(app: FastifyInstance, caseId: string, documentId: string, token: string) {
  const res = await app.inject({
    method: 'GET',
    url: `/applications/${caseId}/documents/${documentId}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, body: String(res.headers['content-type'] ?? '').includes('json') ? res.json() : undefined };
}
