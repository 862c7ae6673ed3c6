/**
 * Sign-in through the organization's identity provider (spec §7): OpenID Connect, authorization code flow with PKCE
 * (AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET). To be built.
 */
import type { FastifyInstance } from 'fastify';

/** The provider the console signs people in with. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the person back: `<public URL>/console/sign-in/oidc/callback`. */
  redirectUri: string;
}

/** Registers the OIDC sign-in routes under /console when `settings` are given. */
export async function oidcRoutes(_app: FastifyInstance, _settings: OidcSettings | undefined): Promise<void> {}
