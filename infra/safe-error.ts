/**
 * What a log may say about a failure. A PostgreSQL error (pg's DatabaseError) often carries the data that caused
 * it: in `detail` (`Key (case_id)=(…) already exists`), in `where`, in `internalQuery`, and for data exceptions in
 * the message itself (`invalid input syntax for type json`, `Token "…" is invalid`). Personal data must never reach
 * the logs (spec §5), so a database error is summarized by its SQLSTATE and the names of what it concerns
 * (constraint, table, column), never by its text. Used by the API's error handler and the worker's activities.
 */

export interface SafeError {
  /** `DatabaseError` for PostgreSQL, otherwise the error's class name. */
  name: string;
  /** The SQLSTATE (`23505`), or a system error code (`ECONNREFUSED`), or the library's code. */
  code?: string;
  /** Words without data: what kind of failure it is. */
  message: string;
  severity?: string;
  /** The PostgreSQL source function that raised it (`json_errsave_error`, `_bt_check_unique`). */
  routine?: string;
  constraint?: string;
  schema?: string;
  table?: string;
  column?: string;
  /** A Temporal failure's type (`ApplicationFailure.type`), when it is an identifier. */
  type?: string;
  /** Where it was thrown: the stack's frames only (file, line, function), without the message line. */
  stack?: string;
  /** The summary of the error's cause, if it has one. */
  cause?: SafeError;
}

/** SQLSTATE classes (the first two characters), in PostgreSQL's own words (Appendix A of its manual). */
const SQLSTATE_CLASSES: Record<string, string> = {
  '08': 'connection exception',
  '0A': 'feature not supported',
  '21': 'cardinality violation',
  '22': 'data exception',
  '23': 'integrity constraint violation',
  '25': 'invalid transaction state',
  '28': 'invalid authorization specification',
  '2B': 'dependent privilege descriptors still exist',
  '34': 'invalid cursor name',
  '3D': 'invalid catalog name',
  '3F': 'invalid schema name',
  '40': 'transaction rollback',
  '42': 'syntax error or access rule violation',
  '53': 'insufficient resources',
  '54': 'program limit exceeded',
  '55': 'object not in prerequisite state',
  '57': 'operator intervention',
  '58': 'system error',
  F0: 'configuration file error',
  P0: 'PL/pgSQL error',
  XX: 'internal error',
};

/** The commonest SQLSTATEs, named more precisely than their class. */
const SQLSTATES: Record<string, string> = {
  '22001': 'string data right truncation',
  '22003': 'numeric value out of range',
  '22007': 'invalid datetime format',
  '22008': 'datetime field overflow',
  '22021': 'character not in repertoire',
  '22023': 'invalid parameter value',
  '22P02': 'invalid text representation',
  '22P05': 'untranslatable character',
  '23502': 'not null violation',
  '23503': 'foreign key violation',
  '23505': 'unique violation',
  '23514': 'check violation',
  '23P01': 'exclusion violation',
  '40001': 'serialization failure',
  '40P01': 'deadlock detected',
  '42P01': 'undefined table',
  '42703': 'undefined column',
  '53300': 'too many connections',
  '57014': 'query canceled',
  '57P01': 'admin shutdown',
  '57P03': 'cannot connect now',
};

const SQLSTATE = /^[0-9A-Z]{5}$/;
const SYSTEM_CODE = /^E[A-Z0-9_]+$/;
/** Node's own error codes (`ERR_…`) and the libraries' (`FST_…`), which name a cause, never data. */
const LIBRARY_CODE = /^[A-Z][A-Z0-9_]{2,63}$/;

/** A PostgreSQL error as pg reports it: a SQLSTATE and a severity, whatever copy of pg made it. */
export function isDatabaseError(err: unknown): boolean {
  const e = err as { code?: unknown; severity?: unknown } | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.code === 'string' &&
    SQLSTATE.test(e.code) &&
    typeof e.severity === 'string'
  );
}

/** The words for a SQLSTATE: `PostgreSQL error 22P05 (untranslatable character)`. */
export function describeSqlState(code: string): string {
  const words = SQLSTATES[code] ?? SQLSTATE_CLASSES[code.slice(0, 2)] ?? 'unclassified';
  return `PostgreSQL error ${code} (${words})`;
}

const name = (value: unknown): string | undefined =>
  // Identifiers only: a constraint, table or column name is ours, never a caller's value.
  typeof value === 'string' && /^[\w.$-]{1,128}$/.test(value) ? value : undefined;

/**
 * A summary of any thrown value that is safe to log: for a database error its SQLSTATE, severity, routine and the
 * names of the constraint, table and column concerned, never its message, detail, where, hint, query or
 * parameters; for other errors the class name, the code and the message (program text, not data), with the same
 * done for the cause.
 */
export function safeError(err: unknown, depth = 0): SafeError {
  if (isDatabaseError(err)) {
    const e = err as Record<string, unknown>;
    const code = e.code as string;
    let message = describeSqlState(code);
    const constraint = name(e.constraint);
    if (constraint) message += ` on constraint ${constraint}`;
    else if (name(e.table)) message += ` on table ${name(e.table)}${name(e.column) ? ` column ${name(e.column)}` : ''}`;
    return strip({
      name: 'DatabaseError',
      code,
      message,
      severity: name(e.severity),
      routine: name(e.routine),
      constraint,
      schema: name(e.schema),
      table: name(e.table),
      column: name(e.column),
    });
  }
  if (!(err instanceof Error)) {
    return { name: typeof err, message: err === undefined || err === null ? String(err) : `A non-error value was thrown (${typeof err}).` };
  }
  const e = err as Error & { code?: unknown; type?: unknown };
  const code = typeof e.code === 'string' && (SYSTEM_CODE.test(e.code) || LIBRARY_CODE.test(e.code)) ? e.code : undefined;
  const summary: SafeError = strip({
    name: name(e.name) ?? 'Error',
    code,
    message: messageOf(e),
    type: name(e.type),
    stack: depth === 0 ? framesOf(e) : undefined,
  });
  if (e.cause !== undefined && depth < 5) summary.cause = safeError(e.cause, depth + 1);
  return summary;
}

/** An error's message unless it is one known to quote its input. */
function messageOf(e: Error): string {
  // JSON.parse quotes the text it could not parse ("Unexpected token 'Z', "Zzyzx…" is not valid JSON").
  if (e instanceof SyntaxError && /JSON/.test(e.message)) return 'Text that is not valid JSON was parsed.';
  // A database error wrapped by a library (Temporal's ApplicationFailure, node-pg-migrate) keeps its text in the
  // message: keep only what comes before the quoted part.
  const text = String(e.message ?? '');
  const cut = text.search(/["'`(]|Key \(|DETAIL|\n/);
  const head = (cut >= 0 ? text.slice(0, cut) : text).trim();
  const bounded = head.length > 300 ? `${head.slice(0, 300)}…` : head;
  return cut >= 0 ? `${bounded} […]` : bounded;
}

/** The stack's `at …` lines: code locations, never the message (which the first line repeats). */
function framesOf(e: Error): string | undefined {
  const frames = String(e.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 15);
  return frames.length ? frames.join('\n') : undefined;
}

function strip(summary: SafeError): SafeError {
  for (const key of Object.keys(summary) as (keyof SafeError)[]) if (summary[key] === undefined) delete summary[key];
  return summary;
}
