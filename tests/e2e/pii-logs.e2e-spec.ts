/**
 * Personal data never reaches the logs. listen, measure and act run at their most verbose
 * level with every line they write captured; feedback carrying an e-mail address, an Italian
 * mobile number, an IBAN and a card number (in its comment, its customer id and its segment) goes
 * through the whole loop (recorded, measured, turned into an action and a webhook delivery), and
 * requests that fail on fields holding the same data are refused, over HTTP and on the raw topic.
 * None of those strings may appear in any service's output.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { Topic } from '@continuum/contracts';
import {
  callService,
  e2eSuite,
  eventually,
  produce,
  type LoopServiceName,
  type RunningService,
} from '@continuum/testing';

jest.setTimeout(180_000);

const TENANT = `pii-${randomUUID().slice(0, 8)}`;
const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');
// Fresh values each run, so a match can only come from this run's requests.
const EMAIL = `mario.rossi.${digits(6)}@example.com`;
const PHONE = `+39 347 ${digits(3)} ${digits(4)}`;
const PHONE_COMPACT = PHONE.replace(/\s/g, '');
const IBAN = `IT60X0542811101000${digits(9)}`;
const CARD = '4111 1111 1111 1111';
const CARD_COMPACT = CARD.replace(/\s/g, '');
const NEEDLES = [EMAIL, PHONE, PHONE_COMPACT, PHONE.slice(4), IBAN, CARD, CARD_COMPACT];

const output: Record<LoopServiceName, string[]> = { listen: [], measure: [], act: [] };
const services = () => [suite.listen, suite.measure, suite.act];

function capture(s: RunningService): void {
  for (const stream of [s.process.stdout, s.process.stderr])
    stream?.on('data', (b: Buffer) => output[s.name as LoopServiceName].push(b.toString('utf8')));
}

const call = (svc: LoopServiceName, method: string, path: string, body?: string, contentType?: string) =>
  callService(suite[svc], suite.key, method, path, body, { contentType });

const env = { LOG_LEVEL: 'verbose' };
const suite = e2eSuite({
  tenants: [TENANT],
  receiver: true,
  services: { listen: env, measure: env, act: { ...env, ACT_WEBHOOK_POLL_MS: '100' } },
});

beforeAll(() => {
  for (const s of services()) capture(s);
});

it('carries personal data through the loop and into refusals', async () => {
  const hook = await call(
    'act',
    'POST',
    '/v1/webhooks',
    JSON.stringify({ url: `${suite.receiver.url}/hook`, eventTypes: ['*'] }),
  );
  expect(hook.status).toBe(201);

  const comment = `Pessimo servizio, scrivetemi a ${EMAIL} o chiamate il ${PHONE}; rimborso su ${IBAN}, carta ${CARD}`;
  const ok = await call(
    'listen',
    'POST',
    '/v1/feedback',
    JSON.stringify({
      id: `pii-1-${digits(4)}`,
      touchpoint: 'checkout',
      nps: 1,
      comment,
      customerId: `cust-${digits(4)}`,
      consentToContact: true,
      segment: { plan: 'fibra' },
    }),
  );
  expect(ok.status).toBe(202);
  // Personal data as customer id or segment value is refused (issue 20), its value in no log.
  const asIds = await call(
    'listen',
    'POST',
    '/v1/feedback',
    JSON.stringify({
      id: 'pii-ids',
      touchpoint: 'checkout',
      nps: 1,
      customerId: EMAIL,
      segment: { phone: PHONE_COMPACT, iban: IBAN },
    }),
  );
  expect(asIds.status).toBe(400);

  // Refusals on fields that hold personal data: a customer id that is not an id, a segment too
  // long to keep, a score that is an IBAN, a body that is not JSON, a path and a query.
  const bad = await call(
    'listen',
    'POST',
    '/v1/feedback',
    JSON.stringify({ id: 'pii-2', touchpoint: 'checkout', nps: IBAN, customerId: `Mario ${EMAIL} ${PHONE}` }),
  );
  expect(bad.status).toBe(400);
  const segment = await call(
    'listen',
    'POST',
    '/v1/feedback',
    JSON.stringify({ id: 'pii-3', touchpoint: 'checkout', nps: 3, segment: { card: `${CARD} `.repeat(10) } }),
  );
  expect(segment.status).toBe(400);
  const broken = await call('listen', 'POST', '/v1/feedback', `{"comment": "${EMAIL} ${CARD}"`);
  expect(broken.status).toBe(400);
  const ix = await call(
    'listen',
    'POST',
    '/v1/interactions',
    JSON.stringify({ id: 'pii-ix', customerId: PHONE, channel: 'voice', touchpoint: IBAN, outcome: EMAIL }),
  );
  expect(ix.status).toBe(400);
  expect((await call('listen', 'GET', `/v1/feedback/${encodeURIComponent(EMAIL)}`)).status).toBe(404);
  expect(
    (
      await call(
        'listen',
        'GET',
        `/v1/contact-policy/${encodeURIComponent(EMAIL)}?channel=${encodeURIComponent(PHONE)}`,
      )
    ).status,
  ).toBe(200);
  expect(
    (
      await call(
        'listen',
        'GET',
        `/v1/contact-policy/${encodeURIComponent(EMAIL)}?${encodeURIComponent(IBAN)}=1`,
      )
    ).status,
  ).toBe(400);
  expect((await call('act', 'GET', `/v1/actions?owner=${encodeURIComponent(EMAIL)}`)).status).toBe(200);
  expect(
    (
      await call(
        'act',
        'POST',
        '/v1/webhooks',
        JSON.stringify({ url: `http://${EMAIL}/x`, eventTypes: [CARD] }),
      )
    ).status,
  ).toBe(400);
  expect(
    (await call('measure', 'GET', `/v1/indicators?scope=segment:iban=${IBAN}&from=${EMAIL}`)).status,
  ).toBe(400);

  await produce(suite.stack, Topic.FeedbackRaw, [
    {
      key: `${TENANT}:checkout`,
      value: JSON.stringify({
        tenantId: TENANT,
        id: 'pii-raw-1',
        touchpoint: 'checkout',
        nps: 99,
        comment,
        customerId: EMAIL,
      }),
    },
    { key: `${TENANT}:checkout`, value: `not json ${EMAIL} ${IBAN} ${CARD}` },
  ]);

  // The loop went all the way: an action for the detractor, delivered to the webhook.
  await eventually(
    async () => suite.receiver.hits.some((h) => h.body.includes('"change":"opened"')) || null,
    30_000,
  );
  await eventually(
    async () => output.listen.join('').includes('records sent to the dead-letter topic') || null,
    30_000,
  );
});

it('wrote none of it to any log', async () => {
  // Stopped, and their pipes drained: every line they wrote is in.
  const closed = services().map(
    (s) => new Promise((r) => (s.process.stdout?.closed ? r(null) : s.process.once('close', r))),
  );
  const codes = await Promise.all(services().map((s) => s.stop()));
  expect(codes).toEqual([0, 0, 0]);
  await Promise.all(closed);
  for (const name of ['listen', 'measure', 'act'] as const) {
    const text = output[name].join('');
    // The capture works and is verbose: access lines of the requests above are in it.
    expect(text).toContain(`"service":"${name}"`);
    if (name !== 'measure') expect(text).toContain('"msg":"http"');
    for (const needle of NEEDLES) {
      const at = text.indexOf(needle);
      expect({
        service: name,
        needle,
        context: at < 0 ? null : text.slice(Math.max(0, at - 200), at + 100),
      }).toEqual({
        service: name,
        needle,
        context: null,
      });
    }
  }
});
