/**
 * Malformed and hostile requests for the API fuzz test (issue 9 item 10), as fast-check arbitraries.
 *
 * A generated request is plain data (which route, which case, which token, which mutations of a good body), so that
 * fast-check can print it, shrink it and replay it from its seed; `resolve()` turns it into the HTTP request at send
 * time (real case ids and fresh tokens are only known then).
 *
 * A body for a route that changes cases always carries at least one mutation the spec requires be refused (§4 "Bad
 * input"): control characters, lone surrogates, blank or over-long text, dates that do not exist or are
 * implausible, unknown fields, missing required fields, wrong types Ajv cannot coerce, arrays for objects, deep
 * nesting, bodies that are not JSON. So an answer 2xx to one of them is a finding, and no real case may change.
 * Mutations that a lenient reading could accept (a number where text is expected, which Ajv coerces) are only ever
 * added beside one of those.
 */
import fc from 'fast-check';
import { createSigner } from 'fast-jwt';
import type { Role } from '../../domain/case-types';
import { TEST_JWT_SECRET, tokenFor } from './stack';

/* ---------------------------------------------------------------------------------------------- *
 * The routes, as the running app lists them
 * ---------------------------------------------------------------------------------------------- */

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
};

export interface FuzzRoute {
  method: 'GET' | 'POST';
  /** Fastify's pattern: /applications/:caseId/travel */
  pattern: string;
  /** The path parameters, in order (`*` for a wildcard). */
  params: string[];
  /** The request body's schema, from the OpenAPI document (none for routes it hides). */
  body?: JsonSchema;
  /** The roles allowed, when known (the decisions table, the route's description). */
  roles?: readonly Role[];
  /** Whether an accepted request may open or change a case: its bodies are then always made invalid. */
  changesCases: boolean;
  /** Good bodies to start from. */
  bases: unknown[];
}

/**
 * The routes of Fastify's `printRoutes({ commonPrefix: false })` tree: each line a path segment under its parent,
 * with its methods in parentheses.
 */
export function routesFromTree(tree: string): { method: string; pattern: string }[] {
  const found: { method: string; pattern: string }[] = [];
  const stack: { depth: number; path: string }[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│├└─\s]*)(\S.*?)\s+\(([A-Z, ]+)\)\s*$/.exec(line) ?? /^([│├└─\s]*)(\S.*?)\s*$/.exec(line);
    if (!m || !m[2]) continue;
    const depth = m[1].length;
    while (stack.length && stack[stack.length - 1].depth >= depth) stack.pop();
    const path = (stack.length ? stack[stack.length - 1].path : '') + m[2];
    stack.push({ depth, path });
    if (m[3]) for (const method of m[3].split(',').map((s) => s.trim())) found.push({ method, pattern: path });
  }
  return found;
}

export const paramsOf = (pattern: string): string[] =>
  [...pattern.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');

/* ---------------------------------------------------------------------------------------------- *
 * JSON trees and paths
 * ---------------------------------------------------------------------------------------------- */

type Path = (string | number)[];

/** Text put into the JSON as it is (numbers JSON.stringify cannot write: 1e400, -0, 30 digits). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A deep copy that keeps own keys such as `__proto__` (JSON.parse creates them; spreading would not). */
function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value && typeof value === 'object' && !(value instanceof RawJson)) {
    const copy = {} as Record<string, unknown>;
    for (const key of Object.keys(value)) define(copy, key, clone((value as Record<string, unknown>)[key]));
    return copy as T;
  }
  return value;
}

function define(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function getAt(tree: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)?.[key], tree);
}

function setAt(tree: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const parent = getAt(tree, path.slice(0, -1)) as Record<string | number, unknown>;
  define(parent as Record<string, unknown>, String(path[path.length - 1]), value);
  return tree;
}

function removeAt(tree: unknown, path: Path): unknown {
  const parent = getAt(tree, path.slice(0, -1)) as Record<string, unknown>;
  delete parent[String(path[path.length - 1])];
  return tree;
}

/** Writes the body, with RawJson pieces put in as they are. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0001raw${raws.length - 1}\u0001`;
    }
    return v;
  });
  return (text ?? '').replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i) => raws[Number(i)]);
}

interface Node {
  path: Path;
  value: unknown;
  schema?: JsonSchema;
  /** The schema of the object holding it, and its key there. */
  parent?: JsonSchema;
  key?: string | number;
}

function branches(schema: JsonSchema | undefined): JsonSchema | undefined {
  // A nullable field (anyOf: [X, null]) is judged by X.
  return schema?.anyOf?.find((s) => s.type !== 'null') ?? schema;
}

function nodesOf(tree: unknown, schema: JsonSchema | undefined, path: Path = [], parent?: JsonSchema): Node[] {
  const s = branches(schema);
  const here: Node = { path, value: getAt(tree, path), schema: s, parent, key: path[path.length - 1] };
  const value = here.value;
  const out = [here];
  if (Array.isArray(value)) value.forEach((_v, i) => out.push(...nodesOf(tree, s?.items, [...path, i], s)));
  else if (value && typeof value === 'object' && !(value instanceof RawJson)) {
    for (const key of Object.keys(value)) out.push(...nodesOf(tree, s?.properties?.[key], [...path, key], s));
  }
  return out;
}

const typeOf = (s?: JsonSchema) => (Array.isArray(s?.type) ? s?.type[0] : s?.type);
const isText = (n: Node) =>
  typeof n.value === 'string' && typeOf(n.schema) === 'string' && !n.schema?.enum && !isDate(n) && !isDateTime(n) && !isIata(n) &&
  !['iata', 'email'].includes(n.schema?.format ?? '');
const isDate = (n: Node) => typeof n.value === 'string' && (n.schema?.format === 'date' || /^\d{4}-\d{2}-\d{2}$/.test(n.value));
const isDateTime = (n: Node) =>
  typeof n.value === 'string' && (n.schema?.format === 'date-time' || /^\d{4}-\d{2}-\d{2}T/.test(n.value));
const isIata = (n: Node) => typeof n.value === 'string' && /^[A-Z]{3}$/.test(n.value) && ['from', 'to', 'portOfEntry'].includes(String(n.key));
const isEnum = (n: Node) => typeof n.value === 'string' && Array.isArray(n.schema?.enum);
/** A leaf: a string, number or boolean, or raw JSON put in by an earlier mutation. */
const isScalar = (n: Node) => n.value instanceof RawJson || (n.value !== null && typeof n.value !== 'object');
/**
 * Plain text in the schema: a number or boolean sent there is coerced to text by Ajv (`coerceTypes`), so sending
 * one is only a lenient mutation. Dates, codes, choices, yes/no, lists and objects cannot be made right that way.
 */
const coercibleToText = (n: Node) =>
  typeOf(n.schema) === 'string' && !n.schema?.enum && !n.schema?.pattern && !['date', 'date-time', 'iata', 'email'].includes(n.schema?.format ?? '');
const isObject = (n: Node) => !!n.value && typeof n.value === 'object' && !Array.isArray(n.value) && !(n.value instanceof RawJson);
/** An object the schema closes (unknown fields refused); a record such as the codec's metadata is not one. */
const isClosedObject = (n: Node) => isObject(n) && (n.schema?.additionalProperties === false || !n.schema);
/** Dates a person may put in the future (a CSQ's end of validity); far-future values are not bad input there. */
const FUTURE_ALLOWED = new Set(['validUntil']);

/* ---------------------------------------------------------------------------------------------- *
 * Mutations: plain data, applied to a good body
 * ---------------------------------------------------------------------------------------------- */

const CONTROL = [...Array.from({ length: 32 }, (_v, i) => String.fromCharCode(i)), '\u007f'];
const SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d'];
const BAD_DATES = [
  '9999-06-01', '9999-12-31', '0000-01-01', '0001-01-01', '1000-01-01', '1899-12-31', '2026-02-30', '2025-02-29',
  '2026-13-01', '2026-00-10', '2026-06-31', '0000-00-00', '99999-01-01', '+002026-06-01', '2026-6-1', '2026/06/01',
  '20260601', '2026-06-01T00:00:00Z', 'NaN', 'tomorrow', '2026-06-01\u0000', '２０２６-０６-０１',
];
const FAR_FUTURE = /^9{4}/;
const BAD_DATE_TIMES = [
  '9999-06-01T10:00:00Z', '99999-06-01T10:00:00Z', '2026-02-30T10:00:00Z', '2026-06-01T24:00:00Z', '2026-06-01T10:60:00Z',
  '2026-06-01T10:00:61Z', '2026-06-01T10:00:00+25:00', '2026-06-01 10:00', 'T10:00:00Z', '2026-06-01T10:00:00Z\u0000',
  '2026-06-01T10:00:00.0000000000000000000001Z', 'yesterday',
];
const BAD_IATA = ['yul', 'YU', 'YULL', 'Y1L', 'ÝUL', 'YUL\u0000', 'Y\u0301UL', '   ', 'ＹＵＬ'];
const UNKNOWN_KEYS = [
  'x', 'isAdmin', 'role', 'roles', 'caseId', 'revision', 'stage', 'outcome', 'sponsorGroupId', 'constructor', 'prototype',
  'toString', 'hasOwnProperty', '__defineGetter__', '__proto__', '', ' ', '\u0000', 'é', '😀', 'a'.repeat(300), '$where',
];
const OTHER_VALUES: unknown[] = [true, 1, 'x', null, {}, [], { prototype: { isAdmin: true } }, { __proto__x: 1 }];
const WRONG_TYPES: unknown[] = [{}, { a: 1 }, [], [1, 2], [['x']], [{}], new RawJson('[[[[[[[[[[]]]]]]]]]]')];
const COERCIBLE: unknown[] = [12345, 0, -1, 1.5, true, false, null, ['x'], new RawJson('1e400'), new RawJson('1e308'),
  new RawJson('-0'), new RawJson('123456789012345678901234567890')];
const HUGE_NUMBERS = ['1e400', '-1e400', '1e308', '-1e308', '123456789012345678901234567890', '-0', '4.9e-325', '9007199254740993'];
const LONG_UNITS = ['a', 'é', '😀', '\u200b', ' a'];

/** A mutation the spec requires be refused, wherever it applies. */
export type StrictMutation =
  | { kind: 'control'; pick: number; char: number; at: number }
  | { kind: 'surrogate'; pick: number; char: number; at: number }
  | { kind: 'blank'; pick: number; value: string }
  | { kind: 'long'; pick: number; extra: number; unit: number }
  | { kind: 'date'; pick: number; value: number }
  | { kind: 'dateTime'; pick: number; value: number }
  | { kind: 'iata'; pick: number; value: number }
  | { kind: 'enum'; pick: number; variant: number }
  | { kind: 'wrongType'; pick: number; value: number }
  | { kind: 'hugeNumber'; pick: number; value: number }
  | { kind: 'unknownField'; pick: number; key: number; value: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'arrayForObject'; pick: number; empty: boolean }
  | { kind: 'objectForArray'; pick: number }
  | { kind: 'tooMany'; pick: number }
  | { kind: 'deep'; pick: number; depth: number; shape: 'array' | 'object' };

/** A change a lenient reader might accept (Ajv coerces it); only ever sent beside a strict one. */
export type LenientMutation = { kind: 'coerce'; pick: number; value: number };

/** A good body whose text is replaced by legal but unusual text (within limits, no control characters). */
export type LegalRecipe = { kind: 'legal'; texts: { pick: number; value: number }[]; target: number };

export type BodyRecipe =
  | LegalRecipe
  | { kind: 'none' }
  | { kind: 'mutated'; base: number; lenient: LenientMutation[]; strict: StrictMutation[] }
  | { kind: 'whole'; value: number }
  | { kind: 'raw'; text: number; cut: number };

const pick = fc.nat();

/** `value` about `some` times in `some + none`, otherwise null. */
function sometimes<T>(value: fc.Arbitrary<T>, some: number, none: number): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: value, weight: some }, { arbitrary: fc.constant(null), weight: none });
}
const strictMutation: fc.Arbitrary<StrictMutation> = fc.oneof(
  fc.record({ kind: fc.constant('control' as const), pick, char: fc.nat({ max: CONTROL.length - 1 }), at: fc.nat() }),
  fc.record({ kind: fc.constant('surrogate' as const), pick, char: fc.nat({ max: SURROGATES.length - 1 }), at: fc.nat() }),
  fc.record({ kind: fc.constant('blank' as const), pick, value: fc.constantFrom('', ' ', '   ') }),
  fc.record({ kind: fc.constant('long' as const), pick, extra: fc.nat({ max: 5000 }), unit: fc.nat({ max: LONG_UNITS.length - 1 }) }),
  fc.record({ kind: fc.constant('date' as const), pick, value: fc.nat({ max: BAD_DATES.length - 1 }) }),
  fc.record({ kind: fc.constant('dateTime' as const), pick, value: fc.nat({ max: BAD_DATE_TIMES.length - 1 }) }),
  fc.record({ kind: fc.constant('iata' as const), pick, value: fc.nat({ max: BAD_IATA.length - 1 }) }),
  fc.record({ kind: fc.constant('enum' as const), pick, variant: fc.nat({ max: 5 }) }),
  fc.record({ kind: fc.constant('wrongType' as const), pick, value: fc.nat({ max: WRONG_TYPES.length - 1 }) }),
  fc.record({ kind: fc.constant('hugeNumber' as const), pick, value: fc.nat({ max: HUGE_NUMBERS.length - 1 }) }),
  fc.record({ kind: fc.constant('unknownField' as const), pick, key: fc.nat({ max: UNKNOWN_KEYS.length - 1 }), value: fc.nat({ max: OTHER_VALUES.length - 1 }) }),
  fc.record({ kind: fc.constant('remove' as const), pick }),
  fc.record({ kind: fc.constant('arrayForObject' as const), pick, empty: fc.boolean() }),
  fc.record({ kind: fc.constant('objectForArray' as const), pick }),
  fc.record({ kind: fc.constant('tooMany' as const), pick }),
  fc.record({ kind: fc.constant('deep' as const), pick, depth: fc.integer({ min: 20, max: 20_000 }), shape: fc.constantFrom('array' as const, 'object' as const) }),
);
const lenientMutation: fc.Arbitrary<LenientMutation> = fc.record({
  kind: fc.constant('coerce' as const),
  pick,
  value: fc.nat({ max: COERCIBLE.length - 1 }),
});

const WHOLE_BODIES: unknown[] = [null, [], 'x', 0, true, {}, [{}], new RawJson('"' + 'a'.repeat(100) + '"')];
const RAW_TEXTS = [
  '{', '{"decision":', "{'decision':'approved'}", '{"decision":"approved",}', 'undefined', 'NaN', '[1,]', '{"a":1}{"b":2}',
  '\u0000', '{"decision":"approved"} trailing', '//c\n{}', '\ufeff\ufeff{}', '{"__proto__":{"isAdmin":true},"decision":"approved"}',
  '{"constructor":{"prototype":{"isAdmin":true}}}', '{"a":"\\ud800"', '{"a":"\\u00"}', '\u00ff\u00fe{}', 'null null',
  '<xml/>', 'decision=approved',
];

/**
 * Text the spec allows (§4: no control characters U+0000–U+001F or U+007F, no lone surrogates, not blank, within
 * its length) that a careless layer might still trip on: other invisible or bidirectional characters, astral
 * characters, markup, SQL, template and format strings, exactly the longest allowed.
 */
const LEGAL_TEXT = [
  '😀'.repeat(250), '\u202eevil\u202c', 'Zoe\u0301 N\u0303andu', 'Ωμέγα 李小龍 عبد الله', 'a\u200bzero\u200bwidth', "O'Brien-Smith",
  "Robert'); DROP TABLE cases;--", '<script>alert(1)</script>', '${jndi:ldap://x/a}', '{{7*7}}', '%s%s%n', '\\u0000', '\ufeffbom',
  'line\u2028para\u2029', '\uffff\ufffe', '\udbff\udfff', 'é'.repeat(250), 'null', 'undefined', '0', 'NaN', '__proto__',
  'constructor', '  padded  ', '\u00a0nbsp\u00a0', 'x', '\u0080\u009f', '\\', '"quoted"', '../../etc/passwd',
];

const legalRecipe: fc.Arbitrary<LegalRecipe> = fc.record({
  kind: fc.constant('legal' as const),
  texts: fc.array(fc.record({ pick: fc.nat(), value: fc.nat({ max: LEGAL_TEXT.length - 1 }) }), { minLength: 1, maxLength: 4 }),
  target: fc.nat(),
});

export function bodyRecipe(route: FuzzRoute): fc.Arbitrary<BodyRecipe> {
  const mutated = fc.record({
    kind: fc.constant('mutated' as const),
    base: fc.nat(),
    lenient: fc.array(lenientMutation, { maxLength: 1 }),
    // A route that changes cases always gets at least one mutation that must be refused.
    strict: fc.array(strictMutation, { minLength: route.changesCases ? 1 : 0, maxLength: 3 }),
  });
  const whole = fc.record({ kind: fc.constant('whole' as const), value: fc.nat({ max: WHOLE_BODIES.length - 1 }) });
  const raw = fc.record({ kind: fc.constant('raw' as const), text: fc.nat({ max: RAW_TEXTS.length - 1 + 1 }), cut: fc.nat() });
  if (route.method === 'GET') {
    return fc.oneof({ arbitrary: fc.constant({ kind: 'none' as const }), weight: 8 }, { arbitrary: raw, weight: 1 });
  }
  return fc.oneof(
    { arbitrary: mutated, weight: 12 },
    { arbitrary: legalRecipe, weight: route.changesCases ? 4 : 1 },
    { arbitrary: whole, weight: 1 },
    { arbitrary: raw, weight: 2 },
    { arbitrary: fc.constant({ kind: 'none' as const }), weight: 1 },
  );
}

/** Applies a strict mutation; false when nothing in the body fits it (the caller then tries another). */
function applyStrict(tree: unknown, schema: JsonSchema | undefined, m: StrictMutation): { tree: unknown; done: string | null } {
  const nodes = nodesOf(tree, schema);
  const choose = (fits: (n: Node) => boolean) => {
    const candidates = nodes.filter(fits);
    return candidates.length ? candidates[m.pick % candidates.length] : undefined;
  };
  const where = (n: Node) => (n.path.length ? n.path.join('.') : '(body)');
  switch (m.kind) {
    case 'control':
    case 'surrogate': {
      const n = choose(isText) ?? choose((x) => typeof x.value === 'string');
      if (!n) return { tree, done: null };
      const text = n.value as string;
      const char = m.kind === 'control' ? CONTROL[m.char] : SURROGATES[m.char];
      // Inside the text, never at either end: trimming (which drops \t, \n, \v, \f, \r there) must not remove it.
      const padded = text.length >= 2 ? text : `${text || 'x'}x`;
      const at = 1 + (m.at % (padded.length - 1));
      const value = padded.slice(0, at) + char + padded.slice(at);
      return { tree: setAt(tree, n.path, value), done: `${m.kind} U+${char.charCodeAt(0).toString(16).padStart(4, '0')} in ${where(n)}` };
    }
    case 'blank': {
      const n = choose((x) => isText(x) && (x.schema?.minLength ?? 1) >= 1);
      if (!n) return { tree, done: null };
      return { tree: setAt(tree, n.path, m.value), done: `blank ${JSON.stringify(m.value)} in ${where(n)}` };
    }
    case 'long': {
      const n = choose((x) => typeof x.value === 'string' && typeof x.schema?.maxLength === 'number');
      if (!n) return { tree, done: null };
      const length = (n.schema!.maxLength as number) + 1 + m.extra;
      const unit = LONG_UNITS[m.unit];
      // Counted in characters (code points), as the schema counts them.
      const value = 'x' + Array.from({ length }, () => unit).join('').slice(0, length * unit.length) + 'x';
      return { tree: setAt(tree, n.path, value), done: `${length + 2} × "${unit}" in ${where(n)} (max ${n.schema!.maxLength})` };
    }
    case 'date': {
      const n = choose(isDate);
      if (!n) return { tree, done: null };
      const allowed = FUTURE_ALLOWED.has(String(n.key)) ? BAD_DATES.filter((d) => !FAR_FUTURE.test(d)) : BAD_DATES;
      const value = allowed[m.value % allowed.length];
      return { tree: setAt(tree, n.path, value), done: `date ${JSON.stringify(value)} in ${where(n)}` };
    }
    case 'dateTime': {
      const n = choose(isDateTime);
      if (!n) return { tree, done: null };
      const value = BAD_DATE_TIMES[m.value];
      return { tree: setAt(tree, n.path, value), done: `date-time ${JSON.stringify(value)} in ${where(n)}` };
    }
    case 'iata': {
      const n = choose(isIata);
      if (!n) return { tree, done: null };
      return { tree: setAt(tree, n.path, BAD_IATA[m.value]), done: `IATA ${JSON.stringify(BAD_IATA[m.value])} in ${where(n)}` };
    }
    case 'enum': {
      const n = choose(isEnum);
      if (!n) return { tree, done: null };
      const v = n.value as string;
      // Each a value the enum does not hold (an upper-case enum such as GAR is its own upper case: left out).
      const variants = [v.toUpperCase(), `${v}\u0000`, v.replace(/a/, '\u0430').replace(/e/, '\u0435') + (/[ae]/.test(v) ? '' : 'x'), v.slice(0, -1), '', `${v}${v}`].filter(
        (variant) => variant !== v,
      );
      const value = variants[m.variant % variants.length];
      return { tree: setAt(tree, n.path, value), done: `enum value ${JSON.stringify(value)} in ${where(n)}` };
    }
    case 'wrongType': {
      const n = choose((x) => isScalar(x) && x.path.length > 0);
      if (!n) return { tree, done: null };
      const value = clone(WRONG_TYPES[m.value]);
      return { tree: setAt(tree, n.path, value), done: `${toJsonText(value)} for ${typeOf(n.schema) ?? typeof n.value} ${where(n)}` };
    }
    case 'hugeNumber': {
      // Where no coercion to text can make it right: dates, codes, choices, yes/no, lists, objects.
      const n = choose((x) => x.path.length > 0 && !!x.schema && !coercibleToText(x) && !['number', 'integer'].includes(typeOf(x.schema) ?? ''));
      if (!n) return { tree, done: null };
      // Ajv coerces 0 and 1 to false and true (-0 and 4.9e-325 read as 0): not those for a yes/no.
      const numbers = typeOf(n.schema) === 'boolean' ? HUGE_NUMBERS.filter((x) => ![0, 1].includes(Number(x))) : HUGE_NUMBERS;
      const number = numbers[m.value % numbers.length];
      return { tree: setAt(tree, n.path, new RawJson(number)), done: `number ${number} for ${where(n)}` };
    }
    case 'unknownField': {
      const n = choose(isClosedObject);
      if (!n) return { tree, done: null };
      const key = UNKNOWN_KEYS[m.key];
      const value = clone(OTHER_VALUES[m.value]);
      define(n.value as Record<string, unknown>, key, value);
      return { tree, done: `unknown field ${JSON.stringify(key.length > 20 ? `${key.slice(0, 20)}…` : key)} in ${where(n)}` };
    }
    case 'remove': {
      const n = choose((x) => x.key !== undefined && typeof x.key === 'string' && !!x.parent?.required?.includes(x.key));
      if (!n) return { tree, done: null };
      return { tree: removeAt(tree, n.path), done: `required ${where(n)} removed` };
    }
    case 'arrayForObject': {
      const n = choose(isObject);
      if (!n) return { tree, done: null };
      return { tree: setAt(tree, n.path, m.empty ? [] : [n.value]), done: `${where(n)} sent as ${m.empty ? '[]' : '[ … ]'}` };
    }
    case 'objectForArray': {
      const n = choose((x) => Array.isArray(x.value));
      if (!n) return { tree, done: null };
      const items = n.value as unknown[];
      return { tree: setAt(tree, n.path, items.length ? { 0: items[0] } : {}), done: `${where(n)} sent as an object` };
    }
    case 'tooMany': {
      const n = choose((x) => Array.isArray(x.value) && typeof x.schema?.maxItems === 'number' && (x.value as unknown[]).length > 0);
      if (!n) return { tree, done: null };
      const items = n.value as unknown[];
      const count = (n.schema!.maxItems as number) + 1;
      return { tree: setAt(tree, n.path, Array.from({ length: count }, (_v, i) => clone(items[i % items.length]))), done: `${count} items in ${where(n)} (max ${n.schema!.maxItems})` };
    }
    case 'deep': {
      const n = choose(() => true);
      if (!n) return { tree, done: null };
      const text = m.shape === 'array' ? '['.repeat(m.depth) + ']'.repeat(m.depth) : '{"a":'.repeat(m.depth) + '1' + '}'.repeat(m.depth);
      return { tree: setAt(tree, n.path, new RawJson(text)), done: `${m.depth} levels of ${m.shape}s for ${where(n)}` };
    }
  }
}

function applyLenient(tree: unknown, schema: JsonSchema | undefined, m: LenientMutation): { tree: unknown; done: string | null } {
  const nodes = nodesOf(tree, schema).filter((n) => isScalar(n) && n.path.length > 0);
  if (!nodes.length) return { tree, done: null };
  const n = nodes[m.pick % nodes.length];
  const value = clone(COERCIBLE[m.value]);
  return { tree: setAt(tree, n.path, value), done: `(lenient) ${toJsonText(value)} for ${n.path.join('.')}` };
}

export interface ResolvedBody {
  /** What is sent (undefined: no body). */
  payload?: string;
  /** The mutations, in words. */
  notes: string[];
  /** True when the spec requires the request be refused for its body alone. */
  mustRefuse: boolean;
}

/** The body a recipe describes, for a route. */
export function resolveBody(route: FuzzRoute, recipe: BodyRecipe): ResolvedBody {
  switch (recipe.kind) {
    case 'none':
      return { notes: ['no body'], mustRefuse: !!route.body && route.method === 'POST' };
    case 'whole': {
      const value = WHOLE_BODIES[recipe.value];
      // `{}` is good for a route whose fields are all optional.
      const emptyOk = !route.body?.required?.length;
      return {
        payload: toJsonText(value),
        notes: [`body ${toJsonText(value)}`],
        mustRefuse: !!route.body && !(emptyOk && toJsonText(value) === '{}'),
      };
    }
    case 'raw': {
      const base = route.bases.length ? toJsonText(route.bases[0]) : '{}';
      // One more than the list: a good body cut short.
      const text = recipe.text < RAW_TEXTS.length ? RAW_TEXTS[recipe.text] : base.slice(0, Math.max(1, recipe.cut % base.length));
      return { payload: text, notes: [`raw ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)}`], mustRefuse: !!route.body };
    }
    case 'legal': {
      if (!route.bases.length) return { payload: '{}', notes: ['no known body: {}'], mustRefuse: !!route.body?.required?.length };
      // The first good body: the one the cases named for it refuse (e.g. a visa issued, not refused).
      let tree: unknown = clone(route.bases[0]);
      const notes: string[] = [];
      for (const t of recipe.texts) {
        const candidates = nodesOf(tree, route.body).filter(isText);
        if (!candidates.length) break;
        const n = candidates[t.pick % candidates.length];
        const max = n.schema?.maxLength ?? 200;
        const min = n.schema?.minLength ?? 1;
        // Within the field's length, counted in characters; padded up to its least length.
        let value = Array.from(LEGAL_TEXT[t.value]).slice(0, max).join('');
        while (Array.from(value.trim()).length < min) value += 'x';
        tree = setAt(tree, n.path, value);
        notes.push(`(legal) ${JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…(${Array.from(value).length})` : value)} in ${n.path.join('.')}`);
      }
      // Refused for the case's state, not for the body: the caller names a case where the rules refuse it.
      return { payload: toJsonText(tree), notes, mustRefuse: false };
    }
    case 'mutated': {
      if (!route.bases.length) {
        return { payload: '{"x":1}', notes: ['no known body: {"x":1}'], mustRefuse: !!route.body && route.body.additionalProperties === false };
      }
      let tree: unknown = clone(route.bases[recipe.base % route.bases.length]);
      const notes: string[] = [];
      for (const m of recipe.lenient) {
        const r = applyLenient(tree, route.body, m);
        tree = r.tree;
        if (r.done) notes.push(r.done);
      }
      let strictApplied = 0;
      for (const m of recipe.strict) {
        let r = applyStrict(tree, route.body, m);
        // Nothing fits this kind in this body: fall back to an unknown field at the top, which always applies.
        if (!r.done) r = applyStrict(tree, route.body, { kind: 'unknownField', pick: 0, key: m.pick % UNKNOWN_KEYS.length, value: 0 });
        if (!r.done) r = applyStrict(tree, route.body, { kind: 'arrayForObject', pick: 0, empty: false });
        tree = r.tree;
        if (r.done) {
          notes.push(r.done);
          strictApplied++;
        }
      }
      if (!notes.length) notes.push('a good body');
      return { payload: toJsonText(tree), notes, mustRefuse: strictApplied > 0 && !!route.body };
    }
  }
}

/* ---------------------------------------------------------------------------------------------- *
 * Who asks: tokens and odd Authorization headers
 * ---------------------------------------------------------------------------------------------- */

const ROLES: Role[] = ['midi', 'roc-o', 'migration-officer', 'sponsor', 'ops'];
export const OWN_GROUP = 'group-montreal-1';

export type AuthRecipe =
  | { kind: 'allowed'; pick: number }
  | { kind: 'role'; role: number; group: 'own' | 'other' | 'none' }
  | { kind: 'odd'; form: (typeof ODD_FORMS)[number]; role: number }
  | { kind: 'none' };

const ODD_FORMS = [
  'lowercase-bearer', 'no-scheme', 'double-space', 'tab', 'basic', 'bearer-only', 'bearer-space', 'junk', 'dots', 'bad-signature',
  'alg-none', 'wrong-secret', 'hs512', 'expired', 'not-yet-valid', 'roles-admin', 'roles-string', 'roles-empty', 'no-sub',
  'sub-number', 'sponsor-no-group', 'group-number', 'huge', 'two-tokens', 'unicode', 'no-exp', 'roles-duplicated', 'multi-role',
] as const;

export const authRecipe: fc.Arbitrary<AuthRecipe> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('allowed' as const), pick }), weight: 10 },
  { arbitrary: fc.record({ kind: fc.constant('role' as const), role: fc.nat({ max: ROLES.length - 1 }), group: fc.constantFrom('own' as const, 'other' as const, 'none' as const) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('odd' as const), form: fc.constantFrom(...ODD_FORMS), role: fc.nat({ max: ROLES.length - 1 }) }), weight: 5 },
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 1 },
);

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const signWith = (key: string, algorithm: 'HS256' | 'HS512', payload: Record<string, unknown>, options: Record<string, unknown> = {}) =>
  createSigner({ key, algorithm, ...options })(payload);

function claimsFor(role: Role, group: 'own' | 'other' | 'none' = 'own') {
  const sponsorGroupId = role === 'sponsor' && group !== 'none' ? (group === 'own' ? OWN_GROUP : 'group-quebec-2') : undefined;
  return { sub: `${role}-fuzz`, roles: [role], ...(sponsorGroupId && { sponsorGroupId }) };
}

/** The Authorization header a recipe describes (undefined: none), and whether it may act as the route's roles. */
export function resolveAuth(route: FuzzRoute, recipe: AuthRecipe): { header?: string; note: string } {
  switch (recipe.kind) {
    case 'none':
      return { note: 'no token' };
    case 'allowed': {
      const roles = route.roles?.length ? route.roles : ROLES;
      const role = roles[recipe.pick % roles.length];
      const c = claimsFor(role);
      return { header: `Bearer ${tokenFor(role, c.sub, c.sponsorGroupId)}`, note: `token ${role}` };
    }
    case 'role': {
      const role = ROLES[recipe.role];
      const c = claimsFor(role, recipe.group);
      return { header: `Bearer ${tokenFor(role, c.sub, c.sponsorGroupId)}`, note: `token ${role}${role === 'sponsor' ? ` (${recipe.group} group)` : ''}` };
    }
    case 'odd': {
      const role = ROLES[recipe.role];
      const claims = claimsFor(role);
      const good = tokenFor(role, claims.sub, claims.sponsorGroupId);
      const unsigned = (payload: unknown, header: unknown = { alg: 'none', typ: 'JWT' }) => `${b64(header)}.${b64(payload)}.`;
      const forms: Record<(typeof ODD_FORMS)[number], () => string> = {
        'lowercase-bearer': () => `bearer ${good}`,
        'no-scheme': () => good,
        'double-space': () => `Bearer  ${good}`,
        tab: () => `Bearer\t${good}`,
        basic: () => `Basic ${Buffer.from('ops:ops').toString('base64')}`,
        'bearer-only': () => 'Bearer',
        'bearer-space': () => 'Bearer ',
        junk: () => 'Bearer abc.def',
        dots: () => 'Bearer ...',
        'bad-signature': () => `Bearer ${good.slice(0, -3)}${good.endsWith('A') ? 'BBB' : 'AAA'}`,
        'alg-none': () => `Bearer ${unsigned({ ...claims, roles: ['ops', 'roc-o', 'midi'], exp: now() + 3600 })}`,
        'wrong-secret': () => `Bearer ${signWith('not-the-secret-0123456789-0123456789', 'HS256', claims, { expiresIn: 3_600_000 })}`,
        hs512: () => `Bearer ${signWith(TEST_JWT_SECRET, 'HS512', claims, { expiresIn: 3_600_000 })}`,
        expired: () => `Bearer ${signWith(TEST_JWT_SECRET, 'HS256', { ...claims, iat: now() - 7200, exp: now() - 3600 })}`,
        'not-yet-valid': () => `Bearer ${signWith(TEST_JWT_SECRET, 'HS256', { ...claims, nbf: now() + 3600, exp: now() + 7200 })}`,
        'roles-admin': () => `Bearer ${signWith(TEST_JWT_SECRET, 'HS256', { ...claims, roles: ['admin'] }, { expiresIn: 3_600_000 })}`,
        'roles-string': () => `Bearer ${signWith(TEST_JWT_SECRET, 'HS256', { ...claims, roles: role }, { expiresIn: 3_600_000 })}`,
        'roles-empty': () => `Bearer ${signWith(TEST_JWT_SECRET, 'HS256', { ...claims, roles: [] }, { expiresIn: 3_600_000 })}`,
        'no-sub': () => `Bearer ${signWith(TEST_JWT_SECRET, 'HS256', { roles: [role] }, { expiresIn: 3_600_000 })}`,
        'sub-number': () => `Bearer ${signWith(TEST_JWT_SECRET, 'HS256', { ...claims, sub: 42 }, { expiresIn: 3_600_000 })}`,
        'sponsor-no-group': () => `Bearer ${signWith(TEST_JWT_SECRET, 'HS256', { sub: 's', roles: ['sponsor'] }, { expiresIn: 3_600_000 })}`,
        'group-number': () => `Bearer ${signWith(TEST_JWT_SECRET, 'HS256', { sub: 's', roles: ['sponsor'], sponsorGroupId: 7 }, { expiresIn: 3_600_000 })}`,
        huge: () => `Bearer ${signWith(TEST_JWT_SECRET, 'HS256', { ...claims, pad: 'x'.repeat(20_000) }, { expiresIn: 3_600_000 })}`,
        'two-tokens': () => `Bearer ${good}, Bearer ${good}`,
        unicode: () => `Bearer ${good}é`,
        'no-exp': () => `Bearer ${signWith(TEST_JWT_SECRET, 'HS256', claims)}`,
        'roles-duplicated': () => `Bearer ${signWith(TEST_JWT_SECRET, 'HS256', { ...claims, roles: [role, role] }, { expiresIn: 3_600_000 })}`,
        'multi-role': () => `Bearer ${signWith(TEST_JWT_SECRET, 'HS256', { ...claims, roles: ['sponsor', 'ops'], sponsorGroupId: OWN_GROUP }, { expiresIn: 3_600_000 })}`,
      };
      return { header: forms[recipe.form](), note: `authorization ${recipe.form} (${role})` };
    }
  }
}

/* ---------------------------------------------------------------------------------------------- *
 * Path parameters, query strings, headers, methods
 * ---------------------------------------------------------------------------------------------- */

export type IdRecipe = { kind: 'real'; pick: number } | { kind: 'raw'; value: string };

const ODD_IDS = [
  '%00', '..', '%2e%2e', '.', '%2F', 'a%2Fb', '%5C', 'é', '%C3%A9', '%F0%9F%98%80', '%ED%A0%80', '%', '%zz', '%25',
  "'%20OR%20'1'%3D'1", '%24where', '%20', '__proto__', 'constructor', 'toString', 'null', 'undefined', '0', '-1',
  '*', ';', '%3Bx', '%0A', '%0D%0AX-Injected:%201', 'ÿ', '%FF', '%C0%AE', 'x'.repeat(65), 'x'.repeat(101), 'x'.repeat(300),
  'a'.repeat(64), '0123456789abcdef', 'oyw-1', 'e1', 'e0', 'e999999999',
];

export const idRecipe: fc.Arbitrary<IdRecipe> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('real' as const), pick }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('raw' as const), value: fc.constantFrom(...ODD_IDS) }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('raw' as const),
      value: fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, 'x')) || 'x'),
    }),
    weight: 2,
  },
);

const QUERY_VALUES = [
  'stage=closed', 'stream=PSR', 'stream=psr', 'stage=a&stage=b', 'pageSize=0', 'pageSize=-1', 'pageSize=1e3', 'pageSize=201',
  'pageSize=abc', 'pageSize=1.5', 'pageSize=9007199254740993', 'pageToken=junk', `pageToken=${'A'.repeat(3000)}`, 'pageToken=abc.def',
  'destination=%00', `destination=${encodeURIComponent("x' OR CaseStage = 'closed")}`, `destination=${encodeURIComponent('\\')}`,
  `destination=${'d'.repeat(101)}`, 'destination=%ED%A0%80', 'destination=Sherbrooke', 'unknown=1', '__proto__[x]=1',
  'constructor[prototype][x]=1', '%', '%zz=1', '=', '&&&', 'stage', `${'k'.repeat(5000)}=1`,
];

export const queryRecipe = sometimes(fc.array(fc.constantFrom(...QUERY_VALUES), { minLength: 1, maxLength: 3 }), 1, 4);

const CONTENT_TYPES = [
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16',
  'application/json; charset=latin1', 'APPLICATION/JSON', 'application/json, text/plain', 'application/jsonx',
  'application/vnd.api+json', 'application/xml', '', '*/*', 'application/json;;;', 'application/json; boundary=--',
];

export type HeaderRecipe = {
  contentType: { kind: 'json' } | { kind: 'none' } | { kind: 'odd'; value: string };
  idempotencyKey: string | null;
  extra: [string, string][];
};

const IDEMPOTENCY_KEYS = fc.oneof(
  { arbitrary: fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3'), weight: 4 },
  { arbitrary: fc.uuid(), weight: 2 },
  { arbitrary: fc.constantFrom('', ' ', 'k'.repeat(300), 'k'.repeat(10_000), 'clé', '../../etc', "'; DROP TABLE cases; --", '%00'), weight: 2 },
);

const EXTRA_HEADERS: [string, string][] = [
  ['accept', 'application/xml'], ['accept', 'text/html'], ['accept-encoding', 'gzip, br'], ['origin', 'http://evil.example'],
  ['cookie', 'resettlement_codec=junk'], ['x-forwarded-for', '1.2.3.4, <script>'], ['x-namespace', '../../other'],
  ['content-encoding', 'gzip'], ['x-http-method-override', 'DELETE'], ['accept-language', 'zz'], ['expect', '100-continue'],
];

export const headerRecipe: fc.Arbitrary<HeaderRecipe> = fc.record({
  contentType: fc.oneof(
    { arbitrary: fc.constant({ kind: 'json' as const }), weight: 10 },
    { arbitrary: fc.constant({ kind: 'none' as const }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('odd' as const), value: fc.constantFrom(...CONTENT_TYPES) }), weight: 2 },
  ),
  idempotencyKey: sometimes(IDEMPOTENCY_KEYS, 1, 2),
  extra: fc.array(fc.constantFrom(...EXTRA_HEADERS), { maxLength: 2 }),
});

export const ODD_METHODS = ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const;

const ODD_PATHS = [
  '/admin', '/.env', '/applications/', '//applications', '/APPLICATIONS', '/applications/x/unknown', '/applications/x/audit/x',
  '/docs/static/../../package.json', '/docs/static/%2e%2e/%2e%2e/package.json', '/docs/static/..%2F..%2Fpackage.json',
  '/%2e%2e/%2e%2e/etc/passwd', '/codec/', '/metrics/../applications', '/healthz?x=%00', `/${'a'.repeat(5000)}`, '/%',
  '/applications/%E0%A4%A', '/reports/attention/..', '/docs/json/x',
];

export interface FuzzRequest {
  route: number;
  /** A method the route does not have, sometimes. */
  method: (typeof ODD_METHODS)[number] | null;
  /** A path no route serves, sometimes. */
  oddPath: string | null;
  ids: IdRecipe[];
  query: string[] | null;
  auth: AuthRecipe;
  headers: HeaderRecipe;
  body: BodyRecipe;
}

/** How often a route is chosen: the ones that change cases most, the docs' static files least. */
const weightOf = (route: FuzzRoute) => (route.changesCases ? 4 : route.pattern.startsWith('/docs') ? 1 : 2);

export function requestArbitrary(routes: FuzzRoute[]): fc.Arbitrary<FuzzRequest> {
  const routeIndex = fc.oneof(...routes.map((route, i) => ({ arbitrary: fc.constant(i), weight: weightOf(route) })));
  return routeIndex.chain((index) =>
    fc.record({
      route: fc.constant(index),
      method: sometimes(fc.constantFrom(...ODD_METHODS), 1, 25),
      oddPath: sometimes(fc.constantFrom(...ODD_PATHS), 1, 40),
      ids: fc.array(idRecipe, { minLength: routes[index].params.length, maxLength: routes[index].params.length }),
      query: queryRecipe,
      auth: authRecipe,
      headers: headerRecipe,
      body: bodyRecipe(routes[index]),
    }),
  );
}

export interface ResolvedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** Which of the real cases the request names, if any. */
  realCase?: number;
  notes: string[];
  mustRefuse: boolean;
}

/** The concrete HTTP request, given the real cases' ids (and OYW ids) known at run time. */
export function resolve(
  routes: FuzzRoute[],
  request: FuzzRequest,
  realIds: { caseId: string; oywId?: string; effectId?: string }[],
  /** For a legal body: the real cases whose state makes the route refuse any good body (spec §3's rules). */
  refusingCases: (route: FuzzRoute) => number[],
): ResolvedRequest {
  const route = routes[request.route];
  const notes: string[] = [];
  let realCase: number | undefined;
  let path = route.pattern;
  const legal = request.body.kind === 'legal' ? request.body : null;
  route.params.forEach((param, i) => {
    let recipe = request.ids[i];
    if (legal && param === 'caseId') {
      const targets = refusingCases(route);
      recipe = { kind: 'real', pick: targets[legal.target % targets.length] };
    }
    let value: string;
    if (recipe.kind === 'real') {
      const real = realIds[recipe.pick % realIds.length];
      if (param === 'caseId') realCase = recipe.pick % realIds.length;
      value = param === 'caseId' ? real.caseId : param === 'oywId' ? (real.oywId ?? 'oyw-1') : param === 'effectId' ? (real.effectId ?? 'e1') : 'index.html';
      notes.push(`${param}: real #${recipe.pick % realIds.length}`);
    } else {
      value = recipe.value;
      notes.push(`${param}: ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…(${value.length})` : value)}`);
    }
    path = param === '*' ? path.replace('*', value) : path.replace(`:${param}`, value);
  });
  if (request.oddPath) {
    path = request.oddPath;
    realCase = undefined;
    notes.push(`path ${JSON.stringify(path.length > 60 ? `${path.slice(0, 60)}…` : path)}`);
  }
  const url = request.query ? `${path}?${request.query.join('&')}` : path;
  if (request.query) notes.push(`query ${JSON.stringify(request.query.join('&').slice(0, 80))}`);

  const headers: Record<string, string> = {};
  const auth = resolveAuth(route, request.auth);
  if (auth.header !== undefined) headers.authorization = auth.header;
  notes.push(auth.note);
  const body = resolveBody(route, request.body);
  notes.push(...body.notes);
  const ct = request.headers.contentType;
  if (body.payload !== undefined) {
    if (ct.kind === 'json') headers['content-type'] = 'application/json';
    if (ct.kind === 'odd') {
      headers['content-type'] = ct.value;
      notes.push(`content-type ${JSON.stringify(ct.value)}`);
    }
    if (ct.kind === 'none') notes.push('no content-type');
  }
  if (request.headers.idempotencyKey !== null) {
    headers['idempotency-key'] = request.headers.idempotencyKey;
    notes.push(`idempotency-key ${JSON.stringify(request.headers.idempotencyKey.slice(0, 30))}${request.headers.idempotencyKey.length > 30 ? `…(${request.headers.idempotencyKey.length})` : ''}`);
  }
  for (const [name, value] of request.headers.extra) {
    headers[name] = value;
    notes.push(`${name}: ${value}`);
  }
  const method = request.method ?? route.method;
  if (request.method) notes.push(`method ${request.method}`);
  return {
    method,
    url,
    headers,
    payload: body.payload,
    realCase: request.oddPath || request.method ? undefined : realCase,
    notes,
    // A legal body on a case whose state refuses it must be refused too (an opening, with no case, is the exception).
    mustRefuse: (body.mustRefuse || (!!legal && route.params.includes('caseId'))) && !request.method && !request.oddPath,
  };
}
