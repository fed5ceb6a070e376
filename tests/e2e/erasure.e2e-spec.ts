/**
 * Erasure and subject access through the real stack (issue 20 items 1 and 5). One customer goes
 * through every path — feedback with a comment over HTTP and on the raw topic, an interaction, an
 * e-mail invitation answered on collect, a follow-up action delivered to a webhook and a team's
 * chat channel — and is then erased. Every read API answers as for a customer never seen, a scan of
 * every row of listen's, measure's, act's and collect's schemas finds neither their id, nor their
 * comments, nor their e-mail (the same scan before the erasure finds them all), the indicators are
 * unchanged, and every service confirmed on `cx.privacy.erased.v1`. The same customer id at
 * another tenant, and another customer of the same tenant, keep everything. Topics and act name
 * the customer by pseudonym only; after the erasure no row holds it and it resolves to nothing. On
 * the topics, which Kafka never rewrites, the customer's comments travel sealed with their data key
 * (crypto-shredding): they open with it before the erasure, and the erasure deletes it.
 */
import { Client } from 'pg';
import {
  ERASING_SERVICES,
  openSealed,
  Topic,
  TOPICS,
  type ActionChangedV1,
  type FeedbackRecordedV1,
} from '@continuum/contracts';
import {
  callService,
  createTenant,
  e2eSuite,
  eventually,
  listenMailing,
  produce,
  pseudonymOf,
  TopicRecorder,
  type RunningService,
  type SeenRecord,
} from '@continuum/testing';

jest.setTimeout(240_000);

const RUN = Date.now().toString(36);
const TENANT = `erasure-${RUN}`;
const OTHER = `erasure-other-${RUN}`;
const TP = 'erz-desk';
const TEAM = 'erz-team';
/** The customer to erase, and what only they said or gave (each a needle for the scans). */
const CUST = `erzcust${RUN}`;
const EMAIL = `erzmail${RUN}@example.test`;
const HTTP_COMMENT = `Attesa lunghissima ${RUN}alfa, nessuno risponde`;
const RAW_COMMENT = `Fattura sbagliata ${RUN}beta di nuovo`;
const ANSWER_COMMENT = `Operatore scortese ${RUN}gamma al telefono`;
const NEEDLES = [CUST, EMAIL, HTTP_COMMENT, RAW_COMMENT, ANSWER_COMMENT];
/** Another customer of the same tenant: untouched by the erasure. */
const KEPT = `erzkept${RUN}`;
const SCHEMAS = ['listen', 'measure', 'act', 'collect'];
/** The customer's pseudonym, as topics and act name them (a needle of the row scans too). */
let PSEUDONYM = '';
/** How topics name the kept customer, and the erased customer's id at the other tenant. */
let KEPT_PSEUDONYM = '';
let OTHER_PSEUDONYM = '';

let db: Client;

const api = (svc: RunningService, method: string, path: string, body?: unknown) =>
  callService(svc, suite.key, method, path, body);

const SURVEY = {
  touchpoints: [TP],
  question: { type: 'nps', text: { it: 'Ci consiglieresti?', en: 'Would you recommend us?' } },
  comment: { text: { it: 'Vuoi dirci di più?', en: 'Anything to add?' } },
  thankYou: { it: 'Grazie.', en: 'Thank you.' },
  invitation: {
    subject: { it: 'Una domanda', en: 'One question' },
    intro: { it: 'Un tocco.', en: 'One tap.' },
  },
};

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** Every row of the four schemas whose text holds a needle (or the pseudonym), as `schema.table: needle`. */
async function scan(): Promise<string[]> {
  const needles = [...NEEDLES, PSEUDONYM];
  const tables = await db.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
    [SCHEMAS],
  );
  const hits = new Set<string>();
  for (const { schema, name } of tables.rows) {
    const rows = await db.query<{ row: string; tenant: string | null }>(
      `SELECT t::text AS row, to_jsonb(t)->>'tenant_id' AS tenant FROM "${schema}"."${name}" t
       WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) n WHERE strpos(t::text, n) > 0)`,
      [needles],
    );
    // The other tenant's rows name the same customer id by design: theirs are not erased.
    for (const r of rows.rows.filter((x) => x.tenant !== OTHER))
      for (const n of needles) if (r.row.includes(n)) hits.add(`${schema}.${name}: ${n}`);
  }
  return [...hits].sort();
}

interface Item {
  indicator: string;
  value: number;
  n: number;
  cycle: { length: string };
}

/** Every record of `topics` from the log start, once the reader has caught up. */
async function allRecords(topics: string[]): Promise<SeenRecord[]> {
  const all = await TopicRecorder.start(suite.stack, topics);
  try {
    await all.caughtUp(60_000);
    return [...all.seen];
  } finally {
    await all.stop();
  }
}

/** The data keys of a tenant's subjects (the customer id as published), as tenancy holds them. */
async function subjectKeys(tenantId: string, subjects: string[]): Promise<Map<string, Buffer>> {
  const rows = await db.query<{ subject: string; key: Buffer }>(
    `SELECT subject, key FROM tenancy.subject_keys WHERE tenant_id = $1 AND subject = ANY($2::text[])`,
    [tenantId, subjects],
  );
  return new Map(rows.rows.map((r) => [r.subject, r.key]));
}

const indicators = async () =>
  (await api(suite.measure, 'GET', `/v1/indicators?scope=touchpoint:${TP}`)).body as { items: Item[] };

const suite = e2eSuite({
  tenants: [TENANT, OTHER],
  record: [Topic.PrivacyErasure, Topic.PrivacyErased],
  smtp: true,
  receiver: true,
  services: {
    listen: (s) => ({ ...listenMailing(s), LISTEN_RAW_PURGE_INTERVAL_MS: '300' }),
    // The retention jobs run often here, so "after the job ran" is a condition to wait for.
    measure: { MEASURE_RETENTION_INTERVAL_MS: '300' },
    act: { ACT_WEBHOOK_POLL_MS: '100', ACT_RETENTION_INTERVAL_MS: '300' },
    collect: {},
  },
});
const receiverUrl = () => `${suite.receiver.url}/hook`;
const received = () => suite.receiver.hits.map((h) => h.body);

beforeAll(async () => {
  db = new Client({ connectionString: suite.stack.databaseUrl });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
});

let actionId = '';
let answerLink = '';
let beforeErasure: { items: Item[] };
let erasureId = '';
let measureAccess = '';
/** The erased customer's id as the topics publish it: what their data key is kept under. */
let sealedFor = '';

describe('a customer through every path', () => {
  it('is configured: journey, survey, contact, webhook, team channel', async () => {
    const journey = {
      stages: [{ id: 'erz-care', name: 'Care', owner: TEAM }],
      touchpoints: [{ id: TP, name: 'Desk', stage: 'erz-care', channel: 'voice' }],
      cycle: 'day',
      timeZone: 'UTC',
    };
    expect((await api(suite.listen, 'PUT', '/v1/journey', journey)).status).toBe(200);
    expect((await api(suite.listen, 'PUT', '/v1/surveys/erz-survey', SURVEY)).status).toBe(200);
    const contact = await api(suite.listen, 'PUT', `/v1/contacts/${CUST}`, {
      email: EMAIL,
      language: 'it',
      consentToSurvey: true,
    });
    expect(contact.status).toBe(200);
    expect(
      (await api(suite.act, 'POST', '/v1/webhooks', { url: receiverUrl(), eventTypes: ['*'] })).status,
    ).toBe(201);
    const ch = await api(suite.act, 'PUT', `/v1/teams/${TEAM}/channels`, {
      channels: [{ kind: 'slack', url: `${receiverUrl()}?team=${TEAM}` }],
    });
    expect(ch.status).toBe(200);
  });

  it('answers an invitation, gives feedback over HTTP and on the raw topic, has an interaction', async () => {
    // The invitation first: the contact policy would hold it back right after an answer.
    const inv = await api(suite.listen, 'POST', '/v1/invitations', {
      id: `erz-inv-${RUN}`,
      customerId: CUST,
      channel: 'email',
      touchpoint: TP,
      address: EMAIL,
      language: 'it',
    });
    expect(inv.body).toMatchObject({ status: 'recorded' });
    const [mail] = await suite.smtp.waitFor((m) => m.envelopeTo.includes(EMAIL));
    answerLink = /(http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(mail.text)![1];
    const answered = await fetch(answerLink, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ score: '3', comment: ANSWER_COMMENT }).toString(),
    });
    expect(answered.status).toBe(200);
    const fb = await api(suite.listen, 'POST', '/v1/feedback', [
      {
        id: `erz-fb-http-${RUN}`,
        touchpoint: TP,
        nps: 2,
        comment: HTTP_COMMENT,
        customerId: CUST,
        consentToContact: true,
        occurredAt: ago(30),
      },
      { id: `erz-fb-kept-${RUN}`, touchpoint: TP, nps: 9, comment: 'Tutto bene', customerId: KEPT },
    ]);
    expect(fb.body).toMatchObject({ accepted: 2 });
    await produce(suite.stack, Topic.FeedbackRaw, [
      {
        key: `${TENANT}:${CUST}`,
        value: JSON.stringify({
          tenantId: TENANT,
          id: `erz-fb-raw-${RUN}`,
          touchpoint: TP,
          nps: 7,
          comment: RAW_COMMENT,
          customerId: CUST,
          occurredAt: ago(20),
        }),
      },
    ]);
    const ix = await api(suite.listen, 'POST', '/v1/interactions', {
      id: `erz-ix-${RUN}`,
      customerId: CUST,
      channel: 'voice',
      touchpoint: TP,
      outcome: 'handled',
      startedAt: ago(40),
      endedAt: ago(35),
    });
    expect(ix.status).toBe(202);
    // The same customer id at another tenant: theirs to keep.
    const other = await callService(suite.listen, suite.keys[OTHER], 'POST', '/v1/feedback', {
      id: `erz-fb-other-${RUN}`,
      touchpoint: TP,
      nps: 4,
      comment: 'Altro tenant',
      customerId: CUST,
    });
    expect(other.status).toBe(202);
  });

  it('is recorded everywhere: listen, measure, act (an action delivered to the webhook and the team)', async () => {
    await eventually(async () => {
      const r = await api(suite.listen, 'GET', '/v1/feedback?limit=500');
      return (r.body.items as { customerId: string }[]).filter((f) => f.customerId === CUST).length === 3;
    }, 60_000);
    beforeErasure = await eventually(async () => {
      const body = await indicators();
      const n = (id: string) => body.items.filter((x) => x.indicator === id && x.cycle.length === 'day');
      return n('responses/count/v1').reduce((s, x) => s + x.value, 0) === 4 &&
        n('abandonment/rate/v1').reduce((s, x) => s + x.n, 0) === 1
        ? body
        : null;
    }, 60_000);
    PSEUDONYM = await pseudonymOf(suite.listen, suite.key, CUST);
    expect(PSEUDONYM).not.toContain(CUST);
    KEPT_PSEUDONYM = await pseudonymOf(suite.listen, suite.key, KEPT);
    OTHER_PSEUDONYM = await pseudonymOf(suite.listen, suite.keys[OTHER], CUST);
    // A pseudonym per tenant: the same id at another tenant is another subject.
    expect(OTHER_PSEUDONYM).not.toBe(PSEUDONYM);
    const action = await eventually(async () => {
      const r = await api(suite.act, 'GET', '/v1/actions');
      return (r.body.items as { id: string; customerId: string | null }[]).find(
        (a) => a.customerId === PSEUDONYM,
      );
    }, 30_000);
    actionId = action.id;
    await eventually(
      async () => received().some((b) => b.includes(actionId) && b.includes(PSEUDONYM)),
      30_000,
    );
    // act, its webhook and its notifications never saw the customer's id.
    expect(received().filter((b) => b.includes(CUST))).toEqual([]);
    await eventually(async () => {
      const r = await api(suite.act, 'GET', `/v1/notifications?actionId=${actionId}`);
      return (
        r.body.items.length > 0 && r.body.items.every((n: { status: string }) => n.status === 'delivered')
      );
    }, 30_000);
  });

  it('is found by the scan of every row before the erasure (the scan can fail)', async () => {
    const hits = await scan();
    for (const needle of [...NEEDLES, PSEUDONYM])
      expect({ needle, found: hits.some((h) => h.endsWith(`: ${needle}`)) }).toEqual({ needle, found: true });
    for (const table of [
      'listen.feedback',
      'listen.interactions',
      'listen.invitations',
      'listen.customer_contacts',
      'listen.pseudonyms',
      'measure.comment_samples',
      'act.actions',
      'act.webhook_deliveries',
      'collect.answers',
    ])
      expect({ table, found: hits.some((h) => h.startsWith(`${table}:`)) }).toEqual({ table, found: true });
  });

  it('travels on the topics with its comments sealed, which open with its data key (the check can fail)', async () => {
    const records = await allRecords([Topic.FeedbackRecorded, Topic.Actions]);
    const ofTenant = records.filter((r) => r.headers.ce_tenantid === TENANT);
    const feedback = ofTenant
      .filter((r) => r.topic === (Topic.FeedbackRecorded as string))
      .map((r) => JSON.parse(r.value!) as FeedbackRecordedV1);
    const sealed = feedback.filter((f) => f.sealedComment !== undefined);
    // Every comment of feedback naming a customer is sealed; none is in clear beside it.
    expect(feedback.filter((f) => f.customerId !== null && f.comment !== null)).toEqual([]);
    const mine = sealed.find((f) => f.feedbackId === `erz-fb-http-${RUN}`);
    expect(mine).toBeDefined();
    sealedFor = mine!.customerId!;
    const keys = await subjectKeys(TENANT, [...new Set(sealed.map((f) => f.customerId!))]);
    const open = (subject: string, envelope: string | undefined) =>
      envelope === undefined ? null : openSealed(keys.get(subject)!, TENANT, subject, envelope);
    const opened = sealed.map((f) => open(f.customerId!, f.sealedComment));
    expect(opened.sort()).toEqual([HTTP_COMMENT, RAW_COMMENT, ANSWER_COMMENT, 'Tutto bene'].sort());
    // Sealed for one customer, it does not open as another's.
    expect(sealedFor).toBe(PSEUDONYM);
    expect(openSealed(keys.get(sealedFor)!, TENANT, KEPT_PSEUDONYM, mine!.sealedComment!)).toBeNull();
    // The follow-up action quotes two of the comments: sealed on cx.actions.v1 too.
    const changes = ofTenant
      .filter((r) => r.topic === (Topic.Actions as string) && r.headers.ce_subject === actionId)
      .map((r) => JSON.parse(r.value!) as ActionChangedV1);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.action.description === '[sealed]' && c.comment === null)).toBe(true);
    const texts = changes.flatMap((c) => [
      open(c.action.customerId!, c.action.sealedDescription),
      open(c.action.customerId!, c.sealedComment),
    ]);
    expect(texts.join('\n')).toContain(HTTP_COMMENT);
    expect(texts.join('\n')).toContain(ANSWER_COMMENT);
  });

  it("is in each service's part of a subject access request", async () => {
    const r = await api(suite.listen, 'GET', `/v1/privacy/customers/${CUST}`);
    expect(r.status).toBe(200);
    expect(r.body.pseudonym).toBe(PSEUDONYM);
    expect(r.body.tables.pseudonyms).toEqual([{ pseudonym: PSEUDONYM, customer_id: CUST }]);
    const ids = r.body.tables.feedback.map((f: { id: string }) => f.id) as string[];
    expect(ids.sort()).toEqual([
      `erz-fb-http-${RUN}`,
      `erz-fb-raw-${RUN}`,
      expect.stringMatching(/^survey-answer:/),
    ]);
    expect(r.body.tables.interactions).toHaveLength(1);
    expect(r.body.tables.invitations).toEqual([expect.objectContaining({ address: EMAIL })]);
    expect(r.body.tables.customer_contacts).toEqual([expect.objectContaining({ email: EMAIL })]);
    expect(r.text).toContain(HTTP_COMMENT);
    // measure's copies, by the feedback ids listen's part names.
    const m = await api(suite.measure, 'GET', r.body.elsewhere.measure.replace('GET ', ''));
    expect(m.status).toBe(200);
    expect(m.body.tables.comment_samples.map((c: { comment: string }) => c.comment)).toEqual(
      expect.arrayContaining([HTTP_COMMENT, ANSWER_COMMENT]),
    );
    const a = await api(suite.act, 'GET', r.body.elsewhere.act.replace('GET ', ''));
    expect(a.body.tables.actions).toEqual([
      expect.objectContaining({ id: actionId, customer_id: PSEUDONYM }),
    ]);
    expect(a.body.tables.webhook_deliveries.length).toBeGreaterThan(0);
    measureAccess = r.body.elsewhere.measure.replace('GET ', '');
  });
});

describe('erased', () => {
  it('answers 202 with listen done, then every service confirms on cx.privacy.erased.v1', async () => {
    const bad = await api(suite.listen, 'POST', '/v1/privacy/erasures', { customerId: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'customerId' })]);
    const r = await api(suite.listen, 'POST', '/v1/privacy/erasures', { customerId: CUST });
    expect(r.status).toBe(202);
    erasureId = r.body.id;
    expect(r.body.services.listen).toMatchObject({ status: 'erased' });
    expect(r.body.services.listen.rows['listen.feedback']).toBe(3);
    expect(r.body.services.listen.rows['tenancy.subject_keys']).toBe(1);
    const done = await eventually(async () => {
      const s = await api(suite.listen, 'GET', `/v1/privacy/erasures/${erasureId}`);
      return s.body.status === 'completed' ? s.body : null;
    }, 60_000);
    expect(Object.keys(done.services).sort()).toEqual([...ERASING_SERVICES].sort());
    expect(done.services.measure.rows['measure.comment_samples']).toBeGreaterThan(0);
    expect(done.services.act.rows['act.actions']).toBeGreaterThan(0);
    expect(done.services.collect.rows['collect.answers']).toBe(1);
    const confirmations = suite.recorder.where(
      (x) => x.topic === Topic.PrivacyErased && x.headers.ce_tenantid === TENANT,
    );
    expect(confirmations.map((x) => JSON.parse(x.value!).service).sort()).toEqual(
      [...ERASING_SERVICES].sort(),
    );
    // The request names the customer by pseudonym (integrators erase downstream by it), never by
    // the id; confirmations name neither.
    const [request] = suite.recorder.where(
      (x) => x.topic === Topic.PrivacyErasure && x.headers.ce_subject === erasureId,
    );
    expect(JSON.parse(request.value!)).toMatchObject({ erasureId, customerId: PSEUDONYM });
    expect(JSON.parse(request.value!)).not.toHaveProperty('rawCustomerId');
    expect(`${request.key} ${request.value}`).not.toContain(CUST);
    expect(confirmations.every((x) => !x.value!.includes(CUST) && !x.value!.includes(PSEUDONYM))).toBe(true);
    // The mapping went with the erasure: the pseudonym resolves to nothing any more.
    const resolved = await api(suite.listen, 'POST', '/v1/privacy/pseudonyms/resolve', {
      pseudonyms: [PSEUDONYM],
    });
    expect(resolved.body).toEqual({ customers: [{ pseudonym: PSEUDONYM, customerId: null }] });
    expect(
      (await api(suite.listen, 'GET', '/v1/privacy/erasures/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
  });

  it('leaves no row naming them, their comments or their e-mail in any schema', async () => {
    expect(await scan()).toEqual([]);
  });

  it('deletes their data key, and only theirs', async () => {
    expect([...(await subjectKeys(TENANT, [sealedFor, KEPT_PSEUDONYM])).keys()]).toEqual([KEPT_PSEUDONYM]);
    // The same customer id at the other tenant: another subject, another key, kept.
    expect((await subjectKeys(OTHER, [OTHER_PSEUDONYM])).size).toBe(1);
  });

  it('every read API answers as for a customer never seen', async () => {
    for (const path of [
      `/v1/feedback/erz-fb-http-${RUN}`,
      `/v1/feedback/erz-fb-raw-${RUN}`,
      `/v1/interactions/erz-ix-${RUN}`,
      `/v1/invitations/erz-inv-${RUN}`,
      `/v1/contacts/${CUST}`,
    ])
      expect({ path, status: (await api(suite.listen, 'GET', path)).status }).toEqual({ path, status: 404 });
    const listed = await api(suite.listen, 'GET', '/v1/feedback?limit=500');
    expect(listed.text).not.toContain(CUST);
    expect(listed.body.items.map((f: { customerId: string }) => f.customerId)).toContain(KEPT);
    const never = `erznever${RUN}`;
    const neverPseudonym = await pseudonymOf(suite.listen, suite.key, never);
    // Two customers' pseudonyms differ by construction: compared as `<p>`.
    const same = (text: string, id: string, pseudonym: string) =>
      JSON.parse(text.split(pseudonym).join('<p>').split(id).join('<c>')) as unknown;
    for (const [svc, path] of [
      [suite.listen, '/v1/contact-policy/{c}?channel=email'],
      [suite.listen, '/v1/privacy/customers/{c}'],
      [suite.act, '/v1/privacy/customers/{c}'],
      [suite.act, '/v1/privacy/customers/{p}'],
    ] as const) {
      const erased = await api(svc, 'GET', path.replace('{c}', CUST).replace('{p}', PSEUDONYM));
      const unseen = await api(svc, 'GET', path.replace('{c}', never).replace('{p}', neverPseudonym));
      expect({ path, status: erased.status, body: same(erased.text, CUST, PSEUDONYM) }).toEqual({
        path,
        status: unseen.status,
        body: same(unseen.text, never, neverPseudonym),
      });
    }
    const copies = await api(suite.measure, 'GET', measureAccess);
    expect(copies.body).toEqual({ service: 'measure', tables: { comment_samples: [], respondents: [] } });
    // The action stays (counts, SLAs, effectiveness) without anything of the customer.
    const action = await api(suite.act, 'GET', `/v1/actions/${actionId}`);
    expect(action.status).toBe(200);
    expect(action.body).toMatchObject({ customerId: null, description: '[erased]' });
    const actions = await api(suite.act, 'GET', '/v1/actions');
    for (const n of [...NEEDLES, PSEUDONYM]) expect(actions.text).not.toContain(n);
    expect((await api(suite.act, 'GET', `/v1/notifications?actionId=${actionId}`)).body.items).toEqual([]);
    const gaps = await api(suite.measure, 'GET', '/v1/gaps');
    for (const n of NEEDLES) expect(gaps.text).not.toContain(n);
    // The survey link names an invitation that no longer exists.
    expect((await fetch(answerLink)).status).toBe(404);
  });

  it('keeps every indicator as it was', async () => {
    expect(await indicators()).toEqual(beforeErasure);
  });

  it("keeps the other tenant's customer with the same id", async () => {
    const r = await callService(suite.listen, suite.keys[OTHER], 'GET', `/v1/feedback/erz-fb-other-${RUN}`);
    expect(r.body).toMatchObject({ customerId: CUST, comment: 'Altro tenant' });
    const access = await callService(suite.listen, suite.keys[OTHER], 'GET', `/v1/privacy/customers/${CUST}`);
    expect(access.body.tables.feedback).toHaveLength(1);
  });
});

describe('topics after the erasure', () => {
  /** Every record of every catalogue topic, from the log start, that holds a needle: `topic: needle`. */
  async function scanTopics(): Promise<string[]> {
    const hits = new Set<string>();
    const text = (r: SeenRecord) => `${r.key ?? ''} ${r.value ?? ''} ${JSON.stringify(r.headers)}`;
    for (const r of (await allRecords(TOPICS.map((t) => t.name))).filter((x) => !text(x).includes(OTHER)))
      for (const n of NEEDLES) if (text(r).includes(n)) hits.add(`${r.topic}: ${n}`);
    return [...hits].sort();
  }

  it('no record on any topic holds their id, their comments or their e-mail', async () => {
    const hits = await scanTopics();
    // Raw topics are purged once listen has committed (docs/privacy.md): nothing of the customer left.
    for (const raw of [Topic.FeedbackRaw, Topic.InteractionsRaw, Topic.InvitationsRaw])
      expect(hits.filter((h) => h.startsWith(`${raw}:`))).toEqual([]);
    // Published events are immutable. They name the customer by pseudonym only (issue 20 item 2),
    // unlinkable now that the mapping is gone, so the id is on no topic; the comments are on no
    // topic in clear: sealed with the customer's data key, deleted above. The e-mail address never
    // travels on a topic.
    console.log(`records naming the erased customer, by topic:\n${hits.join('\n')}`);
    expect(hits.filter((h) => h.endsWith(`: ${CUST}`))).toEqual([]);
    expect(hits).toEqual([]);
  });
});

describe('retention in measure and act', () => {
  const RT = `erasure-ret-${RUN}`;
  let rkey: string;
  const call = (svc: RunningService, method: string, path: string, body?: unknown) =>
    callService(svc, rkey, method, path, body);
  const EFFECTIVENESS = '/v1/actions/effectiveness?since=2020-01-01T00:00:00Z&until=2100-01-01T00:00:00Z';
  let hook = '';
  const detractor = (id: string, customerId: string, comment: string, occurredAt: string) => ({
    id,
    touchpoint: TP,
    nps: 1,
    comment,
    customerId,
    consentToContact: true,
    occurredAt,
  });
  /** The customer's action, found by the pseudonym act knows them by. */
  const actionOf = async (customerId: string) => {
    const pseudonym = await pseudonymOf(suite.listen, rkey, customerId);
    return eventually(async () => {
      const r = await call(suite.act, 'GET', '/v1/actions');
      return (r.body.items as { id: string; customerId: string | null }[]).find(
        (a) => a.customerId === pseudonym,
      );
    }, 30_000);
  };
  const deliveries = async () =>
    (await call(suite.act, 'GET', `/v1/webhooks/${hook}/deliveries`)).body.items as {
      id: string;
      status: string;
    }[];

  beforeAll(() => {
    rkey = createTenant(suite.stack, RT);
  });

  it('with 1-day limits clears older comment samples, resolved actions and deliveries; every count stays', async () => {
    const w = await call(suite.act, 'POST', '/v1/webhooks', { url: receiverUrl(), eventTypes: ['*'] });
    hook = w.body.id;
    expect(
      (
        await call(
          suite.listen,
          'POST',
          '/v1/feedback',
          detractor('ret-old', 'ret-c-old', `Vecchio ${RUN}delta`, ago(3 * 1440)),
        )
      ).status,
    ).toBe(202);
    const old = await actionOf('ret-c-old');
    expect(
      (await call(suite.act, 'POST', `/v1/actions/${old.id}/resolve`, { comment: `Richiamato ${RUN}` }))
        .status,
    ).toBe(200);
    await eventually(async () => {
      const d = await deliveries();
      return d.length >= 2 && d.every((x) => x.status === 'delivered');
    }, 30_000);
    // Standing in for the days that pass: the action was resolved, and its deliveries made, 3 days ago.
    await db.query(`UPDATE act.actions SET resolved_at = now() - interval '3 days' WHERE id = $1`, [old.id]);
    await db.query(
      `UPDATE act.webhook_deliveries SET created_at = now() - interval '3 days' WHERE tenant_id = $1`,
      [RT],
    );
    const oldDeliveries = (await deliveries()).map((d) => d.id);
    // A recent answer, its action and deliveries: within every limit.
    expect(
      (
        await call(
          suite.listen,
          'POST',
          '/v1/feedback',
          detractor('ret-new', 'ret-c-new', `Nuovo ${RUN}epsilon`, ago(60)),
        )
      ).status,
    ).toBe(202);
    const recent = await actionOf('ret-c-new');
    await eventually(async () => (await deliveries()).some((d) => !oldDeliveries.includes(d.id)), 30_000);
    const samples = async () =>
      (
        (await call(suite.measure, 'GET', '/v1/privacy/feedback?ids=ret-old,ret-new')).body.tables
          .comment_samples as {
          feedback_id: string;
        }[]
      ).map((c) => c.feedback_id);
    // One sample per cell the answer counts in; which answers still have any is what matters.
    const sampled = async () => [...new Set(await samples())].sort().join();
    await eventually(async () => (await sampled()) === 'ret-new,ret-old', 60_000);
    // A cycle may close meanwhile (measure's timer): its values, not its `closed` flag, are compared.
    const counts = async () => ({
      indicators: (
        (await call(suite.measure, 'GET', `/v1/indicators?scope=touchpoint:${TP}`)).body.items as Item[]
      ).map(({ closed: _, ...x }: Item & { closed?: boolean }) => x),
      effectiveness: (await call(suite.act, 'GET', EFFECTIVENESS)).body,
      actions: (await call(suite.act, 'GET', '/v1/actions')).body.total,
    });
    const before = await counts();
    expect(before.actions).toBe(2);

    const set = await call(suite.listen, 'PUT', '/v1/privacy/retention', {
      commentSampleDays: 1,
      resolvedActionDays: 1,
      deliveryLogDays: 1,
    });
    expect(set.body).toEqual({
      feedbackDays: null,
      interactionDays: null,
      commentSampleDays: 1,
      resolvedActionDays: 1,
      deliveryLogDays: 1,
    });
    expect((await call(suite.listen, 'GET', '/v1/privacy/retention')).body).toEqual(set.body);
    await eventually(async () => (await sampled()) === 'ret-new', 30_000);
    const cleared = await eventually(async () => {
      const a = (await call(suite.act, 'GET', `/v1/actions/${old.id}`)).body;
      return a.customerId === null ? a : null;
    }, 30_000);
    expect(cleared).toMatchObject({ status: 'resolved', description: '[erased]' });
    const oldPseudonym = await pseudonymOf(suite.listen, rkey, 'ret-c-old');
    for (const personal of ['ret-c-old', oldPseudonym, `${RUN}delta`, `Richiamato ${RUN}`])
      expect(JSON.stringify(cleared)).not.toContain(personal);
    await eventually(async () => (await deliveries()).every((d) => !oldDeliveries.includes(d.id)), 30_000);
    expect((await deliveries()).length).toBeGreaterThan(0);
    expect((await call(suite.act, 'GET', `/v1/actions/${recent.id}`)).body).toMatchObject({
      customerId: await pseudonymOf(suite.listen, rkey, 'ret-c-new'),
    });
    expect(await counts()).toEqual(before);
  });
});
