/**
 * The walking skeleton: one feedback travels the whole loop through the real broker and
 * database — listen records it, measure counts it, act opens a follow-up — with each service a
 * separate process, as in production.
 */
import { SEALED_PATTERN, Topic } from '@continuum/contracts';
import {
  callService,
  e2eSuite,
  eventually,
  produce,
  pseudonymOf,
  type RunningService,
} from '@continuum/testing';

jest.setTimeout(120_000);

const TENANT = 'acme-e2e';

const call = (
  svc: RunningService,
  method: string,
  path: string,
  body?: unknown,
  auth: string | null = suite.key,
) => callService(svc, auth, method, path, body);

// Graceful shutdown is part of the contract: SIGTERM ends each service with exit code 0.
const suite = e2eSuite({
  tenants: [TENANT],
  record: [Topic.FeedbackRecorded, Topic.MetricsUpdated, Topic.Actions, Topic.DeadLetter],
  services: { listen: {}, measure: {}, act: {} },
  cleanExit: true,
});

describe('one detractor travels the loop', () => {
  const feedback = {
    id: 'f-1',
    touchpoint: 'checkout',
    nps: 3,
    comment: 'Il pagamento è fallito due volte, richiamatemi al 333 123 4567 per favore',
    customerId: 'c-42',
    consentToContact: true,
  };
  let actionId: string;

  it('listen accepts it and records it redacted and analysed', async () => {
    const res = await call(suite.listen, 'POST', '/v1/feedback', feedback);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: 'f-1', status: 'recorded' });

    const recorded = await call(suite.listen, 'GET', '/v1/feedback/f-1');
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({
      id: 'f-1',
      touchpoint: 'checkout',
      nps: 3,
      customerId: 'c-42',
      language: 'it',
    });
    expect(recorded.body.comment).toContain('[PHONE]');
    expect(recorded.body.comment).not.toContain('123 4567');
    expect(recorded.body.flags).toContain('pii-redacted');
    expect(recorded.body.sentiment).toBeLessThan(0);
  });

  it('publishes cx.feedback.recorded.v1 as a binary-mode CloudEvent keyed by tenant and touchpoint', async () => {
    const [rec] = await eventually(async () => {
      const r = suite.recorder.where(
        (x) =>
          x.topic === Topic.FeedbackRecorded &&
          x.headers.ce_tenantid === TENANT &&
          x.headers.ce_subject === 'f-1',
      );
      return r.length ? r : null;
    });
    expect(rec.key).toBe(`${TENANT}:checkout`);
    expect(rec.headers).toMatchObject({
      ce_type: Topic.FeedbackRecorded,
      ce_specversion: '1.0',
      ce_source: '/continuum/listen',
      ce_tenantid: TENANT,
      'content-type': 'application/json',
    });
    const data = JSON.parse(rec.value!);
    // Topics name the customer by pseudonym and carry their comment sealed (docs/privacy.md).
    expect(data).toMatchObject({
      feedbackId: 'f-1',
      tenantId: TENANT,
      nps: 3,
      customerId: await pseudonymOf(suite.listen, suite.key, 'c-42'),
      comment: null,
      sealedComment: expect.stringMatching(new RegExp(SEALED_PATTERN)),
    });
    expect(rec.value).not.toContain('4567');
    expect(rec.value).not.toContain('c-42');
  });

  it('measure counts it in the touchpoint NPS of its cycle', async () => {
    const series = await eventually(async () => {
      const r = await call(
        suite.measure,
        'GET',
        '/v1/indicators?scopeKind=touchpoint&scopeId=checkout&indicator=nps/v1',
      );
      return r.status === 200 && r.body.items.length > 0 ? r.body.items : null;
    });
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ indicator: 'nps/v1', n: 1, value: -100 });
  });

  it('act opens one follow-up action for the right owner, listed on GET /v1/actions', async () => {
    const items = await eventually(async () => {
      const r = await call(suite.act, 'GET', '/v1/actions');
      return r.status === 200 && r.body.items.length > 0 ? r.body.items : null;
    }, 5_000);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      tenantId: TENANT,
      loop: 'inner',
      status: 'open',
      owner: 'customer-care',
      category: 'customer-follow-up',
      priority: 'high',
      touchpoint: 'checkout',
      customerId: await pseudonymOf(suite.listen, suite.key, 'c-42'),
      dedupKey: `followup:customer:${await pseudonymOf(suite.listen, suite.key, 'c-42')}`,
    });
    expect(items[0].description).toContain('[PHONE]');
    actionId = items[0].id;

    const one = await call(suite.act, 'GET', `/v1/actions/${actionId}`);
    expect(one.body.history.map((h: { change: string }) => h.change)).toEqual(['opened']);
    const events = await eventually(async () => {
      const r = suite.recorder.where((x) => x.topic === Topic.Actions && x.headers.ce_subject === actionId);
      return r.length ? r : null;
    });
    expect(JSON.parse(events[0].value!)).toMatchObject({ change: 'opened', action: { id: actionId } });
  });

  it('a resend of the same id is acknowledged as a duplicate and changes nothing', async () => {
    const res = await call(suite.listen, 'POST', '/v1/feedback', feedback);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: 'f-1', status: 'duplicate' });
    const recorded = suite.recorder.where(
      (x) =>
        x.topic === Topic.FeedbackRecorded &&
        x.headers.ce_tenantid === TENANT &&
        x.headers.ce_subject === 'f-1',
    );
    expect(recorded).toHaveLength(1);
    const n = await call(
      suite.measure,
      'GET',
      '/v1/indicators?scopeKind=touchpoint&scopeId=checkout&indicator=nps/v1',
    );
    expect(n.body.items[0].n).toBe(1);
  });

  it("the same customer's next detractor answer adds evidence to the open action instead of a second one", async () => {
    const res = await call(suite.listen, 'POST', '/v1/feedback', {
      ...feedback,
      id: 'f-3',
      nps: 5,
      comment: 'ancora niente',
    });
    expect(res.body).toEqual({ id: 'f-3', status: 'recorded' });
    const history = await eventually(async () => {
      const r = await call(suite.act, 'GET', `/v1/actions/${actionId}`);
      return r.body.history.length === 2 ? r.body.history : null;
    });
    expect(history.map((h: { change: string }) => h.change)).toEqual(['opened', 'evidence-added']);
    const actions = await call(suite.act, 'GET', '/v1/actions');
    expect(actions.body.items).toHaveLength(1);
  });
});

describe('bad input gets a clear reason', () => {
  it('a malformed feedback body is a 400 problem naming the field and the reason', async () => {
    const res = await call(suite.listen, 'POST', '/v1/feedback', {
      id: 'f-bad',
      touchpoint: 'checkout',
      nps: 11,
    });
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'nps', reason: 'nps must not be greater than 10' }]);
    expect(res.body.detail).toBe('nps: nps must not be greater than 10');
  });

  it('unknown fields, missing scores and broken JSON are refused', async () => {
    const unknown = await call(suite.listen, 'POST', '/v1/feedback', {
      id: 'f-x',
      touchpoint: 'checkout',
      nps: 5,
      score: 3,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toContainEqual({ field: 'score', reason: 'score is not a known field' });
    const noScore = await call(suite.listen, 'POST', '/v1/feedback', { id: 'f-y', touchpoint: 'checkout' });
    expect(noScore.status).toBe(400);
    expect(noScore.body.errors[0].reason).toMatch(/at least one of nps, csat, ces, emoji, comment/);
    const broken = await call(suite.listen, 'POST', '/v1/feedback', '{"id": "f-z", ');
    expect(broken.status).toBe(400);
    expect(broken.type).toContain('application/problem+json');
  });

  it('a request without an API key is a 401', async () => {
    const res = await call(
      suite.listen,
      'POST',
      '/v1/feedback',
      { id: 'f-2', touchpoint: 'checkout', nps: 9 },
      null,
    );
    expect(res.status).toBe(401);
    const wrong = await call(suite.act, 'GET', '/v1/actions', undefined, 'ck_nothing_valid');
    expect(wrong.status).toBe(401);
  });

  it('malformed raw-topic records land on the dead-letter topic with the reason, and the consumer goes on', async () => {
    await produce(suite.stack, Topic.FeedbackRaw, [
      { key: `${TENANT}:r`, value: 'this is not json' },
      {
        key: `${TENANT}:r`,
        value: JSON.stringify({ tenantId: TENANT, id: 'r-bad', touchpoint: 'ivr', nps: 'ten' }),
      },
      {
        key: 'ghost:r',
        value: JSON.stringify({ tenantId: 'ghost-tenant', id: 'r-ghost', touchpoint: 'ivr', nps: 9 }),
      },
      {
        key: `${TENANT}:r`,
        value: JSON.stringify({
          tenantId: TENANT,
          id: 'r-good',
          touchpoint: 'ivr',
          nps: 9,
          channel: 'voice',
        }),
      },
    ]);
    const good = await eventually(async () => {
      const r = await call(suite.listen, 'GET', '/v1/feedback/r-good');
      return r.status === 200 ? r.body : null;
    });
    expect(good).toMatchObject({ id: 'r-good', touchpoint: 'ivr', nps: 9, channel: 'voice' });

    const dead = await eventually(async () => {
      // Only this test's records: other files of the run dead-letter raw records on the same broker.
      const r = suite.recorder.where(
        (x) =>
          x.topic === Topic.DeadLetter &&
          x.headers['dlt-original-topic'] === Topic.FeedbackRaw &&
          (x.key === `${TENANT}:r` || x.key === 'ghost:r'),
      );
      return r.length >= 3 ? r : null;
    });
    const byValue = new Map(dead.map((d) => [d.value, d.headers]));
    expect(byValue.get('this is not json')).toMatchObject({
      'dlt-reason-code': 'invalid-json',
      'dlt-exception-message': 'record value is not valid JSON',
      'dlt-original-consumer-group': 'continuum-listen',
    });
    const bad = [...byValue.entries()].find(([v]) => v?.includes('r-bad'))![1];
    expect(bad['dlt-reason-code']).toBe('validation');
    expect(bad['dlt-exception-message']).toContain('nps: nps must be an integer number');
    expect(bad['dlt-original-partition']).toMatch(/^\d+$/);
    expect(bad['dlt-original-offset']).toMatch(/^\d+$/);
    const ghost = [...byValue.entries()].find(([v]) => v?.includes('r-ghost'))![1];
    expect(ghost['dlt-reason-code']).toBe('unknown-tenant');

    const missing = await call(suite.listen, 'GET', '/v1/feedback/r-bad');
    expect(missing.status).toBe(404);
  });
});
