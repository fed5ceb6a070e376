/**
 * The HTTP contract holds on the wire: each running service serves its OpenAPI document at
 * /docs-json (valid OpenAPI 3.1 for an independent validator, @seriousme/openapi-schema-validator)
 * and Swagger UI at /docs, both without an API key. Every schema compiles and every example fits
 * its schema (ajv, JSON Schema 2020-12); every documented operation is served and asks for a key
 * when the document says so; the documented request examples, sent as they are, get answers that
 * fit the documented answer schemas; real problems (400, 401, 404) fit ProblemDetails.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { callService, e2eSuite, eventually, ROOT, type LoopServiceName } from '@continuum/testing';

jest.setTimeout(180_000);

const TENANT = `openapi-${randomUUID().slice(0, 8)}`;
const NAMES: LoopServiceName[] = ['listen', 'measure', 'act'];

type Json = Record<string, unknown>;
interface Media {
  schema?: Json;
  example?: unknown;
}
interface Operation {
  summary?: string;
  security?: Json[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
  parameters?: { name: string; in: string }[];
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

const docs = new Map<LoopServiceName, OpenApi>();

const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
addFormats(ajv);

/** The document's `$ref`s point into its components; inline them so a schema compiles alone. */
function deref(node: unknown, doc: OpenApi): unknown {
  if (Array.isArray(node)) return node.map((n) => deref(n, doc));
  if (typeof node !== 'object' || node === null) return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    if (!name || !doc.components.schemas[name]) throw new Error(`unresolvable $ref ${ref}`);
    return deref(doc.components.schemas[name], doc);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v, doc)]));
}

const compiled = new Map<string, ValidateFunction>();
function validator(schema: Json, doc: OpenApi): ValidateFunction {
  const text = JSON.stringify(schema);
  let v = compiled.get(text);
  if (!v) {
    v = ajv.compile(deref(schema, doc) as Json);
    compiled.set(text, v);
  }
  return v;
}

function problems(v: ValidateFunction, data: unknown): string[] {
  return v(data) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

const operations = (doc: OpenApi) =>
  Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item).map(([method, op]) => ({ path: p, method: method.toUpperCase(), op })),
  );

function op(service: LoopServiceName, method: string, p: string): Operation {
  const o = docs.get(service)!.paths[p]?.[method.toLowerCase()];
  if (!o) throw new Error(`${method} ${p} is not in ${service}'s document`);
  return o;
}

const call = (service: LoopServiceName, method: string, p: string, body?: unknown, auth = true) =>
  callService(suite[service], auth ? suite.key : null, method, p, body);

/** The answer fits what the document says this operation answers with this status. */
function expectDocumentedAnswer(
  service: LoopServiceName,
  method: string,
  p: string,
  answer: { status: number; type: string; body: unknown },
  realPath = p,
): void {
  const documented = op(service, method, p).responses[String(answer.status)];
  if (!documented)
    throw new Error(`${method} ${realPath} answered ${answer.status}, which is not documented`);
  const mediaType = answer.type.split(';')[0].trim();
  const media = documented.content?.[mediaType];
  if (!media?.schema)
    throw new Error(`${method} ${realPath} ${answer.status}: ${mediaType} is not documented`);
  const errs = problems(validator(media.schema, docs.get(service)!), answer.body);
  if (errs.length) throw new Error(`${method} ${realPath} ${answer.status}: ${errs.join('; ')}`);
}

const suite = e2eSuite({ tenants: [TENANT], services: { listen: {}, measure: {}, act: {} } });

describe.each(NAMES)('%s', (name) => {
  it('serves a valid OpenAPI 3.1 document at /docs-json and Swagger UI at /docs, without a key', async () => {
    const svc = suite[name];
    const res = await fetch(`${svc.url}/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApi;
    docs.set(name, doc);
    expect(doc.openapi).toBe('3.1.0');
    const dir = path.join(ROOT, 'tmp', 'openapi');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(doc));
    // The validator is an ES module; its CLI is the supported way to run it from CommonJS.
    const cli = path.join(ROOT, 'node_modules/@seriousme/openapi-schema-validator/bin/validate-api-cli.js');
    const verdict = JSON.parse(execFileSync('node', [cli, file]).toString()) as {
      valid: boolean;
      errors?: unknown;
    };
    expect(verdict).toEqual({ valid: true });

    const ui = await fetch(`${svc.url}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
    const html = await ui.text();
    expect(html).toContain('swagger-ui');
    const init = await fetch(`${svc.url}/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
    expect(await init.text()).toContain(doc.paths ? Object.keys(doc.paths)[0] : '(no paths)');
  });

  it('has schemas that compile and examples that fit them', () => {
    const doc = docs.get(name)!;
    const misfits: string[] = [];
    let checked = 0;
    for (const { path: p, method, op: o } of operations(doc)) {
      const media = [
        ...Object.entries(o.requestBody?.content ?? {}).map(([t, m]) => [`body ${t}`, m] as const),
        ...Object.entries(o.responses).flatMap(([s, r]) =>
          Object.entries(r.content ?? {}).map(([t, m]) => [`${s} ${t}`, m] as const),
        ),
      ];
      for (const [where, m] of media) {
        if (!m.schema) continue;
        checked += 1;
        expect(m.example).toBeDefined();
        const errs = problems(validator(m.schema, doc), m.example);
        if (errs.length) misfits.push(`${method} ${p} ${where}: ${errs.join('; ')}`);
      }
    }
    expect(misfits).toEqual([]);
    expect(checked).toBeGreaterThan(5);
  });

  it('serves every documented operation, asking for a key exactly where the document says', async () => {
    const doc = docs.get(name)!;
    const wrong: string[] = [];
    for (const { path: p, method, op: o } of operations(doc)) {
      const real = p.replace(/\{(\w+)\}/g, (_m, param: string) =>
        param === 'command' ? 'acknowledge' : param === 'id' && name === 'act' ? randomUUID() : `x-${param}`,
      );
      const answer = await call(name, method, real, undefined, false);
      const needsKey = (o.security ?? []).length > 0;
      if (needsKey && answer.status !== 401) wrong.push(`${method} ${real}: ${answer.status}, not 401`);
      if (!needsKey && (answer.status === 401 || answer.status === 404))
        wrong.push(`${method} ${real}: ${answer.status}`);
      if (needsKey) expectDocumentedAnswer(name, method, p, answer, real);
    }
    expect(wrong).toEqual([]);
  });
});

describe('answers fit the documented schemas', () => {
  /** Sends an operation's own request example and holds the answer against its documented schema. */
  async function sendExample(service: LoopServiceName, method: string, p: string, expected: number) {
    const example = op(service, method, p).requestBody?.content['application/json']?.example;
    expect(example).toBeDefined();
    const answer = await call(service, method, p, example);
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status: expected });
    expectDocumentedAnswer(service, method, p, answer);
    return answer;
  }

  async function get(service: LoopServiceName, p: string, template = p) {
    const answer = await call(service, 'GET', p);
    expect({ path: p, status: answer.status, body: answer.body }).toMatchObject({ status: 200 });
    expectDocumentedAnswer(service, 'GET', template, answer, p);
    return answer;
  }

  it('listen: the documented examples are accepted, and what comes back is as documented', async () => {
    await sendExample('listen', 'PUT', '/v1/journey', 200);
    const posted = await sendExample('listen', 'POST', '/v1/feedback', 202);
    expect(posted.body).toEqual({ id: 'f-1', status: 'recorded' });
    await sendExample('listen', 'POST', '/v1/interactions', 202);
    const survey = await call(
      'listen',
      'PUT',
      '/v1/surveys/after-call',
      op('listen', 'PUT', '/v1/surveys/{id}').requestBody?.content['application/json']?.example,
    );
    expect(survey.status).toBe(200);
    expectDocumentedAnswer('listen', 'PUT', '/v1/surveys/{id}', survey, '/v1/surveys/after-call');
    await sendExample('listen', 'POST', '/v1/invitations', 202);
    const contact = await call(
      'listen',
      'PUT',
      '/v1/contacts/c-7',
      op('listen', 'PUT', '/v1/contacts/{customerId}').requestBody?.content['application/json']?.example,
    );
    expect(contact.status).toBe(200);
    expectDocumentedAnswer('listen', 'PUT', '/v1/contacts/{customerId}', contact, '/v1/contacts/c-7');
    await sendExample('listen', 'PUT', '/v1/themes', 200);
    await sendExample('listen', 'PUT', '/v1/contact-policy', 200);
    await sendExample('listen', 'PUT', '/v1/interaction-settings', 200);
    await sendExample('listen', 'PUT', '/v1/users', 200);
    const issued = await sendExample('listen', 'POST', '/v1/keys', 201);
    for (const p of [
      '/v1/journey',
      '/v1/feedback',
      '/v1/themes',
      '/v1/contact-policy',
      '/v1/interaction-settings',
      '/v1/users',
      '/v1/keys',
      '/v1/audit',
    ])
      await get('listen', p);
    await get('listen', '/v1/feedback/f-1', '/v1/feedback/{id}');
    await get('listen', '/v1/interactions/call-42', '/v1/interactions/{id}');
    await get('listen', '/v1/contact-policy/c-7?channel=email', '/v1/contact-policy/{customerId}');
    await get('listen', '/v1/invitations/skipped');
    await get('listen', '/v1/surveys/after-call', '/v1/surveys/{id}');
    await get('listen', '/v1/invitations/inv-1', '/v1/invitations/{id}');
    await get('listen', '/v1/contacts/c-7', '/v1/contacts/{customerId}');
    await sendExample('listen', 'PUT', '/v1/privacy/retention', 200);
    await get('listen', '/v1/privacy/retention');
    await get('listen', '/v1/privacy/customers/c-7', '/v1/privacy/customers/{customerId}');
    const erasure = await sendExample('listen', 'POST', '/v1/privacy/erasures', 202);
    const erasureId = (erasure.body as { id: string }).id;
    await get('listen', `/v1/privacy/erasures/${erasureId}`, '/v1/privacy/erasures/{id}');
    await sendExample('listen', 'POST', '/v1/privacy/pseudonyms', 200);
    await sendExample('listen', 'POST', '/v1/privacy/pseudonyms/resolve', 200);
    await sendExample('listen', 'PUT', '/v1/privacy/topic-ids', 200);
    await get('listen', '/v1/privacy/topic-ids');
    await get('listen', '/health/ready');
    const revoked = await call('listen', 'DELETE', `/v1/keys/${(issued.body as { prefix: string }).prefix}`);
    expect(revoked.status).toBe(204);
  });

  it('measure and act: reads of the same tenant are as documented', async () => {
    for (const p of ['/v1/indicators', '/v1/gaps']) await get('measure', p);
    await get('measure', '/v1/privacy/feedback?ids=f-1', '/v1/privacy/feedback');
    await get('act', '/v1/privacy/customers/c-7', '/v1/privacy/customers/{customerId}');
    await sendExample('act', 'PUT', '/v1/playbooks', 200);
    await sendExample('act', 'POST', '/v1/playbooks/validate', 200);
    for (const p of ['/v1/playbooks', '/v1/playbooks/versions', '/v1/actions/effectiveness', '/v1/webhooks'])
      await get('act', p);
    // The detractor posted to listen becomes an action once measure and act have seen it.
    const actions = await eventually(async () => {
      const a = await call('act', 'GET', '/v1/actions');
      return (a.body as { items: unknown[] }).items.length > 0 ? a : null;
    }, 30_000);
    expectDocumentedAnswer('act', 'GET', '/v1/actions', actions);
    const [first] = (actions.body as { items: { id: string }[] }).items;
    await get('act', `/v1/actions/${first.id}`, '/v1/actions/{id}');
    const ack = await call('act', 'POST', `/v1/actions/${first.id}/acknowledge`, {});
    expect(ack.status).toBe(200);
    expectDocumentedAnswer('act', 'POST', '/v1/actions/{id}/{command}', ack);
    const noted = await call(
      'act',
      'POST',
      `/v1/actions/${first.id}/notes`,
      op('act', 'POST', '/v1/actions/{id}/notes').requestBody?.content['application/json']?.example,
    );
    expect(noted.status).toBe(201);
    expectDocumentedAnswer('act', 'POST', '/v1/actions/{id}/notes', noted);
    const again = await call('act', 'POST', `/v1/actions/${first.id}/acknowledge`, {});
    expect(again).toMatchObject({ status: 409, type: expect.stringContaining('application/problem+json') });
    expectDocumentedAnswer('act', 'POST', '/v1/actions/{id}/{command}', again);
  });

  it('real problems are RFC 9457 problem details as documented', async () => {
    const bad = await call('listen', 'POST', '/v1/feedback', {
      id: 'f-bad',
      touchpoint: 'checkout',
      nps: 11,
    });
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.body).toMatchObject({
      type: 'about:blank',
      status: 400,
      instance: '/v1/feedback',
      errors: [{ field: 'nps' }],
    });
    expectDocumentedAnswer('listen', 'POST', '/v1/feedback', bad);
    const problem = validator({ $ref: '#/components/schemas/ProblemDetails' }, docs.get('listen')!);
    expect(problems(problem, bad.body)).toEqual([]);
    // The documented problem schema is not a rubber stamp.
    expect(problems(problem, { ...(bad.body as Json), status: 'bad' })).not.toEqual([]);

    const missing = await call('listen', 'GET', '/v1/feedback/nope');
    expect(missing.status).toBe(404);
    expectDocumentedAnswer('listen', 'GET', '/v1/feedback/{id}', missing, '/v1/feedback/nope');
    const badQuery = await call('measure', 'GET', '/v1/gaps?limit=0');
    expect(badQuery.status).toBe(400);
    expectDocumentedAnswer('measure', 'GET', '/v1/gaps', badQuery);
  });
});
