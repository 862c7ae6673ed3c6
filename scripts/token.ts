/** npm run token -- --role <role> --sub <id> [--sponsor-group <id>] [--expires-in 12h]: prints a staff token. */
import { parseArgs } from 'node:util';
import { createSigner } from 'fast-jwt';
import { ROLES, type Role } from '../domain/case-types';
import { loadConfig } from '../infra/config';

const USAGE = `usage: npm run token -- --role <${ROLES.join('|')}> --sub <id> [--sponsor-group <id>] [--expires-in 12h]`;

function args() {
  try {
    return parseArgs({
      options: {
        role: { type: 'string', multiple: true },
        sub: { type: 'string' },
        'sponsor-group': { type: 'string' },
        'expires-in': { type: 'string', default: '12h' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (err) {
    // An unknown or incomplete option: its words and the usage, not a stack trace.
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const values = args();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const roles = values.role ?? [];
if (!roles.length || !values.sub || roles.some((r) => !ROLES.includes(r as Role))) {
  console.error(USAGE);
  process.exit(2);
}
if (roles.includes('sponsor') && !values['sponsor-group']) {
  console.error('a sponsor token needs --sponsor-group <id>');
  process.exit(2);
}
const config = loadConfig();
if (config.jwks) {
  console.error(`AUTH_JWKS_URL is set: the API accepts only tokens of the identity provider (${config.jwks.issuer}), not ones signed here`);
  process.exit(2);
}
const sign = createSigner({ key: config.jwtSecret, algorithm: 'HS256', expiresIn: expiresInMs(values['expires-in']!) });
const payload: Record<string, unknown> = { sub: values.sub, roles };
if (values['sponsor-group']) payload.sponsorGroupId = values['sponsor-group'];
process.stdout.write(`${sign(payload)}\n`);

function expiresInMs(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (!m) {
    console.error('--expires-in takes a number and s, m, h or d, e.g. 12h');
    process.exit(2);
  }
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}
