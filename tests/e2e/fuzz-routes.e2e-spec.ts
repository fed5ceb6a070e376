/**
 * Every write route of every service, fed seeded hostile bodies and path segments (prototype keys
 * at every depth, nulls, wrong types, NUL characters, broken escapes, huge numbers and strings):
 * each answer is a 4xx problem naming a field and its reason (collect's pages: the page naming
 * it) or a success, never a 5xx, and every service stays up and ready.
 * `npm test` sends a few thousand; `npm run fuzz:full` (FUZZ_REQUESTS=12000) the long form.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { signSurveyToken } from '@continuum/platform';
import {
  callService,
  e2eSuite,
  eventually,
  hostileSegment,
  mutate,
  mutateCsv,
  pseudonymOf,
  sweep,
  Seeded,
  testCollectTokenSecret,
  type Json,
  type Mutant,
  type ServiceName,
} from '@continuum/testing';

jest.setTimeout(600_000);

const TENANT = 'fuzz-routes';
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? '2000');
const SEED = Number(process.env.FUZZ_SEED ?? '20261205');
const CONCURRENCY = 8;
/** Only port 1 on loopback: subscriptions and channels the fuzz creates deliver nowhere. */
const NOWHERE = 'http://127.0.0.1:1/hook';
/** The origin the fuzz's widget key is issued for (no page is served there). */
const WIDGET_ORIGIN = 'https://shop.example.test';

let db: Client;
/** Learnt during setup: an action of the tenant, and signed links to open invitations. */
let actionId = '00000000-0000-4000-8000-000000000000';
let widgetKey = 'cpk_00000000_pending';
const links: string[] = [];

interface Target {
  readonly svc: Exclude<ServiceName, 'measure'>;
  readonly method: 'POST' | 'PUT' | 'DELETE';
  /** The route as registered, to name a failure. */
  readonly route: string;
  /** The path of request `n`; `seg` (a hostile segment) goes where an id or name would. */
  readonly path: (seg?: string, n?: number) => string;
  /** The route has an id or name in its path (or query) to make hostile. */
  readonly segment?: boolean;
  /** A valid body with every optional field; absent for routes without one. */
  readonly valid?: (n: number) => Json;
  /** The route also reads YAML. */
  readonly yaml?: boolean;
  readonly csv?: { header: string[]; row: (n: number) => string[] };
  readonly form?: boolean;
  /** Sent with every request (the widget's Origin); no API key goes with these. */
  readonly headers?: Record<string, string>;
}

const SURVEY = {
  touchpoints: ['desk'],
  question: { type: 'nps', text: { it: 'Domanda', en: 'Question' } },
  comment: { text: { it: 'Altro?', en: 'Anything else?' } },
  reasons: { text: { it: 'Che cosa?', en: 'What?' }, themes: ['waiting-time'] },
  thankYou: { it: 'Grazie', en: 'Thanks' },
  invitation: { subject: { it: 'Oggetto', en: 'Subject' }, intro: { it: 'Intro', en: 'Intro' } },
  trigger: { sampling: 1, delayMinutes: 0 },
};
const JOURNEY = {
  stages: [{ id: 'care', name: 'Care', owner: 'fuzz-owner' }],
  touchpoints: [{ id: 'desk', name: 'Desk', stage: 'care', channel: 'voice' }],
  cycle: 'day',
  timeZone: 'Europe/Rome',
};
const TRANSITION = { actor: 'fuzz', comment: 'done', rootCause: 'billing', effort: 2, cost: 10 };

const TARGETS: Target[] = [
  {
    svc: 'listen',
    method: 'POST',
    route: '/v1/feedback',
    path: () => '/v1/feedback',
    valid: (n) => [
      {
        id: `fz-fb-${n}`,
        touchpoint: 'desk',
        channel: 'voice',
        nps: 7,
        csat: 4,
        ces: 3,
        emoji: '😐',
        comment: 'ok',
        customerId: 'c-1',
        occurredAt: '2026-01-02T03:04:05Z',
        segment: { plan: 'gold' },
        consentToContact: false,
      },
    ],
  },
  {
    svc: 'listen',
    method: 'POST',
    route: '/v1/interactions',
    path: () => '/v1/interactions',
    valid: (n) => ({
      id: `fz-ix-${n}`,
      customerId: 'c-1',
      channel: 'voice',
      touchpoint: 'desk',
      outcome: 'handled',
      startedAt: '2026-01-02T03:04:05Z',
      endedAt: '2026-01-02T03:09:05Z',
      queue: 'care',
      agentId: 'a-1',
      waitSeconds: 30,
      holdSeconds: 0,
      handleSeconds: 300,
      transfers: 1,
      resolved: true,
    }),
  },
  {
    svc: 'listen',
    method: 'PUT',
    route: '/v1/interaction-settings',
    path: () => '/v1/interaction-settings',
    valid: () => ({ repeatContactWindowDays: 7 }),
  },
  {
    svc: 'listen',
    method: 'PUT',
    route: '/v1/journey',
    path: () => '/v1/journey',
    valid: () => JOURNEY,
    yaml: true,
  },
  {
    svc: 'listen',
    method: 'PUT',
    route: '/v1/themes',
    path: () => '/v1/themes',
    valid: () => ({
      themes: [
        {
          id: 'waiting-time',
          labels: { it: 'Attesa', en: 'Waiting' },
          keywords: { it: ['attesa'], en: ['wait'] },
        },
      ],
    }),
  },
  {
    svc: 'listen',
    method: 'PUT',
    route: '/v1/contact-policy',
    path: () => '/v1/contact-policy',
    valid: () => ({
      rules: [
        { max: 50, windowDays: 1, channel: 'voice' },
        { max: 50, windowDays: 1, segment: { plan: 'gold' } },
      ],
    }),
  },
  {
    svc: 'listen',
    method: 'POST',
    route: '/v1/invitations',
    path: () => '/v1/invitations',
    valid: (n) => ({
      id: `fz-inv-${n}`,
      customerId: `c-${n}`,
      channel: 'voice',
      touchpoint: 'desk',
      sentAt: '2026-01-02T03:04:05Z',
      segment: { plan: 'gold' },
      language: 'en',
    }),
  },
  {
    svc: 'listen',
    method: 'PUT',
    route: '/v1/contacts/:customerId',
    path: (seg) => `/v1/contacts/${seg ?? 'c-1'}`,
    segment: true,
    valid: () => ({
      email: 'c1@example.test',
      language: 'it',
      consentToSurvey: true,
      segment: { plan: 'gold' },
    }),
  },
  {
    svc: 'listen',
    method: 'PUT',
    route: '/v1/surveys/:id',
    path: (seg) => `/v1/surveys/${seg ?? 'after-call'}`,
    segment: true,
    valid: () => SURVEY,
    yaml: true,
  },
  {
    svc: 'listen',
    method: 'PUT',
    route: '/v1/privacy/retention',
    path: () => '/v1/privacy/retention',
    valid: () => ({ feedbackDays: 3000, interactionDays: 3000 }),
  },
  {
    svc: 'listen',
    method: 'PUT',
    route: '/v1/privacy/topic-ids',
    path: () => '/v1/privacy/topic-ids',
    valid: () => ({ customerIdsOnTopics: 'pseudonymised' }),
  },
  {
    svc: 'listen',
    method: 'POST',
    route: '/v1/privacy/pseudonyms',
    path: () => '/v1/privacy/pseudonyms',
    valid: (n) => ({ customerIds: [`fz-c-${n}`, 'fz-detractor'] }),
  },
  {
    svc: 'listen',
    method: 'POST',
    route: '/v1/privacy/pseudonyms/resolve',
    path: () => '/v1/privacy/pseudonyms/resolve',
    valid: () => ({ pseudonyms: ['psn_3q2-7wAbC1dEf2gHi3jKl4mNo5p', 'fz-detractor'] }),
  },
  {
    svc: 'listen',
    method: 'POST',
    route: '/v1/privacy/erasures',
    path: () => '/v1/privacy/erasures',
    valid: (n) => ({ customerId: `fz-erase-${n}` }),
  },
  {
    svc: 'listen',
    method: 'PUT',
    route: '/v1/loop-messages/template',
    path: () => '/v1/loop-messages/template',
    valid: () => ({
      subject: { it: 'Ci hai detto', en: 'You said' },
      body: { it: 'Abbiamo fatto: {{title}}.', en: 'We did: {{title}}.' },
    }),
  },
  {
    svc: 'listen',
    method: 'POST',
    route: '/v1/imports',
    path: (seg, n) => `/v1/imports?kind=${seg ?? 'feedback'}&id=fz-imp-${n}`,
    segment: true,
    csv: {
      header: ['id', 'touchpoint', 'nps', 'comment'],
      row: (n) => [`fz-imp-row-${n}`, 'desk', '8', 'fine'],
    },
  },
  {
    svc: 'listen',
    method: 'PUT',
    route: '/v1/users',
    path: () => '/v1/users',
    valid: (n) => ({
      subject: `fz-${n % 5}`,
      email: `fz${n % 5}@example.test`,
      name: 'Fuzz',
      roles: ['agent'],
      teams: [],
    }),
  },
  {
    svc: 'listen',
    method: 'POST',
    route: '/v1/keys',
    path: () => '/v1/keys',
    valid: () => ({ scopes: ['read'], name: 'fuzz' }),
  },
  {
    svc: 'listen',
    method: 'DELETE',
    route: '/v1/keys/:prefix',
    path: (seg) => `/v1/keys/${seg ?? 'ck_00000000'}`,
    segment: true,
  },
  {
    svc: 'act',
    method: 'PUT',
    route: '/v1/playbooks',
    path: () => '/v1/playbooks',
    valid: () => ({ defaultOwner: 'fuzz-owner' }),
    yaml: true,
  },
  {
    svc: 'act',
    method: 'POST',
    route: '/v1/playbooks/validate',
    path: () => '/v1/playbooks/validate',
    valid: () => ({ defaultOwner: 'fuzz-owner' }),
    yaml: true,
  },
  {
    svc: 'act',
    method: 'POST',
    route: '/v1/webhooks',
    path: () => '/v1/webhooks',
    valid: () => ({
      url: NOWHERE,
      eventTypes: ['action.opened'],
      secret: 'a-secret-of-enough-length',
      description: 'fuzz',
      template: {
        preset: 'jira-cloud',
        method: 'POST',
        path: '/rest/api/3/issue',
        headers: { authorization: 'Basic eDp5' },
        body: { fields: { summary: '{action.title}' } },
        params: { projectKey: 'CX', issueType: 'Task' },
        externalRefFrom: 'key',
      },
    }),
  },
  {
    svc: 'act',
    method: 'DELETE',
    route: '/v1/webhooks/:id',
    path: (seg) => `/v1/webhooks/${seg ?? actionId}`,
    segment: true,
  },
  {
    svc: 'act',
    method: 'PUT',
    route: '/v1/teams/:team/channels',
    path: (seg) => `/v1/teams/${seg ?? 'fuzz-owner'}/channels`,
    segment: true,
    valid: () => ({
      channels: [
        { kind: 'slack', url: NOWHERE, events: ['action.opened'], slaLeadMinutes: 30 },
        { kind: 'teams', url: NOWHERE },
      ],
    }),
  },
  {
    svc: 'act',
    method: 'POST',
    route: '/v1/teams/:team/channels/test',
    path: (seg) => `/v1/teams/${seg ?? 'fuzz-owner'}/channels/test`,
    segment: true,
    valid: () => ({}),
  },
  {
    svc: 'act',
    method: 'POST',
    route: '/v1/teams/:team/digest/run',
    path: (seg) => `/v1/teams/${seg ?? 'fuzz-owner'}/digest/run`,
    segment: true,
  },
  {
    svc: 'act',
    method: 'POST',
    route: '/v1/actions/:id/notes',
    path: (seg) => `/v1/actions/${seg ?? actionId}/notes`,
    segment: true,
    valid: () => ({ text: 'a note' }),
  },
  {
    svc: 'act',
    method: 'POST',
    route: '/v1/actions/:id/:command',
    path: (seg) => `/v1/actions/${actionId}/${seg ?? 'resolve'}`,
    segment: true,
    valid: () => TRANSITION,
  },
  {
    svc: 'act',
    method: 'POST',
    route: '/v1/actions/by-ref/:externalRef/:command',
    path: (seg) => `/v1/actions/by-ref/${seg ?? 'CX-1'}/resolve`,
    segment: true,
    valid: (n) => ({ ...TRANSITION, eventId: `jira:${n}` }),
  },
  {
    svc: 'collect',
    method: 'POST',
    route: '/s/:token',
    path: (seg) => (seg ? `/s/${seg}` : new URL(links[0]).pathname),
    segment: true,
    valid: () => ({ score: '9', comment: 'fine', reason: ['waiting-time'], consent: 'yes' }),
    form: true,
  },
  {
    svc: 'collect',
    method: 'POST',
    route: '/o/:token',
    path: (seg) => `/o/${seg ?? 'no-such-token'}`,
    segment: true,
  },
  {
    svc: 'collect',
    method: 'POST',
    route: '/widget/v1/form',
    path: (seg) => `/widget/v1/form?key=${encodeURIComponent(seg ?? widgetKey)}`,
    segment: true,
    valid: () => ({ touchpoint: 'desk', lang: 'en' }),
    headers: { origin: WIDGET_ORIGIN },
  },
  {
    svc: 'collect',
    method: 'POST',
    route: '/widget/v1/answers',
    path: (seg) => `/widget/v1/answers?key=${encodeURIComponent(seg ?? widgetKey)}`,
    segment: true,
    valid: (n) => ({
      submissionId: `00000000-0000-4000-8000-${String(Math.abs(n)).padStart(12, '0')}`,
      touchpoint: 'desk',
      survey: 'after-call',
      version: 1,
      lang: 'en',
      score: 7,
      comment: 'ok',
    }),
    headers: { origin: WIDGET_ORIGIN },
  },
  { svc: 'console', method: 'POST', route: '/auth/logout', path: () => '/auth/logout', valid: () => ({}) },
];

interface Sent {
  readonly target: Target;
  readonly path: string;
  readonly body?: string | Buffer;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
  readonly what: string;
  /** Through the console's proxy to the service. */
  readonly viaConsole?: boolean;
}

const YAML_BOMBS = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
  '__proto__:\n  polluted: true\n',
  'constructor:\n  prototype:\n    polluted: true\n',
  '<<: {__proto__: {polluted: true}}\n',
  'a: !!js/function "function(){}"\n',
  'a: !!binary AAAA\nb: !!timestamp 2001-12-14\n',
  'key: value\nkey: again\n',
  '- just\n- a list\n',
  '"unterminated\n',
  'a: "\\x00"\n',
  'a:\n\tb: tab\n',
  '? [complex, key]\n: value\n',
];

const HOSTILE_COOKIES = ['\u0000', 'a\u0000b', 'x'.repeat(5000), '__proto__', '%zz', '"', ';;;'];

/** One request of the run, drawn in order from the seed. */
function draw(r: Seeded, n: number): Sent {
  const target = TARGETS[n % TARGETS.length];
  const valid = target.valid?.(n);
  if (target.svc === 'console') {
    const cookie = r.pick(HOSTILE_COOKIES);
    const m = mutate(valid ?? {}, r);
    return {
      target,
      path: target.path(undefined, n),
      body: m.body,
      contentType: 'application/json',
      headers: {
        cookie: `continuum_session=${encodeURIComponent(cookie).slice(0, 6000)}`,
        'x-csrf-token': encodeURIComponent(cookie.slice(0, 100)),
      },
      what: `cookie ${JSON.stringify(cookie.slice(0, 20))}, ${m.what}`,
    };
  }
  // A hostile path segment with an otherwise valid request.
  if (target.segment && r.chance(0.12)) {
    const seg = hostileSegment(r);
    if (target.csv) {
      const [h, row] = [target.csv.header, target.csv.row(n)];
      return {
        target,
        path: target.path(seg, n),
        body: `${h.join(',')}\n${row.join(',')}\n`,
        contentType: 'text/csv',
        what: `segment ${seg.slice(0, 30)}`,
      };
    }
    return {
      target,
      path: target.path(seg, n),
      body: valid === undefined ? undefined : JSON.stringify(valid),
      contentType: 'application/json',
      what: `segment ${seg.slice(0, 30)}`,
    };
  }
  if (target.csv) {
    const m = mutateCsv(target.csv.header, target.csv.row(n), r);
    return {
      target,
      path: target.path(undefined, n),
      body: m.body,
      contentType: r.chance(0.9) ? 'text/csv' : 'application/octet-stream',
      what: m.what,
    };
  }
  if (valid === undefined) return { target, path: target.path(hostileSegment(r), n), what: 'segment only' };
  if (target.yaml && r.chance(0.15)) {
    const b = r.pick(YAML_BOMBS);
    return {
      target,
      path: target.path(undefined, n),
      body: b,
      contentType: 'application/yaml',
      what: `yaml ${JSON.stringify(b.slice(0, 30))}`,
    };
  }
  if (target.form && r.chance(0.4)) {
    const m: Mutant = mutate(valid, r);
    return {
      target,
      path: target.path(undefined, n),
      body: formOf(m.body, r),
      contentType: 'application/x-www-form-urlencoded',
      what: `form of ${m.what}`,
    };
  }
  const m = mutate(valid, r);
  const viaConsole = (target.svc === 'listen' || target.svc === 'act') && r.chance(0.1);
  return {
    target,
    path: target.path(undefined, n),
    body: m.body,
    // JSON is YAML: the YAML routes parse the same mutants with their other parser.
    contentType: target.yaml && r.chance(0.3) ? 'application/yaml' : 'application/json',
    what: m.what,
    viaConsole,
  };
}

/** Percent-encoding that also writes a lone surrogate (as the invalid UTF-8 bytes it would be). */
const formEncode = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};

/** A mutant as a form post: its top-level fields, objects and arrays written as bracketed keys. */
function formOf(body: string | Buffer, r: Seeded): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString());
  } catch {
    return `score=${formEncode(body.toString().slice(0, 200))}`;
  }
  if (parsed === null || typeof parsed !== 'object') return `score=${formEncode(String(parsed))}`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(parsed)) {
    const values = Array.isArray(v) ? v : [v];
    for (const x of values)
      parts.push(
        `${formEncode(k)}${r.chance(0.2) ? '[__proto__]' : ''}=${formEncode(typeof x === 'string' ? x : JSON.stringify(x))}`,
      );
  }
  return parts.join('&');
}

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly text: string;
}

async function send(s: Sent): Promise<Answer> {
  const base = s.viaConsole ? `${suite.console.url}/api/${s.target.svc}` : suite[s.target.svc].url;
  const res = await fetch(`${base}${s.path}`, {
    method: s.target.method,
    headers: {
      ...(s.target.svc === 'collect' || s.target.svc === 'console'
        ? {}
        : { authorization: `Bearer ${suite.key}` }),
      ...(s.body !== undefined ? { 'content-type': s.contentType ?? 'application/json' } : {}),
      ...s.target.headers,
      ...s.headers,
    },
    body: s.body,
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** What is wrong with an answer, or null: never a 5xx; a refusal is a problem naming its field. */
function fault(s: Sent, a: Answer): string | null {
  if (a.status >= 500) return `${a.status}`;
  if (a.status < 400) return null;
  // Collect's pages name the field on the page; the door's own refusals are problems.
  if (s.target.svc === 'collect' && a.type.includes('text/html')) return null;
  if (!a.type.includes('application/problem+json')) return `a ${a.status} that is not a problem (${a.type})`;
  let p: { detail?: unknown; errors?: { field?: unknown; reason?: unknown }[] };
  try {
    p = JSON.parse(a.text) as typeof p;
  } catch {
    return `a ${a.status} problem that is not JSON`;
  }
  if (typeof p.detail !== 'string' || !p.detail.trim()) return `a ${a.status} without a detail`;
  if (a.status === 400 || a.status === 413) {
    const named =
      p.errors?.length && p.errors.every((e) => typeof e.field === 'string' && typeof e.reason === 'string');
    if (!named) return `a ${a.status} naming no field: ${p.detail.slice(0, 160)}`;
  }
  return null;
}

const suite = e2eSuite({
  tenants: [TENANT],
  scopes: 'ingest,read,act,admin',
  services: { listen: {}, act: {}, collect: {}, console: {} },
  journey: JOURNEY,
  surveys: { 'after-call': SURVEY },
});
const services = () => [suite.listen, suite.act, suite.collect, suite.console];

beforeAll(async () => {
  db = new Client({ connectionString: suite.stack.databaseUrl });
  await db.connect();
  const call = (s: Target['svc'], method: string, path: string, body?: unknown, contentType?: string) =>
    callService(suite[s], suite.key, method, path, body, { contentType });
  expect(
    (await call('act', 'PUT', '/v1/playbooks', 'defaultOwner: fuzz-owner\n', 'application/yaml')).status,
  ).toBe(200);
  // Open invitations to answer: e-mail ones are kept (queued; no mail server here) with a link key.
  for (let i = 0; i < 12; i++) {
    const inv = await call('listen', 'POST', '/v1/invitations', {
      id: `fz-mail-${i}`,
      customerId: `fz-mail-${i}`,
      channel: 'email',
      touchpoint: 'desk',
      address: `fz${i}@example.test`,
      language: 'en',
    });
    expect(inv.status).toBe(202);
  }
  const rows = await db.query<{ key: string; survey_id: string; survey_version: number }>(
    `SELECT key, survey_id, survey_version FROM listen.invitations WHERE tenant_id = $1 AND id LIKE 'fz-mail-%'`,
    [TENANT],
  );
  expect(rows.rows).toHaveLength(12);
  for (const r of rows.rows)
    links.push(
      `${suite.collect.url}/s/${signSurveyToken(testCollectTokenSecret(), {
        t: TENANT,
        i: r.key,
        s: r.survey_id,
        v: r.survey_version,
        l: 'en',
        e: Math.floor(Date.now() / 1000) + 86_400,
      })}`,
    );
  // An action to move and annotate: a detractor who agreed to be contacted.
  const fb = await call('listen', 'POST', '/v1/feedback', {
    id: 'fz-detractor',
    touchpoint: 'desk',
    nps: 0,
    comment: 'terrible',
    customerId: 'fz-detractor',
    consentToContact: true,
  });
  expect(fb.status).toBe(202);
  const detractor = await pseudonymOf(suite.listen, suite.key, 'fz-detractor');
  const action = await eventually(async () => {
    const r = await call('act', 'GET', '/v1/actions');
    return (r.body.items as { id: string; customerId: string | null }[]).find(
      (x) => x.customerId === detractor,
    );
  }, 60_000);
  actionId = action.id;
  const issued = await call('listen', 'POST', '/v1/keys', {
    scopes: ['ingest:widget'],
    origins: [WIDGET_ORIGIN],
    name: 'fuzz widget',
  });
  expect(issued.status).toBe(201);
  widgetKey = issued.body.key as string;
  // The fuzz starts from bodies each route takes (no ticket has the by-ref route's key; the survey
  // page is answered once per link, so it is not spent here).
  const refused: unknown[] = [];
  for (const t of TARGETS.filter(
    (x) => x.valid && !x.route.includes('by-ref') && x.route !== '/s/:token' && x.svc !== 'console',
  )) {
    const a = await send({
      target: t,
      path: t.path(undefined, -1),
      body: JSON.stringify(t.valid!(-1)),
      what: 'valid',
    });
    if (a.status >= 300) refused.push({ route: t.route, status: a.status, body: a.text.slice(0, 300) });
  }
  expect(refused).toEqual([]);
});

afterAll(async () => {
  await db?.end();
});

it('targets every write route that listen, act and collect document', async () => {
  const targeted = new Set(TARGETS.map((t) => `${t.svc} ${t.method} ${t.route}`));
  const documented: string[] = [];
  for (const name of ['listen', 'act', 'collect'] as const) {
    const doc = (await (await fetch(`${suite[name].url}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [p, ops] of Object.entries(doc.paths))
      for (const method of Object.keys(ops).filter((m) => ['post', 'put', 'patch', 'delete'].includes(m)))
        documented.push(`${name} ${method.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`);
  }
  expect(documented.length).toBeGreaterThan(30);
  expect(documented.filter((d) => !targeted.has(d))).toEqual([]);
});

it(`answers ${REQUESTS} hostile writes to every route with a 4xx naming the problem, never a 5xx`, async () => {
  const r = new Seeded(SEED);
  // Every null and prototype key at every place first, then the drawn ones.
  const swept: Sent[] = TARGETS.filter((t) => t.valid && t.svc !== 'console').flatMap((target) =>
    sweep(target.valid!(0)).map((m) => ({
      target,
      path: target.path(),
      body: m.body,
      what: `sweep ${m.what}`,
    })),
  );
  const requests = [...swept, ...Array.from({ length: REQUESTS - swept.length }, (_, n) => draw(r, n))];
  // The form route rotates over the open links (the first valid answer uses one up).
  const statuses = new Map<string, number>();
  const faults: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const n = next++;
      let s = requests[n];
      if (s.target.svc === 'collect' && s.path === new URL(links[0]).pathname)
        s = { ...s, path: new URL(links[n % links.length]).pathname };
      const a = await send(s);
      const label = `${s.target.svc} ${s.target.method} ${s.target.route}${s.viaConsole ? ' (console)' : ''}`;
      statuses.set(`${label} ${a.status}`, (statuses.get(`${label} ${a.status}`) ?? 0) + 1);
      const f = fault(s, a);
      if (f) faults.push(`#${n} ${label} [${s.what}] → ${f}: ${a.text.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const summary = [...statuses].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}: ${v}`);
  process.stdout.write(`fuzz-routes: ${REQUESTS} requests, seed ${SEED}\n${summary.join('\n')}\n`);
  expect(faults.slice(0, 30)).toEqual([]);
  // Every route was reached, and refused something (the console's sign-out has nothing to refuse).
  for (const t of TARGETS.filter((x) => x.svc !== 'console'))
    expect(summary.some((l) => l.startsWith(`${t.svc} ${t.method} ${t.route} 4`))).toBe(true);
  for (const s of services()) {
    expect(s.process.exitCode).toBeNull();
    await eventually(async () => (await fetch(`${s.url}/health/ready`)).status === 200, 30_000, 500);
  }
});
