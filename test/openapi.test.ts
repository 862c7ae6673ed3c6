/** The OpenAPI document at /docs/json describes every answer, and describing them loses no field. */
import { eventually } from './support/wait';
import { call, startStack, type Stack } from './support/stack';
import { expectOk, psrAtOverseasProcessing, tokens } from './support/journey';
import { caseQuery } from '../domain/decisions';

let stack: Stack;
let docs: { paths: Record<string, Record<string, Operation>> };
beforeAll(async () => {
  stack = await startStack();
  const answer = await call(stack.app, 'GET', '/docs/json');
  expect(answer.status).toBe(200);
  docs = answer.body;
});
afterAll(() => stack?.stop());

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  [key: string]: unknown;
}
interface Operation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

const operations = () =>
  Object.entries(docs.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, path, method, op })),
  );
const schemaOf = (op: Operation, status: string) => Object.values(op.responses[status]?.content ?? {})[0]?.schema;

/** The statuses a route can answer with `{ error, message }`, from what it is (spec §4). */
function refusals(path: string, method: string, op: Operation): string[] {
  if (!op.security) return [];
  const statuses = ['401', '403', '429', '503'];
  if (op.requestBody) statuses.push('400', '413');
  if (path.includes('{caseId}')) statuses.push('400', '404');
  if (method === 'post' && path.includes('{caseId}')) statuses.push('409');
  if (path === '/applications' && method === 'get') statuses.push('400');
  return [...new Set(statuses)];
}

test('every route has a summary, tags, a 2xx answer schema and an { error, message } schema for each refusal it can give', () => {
  const ops = operations();
  expect(ops.length).toBeGreaterThanOrEqual(25);
  for (const { route, path, method, op } of ops) {
    expect({ route, summary: typeof op.summary, tags: op.tags?.length ?? 0 }).toEqual({ route, summary: 'string', tags: 1 });
    const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
    expect({ route, success: success.length }).toEqual({ route, success: 1 });
    expect({ route, schema: schemaOf(op, success[0]) !== undefined }).toEqual({ route, schema: true });
    for (const status of refusals(path, method, op)) {
      expect({ route, status, schema: schemaOf(op, status) }).toEqual({
        route,
        status,
        schema: expect.objectContaining({
          type: 'object',
          required: ['error', 'message'],
          properties: { error: expect.objectContaining({ type: 'string' }), message: expect.objectContaining({ type: 'string' }) },
        }),
      });
    }
  }
});

test('every object in every answer schema keeps the fields it does not list (the serializer would drop them)', () => {
  const closed: string[] = [];
  const visit = (schema: JsonSchema | undefined, where: string): void => {
    if (!schema || typeof schema !== 'object') return;
    // true, or a schema for them (a map); absent or false, fast-json-stringify drops them.
    const keeps = schema.additionalProperties === true || typeof schema.additionalProperties === 'object';
    if (schema.type === 'object' && !keeps) closed.push(where);
    for (const [name, property] of Object.entries(schema.properties ?? {})) visit(property, `${where}.${name}`);
    visit(schema.items, `${where}[]`);
    schema.anyOf?.forEach((option, i) => visit(option, `${where}|${i}`));
  };
  for (const { route, op } of operations()) {
    for (const [status, response] of Object.entries(op.responses)) {
      for (const [type, { schema }] of Object.entries(response.content ?? {})) visit(schema, `${route} ${status} ${type}`);
    }
  }
  expect(closed).toEqual([]);
});

test("the case's schema lists the spec's fields, and every POST on a case but the OYW opening and an upload answers with it", () => {
  const theCase = schemaOf(docs.paths['/applications/{caseId}'].get, '200');
  const specFields = ['caseId', 'stream', 'stage', 'outcome', 'onHold', 'gcmsNumber', 'csq', 'destination', 'visa', 'familyMembers', 'dependants', 'oyw', 'nextDeadline'];
  expect(Object.keys(theCase.properties ?? {})).toEqual(expect.arrayContaining(specFields));
  expect(theCase.required).toEqual(expect.arrayContaining(specFields));
  const props = theCase.properties!;
  for (const nullable of ['outcome', 'gcmsNumber', 'destination', 'nextDeadline']) expect({ nullable, ...props[nullable] }).toMatchObject({ nullable: true });
  expect(Object.keys(props.csq.properties ?? {})).toEqual(['status', 'number', 'validUntil']);
  expect(Object.keys(props.visa.properties ?? {})).toEqual(['status', 'expiresOn']);
  expect(props.oyw.items?.required).toEqual(['oywId', 'memberId', 'status', 'outcome']);
  expect(props.familyMembers.items?.required).toEqual(expect.arrayContaining(['memberId', 'relationship', 'accompanying']));
  expect(Object.keys(props.nextDeadline.properties ?? {})).toEqual(['kind', 'about', 'dueAt']);
  expect(props.nextDeadline.required).toEqual(['kind', 'dueAt']);

  expect(schemaOf(docs.paths['/applications'].post, '201')).toEqual(theCase);
  for (const { route, path, method, op } of operations()) {
    if (method !== 'post' || !path.startsWith('/applications/{caseId}/') || path.endsWith('/oyw-applications') || path.endsWith('/documents')) continue;
    expect({ route, schema: schemaOf(op, '200') }).toEqual({ route, schema: theCase });
  }
  expect(schemaOf(docs.paths['/applications/{caseId}/oyw-applications'].post, '201').required).toEqual(
    expect.arrayContaining(['oywId', 'memberId', 'status', 'outcome', 'caseId']),
  );
  expect(Object.keys(schemaOf(docs.paths['/applications'].get, '200').properties ?? {})).toEqual(['items', 'nextPageToken']);
  // Spec §6: an upload answers 201 with the document.
  expect(schemaOf(docs.paths['/applications/{caseId}/documents'].post, '201').required).toEqual(
    ['documentId', 'type', 'fileName', 'contentType', 'bytes', 'sha256', 'uploadedAt'],
  );
});

test('the case as served is the case as the workflow shows it, every field kept', async () => {
  const j = await psrAtOverseasProcessing(stack);
  // The filing's effects done first (rule 19), so that the three answers below see one same case.
  await eventually(() => j.read(), (r) => r.body.effects.every((e: { status: string }) => e.status === 'done'));
  const decided = expectOk('csq', await j.csq({ decision: 'issued', csqNumber: 'CSQ-2026-0042', validUntil: '2027-12-31' }));
  const read = expectOk('read', await j.read());
  const shown = JSON.parse(JSON.stringify(await stack.client.workflow.getHandle(`case-${j.caseId}`).query(caseQuery)));
  expect(read.body).toEqual(shown);
  expect(decided.body).toEqual(shown);
  expect(read.body).toMatchObject({ csq: { status: 'issued', number: 'CSQ-2026-0042', validUntil: '2027-12-31' }, sponsorship: { status: 'approved' } });
  expect(Object.keys(read.body)).toEqual(expect.arrayContaining(['principalApplicant', 'sponsor', 'missingDocuments', 'overdue', 'travel']));
  const list = expectOk('list', await call(stack.app, 'GET', '/applications?pageSize=1', { token: tokens.ops }));
  expect(Object.keys(list.body)).toEqual(['items', 'nextPageToken']);
});
