/**
 * Who is asking: a bearer JWT (HS256 with AUTH_JWT_SECRET) carrying `sub`, `roles` and, for
 * sponsors, `sponsorGroupId`. Which role acts: the first of the token's roles the route allows.
 */
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROLES, type Role } from '../domain/case-types';
import { forbidden, HttpError } from './errors';

export interface Principal {
  sub: string;
  roles: Role[];
  sponsorGroupId?: string;
}

/** The principal acting under one of its roles. */
export interface Actor extends Principal {
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who acts, as which role: set by requireRoles before the body is even read. */
    actor: Actor;
  }
}

const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);

export async function registerAuth(app: FastifyInstance, secret: string): Promise<void> {
  app.decorateRequest('actor', null as unknown as Actor);
  await app.register(fastifyJwt, { secret, verify: { algorithms: ['HS256'] } });
}

/**
 * A route's first hook: 401 without a valid token, 403 for a role the route is not for — before
 * the body is validated, so that a role that may not act learns nothing more.
 */
export function requireRoles(allowed: readonly Role[]) {
  return async (request: FastifyRequest): Promise<void> => {
    request.actor = actAs(await authenticate(request), allowed, request);
  };
}

/** Verifies the bearer token; 401 when it is missing, bad or expired. */
export async function authenticate(request: FastifyRequest): Promise<Principal> {
  if (!request.headers.authorization) throw unauthorized('A bearer token is required (Authorization: Bearer <JWT>).');
  let payload: Record<string, unknown>;
  try {
    payload = await request.jwtVerify<Record<string, unknown>>();
  } catch (err) {
    const expired = (err as { code?: string }).code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED';
    throw unauthorized(expired ? 'The token has expired.' : 'The token is not valid.');
  }
  const { sub, roles, sponsorGroupId } = payload;
  if (typeof sub !== 'string' || !sub) throw unauthorized('The token names no subject (sub).');
  if (!Array.isArray(roles) || roles.some((r) => !ROLES.includes(r as Role))) {
    throw unauthorized(`The token's roles must be a list of: ${ROLES.join(', ')}.`);
  }
  request.audit.sub = sub;
  return {
    sub,
    roles: roles as Role[],
    sponsorGroupId: typeof sponsorGroupId === 'string' ? sponsorGroupId : undefined,
  };
}

/** The actor a route allows, or 403 naming the roles it needs. */
export function actAs(principal: Principal, allowed: readonly Role[], request?: FastifyRequest): Actor {
  const role = principal.roles.find((r) => allowed.includes(r));
  if (request) request.audit.role = role ?? principal.roles.join(',');
  if (!role) throw forbidden(`This action is for: ${allowed.join(', ')}.`);
  if (role === 'sponsor' && !principal.sponsorGroupId) throw forbidden('A sponsor token must name its sponsorGroupId.');
  return { ...principal, role };
}
