/**
 * Page tokens of `GET /applications`: where the next page starts (the last case shown, keyset paging) and an
 * HMAC of it, so that a token this API did not give, garbled or made up, is 400 rather than a page from some
 * other place.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CaseListCursor } from '../../case-store';
import { badRequest } from '../../errors';

const BAD_PAGE_TOKEN = 'pageToken is not one this API gave.';

/** opened_at as listCases writes it into a token. */
const OPENED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export interface PageTokens {
  write(cursor: CaseListCursor): string;
  read(token: string): CaseListCursor;
}

/**
 * The key page tokens are signed with: derived from the staff-token secret the app is given (the same on every
 * instance of the API, so a token from one is good on another and after a restart), or, without one, a key of
 * this process alone.
 */
export function pageTokenKey(jwtSecret: string | undefined): Buffer {
  if (typeof jwtSecret !== 'string' || !jwtSecret) return randomBytes(32);
  return createHmac('sha256', jwtSecret).update('resettlement: GET /applications page tokens').digest();
}

export function pageTokenCodec(key: Buffer): PageTokens {
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 16);
  return {
    write(cursor) {
      const payload = Buffer.from(JSON.stringify([cursor.openedAt, cursor.caseId])).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    read(token) {
      const [payload, signature, ...rest] = token.split('.');
      const given = Buffer.from(signature ?? '', 'base64url');
      const expected = payload ? mac(payload) : undefined;
      if (rest.length || !expected || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw badRequest(BAD_PAGE_TOKEN);
      }
      let cursor: unknown;
      try {
        cursor = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw badRequest(BAD_PAGE_TOKEN);
      }
      const [openedAt, caseId] = Array.isArray(cursor) ? cursor : [];
      if (cursor === undefined || typeof openedAt !== 'string' || typeof caseId !== 'string' || !OPENED_AT.test(openedAt)) {
        throw badRequest(BAD_PAGE_TOKEN);
      }
      return { openedAt, caseId };
    },
  };
}
