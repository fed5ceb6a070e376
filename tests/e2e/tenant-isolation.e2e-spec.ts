/**
 * Tenant isolation, endpoint by endpoint, across listen, measure and act as real processes.
 * Tenant B gets real data everywhere; tenant A (a key of every scope) then calls every endpoint
 * with B's ids, customers, scopes and idempotency ids. "Infers nothing" is checked by comparing
 * A's answers with those of C, a tenant that never saw anything: same status, same body (a
 * 404 for B's action reads exactly like a 404 for an id that never existed). After A's writes, B
 * re-reads everything it has and finds it unchanged. Which endpoints exist is not hand-kept:
 * each service lists the routes it registers (`main.js routes`, from Nest's metadata), and the
 * last tests fail on any route this file does not cover. People are checked the same way: A's
 * admin signed in at the test stack's OpenID Provider must get C's answers too, and each role's
 * and key scope's answer on every route follows the permission table the route declares.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  addOidcUsers,
  callService,
  createTenant,
  e2eSuite,
  eventually,
  npsDropGap,
  pseudonymOf,
  ROOT,
  serviceRoutes,
  signIn,
  signInToConsole,
  startService,
  usersOfTenant,
  type LoopServiceName,
  type RunningService,
  type ServiceReply,
  type ServiceRoute,
} from '@continuum/testing';

jest.setTimeout(240_000);

const RUN = randomUUID().slice(0, 8);
const A = `iso-a-${RUN}`;
const B = `iso-b-${RUN}`;
const C = `iso-c-${RUN}`;
/** Every value B stores carries this mark, so a leak shows wherever it lands. */
const MARK = `bzeta${RUN}`;
const TOUCHPOINT = `${MARK}-desk`;
const CUSTOMER = `${MARK}-cust`;
const FEEDBACK_ID = `${MARK}-fb-1`;
const DETRACTOR_ID = `${MARK}-fb-2`;
const INTERACTION_ID = `${MARK}-ix-1`;
const INVITATION_ID = `${MARK}-inv-1`;
const IMPORT_ID = `${MARK}-imp-1`;
const SURVEY_ID = `${MARK}-survey`;
const surveyFor = (touchpoint: string, words: string) => ({
  touchpoints: [touchpoint],
  question: { type: 'nps', text: { it: `Domanda ${words}`, en: `Question ${words}` } },
  thankYou: { it: `Grazie ${words}`, en: `Thanks ${words}` },
  invitation: {
    subject: { it: `Oggetto ${words}`, en: `Subject ${words}` },
    intro: { it: `Intro ${words}`, en: `Intro ${words}` },
  },
});

interface Keys {
  admin: string;
  read: string;
  ingest: string;
  act: string;
}
type RoleName = 'admin' | 'manager' | 'agentA' | 'agentB' | 'viewer';
/** Access tokens of each tenant's people (signed in once, through the provider's own pages). */
const tokens: Record<string, Partial<Record<RoleName, string>>> = {};
async function token(tenant: string, role: RoleName): Promise<string> {
  const t = (tokens[tenant] ??= {});
  if (!t[role]) {
    const u = usersOfTenant(tenant)[role];
    t[role] = (await signIn(u.login, u.password)).accessToken;
  }
  return t[role];
}
const keys: Record<string, Keys> = {};

/** A's own erasures (of B's customer ids), to wait for before B's snapshot is compared. */
const a = { erasures: [] as string[] };

/** What B owns, learnt while giving it data. */
const b = { actionId: '', webhookId: '', keyPrefix: '', erasureId: '', pseudonym: '', pseudonym2: '' };

type Reply = ServiceReply;

const call = (
  key: string | null,
  svc: LoopServiceName,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
) => callService(suite[svc], key, method, path, body, { contentType });

/** Revokes a key through the operator CLI, by its prefix (`ck_xxxxxxxx`). */
async function revoke(key: string): Promise<void> {
  const prefix = key.split('_').slice(0, 2).join('_');
  await promisify(execFile)('node', ['tools/run.js', 'dist/tools/cli.js', 'key', 'revoke', prefix], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: suite.stack.databaseUrl },
  });
}

/** Route patterns exercised by the isolation checks (`svc METHOD /pattern`). */
const isolated = new Set<string>();
const cover = (svc: LoopServiceName, method: string, pattern: string) =>
  isolated.add(`${svc} ${method} ${pattern}`);

/**
 * Tenant ids, API-key prefixes and the instants things were stored at differ between A and C by
 * construction; nothing else may.
 */
const normalise = (r: Reply, tenant: string): unknown => ({
  status: r.status,
  type: r.type,
  body: JSON.parse(
    JSON.stringify(r.body ?? null)
      .split(tenant)
      .join('<tenant>')
      .replace(/ck_[0-9a-f]{8}/g, '<key>')
      // Pseudonyms are keyed hashes with each tenant's own key: they differ by construction.
      .replace(/psn_[A-Za-z0-9_-]{27}/g, '<pseudonym>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>'),
  ) as unknown,
});

/**
 * A's answer must be C's answer: C never had any data, so whatever A's differs by came from B.
 * Neither may mention anything of B's.
 */
async function sameAsStranger(
  svc: LoopServiceName,
  method: string,
  pattern: string,
  path: string,
  body?: unknown,
  contentType?: string,
): Promise<Reply> {
  cover(svc, method, pattern);
  const a = await call(keys[A].admin, svc, method, path, body, contentType);
  const c = await call(keys[C].admin, svc, method, path, body, contentType);
  expect({ path, ...(normalise(a, A) as object) }).toEqual({ path, ...(normalise(c, C) as object) });
  // Only the ids A itself sent may come back.
  const sent = new Set(`${path} ${JSON.stringify(body ?? '')}`.match(new RegExp(`${MARK}[\\w.-]*`, 'g')));
  const hide = (text: string) => [...sent].reduce((t, id) => t.split(id).join('<sent>'), text);
  expect(hide(a.text)).not.toContain(MARK);
  expect(hide(a.text)).not.toContain(B);
  // A person of A (its admin, signed in) infers no more than A's key: C's admin gets the same.
  if (method === 'GET') {
    const pa = await call(await token(A, 'admin'), svc, method, path);
    const pc = await call(await token(C, 'admin'), svc, method, path);
    expect({ path, ...(normalise(pa, A) as object) }).toEqual({ path, ...(normalise(pc, C) as object) });
    expect(hide(pa.text)).not.toContain(MARK);
    expect(hide(pa.text)).not.toContain(B);
  }
  expect(a.status).toBeLessThan(500);
  return a;
}

/** Everything B can read of its own, to compare before and after A's attempts. */
async function snapshotOfB(): Promise<Record<string, unknown>> {
  const k = keys[B].read;
  const reads: [LoopServiceName, string][] = [
    ['listen', '/v1/feedback'],
    ['listen', `/v1/feedback/${FEEDBACK_ID}`],
    ['listen', `/v1/feedback/${DETRACTOR_ID}`],
    ['listen', `/v1/imports/${IMPORT_ID}`],
    ['listen', `/v1/interactions/${INTERACTION_ID}`],
    ['listen', '/v1/interaction-settings'],
    ['listen', '/v1/privacy/retention'],
    ['listen', '/v1/privacy/topic-ids'],
    ['listen', '/v1/contact-policy'],
    ['listen', '/v1/loop-messages/template'],
    ['listen', `/v1/contact-policy/${CUSTOMER}?channel=voice`],
    ['listen', '/v1/invitations/skipped?since=2020-01-01T00:00:00Z&until=2030-01-01T00:00:00Z'],
    ['listen', '/v1/journey'],
    ['listen', '/v1/themes'],
    ['listen', `/v1/surveys/${SURVEY_ID}`],
    ['listen', `/v1/invitations/${INVITATION_ID}-mail`],
    ['listen', `/v1/contacts/${CUSTOMER}-3`],
    ['measure', `/v1/indicators?scope=touchpoint:${TOUCHPOINT}`],
    ['measure', '/v1/gaps'],
    ['measure', `/v1/funnel?touchpoint=${TOUCHPOINT}`],
    ['act', '/v1/actions'],
    ['act', `/v1/actions/${b.actionId}`],
    ['act', '/v1/actions/effectiveness?since=2020-01-01T00:00:00Z&until=2030-01-01T00:00:00Z'],
    ['act', '/v1/playbooks'],
    ['act', '/v1/playbooks/versions'],
    ['act', '/v1/webhooks'],
    ['act', `/v1/webhooks/${b.webhookId}`],
    ['act', `/v1/webhooks/${b.webhookId}/deliveries`],
    ['act', `/v1/teams/${MARK}-owner/channels`],
    ['act', '/v1/notifications'],
  ];
  const snap: Record<string, unknown> = {};
  for (const [svc, path] of reads) {
    const r = await call(k, svc, 'GET', path);
    expect({ path, status: r.status }).toEqual({ path, status: 200 });
    snap[`${svc} ${path}`] = r.body;
  }
  // What B holds about its customers, as its admin reads it (subject access) and B's erasure.
  for (const [svc, path] of [
    ['listen', `/v1/privacy/customers/${CUSTOMER}`],
    ['act', `/v1/privacy/customers/${b.pseudonym2}`],
    ['measure', `/v1/privacy/feedback?ids=${FEEDBACK_ID},${DETRACTOR_ID}`],
    ['listen', `/v1/privacy/erasures/${b.erasureId}`],
  ] as const) {
    const r = await call(keys[B].admin, svc, 'GET', path);
    expect({ path, status: r.status }).toEqual({ path, status: 200 });
    snap[`${svc} ${path}`] = r.body;
  }
  // B's people, keys and audit trail (a key's last use moves with B's own reads: left out).
  for (const path of ['/v1/users', '/v1/keys', '/v1/audit?limit=500']) {
    const r = await call(keys[B].admin, 'listen', 'GET', path);
    expect({ path, status: r.status }).toEqual({ path, status: 200 });
    snap[`listen ${path}`] = (r.body.items as Record<string, unknown>[]).map(({ lastUsedAt: _, ...x }) => x);
  }
  return snap;
}

const suite = e2eSuite({
  tenants: [A, B, C],
  receiver: true,
  services: { listen: {}, measure: {}, act: { ACT_WEBHOOK_POLL_MS: '100' } },
  cleanExit: true,
});
const receiverUrl = () => `${suite.receiver.url}/hook`;

beforeAll(async () => {
  for (const t of [A, B, C]) {
    keys[t] = {
      admin: suite.keys[t],
      read: createTenant(suite.stack, t, 'read'),
      ingest: createTenant(suite.stack, t, 'ingest'),
      act: '',
    };
  }
  addOidcUsers([A, B, C].flatMap((t) => Object.values(usersOfTenant(t))));
  // act-scope keys through the keys API (one CLI process fewer per tenant on a loaded machine).
  for (const t of [A, B, C]) {
    const issued = await call(keys[t].admin, 'listen', 'POST', '/v1/keys', { scopes: ['act'] });
    expect(issued.status).toBe(201);
    keys[t].act = issued.body.key;
  }
});

describe('tenant B, with data everywhere', () => {
  const k = () => keys[B].admin;

  it('configures its journey, themes, contact policy, interaction settings and playbook', async () => {
    const journey = {
      stages: [{ id: `${MARK}-stage`, name: `Stage ${MARK}` }],
      touchpoints: [{ id: TOUCHPOINT, name: `Desk ${MARK}`, stage: `${MARK}-stage`, channel: 'voice' }],
      cycle: 'day',
      timeZone: 'UTC',
    };
    expect((await call(k(), 'listen', 'PUT', '/v1/journey', journey)).status).toBe(200);
    const themes = {
      themes: [
        {
          id: `${MARK}-theme`,
          labels: { it: `Tema ${MARK}`, en: `Theme ${MARK}` },
          keywords: { it: [`${MARK}parola`], en: [`${MARK}word`] },
        },
      ],
    };
    const t = await call(k(), 'listen', 'PUT', '/v1/themes', themes);
    expect({ status: t.status, body: t.body }).toMatchObject({ status: 200 });
    const rules = {
      rules: [
        { max: 5, windowDays: 13, channel: 'voice' },
        { max: 1, windowDays: 13, segment: { plan: `${MARK}-plan` } },
      ],
    };
    expect((await call(k(), 'listen', 'PUT', '/v1/contact-policy', rules)).status).toBe(200);
    const loopTemplate = {
      subject: { it: `Oggetto ${MARK}`, en: `Subject ${MARK}` },
      body: { it: `Fatto ${MARK}: {{title}}`, en: `Done ${MARK}: {{title}}` },
    };
    expect((await call(k(), 'listen', 'PUT', '/v1/loop-messages/template', loopTemplate)).status).toBe(200);
    expect(
      (await call(k(), 'listen', 'PUT', '/v1/interaction-settings', { repeatContactWindowDays: 11 })).status,
    ).toBe(200);
    const survey = await call(k(), 'listen', 'PUT', `/v1/surveys/${SURVEY_ID}`, surveyFor(TOUCHPOINT, MARK));
    expect({ status: survey.status, version: survey.body.version }).toEqual({ status: 200, version: 1 });
    // Long enough that B's rows outlive the run (a short one would delete them under the snapshot).
    expect(
      (
        await call(k(), 'listen', 'PUT', '/v1/privacy/retention', {
          feedbackDays: 3001,
          interactionDays: 3002,
        })
      ).status,
    ).toBe(200);
    const pb = await call(
      k(),
      'act',
      'PUT',
      '/v1/playbooks',
      `# ${MARK}\ndefaultOwner: ${MARK}-owner\n`,
      'application/yaml',
    );
    expect({ status: pb.status, body: pb.body }).toMatchObject({ status: 200 });
  });

  it('subscribes a webhook', async () => {
    const w = await call(k(), 'act', 'POST', '/v1/webhooks', {
      url: receiverUrl(),
      eventTypes: ['*'],
      description: `hook ${MARK}`,
    });
    expect(w.status).toBe(201);
    b.webhookId = w.body.id;
    // And tells the team owning its actions on a chat channel (issue 19).
    // And a daily digest on a second one, due hours from now (never during this run).
    const at = new Date(Date.now() + 12 * 3600_000).toISOString().slice(11, 16);
    const ch = await call(k(), 'act', 'PUT', `/v1/teams/${MARK}-owner/channels`, {
      channels: [
        { kind: 'slack', url: `${receiverUrl()}?team=${MARK}` },
        {
          kind: 'slack',
          url: `${receiverUrl()}?digest=${MARK}`,
          mode: 'digest',
          digest: { every: 'day', at },
        },
      ],
    });
    expect({ status: ch.status, modes: ch.body.channels?.map((c: { mode: string }) => c.mode) }).toEqual({
      status: 200,
      modes: ['immediate', 'digest'],
    });
  });

  it('records feedback, a detractor, an interaction, an invitation and an import', async () => {
    const fb = await call(k(), 'listen', 'POST', '/v1/feedback', [
      {
        id: FEEDBACK_ID,
        touchpoint: TOUCHPOINT,
        nps: 9,
        comment: `Ottimo ${MARK}parola`,
        customerId: CUSTOMER,
      },
      {
        id: DETRACTOR_ID,
        touchpoint: TOUCHPOINT,
        nps: 1,
        comment: `Pessimo servizio ${MARK}`,
        customerId: `${CUSTOMER}-2`,
        consentToContact: true,
      },
    ]);
    expect(fb.body).toMatchObject({ accepted: 2, duplicates: 0 });
    const ix = await call(k(), 'listen', 'POST', '/v1/interactions', {
      id: INTERACTION_ID,
      customerId: CUSTOMER,
      channel: 'voice',
      touchpoint: TOUCHPOINT,
      outcome: 'handled',
      startedAt: new Date(Date.now() - 3600_000).toISOString(),
    });
    expect(ix.body).toEqual({ id: INTERACTION_ID, status: 'recorded' });
    const inv = await call(k(), 'listen', 'POST', '/v1/invitations', {
      id: INVITATION_ID,
      customerId: CUSTOMER,
      channel: 'voice',
    });
    expect(inv.status).toBe(202);
    expect(inv.body).toMatchObject({ id: INVITATION_ID, status: 'recorded' });
    // B's segment rule forbids a second contact: a skip of B's, counted by reason.
    const skipped = await call(k(), 'listen', 'POST', '/v1/invitations', {
      id: `${INVITATION_ID}-2`,
      customerId: CUSTOMER,
      channel: `${MARK}-email`,
      touchpoint: TOUCHPOINT,
      segment: { plan: `${MARK}-plan` },
    });
    expect(skipped.body).toMatchObject({ status: 'skipped', reason: 'policy:segment' });
    // A customer who agreed to surveys, and an invitation Continuum sends (queued: no mail server here).
    const contact = await call(k(), 'listen', 'PUT', `/v1/contacts/${CUSTOMER}-3`, {
      email: `${MARK}@example.test`,
      consentToSurvey: true,
    });
    expect(contact.status).toBe(200);
    const mail = await call(k(), 'listen', 'POST', '/v1/invitations', {
      id: `${INVITATION_ID}-mail`,
      customerId: `${CUSTOMER}-3`,
      channel: 'email',
      touchpoint: TOUCHPOINT,
      address: `${MARK}@example.test`,
    });
    expect(mail.body).toMatchObject({ status: 'recorded' });
    expect((await call(k(), 'listen', 'GET', `/v1/invitations/${INVITATION_ID}-mail`)).body.status).toBe(
      'queued',
    );
    // B's interaction at its surveyed touchpoint is judged too: its customer gave no consent.
    await eventually(async () => {
      const r = await call(k(), 'listen', 'GET', '/v1/invitations/skipped');
      return r.body.items.some((i: { reason: string }) => i.reason === 'consent');
    }, 30_000);
    const csv = `id,touchpoint,nps,comment\n${MARK}-imp-row-1,${TOUCHPOINT},8,import ${MARK}\n`;
    const imp = await call(
      k(),
      'listen',
      'POST',
      `/v1/imports?kind=feedback&id=${IMPORT_ID}`,
      csv,
      'text/csv',
    );
    expect({ status: imp.status, accepted: imp.body.accepted }).toEqual({ status: 202, accepted: 1 });
  });

  it('gets an action from its detractor, delivered to its webhook', async () => {
    // act knows B's customers by B's pseudonyms only.
    b.pseudonym = await pseudonymOf(suite.listen, k(), CUSTOMER);
    b.pseudonym2 = await pseudonymOf(suite.listen, k(), `${CUSTOMER}-2`);
    const action = await eventually(async () => {
      const r = await call(k(), 'act', 'GET', '/v1/actions');
      return (r.body.items as { id: string; customerId: string | null }[]).find(
        (x) => x.customerId === b.pseudonym2,
      );
    }, 30_000);
    b.actionId = action.id;
    await eventually(async () => {
      const r = await call(k(), 'act', 'GET', `/v1/webhooks/${b.webhookId}/deliveries`);
      return (
        r.body.items.length > 0 && r.body.items.every((d: { status: string }) => d.status === 'delivered')
      );
    }, 30_000);
    expect(suite.receiver.hits.some((h) => h.body.includes(b.actionId))).toBe(true);
    await eventually(async () => {
      const r = await call(k(), 'act', 'GET', `/v1/notifications?actionId=${b.actionId}`);
      return (
        r.body.items.length > 0 && r.body.items.every((n: { status: string }) => n.status === 'delivered')
      );
    }, 30_000);
  });

  it('has people, keys, notes and an audit trail naming them', async () => {
    const admin = await token(B, 'admin');
    const u = await call(admin, 'listen', 'PUT', '/v1/users', {
      subject: `${MARK}-person`,
      email: `${MARK}@b.test`,
      name: `Person ${MARK}`,
      roles: ['agent'],
      teams: [],
    });
    expect({ status: u.status, body: u.body }).toMatchObject({ status: 200 });
    const key = await call(admin, 'listen', 'POST', '/v1/keys', { scopes: ['read'], name: `key ${MARK}` });
    expect(key.status).toBe(201);
    b.keyPrefix = key.body.prefix;
    const note = await call(admin, 'act', 'POST', `/v1/actions/${b.actionId}/notes`, {
      text: `note ${MARK}`,
    });
    expect({ status: note.status, actorName: note.body.actorName }).toEqual({
      status: 201,
      actorName: usersOfTenant(B).admin.name,
    });
    const audit = await call(admin, 'listen', 'GET', '/v1/audit');
    expect(audit.body.items.map((x: { resource: string }) => x.resource)).toEqual(
      expect.arrayContaining(['user', 'key', 'action']),
    );
  });

  it('has indicators, a gap and a response funnel in measure', async () => {
    // B's funnel at its touchpoint: the sent invitation, the segment skip and the consent skip.
    await eventually(async () => {
      const r = await call(k(), 'measure', 'GET', `/v1/funnel?touchpoint=${TOUCHPOINT}`);
      const items = r.status === 200 ? (r.body.items as { invited: number; skipped: number }[]) : [];
      const sum = (f: 'invited' | 'skipped') => items.reduce((n, i) => n + i[f], 0);
      return sum('invited') === 3 && sum('skipped') === 2;
    }, 60_000);
    // All three of B's answers (two posted, one imported) and its interaction counted: B's
    // snapshot is taken after its own writes went through, not halfway.
    await eventually(async () => {
      const r = await call(k(), 'measure', 'GET', `/v1/indicators?scope=touchpoint:${TOUCHPOINT}`);
      const items =
        r.status === 200 ? (r.body.items as { indicator: string; n: number; value: number }[]) : [];
      return (
        items.some((x) => x.indicator === 'responses/count/v1' && x.value === 3) &&
        items.some((x) => x.indicator === 'abandonment/rate/v1' && x.n === 1)
      );
    }, 60_000);
    // Gap detection needs closed cycles of volume; the read side is what is under test here,
    // so B's gap is stored the way measure stores one.
    const today = new Date(new Date().setUTCHours(0, 0, 0, 0));
    const cycleStart = new Date(today.getTime() - 86_400_000).toISOString();
    const cycle = { length: 'day' as const, start: cycleStart, end: today.toISOString() };
    const gap = npsDropGap(B, TOUCHPOINT, cycle, {
      stage: `${MARK}-stage`,
      owner: null,
      sampleComments: [`Pessimo servizio ${MARK}`],
    });
    const db = new Client({ connectionString: suite.stack.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO measure.gaps (gap_key, tenant_id, kind, scope_kind, scope_id, indicator, cycle_length, cycle_start, event_id, gap)
         VALUES ($1, $2, 'vs-previous', 'touchpoint', $3, 'nps/v1', 'day', $4, $5, $6)`,
        [gap.gapKey, B, TOUCHPOINT, cycleStart, randomUUID(), JSON.stringify(gap)],
      );
    } finally {
      await db.end();
    }
    const r = await call(k(), 'measure', 'GET', '/v1/gaps');
    expect(r.body.items).toHaveLength(1);
  });

  it('has erased a customer, confirmed by measure and act', async () => {
    const r = await call(k(), 'listen', 'POST', '/v1/privacy/erasures', { customerId: `${MARK}-gone` });
    expect(r.status).toBe(202);
    b.erasureId = r.body.id;
    // collect is not running here: measure's and act's confirmations are what B's snapshot needs.
    await eventually(async () => {
      const s = await call(k(), 'listen', 'GET', `/v1/privacy/erasures/${b.erasureId}`);
      return s.body.services.measure.status === 'erased' && s.body.services.act.status === 'erased';
    }, 30_000);
  });

  it("has a ticket in a tool for its action (externalRef, as a ticket tool's answer sets it)", async () => {
    const db = new Client({ connectionString: suite.stack.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE act.actions SET external_ref = $2 WHERE id = $1`, [b.actionId, `${MARK}-CX-1`]);
    } finally {
      await db.end();
    }
    const r = await call(k(), 'act', 'GET', `/v1/actions/${b.actionId}`);
    expect(r.body.externalRef).toBe(`${MARK}-CX-1`);
  });
});

describe("tenant A, with B's ids", () => {
  let before: Record<string, unknown>;

  beforeAll(async () => {
    before = await snapshotOfB();
  });

  it("reads nothing of B's: every answer is the one a tenant without data gets", async () => {
    const never = `${MARK}-never-existed`;
    for (const id of [FEEDBACK_ID, DETRACTOR_ID, `${MARK}-imp-row-1`, never]) {
      const r = await sameAsStranger('listen', 'GET', '/v1/feedback/:id', `/v1/feedback/${id}`);
      expect(r.status).toBe(404);
    }
    // A 404 for B's id reads exactly like one for an id that never existed.
    const mine = await call(keys[A].read, 'listen', 'GET', `/v1/feedback/${FEEDBACK_ID}`);
    const none = await call(keys[A].read, 'listen', 'GET', `/v1/feedback/${never}`);
    expect(JSON.parse(mine.text.split(FEEDBACK_ID).join('<id>'))).toEqual(
      JSON.parse(none.text.split(never).join('<id>')),
    );
    await sameAsStranger('listen', 'GET', '/v1/feedback', '/v1/feedback');
    await sameAsStranger('listen', 'GET', '/v1/feedback', '/v1/feedback?since=2020-01-01T00:00:00Z');
    for (const id of [IMPORT_ID, never])
      expect((await sameAsStranger('listen', 'GET', '/v1/imports/:id', `/v1/imports/${id}`)).status).toBe(
        404,
      );
    for (const id of [INTERACTION_ID, never])
      expect(
        (await sameAsStranger('listen', 'GET', '/v1/interactions/:id', `/v1/interactions/${id}`)).status,
      ).toBe(404);
    await sameAsStranger('listen', 'GET', '/v1/interaction-settings', '/v1/interaction-settings');
    await sameAsStranger('listen', 'GET', '/v1/privacy/retention', '/v1/privacy/retention');
    await sameAsStranger('listen', 'GET', '/v1/privacy/topic-ids', '/v1/privacy/topic-ids');
    // B's pseudonyms resolve to nothing for A, as for C; A's pseudonyms of B's ids are not B's.
    for (const p of [b.pseudonym, b.pseudonym2]) {
      const r = await sameAsStranger(
        'listen',
        'POST',
        '/v1/privacy/pseudonyms/resolve',
        '/v1/privacy/pseudonyms/resolve',
        { pseudonyms: [p] },
      );
      expect(r.body).toEqual({ customers: [{ pseudonym: p, customerId: null }] });
      await sameAsStranger('act', 'GET', '/v1/privacy/customers/:customerId', `/v1/privacy/customers/${p}`);
    }
    const ofA = await sameAsStranger('listen', 'POST', '/v1/privacy/pseudonyms', '/v1/privacy/pseudonyms', {
      customerIds: [CUSTOMER, `${CUSTOMER}-2`],
    });
    expect(ofA.status).toBe(200);
    const ofAs = (ofA.body.customers as { pseudonym: string }[]).map((x) => x.pseudonym);
    expect(ofAs).toHaveLength(2);
    expect(ofAs).not.toContain(b.pseudonym);
    expect(ofAs).not.toContain(b.pseudonym2);
    for (const c of [CUSTOMER, `${CUSTOMER}-2`, `${CUSTOMER}-3`]) {
      await sameAsStranger(
        'listen',
        'GET',
        '/v1/privacy/customers/:customerId',
        `/v1/privacy/customers/${c}`,
      );
      await sameAsStranger('act', 'GET', '/v1/privacy/customers/:customerId', `/v1/privacy/customers/${c}`);
    }
    await sameAsStranger(
      'measure',
      'GET',
      '/v1/privacy/feedback',
      `/v1/privacy/feedback?ids=${FEEDBACK_ID},${DETRACTOR_ID},${MARK}-imp-row-1`,
    );
    for (const id of [b.erasureId, randomUUID(), 'not-a-uuid'])
      expect(
        (await sameAsStranger('listen', 'GET', '/v1/privacy/erasures/:id', `/v1/privacy/erasures/${id}`))
          .status,
      ).toBe(404);
    await sameAsStranger('listen', 'GET', '/v1/contact-policy', '/v1/contact-policy');
    await sameAsStranger('listen', 'GET', '/v1/loop-messages/template', '/v1/loop-messages/template');
    await sameAsStranger('listen', 'GET', '/v1/invitations/skipped', '/v1/invitations/skipped');
    await sameAsStranger(
      'listen',
      'GET',
      '/v1/invitations/skipped',
      '/v1/invitations/skipped?since=2020-01-01T00:00:00Z',
    );
    for (const c of [CUSTOMER, `${CUSTOMER}-2`])
      await sameAsStranger(
        'listen',
        'GET',
        '/v1/contact-policy/:customerId',
        `/v1/contact-policy/${c}?channel=voice`,
      );
    await sameAsStranger('listen', 'GET', '/v1/journey', '/v1/journey');
    await sameAsStranger('listen', 'GET', '/v1/themes', '/v1/themes');
    for (const id of [`${INVITATION_ID}-mail`, INVITATION_ID, never])
      expect(
        (await sameAsStranger('listen', 'GET', '/v1/invitations/:id', `/v1/invitations/${id}`)).status,
      ).toBe(404);
    for (const c of [`${CUSTOMER}-3`, never])
      expect(
        (await sameAsStranger('listen', 'GET', '/v1/contacts/:customerId', `/v1/contacts/${c}`)).status,
      ).toBe(404);
    for (const path of [
      `/v1/surveys/${SURVEY_ID}`,
      `/v1/surveys/${SURVEY_ID}?version=1`,
      `/v1/surveys/${never}`,
    ])
      expect((await sameAsStranger('listen', 'GET', '/v1/surveys/:id', path)).status).toBe(404);

    for (const scope of [`touchpoint:${TOUCHPOINT}`, `stage:${MARK}-stage`, 'journey:*', 'channel:voice'])
      await sameAsStranger('measure', 'GET', '/v1/indicators', `/v1/indicators?scope=${scope}`);
    await sameAsStranger('measure', 'GET', '/v1/gaps', '/v1/gaps');
    await sameAsStranger('measure', 'GET', '/v1/funnel', '/v1/funnel');
    await sameAsStranger('measure', 'GET', '/v1/funnel', `/v1/funnel?touchpoint=${TOUCHPOINT}&channel=email`);
    await sameAsStranger('measure', 'GET', '/v1/gaps', `/v1/gaps?scope=touchpoint:${TOUCHPOINT}`);
    await sameAsStranger('measure', 'GET', '/v1/drivers', '/v1/drivers');
    await sameAsStranger('measure', 'GET', '/v1/drivers', `/v1/drivers?scope=stage:${MARK}-stage`);

    await sameAsStranger('act', 'GET', '/v1/actions', '/v1/actions');
    await sameAsStranger('act', 'GET', '/v1/actions', `/v1/actions?owner=${MARK}-owner`);
    for (const id of [b.actionId, randomUUID(), 'not-a-uuid'])
      expect((await sameAsStranger('act', 'GET', '/v1/actions/:id', `/v1/actions/${id}`)).status).toBe(404);
    await sameAsStranger(
      'act',
      'GET',
      '/v1/actions/effectiveness',
      '/v1/actions/effectiveness?since=2020-01-01T00:00:00Z&until=2030-01-01T00:00:00Z',
    );
    await sameAsStranger('act', 'GET', '/v1/playbooks', '/v1/playbooks');
    await sameAsStranger('act', 'GET', '/v1/playbooks', '/v1/playbooks?version=1');
    await sameAsStranger('act', 'GET', '/v1/playbooks', '/v1/playbooks?version=1&format=yaml');
    await sameAsStranger('act', 'GET', '/v1/playbooks/versions', '/v1/playbooks/versions');
    await sameAsStranger('act', 'GET', '/v1/webhooks', '/v1/webhooks');
    for (const team of [`${MARK}-owner`, 'customer-care'])
      await sameAsStranger('act', 'GET', '/v1/teams/:team/channels', `/v1/teams/${team}/channels`);
    await sameAsStranger('act', 'GET', '/v1/notifications', '/v1/notifications');
    await sameAsStranger('act', 'GET', '/v1/notifications', `/v1/notifications?team=${MARK}-owner`);
    await sameAsStranger('act', 'GET', '/v1/notifications', `/v1/notifications?actionId=${b.actionId}`);
    await sameAsStranger('listen', 'GET', '/v1/users', '/v1/users');
    // A's keys and audit trail are its own (their prefixes and last uses differ from C's by
    // construction): nothing of B's may show in them.
    for (const [pattern, path] of [
      ['/v1/keys', '/v1/keys'],
      ['/v1/audit', '/v1/audit?limit=500'],
      ['/v1/audit', `/v1/audit?resource=action&since=2020-01-01T00:00:00Z`],
    ]) {
      cover('listen', 'GET', pattern);
      for (const who of [keys[A].admin, await token(A, 'admin')]) {
        const r = await call(who, 'listen', 'GET', path);
        expect({ path, status: r.status }).toEqual({ path, status: 200 });
        expect(r.text).not.toContain(MARK);
        expect(r.text).not.toContain(B);
        expect(r.text).not.toContain(b.keyPrefix);
      }
    }
    for (const id of [b.webhookId, randomUUID()]) {
      expect((await sameAsStranger('act', 'GET', '/v1/webhooks/:id', `/v1/webhooks/${id}`)).status).toBe(404);
      expect(
        (await sameAsStranger('act', 'GET', '/v1/webhooks/:id/deliveries', `/v1/webhooks/${id}/deliveries`))
          .status,
      ).toBe(404);
    }
  });

  it("changes nothing of B's: transitions and deletes of B's resources are 404s", async () => {
    for (const command of ['acknowledge', 'resolve', 'reopen', 'cancel']) {
      for (const id of [b.actionId, randomUUID()]) {
        const r = await sameAsStranger(
          'act',
          'POST',
          '/v1/actions/:id/:command',
          `/v1/actions/${id}/${command}`,
          {
            comment: `from A ${command}`,
          },
        );
        expect(r.status).toBe(404);
      }
    }
    for (const id of [b.webhookId, randomUUID()])
      expect((await sameAsStranger('act', 'DELETE', '/v1/webhooks/:id', `/v1/webhooks/${id}`)).status).toBe(
        404,
      );
    for (const id of [b.actionId, randomUUID()])
      expect(
        (
          await sameAsStranger('act', 'POST', '/v1/actions/:id/notes', `/v1/actions/${id}/notes`, {
            text: 'from A',
          })
        ).status,
      ).toBe(404);
    for (const prefix of [b.keyPrefix, 'ck_00000000'])
      expect(
        (await sameAsStranger('listen', 'DELETE', '/v1/keys/:prefix', `/v1/keys/${prefix}`)).status,
      ).toBe(404);
    // A names B's person in its own directory: an entry of A's, B's is untouched (snapshot).
    const put = await sameAsStranger('listen', 'PUT', '/v1/users', '/v1/users', {
      subject: `${MARK}-person`,
      roles: ['viewer'],
      teams: [],
    });
    expect(put.status).toBe(200);
    // A erases B's customers by their ids: an erasure of A's own (nothing of A's names them yet);
    // B's rows, actions and deliveries are untouched (snapshot, once measure and act confirmed).
    cover('listen', 'POST', '/v1/privacy/erasures');
    for (const customerId of [CUSTOMER, `${CUSTOMER}-2`, `${CUSTOMER}-3`]) {
      const e = await call(keys[A].admin, 'listen', 'POST', '/v1/privacy/erasures', { customerId });
      expect({ status: e.status, listen: e.body.services?.listen?.status }).toEqual({
        status: 202,
        listen: 'erased',
      });
      expect(Object.values(e.body.services.listen.rows as Record<string, number>).every((n) => n === 0)).toBe(
        true,
      );
      expect(e.body.id).not.toBe(b.erasureId);
      a.erasures.push(e.body.id);
    }
    const issued = await call(keys[A].admin, 'listen', 'POST', '/v1/keys', { scopes: ['ingest'] });
    cover('listen', 'POST', '/v1/keys');
    expect(issued.status).toBe(201);
    expect(issued.body.prefix).not.toBe(b.keyPrefix);
  });

  it("sends nothing through B's channels: test messages and digests of B's team are 404s", async () => {
    for (const team of [`${MARK}-owner`, 'never-a-team']) {
      expect(
        (
          await sameAsStranger(
            'act',
            'POST',
            '/v1/teams/:team/channels/test',
            `/v1/teams/${team}/channels/test`,
            {},
          )
        ).status,
      ).toBe(404);
      expect(
        (await sameAsStranger('act', 'POST', '/v1/teams/:team/digest/run', `/v1/teams/${team}/digest/run`))
          .status,
      ).toBe(404);
    }
    // Naming B's channel changes nothing: it is not A's.
    const bChannels = await call(keys[B].read, 'act', 'GET', `/v1/teams/${MARK}-owner/channels`);
    const [channel] = bChannels.body.channels as { id: string }[];
    expect(
      (
        await sameAsStranger(
          'act',
          'POST',
          '/v1/teams/:team/channels/test',
          `/v1/teams/${MARK}-owner/channels/test`,
          { channelId: channel.id },
        )
      ).status,
    ).toBe(404);
  });

  it("moves none of B's actions by B's ticket keys: write-backs are 404s", async () => {
    for (const command of ['acknowledge', 'resolve', 'reopen'])
      for (const ref of [`${MARK}-CX-1`, 'CX-never'])
        expect(
          (
            await sameAsStranger(
              'act',
              'POST',
              '/v1/actions/by-ref/:externalRef/:command',
              `/v1/actions/by-ref/${ref}/${command}`,
              { comment: 'from A', eventId: `${MARK}-evt` },
            )
          ).status,
        ).toBe(404);
  });

  it("reuses B's idempotency ids as its own, without colliding", async () => {
    const fb = await sameAsStranger('listen', 'POST', '/v1/feedback', '/v1/feedback', {
      id: FEEDBACK_ID,
      touchpoint: 'a-desk',
      nps: 2,
      customerId: 'a-cust',
      consentToContact: true,
    });
    expect(fb.body).toEqual({ id: FEEDBACK_ID, status: 'recorded' });
    const batch = await sameAsStranger('listen', 'POST', '/v1/feedback', '/v1/feedback', [
      { id: DETRACTOR_ID, touchpoint: 'a-desk', nps: 10 },
    ]);
    expect(batch.body).toMatchObject({ accepted: 1, duplicates: 0 });
    const own = await call(keys[A].read, 'listen', 'GET', `/v1/feedback/${FEEDBACK_ID}`);
    expect(own.body).toMatchObject({ id: FEEDBACK_ID, touchpoint: 'a-desk', nps: 2 });

    const ix = await sameAsStranger('listen', 'POST', '/v1/interactions', '/v1/interactions', {
      id: INTERACTION_ID,
      customerId: CUSTOMER,
      channel: 'chat',
      touchpoint: 'a-desk',
      outcome: 'abandoned',
      startedAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(ix.body).toEqual({ id: INTERACTION_ID, status: 'recorded' });
    // B's customer is new to A: no repeat contact, nothing derived from B's history.
    const ixRead = await call(keys[A].read, 'listen', 'GET', `/v1/interactions/${INTERACTION_ID}`);
    expect(ixRead.body).toMatchObject({ id: INTERACTION_ID, channel: 'chat', touchpoint: 'a-desk' });

    const inv = await sameAsStranger('listen', 'POST', '/v1/invitations', '/v1/invitations', {
      id: INVITATION_ID,
      customerId: CUSTOMER,
      channel: 'voice',
    });
    expect(inv.body).toMatchObject({ id: INVITATION_ID, status: 'recorded' });

    const csv = `id,touchpoint,nps\na-imp-row-1,a-desk,7\n`;
    const imp = await sameAsStranger(
      'listen',
      'POST',
      '/v1/imports',
      `/v1/imports?kind=feedback&id=${IMPORT_ID}`,
      csv,
      'text/csv',
    );
    expect({ status: imp.status, accepted: imp.body.accepted }).toEqual({ status: 202, accepted: 1 });
  });

  it("configures its own journey, themes, policies, settings, playbook and webhook, not B's", async () => {
    const journey = {
      stages: [{ id: 'a-stage', name: 'A stage' }],
      touchpoints: [{ id: 'a-desk', name: 'A desk', stage: 'a-stage' }],
    };
    expect((await sameAsStranger('listen', 'PUT', '/v1/journey', '/v1/journey', journey)).status).toBe(200);
    const themes = {
      themes: [{ id: 'a-theme', labels: { it: 'A', en: 'A' }, keywords: { it: ['aaa'], en: ['aaa'] } }],
    };
    expect((await sameAsStranger('listen', 'PUT', '/v1/themes', '/v1/themes', themes)).status).toBe(200);
    const rules = { rules: [{ max: 1, windowDays: 3 }] };
    expect(
      (await sameAsStranger('listen', 'PUT', '/v1/contact-policy', '/v1/contact-policy', rules)).status,
    ).toBe(200);
    const loopTemplate = { subject: { it: 'A', en: 'A' }, body: { it: 'A {{title}}', en: 'A {{title}}' } };
    expect(
      (
        await sameAsStranger(
          'listen',
          'PUT',
          '/v1/loop-messages/template',
          '/v1/loop-messages/template',
          loopTemplate,
        )
      ).status,
    ).toBe(200);
    // B's customer is A's own entry in A's contacts; B's is untouched (snapshot).
    expect(
      (
        await sameAsStranger('listen', 'PUT', '/v1/contacts/:customerId', `/v1/contacts/${CUSTOMER}-3`, {
          consentToSurvey: false,
        })
      ).status,
    ).toBe(200);
    // B's survey id (and touchpoint) are free for A: its own version 1, B's survey untouched.
    const survey = await sameAsStranger(
      'listen',
      'PUT',
      '/v1/surveys/:id',
      `/v1/surveys/${SURVEY_ID}`,
      surveyFor(TOUCHPOINT, 'of A'),
    );
    expect({ status: survey.status, version: survey.body.version }).toEqual({ status: 200, version: 1 });
    expect(
      (
        await sameAsStranger('listen', 'PUT', '/v1/interaction-settings', '/v1/interaction-settings', {
          repeatContactWindowDays: 2,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await sameAsStranger('listen', 'PUT', '/v1/privacy/retention', '/v1/privacy/retention', {
          feedbackDays: 3003,
        })
      ).status,
    ).toBe(200);
    // Raw ids on A's topics, and back: B's choice (in its snapshot) stays pseudonymised.
    for (const customerIdsOnTopics of ['raw', 'pseudonymised']) {
      const t = await sameAsStranger('listen', 'PUT', '/v1/privacy/topic-ids', '/v1/privacy/topic-ids', {
        customerIdsOnTopics,
      });
      expect(t.body).toEqual({ customerIdsOnTopics });
      expect((await call(keys[B].read, 'listen', 'GET', '/v1/privacy/topic-ids')).body).toEqual({
        customerIdsOnTopics: 'pseudonymised',
      });
    }
    const pb = await sameAsStranger(
      'act',
      'PUT',
      '/v1/playbooks',
      '/v1/playbooks',
      'defaultOwner: a-owner\n',
      'application/yaml',
    );
    expect(pb.status).toBe(200);
    // If-Match names a version of the caller's own playbook; B's version 1 means nothing to A.
    const stale = await sameAsStranger(
      'act',
      'PUT',
      '/v1/playbooks',
      '/v1/playbooks',
      'defaultOwner: a2\n',
      'application/yaml',
    );
    expect(stale.status).toBe(200);
    expect(
      (
        await sameAsStranger(
          'act',
          'POST',
          '/v1/playbooks/validate',
          '/v1/playbooks/validate',
          'defaultOwner: x\n',
          'application/yaml',
        )
      ).status,
    ).toBe(200);
    // A sets (and clears) channels of a team named like B's: its own team, B's are untouched.
    const channels = await sameAsStranger(
      'act',
      'PUT',
      '/v1/teams/:team/channels',
      `/v1/teams/${MARK}-owner/channels`,
      { channels: [] },
    );
    expect(channels.status).toBe(200);
    const hook = await call(keys[A].admin, 'act', 'POST', '/v1/webhooks', {
      url: receiverUrl(),
      eventTypes: ['*'],
    });
    cover('act', 'POST', '/v1/webhooks');
    expect(hook.status).toBe(201);
    expect(hook.body.id).not.toBe(b.webhookId);
  });

  it("leaves every one of B's resources as it was, once A's writes have gone through the pipeline", async () => {
    // A's detractor (FEEDBACK_ID, nps 2) becomes A's action: the events A caused were processed.
    const aCust = await pseudonymOf(suite.listen, keys[A].read, 'a-cust');
    await eventually(async () => {
      const r = await call(keys[A].read, 'act', 'GET', '/v1/actions');
      return r.body.items.some((x: { customerId: string | null }) => x.customerId === aCust);
    }, 30_000);
    await eventually(async () => {
      const r = await call(keys[A].read, 'measure', 'GET', '/v1/indicators?scope=touchpoint:a-desk');
      return r.body.items.length > 0;
    }, 60_000);
    for (const id of a.erasures)
      await eventually(async () => {
        const s = (await call(keys[A].admin, 'listen', 'GET', `/v1/privacy/erasures/${id}`)).body;
        return s.services.measure.status === 'erased' && s.services.act.status === 'erased';
      }, 30_000);
    const after = await snapshotOfB();
    expect(after).toEqual(before);
  });
});

describe('keys', () => {
  let routes: Record<LoopServiceName, ServiceRoute[]>;
  const guarded = new Set<string>();

  beforeAll(async () => {
    const [listen, measure, act] = await Promise.all(
      (['listen', 'measure', 'act'] as const).map((s) => serviceRoutes(suite.stack, s)),
    );
    routes = { listen, measure, act };
  });

  /** A concrete path for a pattern (the guard answers before any parameter is looked at). */
  const concrete = (pattern: string) =>
    pattern
      .replace(':id', randomUUID())
      .replace(':command', 'acknowledge')
      .replace(':customerId', 'c-1')
      .replace(':team', 'ops')
      .replace(':externalRef', 'CX-0')
      .replace(':prefix', 'ck_00000000');

  it('only health and metrics answer without a key; every other route says 401', async () => {
    for (const svc of ['listen', 'measure', 'act'] as const) {
      const open = routes[svc].filter((r) => r.public).map((r) => `${r.method} ${r.path}`);
      expect(open.sort()).toEqual(['GET /health/live', 'GET /health/ready', 'GET /metrics']);
      for (const r of routes[svc]) {
        const path = concrete(r.path);
        const none = await call(null, svc, r.method, path, r.method === 'GET' ? undefined : {});
        if (r.public) {
          expect({ path, status: none.status }).toEqual({ path, status: 200 });
          continue;
        }
        expect({ route: r.path, method: r.method, status: none.status }).toEqual({
          route: r.path,
          method: r.method,
          status: 401,
        });
        expect(none.type).toContain('application/problem+json');
        const garbage = await call('ck_00000000_nope', svc, r.method, path);
        expect({ route: r.path, status: garbage.status }).toEqual({ route: r.path, status: 401 });
        guarded.add(`${svc} ${r.method} ${r.path}`);
      }
    }
  });

  it('a revoked key gets 401 everywhere', async () => {
    const key = createTenant(suite.stack, A, 'ingest,read,admin');
    await revoke(key);
    for (const svc of ['listen', 'measure', 'act'] as const)
      for (const r of routes[svc].filter((x) => !x.public)) {
        const res = await call(key, svc, r.method, concrete(r.path));
        expect({ route: r.path, status: res.status, detail: res.body.detail }).toEqual({
          route: r.path,
          status: 401,
          detail: 'unknown or revoked API key',
        });
      }
  });

  it('a key in use stops working on every service as soon as it is revoked, not when its cache expires', async () => {
    const key = createTenant(suite.stack, A, 'read');
    const probes: [LoopServiceName, string][] = [
      ['listen', '/v1/contact-policy'],
      ['measure', '/v1/gaps'],
      ['act', '/v1/actions'],
    ];
    for (const [svc, path] of probes) expect((await call(key, svc, 'GET', path)).status).toBe(200);
    await revoke(key);
    // Within 5 s of the revocation's commit for all three (the CLI's own start-up, seconds on a
    // loaded machine, is not the services' reaction): well inside the 30 s a lookup stays cached.
    await eventually(
      async () =>
        (await Promise.all(probes.map(([svc, path]) => call(key, svc, 'GET', path)))).every(
          (r) => r.status === 401,
        ),
      5_000,
      50,
    );
  });

  it('a key without the route’s scope gets 403', async () => {
    const lacking = { read: keys[A].ingest, ingest: keys[A].read, act: keys[A].read, admin: null } as const;
    for (const svc of ['listen', 'measure', 'act'] as const)
      for (const r of routes[svc].filter((x) => !x.public)) {
        const scope = r.scope!;
        const tries = scope === 'admin' ? [keys[A].read, keys[A].ingest, keys[A].act] : [lacking[scope]];
        for (const key of tries) {
          const res = await call(key, svc, r.method, concrete(r.path));
          expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({
            route: `${r.method} ${r.path}`,
            status: 403,
          });
          expect(res.body.detail).toBe(`this key lacks the "${scope}" scope`);
        }
      }
  });

  it('an ingest-only key reads nothing anywhere: 403 and no data on every read route', async () => {
    let reads = 0;
    for (const svc of ['listen', 'measure', 'act'] as const)
      for (const r of routes[svc].filter((x) => !x.public && x.method === 'GET')) {
        const res = await call(keys[B].ingest, svc, 'GET', concrete(r.path));
        expect({ route: r.path, status: res.status }).toEqual({ route: r.path, status: 403 });
        expect(Object.keys(res.body).sort()).toEqual([
          'detail',
          'instance',
          'permission',
          'status',
          'title',
          'type',
        ]);
        reads++;
      }
    expect(reads).toBeGreaterThan(20);
  });

  it('an act key works actions and nothing else', async () => {
    for (const svc of ['listen', 'measure', 'act'] as const)
      for (const r of routes[svc].filter((x) => !x.public)) {
        const res = await call(
          keys[A].act,
          svc,
          r.method,
          concrete(r.path),
          r.method === 'GET' ? undefined : {},
        );
        const route = `${svc} ${r.method} ${r.path}`;
        // Allowed routes answer for the (random) action itself: 404, or 400 for the empty body.
        if (r.permission === 'act')
          expect({ route, status: [400, 404].includes(res.status) }).toEqual({ route, status: true });
        else expect({ route, status: res.status }).toEqual({ route, status: 403 });
      }
  });

  it("each person's role gets exactly what the route's permission allows, on every route", async () => {
    const roleOf = {
      admin: 'admin',
      manager: 'manager',
      agentA: 'agent',
      agentB: 'agent',
      viewer: 'viewer',
    } as const;
    for (const who of ['viewer', 'agentA', 'manager', 'admin'] as const) {
      const t = await token(A, who);
      for (const svc of ['listen', 'measure', 'act'] as const)
        for (const r of routes[svc].filter((x) => !x.public)) {
          const res = await call(t, svc, r.method, concrete(r.path), r.method === 'GET' ? undefined : {});
          const route = `${who} ${svc} ${r.method} ${r.path}`;
          if (r.roles.includes(roleOf[who]))
            expect({ route, refused: [401, 403].includes(res.status) }).toEqual({ route, refused: false });
          else {
            expect({ route, status: res.status }).toEqual({ route, status: 403 });
            expect(res.body.detail).toContain(`your roles (${roleOf[who]})`);
          }
        }
    }
    // Customer ids behind pseudonyms: people who may see customers (read:customers), not viewers;
    // choosing raw ids on topics: the admin alone.
    const rolesOf = (method: string, path: string) =>
      routes.listen
        .find((r) => r.method === method && r.path === path)
        ?.roles.slice()
        .sort();
    expect(rolesOf('POST', '/v1/privacy/pseudonyms/resolve')).toEqual(['admin', 'agent', 'manager']);
    expect(rolesOf('POST', '/v1/privacy/pseudonyms')).toEqual(['admin', 'agent', 'manager']);
    expect(rolesOf('PUT', '/v1/privacy/topic-ids')).toEqual(['admin']);
    // Users, keys and the audit trail are the admin's alone.
    const adminOnly = (['listen', 'measure', 'act'] as const).flatMap((svc) =>
      routes[svc]
        .filter((r) => /^\/v1\/(users|keys|audit)/.test(r.path))
        .map((r) => `${r.path} ${r.roles.join(',')}`),
    );
    expect(adminOnly.length).toBe(6);
    expect(adminOnly.every((x) => x.endsWith(' admin'))).toBe(true);
  });

  it("a viewer of B sees none of B's customer ids or comments in any read", async () => {
    const viewer = await token(B, 'viewer');
    const agent = await token(B, 'agentA');
    // The pseudonyms act and the topics name B's customers by are customer data too.
    const secrets = [CUSTOMER, b.pseudonym, b.pseudonym2, 'Pessimo servizio', 'Ottimo', `import ${MARK}`];
    const reads: [LoopServiceName, string][] = [
      ['listen', '/v1/feedback'],
      ['listen', `/v1/feedback/${FEEDBACK_ID}`],
      ['listen', `/v1/feedback/${DETRACTOR_ID}`],
      ['listen', `/v1/interactions/${INTERACTION_ID}`],
      ['listen', `/v1/imports/${IMPORT_ID}`],
      ['listen', `/v1/contact-policy/${CUSTOMER}?channel=voice`],
      ['measure', '/v1/gaps'],
      ['measure', `/v1/indicators?scope=touchpoint:${TOUCHPOINT}`],
      ['measure', '/v1/drivers'],
      ['act', '/v1/actions'],
      ['act', `/v1/actions/${b.actionId}`],
      ['act', `/v1/webhooks/${b.webhookId}/deliveries`],
    ];
    let shown = 0;
    for (const [svc, path] of reads) {
      const v = await call(viewer, svc, 'GET', path);
      expect({ path, status: [200, 403].includes(v.status) }).toEqual({ path, status: true });
      // The path the viewer sent may come back (a problem's `instance`); nothing else of B's customers.
      const answer = v.text.split(path.split('?')[0]).join('<sent>');
      for (const s of secrets) expect({ path, leaks: answer.includes(s) }).toEqual({ path, leaks: false });
      // The same read as an agent does show them: the check above can fail.
      const a = await call(agent, svc, 'GET', path);
      if (secrets.some((s) => a.text.includes(s))) shown++;
    }
    expect(shown).toBeGreaterThanOrEqual(5);
    const list = await call(viewer, 'act', 'GET', '/v1/actions');
    const mine = list.body.items.find((x: { id: string }) => x.id === b.actionId);
    expect({ customerId: mine.customerId, description: mine.description }).toEqual({
      customerId: '[redacted]',
      description: '[redacted]',
    });
  });

  describe('through the console', () => {
    let con: RunningService;
    /** A request to the console with a session cookie (and its CSRF token) or an API key. */
    const viaConsole = (
      auth: { cookie?: string; csrfToken?: string; key?: string },
      method: string,
      path: string,
      body?: unknown,
    ): Promise<Reply> =>
      callService(con, auth.key ?? null, method, path, body, {
        headers: {
          ...(auth.cookie ? { cookie: auth.cookie } : {}),
          ...(auth.csrfToken ? { 'x-csrf-token': auth.csrfToken } : {}),
        },
      });
    const readRoutes = () =>
      (['listen', 'measure', 'act'] as const).flatMap((svc) =>
        routes[svc]
          .filter((r) => !r.public && r.method === 'GET')
          .map((r) => `/api/${svc}${concrete(r.path)}`),
      );

    beforeAll(async () => {
      con = await startService('console', suite.stack);
    });

    afterAll(async () => {
      expect(await con.stop()).toBe(0);
    });

    it("a session of A's manager reads nothing of B's through the console, on every read route", async () => {
      const m = usersOfTenant(A).manager;
      const s = await signInToConsole(con.url, m.login, m.password);
      expect(s.session).toMatchObject({ kind: 'user', tenantId: A, roles: ['manager'] });
      // What only B has: its touchpoint (A reused B's ids and customer id, never its touchpoint) and comments.
      const secrets = [TOUCHPOINT, `Ottimo ${MARK}parola`, `Pessimo servizio ${MARK}`];
      for (const path of [
        `/api/act/v1/actions/${b.actionId}`,
        `/api/act/v1/webhooks/${b.webhookId}/deliveries`,
      ]) {
        const r = await viaConsole(s, 'GET', path);
        expect({ path, status: r.status }).toEqual({ path, status: 404 });
      }
      let reads = 0;
      for (const path of [
        ...readRoutes(),
        '/api/act/v1/actions?limit=500',
        '/api/listen/v1/feedback',
        `/api/listen/v1/feedback/${FEEDBACK_ID}`,
        `/api/listen/v1/feedback/${DETRACTOR_ID}`,
        `/api/listen/v1/interactions/${INTERACTION_ID}`,
        `/api/listen/v1/imports/${IMPORT_ID}`,
      ]) {
        const r = await viaConsole(s, 'GET', path);
        expect({ path, status: r.status < 500 }).toEqual({ path, status: true });
        for (const x of secrets) expect({ path, leaks: r.text.includes(x) }).toEqual({ path, leaks: false });
        reads++;
      }
      expect(reads).toBeGreaterThan(20);
      // B's own admin, through the same console, does see its data: the check above can fail.
      const mine = await viaConsole({ key: keys[B].admin }, 'GET', `/api/listen/v1/feedback/${FEEDBACK_ID}`);
      expect(mine.status).toBe(200);
      expect(secrets.some((x) => mine.text.includes(x))).toBe(true);
      const change = await viaConsole(s, 'POST', `/api/act/v1/actions/${b.actionId}/acknowledge`, {});
      expect(change.status).toBe(404);
    });

    it("the live stream of A's session carries A's events and none of B's", async () => {
      const v = usersOfTenant(A).viewer;
      const s = await signInToConsole(con.url, v.login, v.password);
      const res = await fetch(`${con.url}/api/events`, { headers: { cookie: s.cookie } });
      expect(res.status).toBe(200);
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = (await reader.read()).value!;
      expect(text).toContain(`"tenantId":"${A}"`);
      const mark = `${RUN}-live`;
      expect(
        (
          await call(keys[B].admin, 'listen', 'POST', '/v1/feedback', {
            id: `${MARK}-live`,
            touchpoint: TOUCHPOINT,
            nps: 3,
            comment: `B ${MARK}`,
          })
        ).status,
      ).toBe(202);
      expect(
        (
          await call(keys[A].admin, 'listen', 'POST', '/v1/feedback', {
            id: `a-${mark}`,
            touchpoint: 'a-desk',
            nps: 3,
            comment: `A ${mark}`,
          })
        ).status,
      ).toBe(202);
      // B's answer was sent first and lands on the same topic: by the time A's arrives, B's would have.
      while (!text.includes(`a-${mark}`)) text += (await reader.read()).value!;
      expect(text).not.toContain(`${MARK}-live`);
      expect(text).not.toContain(TOUCHPOINT);
      // A viewer's stream has the comments cut out.
      expect(text).not.toContain(`A ${mark}`);
      await reader.cancel();
    });

    it('an ingest-only key gets nothing from the console: 403 on the live stream (not one event byte), the session and every read route', async () => {
      const events = await viaConsole({ key: keys[B].ingest }, 'GET', '/api/events');
      expect(events.status).toBe(403);
      expect(events.type).toBe('application/problem+json');
      expect(events.text).not.toMatch(/event:|data:/);
      expect((await viaConsole({ key: keys[B].ingest }, 'GET', '/api/session')).status).toBe(403);
      for (const path of readRoutes()) {
        const r = await viaConsole({ key: keys[B].ingest }, 'GET', path);
        expect({ path, status: r.status }).toEqual({ path, status: 403 });
        for (const x of [TOUCHPOINT, `Pessimo servizio ${MARK}`])
          expect({ path, leaks: r.text.includes(x) }).toEqual({ path, leaks: false });
      }
    });

    it('without a session or key every console API route says 401, and a revoked session too', async () => {
      for (const path of ['/api/session', '/api/events', ...readRoutes()]) {
        const r = await viaConsole({}, 'GET', path);
        expect({ path, status: r.status }).toEqual({ path, status: 401 });
      }
      expect((await viaConsole({}, 'POST', '/api/act/v1/actions/x/acknowledge', {})).status).toBe(401);
      expect((await viaConsole({ cookie: 'continuum_session=forged' }, 'GET', '/api/session')).status).toBe(
        401,
      );
      const manager = usersOfTenant(A).manager;
      const s = await signInToConsole(con.url, manager.login, manager.password);
      // A change without the session's CSRF token is refused before any service sees it.
      const id = randomUUID();
      expect(
        (await viaConsole({ cookie: s.cookie }, 'POST', `/api/act/v1/actions/${id}/acknowledge`, {})).status,
      ).toBe(403);
      expect((await viaConsole(s, 'POST', `/api/act/v1/actions/${id}/acknowledge`, {})).status).toBe(404);
      const out = await viaConsole(s, 'POST', '/auth/logout');
      expect(out.status).toBe(200);
      expect(out.body.logoutUrl.startsWith(`${suite.stack.oidcIssuer}/`)).toBe(true);
      expect((await viaConsole(s, 'GET', '/api/session')).status).toBe(401);
      expect((await viaConsole(s, 'GET', '/api/events')).status).toBe(401);
    });

    it('a session ends after its idle time and at its absolute expiry, whatever happens meanwhile', async () => {
      const v = usersOfTenant(A).viewer;
      const db = new Client({ connectionString: suite.stack.databaseUrl });
      await db.connect();
      try {
        const idle = await signInToConsole(con.url, v.login, v.password);
        const max = await signInToConsole(con.url, v.login, v.password);
        const hashOf = (cookie: string) =>
          createHash('sha256').update(cookie.split('continuum_session=')[1].split(';')[0]).digest();
        // The clock moved on: 31 minutes without a request (idle limit 30), or past the absolute end.
        await db.query(
          `UPDATE console.sessions SET last_seen_at = now() - interval '31 minutes' WHERE id_hash = $1`,
          [hashOf(idle.cookie)],
        );
        await db.query(`UPDATE console.sessions SET expires_at = now() WHERE id_hash = $1`, [
          hashOf(max.cookie),
        ]);
        expect((await viaConsole(idle, 'GET', '/api/session')).status).toBe(401);
        expect((await viaConsole(max, 'GET', '/api/events')).status).toBe(401);
        // Both rows are gone, not only refused.
        const left = await db.query(`SELECT 1 FROM console.sessions WHERE id_hash = ANY($1)`, [
          [hashOf(idle.cookie), hashOf(max.cookie)],
        ]);
        expect(left.rowCount).toBe(0);
      } finally {
        await db.end();
      }
    });
  });

  it('covers every route each service registers: a new endpoint needs an isolation check here', () => {
    const all = (['listen', 'measure', 'act'] as const).flatMap((svc) =>
      routes[svc].filter((r) => !r.public).map((r) => `${svc} ${r.method} ${r.path}`),
    );
    expect(all.length).toBeGreaterThan(30);
    expect(all.filter((r) => !isolated.has(r))).toEqual([]);
    expect(all.filter((r) => !guarded.has(r))).toEqual([]);
    // And nothing is covered that no service registers (a renamed route would hide here).
    expect([...isolated].filter((r) => !all.includes(r))).toEqual([]);
  });
});
