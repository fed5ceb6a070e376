/** Survey fatigue through the real stack: invitations and answers count, the policy answers. */
import { Topic } from '@continuum/contracts';
import { callService, createTenant, e2eSuite, eventually, produce } from '@continuum/testing';

jest.setTimeout(120_000);

const TENANT = 'policy-e2e';
const suite = e2eSuite({ tenants: [TENANT], record: [Topic.DeadLetter], services: { listen: {} } });

const call = (method: string, url: string, body?: unknown) =>
  callService(suite.listen, suite.key, method, url, body);

it('starts from the default rules', async () => {
  const res = await call('GET', '/v1/contact-policy');
  expect(res.body).toEqual({
    default: true,
    rules: [
      { max: 2, windowDays: 30 },
      { max: 1, windowDays: 7, channel: '*' },
    ],
  });
});

it('counts an invitation: the same channel is refused until it leaves the window, another is allowed', async () => {
  const sentAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
  expect(
    (await call('POST', '/v1/invitations', { id: 'inv-1', customerId: 'c-1', channel: 'voice', sentAt }))
      .body,
  ).toEqual({
    id: 'inv-1',
    status: 'recorded',
  });
  expect(
    (await call('POST', '/v1/invitations', { id: 'inv-1', customerId: 'c-1', channel: 'voice', sentAt })).body
      .status,
  ).toBe('duplicate');
  const voice = await call('GET', '/v1/contact-policy/c-1?channel=voice');
  expect(voice.body).toEqual({
    customerId: 'c-1',
    channel: 'voice',
    allowed: false,
    until: new Date(Date.parse(sentAt) + 7 * 86_400_000).toISOString(),
    reasons: ['1 survey contact(s) on voice in the last 7 day(s); the limit is 1'],
  });
  expect((await call('GET', '/v1/contact-policy/c-1?channel=email')).body.allowed).toBe(true);
});

it('counts an answer received as a contact too', async () => {
  await call('POST', '/v1/feedback', {
    id: 'fb-c2',
    customerId: 'c-2',
    channel: 'chat',
    touchpoint: 'chat',
    csat: 2,
  });
  expect((await call('GET', '/v1/contact-policy/c-2?channel=chat')).body.allowed).toBe(false);
});

it('takes tenant rules, by segment too, and refuses bad ones', async () => {
  const bad = await call('PUT', '/v1/contact-policy', { rules: [{ max: 0, windowDays: 7 }] });
  expect(bad.status).toBe(400);
  expect(bad.body.errors).toEqual([{ field: 'rules.0.max', reason: 'max must not be less than 1' }]);
  const rules = [{ max: 1, windowDays: 90, segment: { plan: 'business' } }];
  expect((await call('PUT', '/v1/contact-policy', { rules })).body).toEqual({ rules, default: false });
  expect((await call('GET', '/v1/contact-policy/c-1?channel=voice&segment.plan=business')).body.allowed).toBe(
    false,
  );
  expect((await call('GET', '/v1/contact-policy/c-1?channel=voice&segment.plan=home')).body.allowed).toBe(
    true,
  );
  const unknown = await call('GET', '/v1/contact-policy/c-1?chanel=voice');
  expect(unknown.status).toBe(400);
  expect(unknown.body.errors[0]).toEqual({
    field: 'chanel',
    reason: 'chanel is not a known parameter (channel, segment.<key>)',
  });
});

it('takes invitations from the raw topic and dead-letters bad ones', async () => {
  await produce(suite.stack, Topic.InvitationsRaw, [
    { key: `${TENANT}:c-9`, value: JSON.stringify({ tenantId: TENANT, id: 'inv-bad', channel: 'sms' }) },
    {
      key: `${TENANT}:c-9`,
      value: JSON.stringify({ tenantId: TENANT, id: 'inv-9', customerId: 'c-9', channel: 'sms' }),
    },
  ]);
  await call('PUT', '/v1/contact-policy', { rules: [{ max: 1, windowDays: 7, channel: '*' }] });
  await eventually(
    async () => (await call('GET', '/v1/contact-policy/c-9?channel=sms')).body.allowed === false,
  );
  const dead = await eventually(async () => {
    const d = suite.recorder.where((r) => r.headers['dlt-original-topic'] === Topic.InvitationsRaw);
    return d.length ? d : null;
  });
  expect(dead[0].headers['dlt-exception-message']).toBe('customerId: customerId is required');
});

describe('the policy is enforced: an invitation it forbids does not go out, and is counted', () => {
  const T2 = 'policy-enforce-e2e';
  let key2: string;
  const ask = (body: unknown) => callService(suite.listen, key2, 'POST', '/v1/invitations', body);

  beforeAll(async () => {
    key2 = createTenant(suite.stack, T2);
    const rules = [
      { max: 3, windowDays: 30 },
      { max: 1, windowDays: 7, channel: 'email' },
      { max: 1, windowDays: 90, segment: { plan: 'business' } },
    ];
    expect((await callService(suite.listen, key2, 'PUT', '/v1/contact-policy', { rules })).status).toBe(200);
  });

  it('skips the second e-mail of the week, allows another channel, caps overall', async () => {
    expect((await ask({ id: 'e-1', customerId: 'k-1', channel: 'email', touchpoint: 'shop' })).body).toEqual({
      id: 'e-1',
      status: 'recorded',
    });
    expect((await ask({ id: 'e-2', customerId: 'k-1', channel: 'email', touchpoint: 'shop' })).body).toEqual({
      id: 'e-2',
      status: 'skipped',
      reason: 'policy:channel',
      reasons: ['1 survey contact(s) on email in the last 7 day(s); the limit is 1'],
    });
    // A skipped invitation is no contact: the customer's count is unchanged, so sms is still free.
    const batch = await ask([
      { id: 's-1', customerId: 'k-1', channel: 'sms', touchpoint: 'shop' },
      { id: 's-2', customerId: 'k-1', channel: 'voice', touchpoint: 'shop' },
      { id: 's-3', customerId: 'k-1', channel: 'chat', touchpoint: 'shop' },
    ]);
    expect(batch.body.items.map((i: { status: string; reason?: string }) => i.reason ?? i.status)).toEqual([
      'recorded',
      'recorded',
      'policy:overall',
    ]);
    // The resent skipped id stays one skip.
    expect(
      (await ask({ id: 'e-2', customerId: 'k-1', channel: 'email', touchpoint: 'shop' })).body.status,
    ).toBe('duplicate');
  });

  it('applies a segment rule only to customers of that segment', async () => {
    const seg = { plan: 'business' };
    expect((await ask({ id: 'b-1', customerId: 'k-2', channel: 'sms', segment: seg })).body.status).toBe(
      'recorded',
    );
    expect((await ask({ id: 'b-2', customerId: 'k-2', channel: 'voice', segment: seg })).body).toMatchObject({
      status: 'skipped',
      reason: 'policy:segment',
    });
    expect(
      (await ask({ id: 'b-3', customerId: 'k-2', channel: 'voice', segment: { plan: 'home' } })).body.status,
    ).toBe('recorded');
  });

  it('decides concurrent invitations to one customer one after the other: one goes out', async () => {
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => ask({ id: `c-${n}`, customerId: 'k-3', channel: 'email' })),
    );
    expect(answers.map((a) => a.body.status).sort()).toEqual([
      'recorded',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
  });

  it('counts the skips by reason, channel and touchpoint', async () => {
    const r = await callService(suite.listen, key2, 'GET', '/v1/invitations/skipped');
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(7);
    expect(r.body.items).toEqual([
      { reason: 'policy:channel', channel: 'email', touchpoint: null, count: 4 },
      { reason: 'policy:channel', channel: 'email', touchpoint: 'shop', count: 1 },
      { reason: 'policy:overall', channel: 'chat', touchpoint: 'shop', count: 1 },
      { reason: 'policy:segment', channel: 'voice', touchpoint: null, count: 1 },
    ]);
    const none = await callService(
      suite.listen,
      key2,
      'GET',
      '/v1/invitations/skipped?until=2020-01-01T00:00:00Z',
    );
    expect(none.body).toMatchObject({ total: 0, items: [] });
    const bad = await callService(
      suite.listen,
      key2,
      'GET',
      '/v1/invitations/skipped?since=2030-01-01T00:00:00Z&until=2020-01-01T00:00:00Z',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'since', reason: 'since must not be after until' }]);
  });
});
