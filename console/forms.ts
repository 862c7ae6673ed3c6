/**
 * Forms built from the API's own body schemas (domain/schemas.ts through domain/decisions.ts): the console renders
 * each decision's form from its TypeBox schema and reads a submitted form back into the JSON body the API takes,
 * so a decision added to the table appears in the API and in the console at once. Nothing here checks a rule or a
 * value: an empty field is left out and the API says what it wants, in its own words.
 *
 * Controls are named by the body's path (`flights.0.departure`), which is also how the API names a field in a 400
 * (`body.flights.0.departure …`), so a refusal can be tied to the control it is about.
 */
import { DOCUMENT_TYPES } from '../domain/case-types';
import { DATE_FORMAT, DATE_TIME_FORMAT } from '../domain/formats';
import { label, t, type ConsoleLanguage } from './i18n';

/** A JSON schema as TypeBox writes it, as far as forms read it. */
export interface JsonSchema {
  type?: string;
  enum?: readonly string[];
  format?: string;
  maxLength?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  items?: JsonSchema;
}

/** A submitted form as @fastify/formbody reads it (a name sent twice gives a list). */
export type FormValues = Record<string, string | string[] | undefined>;

/** What a form may offer besides its schema: the case's uploaded documents, its family members. */
export interface FormContext {
  lang: ConsoleLanguage;
  /** The case's stored documents, for the PR application's picker (spec §6). */
  documents?: { documentId: string; type: string; fileName: string }[];
  /** The case's family members, for a field naming one (`memberId`). */
  members?: { memberId: string; label: string }[];
  /** The address of the page the form is on (its GET), where "one more row" reloads it with `<list>.rows=N`. */
  pageHref?: string;
  /** Rows asked for by the page's address (`flights.rows=4`), by the list's path. */
  rows?: Record<string, string>;
}

/** One rendered form: where it posts, its heading and the values and refusal it is shown with. */
export interface FormSpec {
  /** Unique on the page; prefixes every control's id. */
  id: string;
  action: string;
  title: string;
  schema: JsonSchema;
  csrf: string;
  /** A fresh random key per rendering: the same rendering sent twice applies once. */
  idempotencyKey: string;
  submit: string;
  values?: FormValues;
  /** The API's words for a refusal of this form, shown beside it. */
  refusal?: string;
  /** The refusal's language when it is not the page's (the API's words are English; WCAG 3.1.2). */
  refusalLang?: string;
  /** A line under the heading, e.g. which OYW application the form decides. */
  hint?: string;
  /** The heading's level: 3 (a form in a section of the page) unless the form is the page's own (2). */
  level?: 2 | 3;
}

/** Rows offered for a list of objects: enough for a trip with connections; more for a long list (a family). */
const LIST_ROWS = 3;
const LONG_LIST_ROWS = 6;

function rowsOf(schema: JsonSchema): number {
  const max = schema.maxItems ?? LIST_ROWS;
  return Math.min(max, max > 10 ? LONG_LIST_ROWS : LIST_ROWS);
}

/** The most rows a list may be given ("one more row" up to the schema's maxItems). */
const rowsMax = (schema: JsonSchema) => Math.max(rowsOf(schema), schema.maxItems ?? LIST_ROWS);

/**
 * The rows a list has on the form: its `<path>.rows` (the form's hidden field, or the page's address), at least
 * the default, at most the schema's maxItems.
 */
function rowCount(schema: JsonSchema, asked: string | undefined): number {
  const n = Number(asked);
  return Number.isInteger(n) && n > rowsOf(schema) ? Math.min(n, rowsMax(schema)) : rowsOf(schema);
}

/**
 * A row the form did not show: a control named `<list>.<i>.…` with `i` outside 0..rows-1 (a forged or stale form),
 * which would otherwise be silently dropped. Its list's path and index, or undefined.
 */
export function strayRow(schema: JsonSchema, values: FormValues, prefix = ''): { path: string; index: string } | undefined {
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (sub.type === 'object') {
      const inner = strayRow(sub, values, path);
      if (inner) return inner;
    }
    if (sub.type === 'array' && sub.items?.type === 'object' && !sub.items.properties?.documentId) {
      const rows = rowCount(sub, one(values[`${path}.rows`]));
      for (const key of Object.keys(values)) {
        if (!key.startsWith(`${path}.`) || key === `${path}.rows`) continue;
        const index = key.slice(path.length + 1).split('.')[0];
        if (!/^\d+$/.test(index) || Number(index) >= rows) return { path, index };
      }
    }
  }
  return undefined;
}

/** Something was written under `path` (an offset picked alone is not: it goes with a time). */
function hasInput(values: FormValues, path: string): boolean {
  return Object.entries(values).some(([name, value]) => name.startsWith(`${path}.`) && !name.endsWith('.offset') && one(value).trim() !== '');
}
/** Text longer than this is a reason: a textarea. */
const LONG_TEXT = 200;
/** Enums this short are radio buttons; longer ones a select. */
const RADIO_MAX = 3;
const QUEBEC_TIME_ZONE = 'America/Montreal';

/** Escapes text for HTML content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text in `lang`, marked with it when it is not the page's language (`<span lang="en">`, WCAG 3.1.2). */
export function inLanguage(text: string, lang: string | undefined, pageLang: string): string {
  return lang && lang !== pageLang ? `<span lang="${esc(lang)}">${esc(text)}</span>` : esc(text);
}

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const idOf = (formId: string, path: string) => `${formId}-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
const fieldName = (path: string) => path.split('.').filter((p) => !/^\d+$/.test(p)).at(-1)!;

/**
 * A field's label in the page's words, by its path: `principalApplicant.dateOfBirth` is "Principal applicant – Date
 * of birth", `familyMembers.1.givenNames` "Family member 2 – Given names".
 */
export function fieldLabel(lang: ConsoleLanguage, path: string): string {
  const parts: string[] = [];
  let previous = '';
  for (const part of path.split('.')) {
    if (/^\d+$/.test(part) && previous) {
      parts[parts.length - 1] = t(lang, 'form.row', { what: label(lang, `field.${previous}.one`) ?? parts.at(-1)!, n: String(Number(part) + 1) });
      continue;
    }
    parts.push(label(lang, `field.${part}`) ?? label(lang, `value.${part}`) ?? part);
    previous = part;
  }
  return parts.join(' – ');
}

/** The API's refusal names a field (`body.flights.0.departure …`, `… missing the required field "x"`): its path. */
export function pathInRefusal(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const at = /^body\.([\w.-]+)/.exec(message)?.[1];
  const missing = /missing the required field "([\w-]+)"/.exec(message)?.[1];
  if (at && missing) return `${at}.${missing}`;
  if (missing && /^body /.test(message)) return missing;
  return at;
}

/** The form as HTML: a section with its heading, the refusal beside it, every control labelled. */
export function renderForm(spec: FormSpec, ctx: FormContext): string {
  const values = spec.values ?? {};
  const errorId = `${spec.id}-refusal`;
  const invalidPath = pathInRefusal(spec.refusal);
  const r: Render = { formId: spec.id, values, ctx, errorId: spec.refusal ? errorId : undefined, invalidPath };
  const fields = objectFields(r, spec.schema, '');
  // The field the refusal is about, named in the page's words (not only by a red border).
  const about = invalidPath ? `${esc(t(ctx.lang, 'form.refusedField', { field: fieldLabel(ctx.lang, invalidPath) }))} ` : '';
  return [
    `<section class="decision" aria-labelledby="${spec.id}-title">`,
    `<h${spec.level ?? 3} id="${spec.id}-title">${esc(spec.title)}</h${spec.level ?? 3}>`,
    spec.hint ? `<p>${esc(spec.hint)}</p>` : '',
    spec.refusal
      ? `<div class="refusal" id="${errorId}" role="alert" tabindex="-1"><p><strong>${esc(t(ctx.lang, 'form.refused'))}</strong> ${about}${inLanguage(spec.refusal, spec.refusalLang, ctx.lang)}</p></div>`
      : '',
    // novalidate: the API, not the browser, says what is wrong, in the same words for every client. The action ends
    // with the refusal's id: a refused form's page opens on its refusal (focus there, WCAG 3.3.1); an accepted one
    // redirects to an address with a fragment of its own.
    `<form method="post" action="${esc(spec.action)}#${errorId}" novalidate${spec.refusal ? ` aria-describedby="${errorId}"` : ''}>`,
    `<input type="hidden" name="_csrf" value="${esc(spec.csrf)}">`,
    `<input type="hidden" name="_key" value="${esc(spec.idempotencyKey)}">`,
    fields,
    `<button type="submit">${esc(spec.submit)}</button>`,
    '</form>',
    '</section>',
  ].join('\n');
}

interface Render {
  formId: string;
  values: FormValues;
  ctx: FormContext;
  errorId?: string;
  invalidPath?: string;
}

/** aria attributes of a control: invalid and described by the refusal when the API named it. */
function aria(r: Render, path: string): string {
  return r.invalidPath && r.errorId && (r.invalidPath === path || r.invalidPath.startsWith(`${path}.`))
    ? ` aria-invalid="true" aria-describedby="${r.errorId}"`
    : '';
}

function objectFields(r: Render, schema: JsonSchema, prefix: string): string {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .map(([name, sub]) => field(r, sub, prefix ? `${prefix}.${name}` : name, required.has(name)))
    .join('\n');
}

function requiredMark(r: Render, required: boolean): string {
  return required ? ` <span class="required">(${esc(t(r.ctx.lang, 'form.required'))})</span>` : ` <span class="optional">(${esc(t(r.ctx.lang, 'form.optional'))})</span>`;
}

function field(r: Render, schema: JsonSchema, path: string, required: boolean): string {
  const { lang } = r.ctx;
  const name = fieldName(path);
  const text = label(lang, `field.${name}`) ?? name;
  const id = idOf(r.formId, path);
  const value = one(r.values[path]);
  const req = required ? ' required' : '';
  if (schema.type === 'object') {
    return `<fieldset><legend>${esc(text)}${requiredMark(r, required)}</legend>\n${objectFields(r, schema, path)}\n</fieldset>`;
  }
  if (schema.type === 'array' && schema.items?.properties?.documentId) return documentPicker(r, path);
  if (schema.type === 'array' && schema.items?.type === 'object') {
    const rows = rowCount(schema, one(r.values[`${path}.rows`]) || r.ctx.rows?.[path]);
    const parts: string[] = [];
    for (let i = 0; i < rows; i++) {
      const row = `<fieldset id="${idOf(r.formId, `${path}.${i}`)}" tabindex="-1"><legend>${esc(t(lang, 'form.row', { what: label(lang, `field.${name}.one`) ?? text, n: String(i + 1) }))}</legend>\n${objectFields(r, schema.items, `${path}.${i}`)}\n</fieldset>`;
      parts.push(row);
    }
    // One more row without script: a link reloading the page with one more (what was typed is not sent by a link:
    // add rows first). The count goes with the form, so a refused form comes back with as many.
    const what = label(lang, `field.${name}.one`) ?? text;
    const more =
      rows < rowsMax(schema) && r.ctx.pageHref
        ? `<p><a href="${esc(`${r.ctx.pageHref}?${new URLSearchParams({ [`${path}.rows`]: String(rows + 1) })}#${idOf(r.formId, `${path}.${rows}`)}`)}">${esc(t(lang, 'form.moreRows', { what }))}</a></p>`
        : '';
    return `<fieldset id="${idOf(r.formId, path)}"><legend>${esc(text)}${requiredMark(r, required)}</legend>\n<p class="hint">${esc(t(lang, 'form.rowsHint'))}</p>\n<input type="hidden" name="${esc(path)}.rows" value="${rows}">\n${parts.join('\n')}\n${more}\n</fieldset>`;
  }
  if (schema.type === 'boolean') {
    const checked = value === 'on' || value === 'true' ? ' checked' : '';
    return `<div class="field checkbox"><input type="checkbox" id="${id}" name="${esc(path)}"${checked}${aria(r, path)}> <label for="${id}">${esc(text)}</label></div>`;
  }
  if (schema.enum) {
    const options = schema.enum.map((v) => ({ value: v, text: label(lang, `value.${v}`) ?? v }));
    if (options.length <= RADIO_MAX && required) {
      const radios = options
        .map((o, i) => `<div class="radio"><input type="radio" id="${id}-${i}" name="${esc(path)}" value="${esc(o.value)}"${o.value === value ? ' checked' : ''}${req}${aria(r, path)}> <label for="${id}-${i}">${esc(o.text)}</label></div>`)
        .join('\n');
      return `<fieldset class="field"><legend>${esc(text)}${requiredMark(r, required)}</legend>\n${radios}\n</fieldset>`;
    }
    const opts = [`<option value="">${esc(t(lang, 'form.choose'))}</option>`, ...options.map((o) => `<option value="${esc(o.value)}"${o.value === value ? ' selected' : ''}>${esc(o.text)}</option>`)];
    return `<div class="field"><label for="${id}">${esc(text)}${requiredMark(r, required)}</label>\n<select id="${id}" name="${esc(path)}"${req}${aria(r, path)}>${opts.join('')}</select></div>`;
  }
  if (name === 'memberId' && r.ctx.members) {
    const opts = [`<option value="">${esc(t(lang, 'form.choose'))}</option>`, ...r.ctx.members.map((m) => `<option value="${esc(m.memberId)}"${m.memberId === value ? ' selected' : ''}>${esc(m.label)}</option>`)];
    return `<div class="field"><label for="${id}">${esc(text)}${requiredMark(r, required)}</label>\n<select id="${id}" name="${esc(path)}"${req}${aria(r, path)}>${opts.join('')}</select></div>`;
  }
  if (schema.format === DATE_FORMAT) {
    return `<div class="field"><label for="${id}">${esc(text)}${requiredMark(r, required)}</label>\n<input type="date" id="${id}" name="${esc(path)}" value="${esc(value)}"${req}${aria(r, path)}></div>`;
  }
  if (schema.format === DATE_TIME_FORMAT) {
    // datetime-local has no offset: the person picks the clock it is read on (Quebec's by default).
    const offset = one(r.values[`${path}.offset`]);
    const offsets = [`<option value="">${esc(t(lang, 'form.quebecTime'))}</option>`, ...UTC_OFFSETS.map((o) => `<option value="${o}"${o === offset ? ' selected' : ''}>UTC${o === 'Z' ? '' : o}</option>`)];
    return [
      `<fieldset class="field datetime"><legend>${esc(text)}${requiredMark(r, required)}</legend>`,
      `<div><label for="${id}">${esc(t(lang, 'form.localTime'))}</label> <input type="datetime-local" id="${id}" name="${esc(path)}" value="${esc(value)}"${req}${aria(r, path)}></div>`,
      `<div><label for="${id}-offset">${esc(t(lang, 'form.offset'))}</label> <select id="${id}-offset" name="${esc(path)}.offset">${offsets.join('')}</select></div>`,
      '</fieldset>',
    ].join('\n');
  }
  if (schema.format === 'email') {
    // One line, whatever its length; a phone's keyboard offers "@" (the API, not the browser, judges it: novalidate).
    const max = schema.maxLength ? ` maxlength="${schema.maxLength}"` : '';
    return `<div class="field"><label for="${id}">${esc(text)}${requiredMark(r, required)}</label>\n<input type="email" id="${id}" name="${esc(path)}" value="${esc(value)}" autocomplete="email"${max}${req}${aria(r, path)}></div>`;
  }
  if ((schema.maxLength ?? 0) > LONG_TEXT) {
    return `<div class="field"><label for="${id}">${esc(text)}${requiredMark(r, required)}</label>\n<textarea id="${id}" name="${esc(path)}" rows="3" maxlength="${schema.maxLength}"${req}${aria(r, path)}>${esc(value)}</textarea></div>`;
  }
  const max = schema.maxLength ? ` maxlength="${schema.maxLength}"` : '';
  return `<div class="field"><label for="${id}">${esc(text)}${requiredMark(r, required)}</label>\n<input type="text" id="${id}" name="${esc(path)}" value="${esc(value)}"${max}${req}${aria(r, path)}></div>`;
}

/** The PR application's documents (spec §6): for each type, one of the case's uploads, or a file received on paper. */
function documentPicker(r: Render, path: string): string {
  const { lang } = r.ctx;
  const uploads = r.ctx.documents ?? [];
  const groups = DOCUMENT_TYPES.map((type) => {
    const base = `${path}.${type}`;
    const id = idOf(r.formId, base);
    const chosen = one(r.values[`${base}.documentId`]);
    const ofType = uploads.filter((d) => d.type === type);
    const options = [
      `<option value="">${esc(t(lang, 'form.noUpload'))}</option>`,
      ...ofType.map((d) => `<option value="${esc(d.documentId)}"${d.documentId === chosen || (!r.values[`${base}.documentId`] && ofType.length === 1) ? ' selected' : ''}>${esc(d.fileName)}</option>`),
    ];
    return [
      `<fieldset><legend>${esc(label(lang, `value.${type}`) ?? type)}</legend>`,
      `<div class="field"><label for="${id}-documentId">${esc(t(lang, 'form.uploaded'))}</label>\n<select id="${id}-documentId" name="${esc(base)}.documentId"${aria(r, path)}>${options.join('')}</select></div>`,
      `<div class="field"><label for="${id}-fileName">${esc(t(lang, 'form.paper'))}</label>\n<input type="text" id="${id}-fileName" name="${esc(base)}.fileName" maxlength="200" value="${esc(one(r.values[`${base}.fileName`]))}"${aria(r, path)}></div>`,
      '</fieldset>',
    ].join('\n');
  });
  return `<fieldset><legend>${esc(label(lang, 'field.documents') ?? 'documents')}</legend>\n<p class="hint">${esc(t(lang, 'form.documentsHint'))}</p>\n${groups.join('\n')}\n</fieldset>`;
}

/** UTC offsets a flight's clock may be on, from UTC−12 to UTC+14, by half hours. */
const UTC_OFFSETS = (() => {
  const list: string[] = [];
  for (let m = -12 * 60; m <= 14 * 60; m += 30) {
    if (m === 0) {
      list.push('Z');
      continue;
    }
    const a = Math.abs(m);
    list.push(`${m < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`);
  }
  return list;
})();

/**
 * The JSON body a submitted form stands for, by the schema: empty fields left out, a checkbox true when ticked,
 * a date-time joined with its offset (Quebec's by default), rows of a list kept when any field is filled.
 */
export function readForm(schema: JsonSchema, values: FormValues): Record<string, unknown> {
  return (readObject(schema, values, '') ?? {}) as Record<string, unknown>;
}

function readObject(schema: JsonSchema, values: FormValues, prefix: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const value = readValue(sub, values, path, required.has(name));
    if (value !== undefined) out[name] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

function readValue(schema: JsonSchema, values: FormValues, path: string, required: boolean): unknown {
  // An optional part left blank (a sponsor's details on a GAR case) is left out, whatever its required parts say.
  if (schema.type === 'object') return !required && !hasInput(values, path) ? undefined : (readObject(schema, values, path) ?? {});
  if (schema.type === 'array' && schema.items?.properties?.documentId) {
    const entries: Record<string, string>[] = [];
    for (const type of DOCUMENT_TYPES) {
      const documentId = one(values[`${path}.${type}.documentId`]).trim();
      const fileName = one(values[`${path}.${type}.fileName`]).trim();
      if (documentId) entries.push({ type, documentId });
      else if (fileName) entries.push({ type, fileName });
    }
    return entries;
  }
  if (schema.type === 'array' && schema.items?.type === 'object') {
    const rows: unknown[] = [];
    for (let i = 0; i < rowCount(schema, one(values[`${path}.rows`])); i++) {
      // A row nothing was written in is not sent (an unticked box is not something written).
      if (!hasInput(values, `${path}.${i}`)) continue;
      rows.push(readObject(schema.items, values, `${path}.${i}`) ?? {});
    }
    return rows.length || required ? rows : undefined;
  }
  if (schema.type === 'boolean') {
    const ticked = one(values[path]) === 'on' || one(values[path]) === 'true';
    return ticked ? true : required ? false : undefined;
  }
  const text = one(values[path]).trim();
  if (!text) return undefined;
  if (schema.format === DATE_TIME_FORMAT) return withOffset(text, one(values[`${path}.offset`]));
  return text;
}

/** `2026-12-09T14:30` read on `offset` (`Z`, `+03:00`; empty: Quebec's clock that day) as RFC 3339. */
export function withOffset(local: string, offset: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(local);
  // Not what a datetime-local sends: passed on as written, and the API says what is wrong with it.
  if (!m) return local;
  const wall = `${m[1]}T${m[2]}${m[3] ?? ':00'}`;
  if (offset === 'Z' || /^[+-]\d{2}:\d{2}$/.test(offset)) return `${wall}${offset}`;
  return `${wall}${quebecOffsetAt(wall)}`;
}

/** Quebec's UTC offset (`-05:00`, `-04:00`) at a wall-clock time there. */
function quebecOffsetAt(wall: string): string {
  const asUtc = Date.parse(`${wall}Z`);
  if (!Number.isFinite(asUtc)) return '-05:00';
  // Twice: the offset at the instant the wall time stands for, which may differ from the first guess's near a change.
  const first = offsetMinutes(asUtc);
  const minutes = offsetMinutes(asUtc - first * 60_000);
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

function offsetMinutes(ms: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: QUEBEC_TIME_ZONE, timeZoneName: 'longOffset' })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/**
 * The form's values for a body the case already holds (a booking to change): the inverse of readForm, each
 * date-time split into its wall-clock time and its offset.
 */
export function formValuesOf(schema: JsonSchema, data: unknown, prefix = '', into: FormValues = {}): FormValues {
  if (data === null || data === undefined) return into;
  if (schema.type === 'object' && typeof data === 'object') {
    for (const [name, sub] of Object.entries(schema.properties ?? {})) {
      formValuesOf(sub, (data as Record<string, unknown>)[name], prefix ? `${prefix}.${name}` : name, into);
    }
    return into;
  }
  if (schema.type === 'array' && schema.items?.type === 'object' && !schema.items.properties?.documentId && Array.isArray(data)) {
    const shown = data.slice(0, rowsMax(schema));
    if (shown.length > rowsOf(schema)) into[`${prefix}.rows`] = String(shown.length);
    shown.forEach((item, i) => formValuesOf(schema.items!, item, `${prefix}.${i}`, into));
    return into;
  }
  if (schema.type === 'boolean') {
    if (data === true) into[prefix] = 'on';
    return into;
  }
  if (schema.format === DATE_TIME_FORMAT && typeof data === 'string') {
    const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.exec(data);
    if (m) {
      into[prefix] = m[1];
      into[`${prefix}.offset`] = m[2].toUpperCase();
      return into;
    }
  }
  if (typeof data === 'string') into[prefix] = data;
  return into;
}

/** Every field name a schema shows (for the labels' completeness test). */
export function fieldNames(schema: JsonSchema, into = new Set<string>()): Set<string> {
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    into.add(name);
    if (sub.type === 'object') fieldNames(sub, into);
    if (sub.type === 'array' && sub.items?.type === 'object' && !sub.items.properties?.documentId) fieldNames(sub.items, into);
  }
  return into;
}

/** Every enum value a schema offers (for the labels' completeness test). */
export function enumValues(schema: JsonSchema, into = new Set<string>()): Set<string> {
  if (schema.enum) for (const v of schema.enum) into.add(v);
  for (const sub of Object.values(schema.properties ?? {})) enumValues(sub, into);
  if (schema.items) enumValues(schema.items, into);
  return into;
}
