/**
 * Privacy through the real stack (issue 20): personal data in identifiers and segments is refused
 * at the HTTP door with the field named, and on the raw topic dead-lettered with a redacted copy,
 * the original kept only sealed for the replay tool. Retention: with a 1-day limit, listen's rows
 * older than a day go at the job's next run, newer ones stay, and measure's indicators are the same
 * (measure's and act's retention: tests/e2e/erasure.e2e-spec.ts). Customer ids on topics: a
 * pseudonym by default, resolved only for roles that may see customers; raw for a tenant that
 * opted in.
 */
import { DLT_HEADERS, Topic } from '@continuum/contracts';
import { openSealed } from '@continuum/kafka';
import {
  addOidcUsers,
  callService,
  createTenant,
  e2eSuite,
  eventually,
  produce,
  pseudonymOf,
  signIn,
  testDlqKeys,
  testKafka,
  usersOfTenant,
} from '@continuum/testing';

jest.setTimeout(180_000);

const TENANT = `privacy-${Date.now().toString(36)}`;

const call = (method: string, url: string, body?: unknown) =>
  callService(suite.listen, suite.key, method, url, body);

const suite = e2eSuite({
  tenants: [TENANT],
  record: [Topic.DeadLetter, Topic.FeedbackRecorded, Topic.FeedbackRaw],
  services: {
    // The retention job runs often here, so "after the job ran" is a condition to wait for.
    listen: { LISTEN_RETENTION_INTERVAL_MS: '300', LISTEN_RAW_PURGE_INTERVAL_MS: '300' },
    measure: {},
  },
});

describe('personal data in identifiers and segments', () => {
  it('refuses a phone number as a segment value with a 400 naming segment.<key>, and records nothing', async () => {
    const res = await call('POST', '/v1/feedback', {
      id: 'seg-phone',
      touchpoint: 'checkout',
      nps: 4,
      segment: { plan: 'fibra', richiamare: '+39 333 1234567' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        field: 'segment.richiamare',
        reason: 'segment.richiamare looks like personal data (phone); send a pseudonymous value instead',
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('1234567');
    expect((await call('GET', '/v1/feedback/seg-phone')).status).toBe(404);
  });

  it('refuses an e-mail as customer id, on feedback and interactions', async () => {
    const fb = await call('POST', '/v1/feedback', {
      id: 'id-mail',
      touchpoint: 'checkout',
      nps: 4,
      customerId: 'mario.rossi@gmail.com',
    });
    expect(fb.status).toBe(400);
    expect(fb.body.errors).toEqual([expect.objectContaining({ field: 'customerId' })]);
    const ix = await call('POST', '/v1/interactions', {
      id: 'ix-mail',
      customerId: 'mario.rossi@gmail.com',
      channel: 'voice',
      touchpoint: 'ivr',
      outcome: 'handled',
      startedAt: new Date(Date.now() - 600_000).toISOString(),
    });
    expect(ix.status).toBe(400);
    expect(ix.body.errors).toEqual([expect.objectContaining({ field: 'customerId' })]);
  });

  it('dead-letters the same feedback from the raw topic: reason and origin, a redacted copy, the original sealed', async () => {
    const original = JSON.stringify({
      tenantId: TENANT,
      id: 'raw-seg-phone',
      touchpoint: 'checkout',
      nps: 4,
      segment: { richiamare: '+39 333 1234567' },
    });
    // A valid record behind it: once it is recorded, listen has dealt with the one before it.
    const marker = JSON.stringify({ tenantId: TENANT, id: 'raw-marker', touchpoint: 'checkout', nps: 9 });
    await produce(suite.stack, Topic.FeedbackRaw, [
      { key: `${TENANT}:raw`, value: original },
      { key: `${TENANT}:raw`, value: marker },
    ]);
    const dead = await eventually(
      async () =>
        suite.recorder.where(
          (r) =>
            r.topic === Topic.DeadLetter &&
            r.headers[DLT_HEADERS.originalTopic] === Topic.FeedbackRaw &&
            (r.value ?? '').includes('raw-seg-phone'),
        )[0],
      30_000,
    );
    expect(dead.headers[DLT_HEADERS.code]).toBe('validation');
    expect(dead.headers[DLT_HEADERS.reason]).toContain('segment.richiamare');
    expect(dead.headers[DLT_HEADERS.originalOffset]).toMatch(/^\d+$/);
    expect(JSON.parse(dead.value!)).toEqual({ ...JSON.parse(original), segment: { richiamare: '[PHONE]' } });
    // Nothing of the record in clear holds the number: key, value, any header but the sealed one.
    const { [DLT_HEADERS.sealedOriginal]: sealed, ...clear } = dead.headers;
    expect(JSON.stringify({ key: dead.key, value: dead.value, clear })).not.toMatch(/333\s?1234567/);
    expect(openSealed(testDlqKeys().privateKey, sealed)).toEqual({ key: `${TENANT}:raw`, value: original });
    await eventually(async () => (await call('GET', '/v1/feedback/raw-marker')).status === 200, 30_000);
    expect((await call('GET', '/v1/feedback/raw-seg-phone')).status).toBe(404);
  });
});

interface Item {
  indicator: string;
  value: number;
  n: number;
  cycle: { length: string };
}

/** The indicator's total over the cycles of each length, when every length agrees; else NaN. */
function totalPerCycleLength(items: readonly Item[], indicator: string, of: (x: Item) => number): number {
  const byLength = new Map<string, number>();
  for (const x of items.filter((i) => i.indicator === indicator))
    byLength.set(x.cycle.length, (byLength.get(x.cycle.length) ?? 0) + of(x));
  const totals = new Set(byLength.values());
  return totals.size === 1 ? [...totals][0] : NaN;
}

describe('retention', () => {
  const DAY = 86_400_000;
  const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
  const TP = 'retention-desk';

  it('starts with no limit', async () => {
    const res = await call('GET', '/v1/privacy/retention');
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: {
        feedbackDays: null,
        interactionDays: null,
        commentSampleDays: null,
        resolvedActionDays: null,
        deliveryLogDays: null,
      },
    });
    const bad = await call('PUT', '/v1/privacy/retention', { feedbackDays: 0, interactionDays: 'a week' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'feedbackDays',
      'interactionDays',
    ]);
  });

  it('with a 1-day limit deletes older rows at the next run, keeps newer ones and every indicator', async () => {
    const feedback = [
      { id: 'ret-old', touchpoint: TP, nps: 2, comment: 'vecchio', customerId: 'ret-c1', occurredAt: ago(3) },
      { id: 'ret-new', touchpoint: TP, nps: 9, customerId: 'ret-c2', occurredAt: ago(0.1) },
    ];
    expect((await call('POST', '/v1/feedback', feedback)).status).toBe(202);
    const interaction = (id: string, startedAt: string) => ({
      id,
      customerId: 'ret-c1',
      channel: 'voice',
      touchpoint: TP,
      outcome: 'handled',
      startedAt,
    });
    expect(
      (
        await call('POST', '/v1/interactions', [
          interaction('ret-ix-old', ago(2)),
          interaction('ret-ix-new', ago(0.1)),
        ])
      ).status,
    ).toBe(202);
    expect(
      (
        await call('POST', '/v1/invitations', {
          id: 'ret-inv',
          customerId: 'ret-c3',
          channel: 'voice',
          sentAt: ago(2),
        })
      ).status,
    ).toBe(202);
    expect((await call('GET', '/v1/contact-policy/ret-c3?channel=voice')).body.allowed).toBe(false);
    for (const path of ['/v1/feedback/ret-old', '/v1/interactions/ret-ix-old'])
      expect({ path, status: (await call('GET', path)).status }).toEqual({ path, status: 200 });

    // measure has counted both answers and both interactions before the limit is set.
    const indicators = () =>
      callService(suite.measure, suite.key, 'GET', `/v1/indicators?scope=touchpoint:${TP}`).then(
        (r) => r.body,
      );
    const before = await eventually(async () => {
      const body = await indicators();
      const items = (body.items ?? []) as Item[];
      return totalPerCycleLength(items, 'responses/count/v1', (x) => x.value) === 2 &&
        totalPerCycleLength(items, 'abandonment/rate/v1', (x) => x.n) === 2
        ? body
        : null;
    }, 60_000);

    const set = await call('PUT', '/v1/privacy/retention', { feedbackDays: 1, interactionDays: 1 });
    expect({ status: set.status, body: set.body }).toEqual({
      status: 200,
      body: {
        feedbackDays: 1,
        interactionDays: 1,
        commentSampleDays: null,
        resolvedActionDays: null,
        deliveryLogDays: null,
      },
    });
    await eventually(async () => (await call('GET', '/v1/feedback/ret-old')).status === 404, 30_000);
    await eventually(async () => (await call('GET', '/v1/interactions/ret-ix-old')).status === 404, 30_000);
    await eventually(
      async () => (await call('GET', '/v1/contact-policy/ret-c3?channel=voice')).body.allowed === true,
      30_000,
    );
    expect((await call('GET', '/v1/feedback/ret-new')).status).toBe(200);
    expect((await call('GET', '/v1/interactions/ret-ix-new')).status).toBe(200);
    const listed = (await call('GET', '/v1/feedback')).body.items.map((f: { id: string }) => f.id);
    expect(listed).toContain('ret-new');
    expect(listed).not.toContain('ret-old');
    expect(await indicators()).toEqual(before);
  });
});

describe('raw topics are transit', () => {
  it('removes a raw record from the log once listen has committed it', async () => {
    const value = JSON.stringify({
      tenantId: TENANT,
      id: 'transit-1',
      touchpoint: 'checkout',
      nps: 3,
      customerId: 'transit-cust-1',
      comment: 'Transit comment, never kept on the raw topic',
    });
    await produce(suite.stack, Topic.FeedbackRaw, [{ key: `${TENANT}:transit`, value }]);
    // It was on the log: the recorder read it there.
    const sent = await eventually(
      async () => suite.recorder.where((r) => r.topic === Topic.FeedbackRaw && r.value === value)[0],
      30_000,
    );
    await eventually(async () => (await call('GET', '/v1/feedback/transit-1')).status === 200, 30_000);
    const admin = testKafka(suite.stack).admin();
    await admin.connect();
    try {
      // The partition's log now starts past it: no reader, from the beginning or not, can get it.
      await eventually(async () => {
        const offsets = await admin.fetchTopicOffsets(Topic.FeedbackRaw);
        const p = offsets.find((o) => o.partition === sent.partition)!;
        return BigInt(p.low) > BigInt(sent.offset);
      }, 30_000);
    } finally {
      await admin.disconnect();
    }
  });
});

describe('customer ids on topics (issue 20 item 2)', () => {
  const recordedOf = async (id: string) =>
    eventually(
      async () =>
        suite.recorder.where((r) => r.topic === Topic.FeedbackRecorded && r.headers.ce_subject === id)[0],
      30_000,
    );
  const post = (id: string, customerId: string) =>
    call('POST', '/v1/feedback', { id, touchpoint: 'checkout', nps: 9, customerId });

  it('by default carries a pseudonym, in the value and nowhere its id, never the id itself', async () => {
    expect((await call('GET', '/v1/privacy/topic-ids')).body).toEqual({
      customerIdsOnTopics: 'pseudonymised',
    });
    expect((await post('ps-1', 'crm-ps-1')).status).toBe(202);
    const r = await recordedOf('ps-1');
    const pseudonym = await pseudonymOf(suite.listen, suite.key, 'crm-ps-1');
    expect(pseudonym).toMatch(/^psn_[A-Za-z0-9_-]{27}$/);
    expect(JSON.parse(r.value!).customerId).toBe(pseudonym);
    expect(`${r.key} ${r.value} ${JSON.stringify(r.headers)}`).not.toContain('crm-ps-1');
    // listen's own row keeps the id: it holds the mapping.
    expect((await call('GET', '/v1/feedback/ps-1')).body.customerId).toBe('crm-ps-1');
  });

  it('resolves the pseudonym only for a key or role that may see customers', async () => {
    const pseudonym = await pseudonymOf(suite.listen, suite.key, 'crm-ps-1');
    const unknown = await pseudonymOf(suite.listen, suite.key, 'crm-never-seen');
    const body = { pseudonyms: [pseudonym, unknown] };
    const allowed = await call('POST', '/v1/privacy/pseudonyms/resolve', body);
    expect({ status: allowed.status, body: allowed.body }).toEqual({
      status: 200,
      body: {
        customers: [
          { pseudonym, customerId: 'crm-ps-1' },
          { pseudonym: unknown, customerId: null },
        ],
      },
    });
    const ingestOnly = createTenant(suite.stack, TENANT, 'ingest');
    const refused = await callService(
      suite.listen,
      ingestOnly,
      'POST',
      '/v1/privacy/pseudonyms/resolve',
      body,
    );
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('crm-ps-1');
    const users = usersOfTenant(TENANT);
    addOidcUsers([users.viewer, users.agentA]);
    const viewer = (await signIn(users.viewer.login, users.viewer.password)).accessToken;
    const agent = (await signIn(users.agentA.login, users.agentA.password)).accessToken;
    const byViewer = await callService(suite.listen, viewer, 'POST', '/v1/privacy/pseudonyms/resolve', body);
    expect(byViewer.status).toBe(403);
    expect(byViewer.text).not.toContain('crm-ps-1');
    const byAgent = await callService(suite.listen, agent, 'POST', '/v1/privacy/pseudonyms/resolve', body);
    expect({ status: byAgent.status, body: byAgent.body }).toEqual({ status: 200, body: allowed.body });
    const badBody = await call('POST', '/v1/privacy/pseudonyms/resolve', { pseudonyms: [] });
    expect(badBody.status).toBe(400);
    expect(badBody.body.errors).toEqual([expect.objectContaining({ field: 'pseudonyms' })]);
  });

  it('with the raw opt-in carries the id itself (the mapping still kept), and the pseudonym again once back', async () => {
    const readOnly = createTenant(suite.stack, TENANT, 'read');
    expect(
      (
        await callService(suite.listen, readOnly, 'PUT', '/v1/privacy/topic-ids', {
          customerIdsOnTopics: 'raw',
        })
      ).status,
    ).toBe(403);
    const bad = await call('PUT', '/v1/privacy/topic-ids', { customerIdsOnTopics: 'plain' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'customerIdsOnTopics' })]);
    const raw = await call('PUT', '/v1/privacy/topic-ids', { customerIdsOnTopics: 'raw' });
    expect({ status: raw.status, body: raw.body }).toEqual({
      status: 200,
      body: { customerIdsOnTopics: 'raw' },
    });
    expect((await post('ps-2', 'crm-ps-2')).status).toBe(202);
    expect(JSON.parse((await recordedOf('ps-2')).value!).customerId).toBe('crm-ps-2');
    const pseudonym = await pseudonymOf(suite.listen, suite.key, 'crm-ps-2');
    const resolved = await call('POST', '/v1/privacy/pseudonyms/resolve', { pseudonyms: [pseudonym] });
    expect(resolved.body.customers).toEqual([{ pseudonym, customerId: 'crm-ps-2' }]);
    const back = await call('PUT', '/v1/privacy/topic-ids', { customerIdsOnTopics: 'pseudonymised' });
    expect(back.body).toEqual({ customerIdsOnTopics: 'pseudonymised' });
    expect((await post('ps-3', 'crm-ps-2')).status).toBe(202);
    expect(JSON.parse((await recordedOf('ps-3')).value!).customerId).toBe(pseudonym);
  });
});
