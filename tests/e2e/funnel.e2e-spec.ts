/**
 * The response funnel, through the real stack: invitations asked for over `POST /v1/invitations`
 * and after interactions are judged by the contact policy (some skipped, by reason), sent by
 * e-mail to the tests' real SMTP server (one refused: a bounce), opened and answered on collect.
 * listen and collect publish each status on `cx.invitation.status.v1`; measure's funnel must
 * count exactly what happened, with `response/rate/v1` = answered ÷ delivered.
 *
 * Then "you said, we did": act (a real process, fed the gap and closing metrics measure would
 * publish) verifies an action and publishes `cx.loop.closed.v1`; listen mails the consenting
 * evidence customer the tenant's template in their language, once, with an opt-out link served
 * by collect that sets the contact policy's opt-out; the next invitation is skipped for it.
 */
import 'reflect-metadata';
import { isDeepStrictEqual } from 'node:util';
import { createEvent, toBinaryHeaders, Topic, type EventData, type EventType } from '@continuum/contracts';
import {
  callService,
  agentCallJourney,
  e2eSuite,
  eventually,
  listenMailing,
  npsDropGap,
  postForm,
  produce,
  pseudonymOf,
  surveyLinkIn,
  TopicRecorder,
  type ReceivedMail,
  type RunningService,
} from '@continuum/testing';

jest.setTimeout(240_000);

const RUN = Date.now().toString(36);
const TENANT = `funnel-${RUN}`;
const LOOP = `funnel-loop-${RUN}`;
const DAY = 24 * 3600_000;
/** The start of the day the run began (UTC), read once in beforeAll. */
let today: Date;

const api = (svc: RunningService, method: string, path: string, body?: unknown) =>
  callService(svc, suite.key, method, path, body);

const SURVEY = {
  touchpoints: ['agent-call'],
  question: { type: 'nps', text: { it: 'Ci consiglieresti?', en: 'Would you recommend us?' } },
  thankYou: { it: 'Grazie.', en: 'Thank you.' },
  invitation: {
    subject: { it: "Com'è andata?", en: 'How did it go?' },
    intro: { it: 'Una domanda.', en: 'One question.' },
  },
  trigger: { sampling: 1, delayMinutes: 0 },
};

const linkIn = (mail: ReceivedMail): string => surveyLinkIn(mail.text);

interface Funnel {
  touchpoint: string | null;
  channel: string | null;
  invited: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  delivered: number;
  bounced: number;
  failed: number;
  opened: number;
  answered: number;
  responseRate: { indicator: string; n: number; value: number | null; ci: [number, number] | null };
}

/** The touchpoint's funnel summed over the cycles it spans (a run across midnight has two). */
async function funnelOf(touchpoint: string): Promise<Omit<Funnel, 'responseRate'> & { items: Funnel[] }> {
  const r = await api(suite.measure, 'GET', `/v1/funnel?touchpoint=${touchpoint}`);
  expect(r.status).toBe(200);
  const items = r.body.items as Funnel[];
  const sum = (k: 'invited' | 'skipped' | 'delivered' | 'bounced' | 'failed' | 'opened' | 'answered') =>
    items.reduce((n, i) => n + i[k], 0);
  const byReason: Record<string, number> = {};
  for (const i of items)
    for (const [reason, n] of Object.entries(i.skippedByReason))
      byReason[reason] = (byReason[reason] ?? 0) + n;
  return {
    items,
    touchpoint,
    channel: 'email',
    invited: sum('invited'),
    skipped: sum('skipped'),
    skippedByReason: byReason,
    delivered: sum('delivered'),
    bounced: sum('bounced'),
    failed: sum('failed'),
    opened: sum('opened'),
    answered: sum('answered'),
  };
}

const invitation = (id: string, customerId: string, address: string) => ({
  id,
  customerId,
  channel: 'email',
  touchpoint: 'agent-call',
  address,
  language: 'en',
});

const suite = e2eSuite({
  tenants: [TENANT, LOOP],
  smtp: { refuseRecipients: (a) => a.startsWith('bounce@') },
  services: {
    listen: listenMailing,
    measure: {},
    collect: {},
    act: {},
  },
  journey: agentCallJourney('week'),
  surveys: { 'after-call': SURVEY },
});

beforeAll(async () => {
  today = new Date(new Date().setUTCHours(0, 0, 0, 0));
  // One survey contact per channel per week: a second invitation to a customer is skipped.
  expect(
    (
      await api(suite.listen, 'PUT', '/v1/contact-policy', {
        rules: [{ max: 1, windowDays: 7, channel: '*' }],
      })
    ).status,
  ).toBe(200);
});

describe('invitations go through: measure counts the funnel', () => {
  const links: string[] = [];

  it('judges, skips and sends: five sent (one bounces), two skipped by the policy, one without consent', async () => {
    const first = await api(suite.listen, 'POST', '/v1/invitations', [
      invitation('f-1', 'c1', `c1@${RUN}.example.test`),
      invitation('f-2', 'c2', `c2@${RUN}.example.test`),
      invitation('f-3', 'c3', `c3@${RUN}.example.test`),
      invitation('f-4', 'c4', `c4@${RUN}.example.test`),
      invitation('f-5', 'c5', 'bounce@example.test'),
      // The same customers again: the policy allows one a week on e-mail.
      invitation('f-6', 'c1', `c1@${RUN}.example.test`),
      invitation('f-7', 'c2', `c2@${RUN}.example.test`),
    ]);
    expect(first.status).toBe(202);
    expect((first.body.items as { status: string }[]).map((i) => i.status)).toEqual([
      ...Array<string>(5).fill('recorded'),
      'skipped',
      'skipped',
    ]);
    // A resend changes nothing: no second `invited`.
    const again = await api(
      suite.listen,
      'POST',
      '/v1/invitations',
      invitation('f-1', 'c1', `c1@${RUN}.example.test`),
    );
    expect(again.body.status).toBe('duplicate');
    // An interaction of a customer who did not agree to be surveyed: skipped for consent.
    expect(
      (
        await api(suite.listen, 'PUT', '/v1/contacts/c9', {
          email: `c9@${RUN}.example.test`,
          consentToSurvey: false,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api(suite.listen, 'POST', '/v1/interactions', {
          id: `ix-${RUN}`,
          customerId: 'c9',
          channel: 'voice',
          touchpoint: 'agent-call',
          outcome: 'handled',
          startedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
          endedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
        })
      ).status,
    ).toBe(202);
    // Addresses of this run only: the slot's database may hold other specs' queued invitations,
    // which this listen (the first with a mail server) sends too.
    const sent = ['c1', 'c2', 'c3', 'c4'].map((c) => `${c}@${RUN}.example.test`);
    await eventually(async () => sent.every((a) => suite.smtp.to(a).length > 0), 60_000);
    for (const a of sent) links.push(linkIn(suite.smtp.to(a)[0]));
    await eventually(async () => suite.smtp.refused.includes('bounce@example.test'), 30_000);
    // One e-mail each: the skipped second invitations sent nothing, and no send was repeated.
    for (const a of sent) expect(suite.smtp.to(a)).toHaveLength(1);
  });

  it('opens three links (one twice) and answers two', async () => {
    for (const link of [links[0], links[1], links[2], links[2]]) expect((await fetch(link)).status).toBe(200);
    expect((await postForm(links[0], { score: '9' })).status).toBe(200);
    expect((await postForm(links[1], { score: '3' })).status).toBe(200);
    // A second answer is refused and counts nothing.
    expect((await postForm(links[1], { score: '10' })).status).toBe(409);
  });

  it('counts invited 8, skipped 3 by reason, delivered 4, bounced 1, opened 3, answered 2; response rate 2 ÷ 4', async () => {
    const expected = {
      invited: 8,
      skipped: 3,
      skippedByReason: { 'policy:channel': 2, consent: 1 },
      delivered: 4,
      bounced: 1,
      failed: 0,
      opened: 3,
      answered: 2,
    };
    let last: unknown = null;
    const f = await eventually(async () => {
      const got = await funnelOf('agent-call');
      const { items: _, touchpoint: __, channel: ___, ...counts } = got;
      last = counts;
      return isDeepStrictEqual(counts, expected) ? got : null;
    }, 90_000).catch((err: unknown) => {
      // Show what measure counted instead.
      expect(last).toEqual(expected);
      throw err;
    });
    // Every status of every invitation counts under the touchpoint and channel it was sent for.
    expect(new Set(f.items.map((i) => `${i.touchpoint} ${i.channel}`))).toEqual(
      new Set(['agent-call email']),
    );
    // The invitations were all judged in one cycle unless the run straddled a week's end.
    if (f.items.length === 1) {
      const rate = f.items[0].responseRate;
      expect(rate).toMatchObject({ indicator: 'response/rate/v1', n: 4, value: 50 });
      expect(rate.ci![0]).toBeLessThan(50);
      expect(rate.ci![1]).toBeGreaterThan(50);
    }

    // A marker behind everything: one more invitation, sent and opened; once measure has
    // counted it, nothing else has changed (no status counted twice).
    expect(
      (await api(suite.listen, 'POST', '/v1/invitations', invitation('f-8', 'c8', `c8@${RUN}.example.test`)))
        .status,
    ).toBe(202);
    const [mail] = await suite.smtp.waitFor(
      (m) => m.envelopeTo.includes(`c8@${RUN}.example.test`),
      1,
      60_000,
    );
    expect((await fetch(linkIn(mail))).status).toBe(200);
    const after = await eventually(async () => {
      const got = await funnelOf('agent-call');
      return got.opened === 4 && got.delivered === 5 ? got : null;
    }, 60_000);
    expect({ ...after, items: [] }).toEqual({
      ...f,
      items: [],
      invited: 9,
      delivered: 5,
      opened: 4,
    });
  });

  it('answers 400 naming the field for a bad query', async () => {
    const r = await api(suite.measure, 'GET', '/v1/funnel?from=yesterday');
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('from');
  });
});

describe('"you said, we did" reaches the consenting customer, once, with an opt-out that holds', () => {
  const loop = (method: string, svc: RunningService, path: string, body?: unknown) =>
    callService(svc, suite.keys[LOOP], method, path, body);
  const cycle = (offsetDays: number) => ({
    length: 'day' as const,
    start: new Date(today.getTime() + offsetDays * DAY).toISOString(),
    end: new Date(today.getTime() + (offsetDays + 1) * DAY).toISOString(),
  });
  async function publish<T extends EventType>(type: T, key: string, data: EventData<T>) {
    const e = createEvent({ type, source: '/e2e', tenantId: LOOP, data });
    await produce(suite.stack, type, [{ key, value: JSON.stringify(e.data), headers: toBinaryHeaders(e) }]);
  }
  const metrics = (day: number, value: number) => ({
    tenantId: LOOP,
    scope: { kind: 'touchpoint' as const, id: 'checkout-x' },
    cycle: cycle(day),
    indicators: [{ indicator: 'nps/v1', n: 400, value, ci: [value - 5, value + 5] as [number, number] }],
    closed: true,
  });
  let actionId = '';
  let optOutLink = '';

  it('sets the template, the contacts and the evidence: one customer consents to be contacted, one does not', async () => {
    const template = {
      subject: { it: 'Ci hai detto, abbiamo fatto', en: 'You said, we did' },
      body: { it: 'Abbiamo agito: {{title}}.', en: 'We acted: {{title}}.' },
    };
    const bad = await loop('PUT', suite.listen, '/v1/loop-messages/template', {
      ...template,
      body: { ...template.body, en: 'Hi {{name}}' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('body.en');
    expect((await loop('PUT', suite.listen, '/v1/loop-messages/template', template)).status).toBe(200);
    expect((await loop('GET', suite.listen, '/v1/loop-messages/template')).body).toEqual({
      ...template,
      default: false,
    });
    for (const [c, language] of [
      ['told', 'en'],
      ['silent', 'it'],
    ])
      expect(
        (
          await loop('PUT', suite.listen, `/v1/contacts/${c}`, {
            email: `${c}@loop.test`,
            language,
            consentToSurvey: true,
          })
        ).status,
      ).toBe(200);
    const yesterdayNoon = new Date(today.getTime() - DAY / 2).toISOString();
    for (const [id, customerId, consentToContact] of [
      ['l-fb-1', 'told', true],
      ['l-fb-2', 'silent', false],
    ] as const)
      expect(
        (
          await loop('POST', suite.listen, '/v1/feedback', {
            id,
            touchpoint: 'checkout-x',
            nps: 2,
            customerId,
            consentToContact,
            occurredAt: yesterdayNoon,
          })
        ).status,
      ).toBe(202);
    // act has both answers (the inner loop follows the unhappy non-consenting one up too), by pseudonym.
    const silent = await pseudonymOf(suite.listen, suite.keys[LOOP], 'silent');
    await eventually(async () => {
      const r = await loop('GET', suite.act, '/v1/actions');
      return (r.body.items as { customerId: string | null }[]).some((a) => a.customerId === silent);
    }, 60_000);
  });

  it('a gap, its action resolved, a recovered closed cycle: act verifies it and the loop closes', async () => {
    const c = cycle(-1);
    await publish(Topic.GapsDetected, `${LOOP}:gap`, npsDropGap(LOOP, 'checkout-x', c, { stage: null }));
    const action = await eventually(async () => {
      const r = await loop('GET', suite.act, '/v1/actions?loop=outer');
      return (r.body.items as { id: string; title: string }[])[0];
    }, 60_000);
    actionId = action.id;
    expect(
      (await loop('POST', suite.act, `/v1/actions/${actionId}/resolve`, { comment: 'fixed' })).status,
    ).toBe(200);
    await publish(Topic.MetricsUpdated, `${LOOP}:touchpoint:checkout-x`, metrics(-1, 40));
    await publish(Topic.MetricsUpdated, `${LOOP}:touchpoint:checkout-x`, metrics(0, 28));
    await eventually(async () => {
      const r = await loop('GET', suite.act, `/v1/actions/${actionId}`);
      return r.body.status === 'verified';
    }, 60_000);
  });

  it('mails the consenting customer in English, from the template, with an opt-out link; the other gets nothing', async () => {
    const [mail] = await suite.smtp.waitFor((m) => m.envelopeTo.includes('told@loop.test'), 1, 60_000);
    const action = (await loop('GET', suite.act, `/v1/actions/${actionId}`)).body as { title: string };
    expect(mail.subject).toBe('You said, we did');
    expect(mail.text).toContain(`We acted: ${action.title}.`);
    const m = /(http:\/\/127\.0\.0\.1:\d+\/o\/([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+)/.exec(mail.text);
    expect(m).not.toBeNull();
    optOutLink = m![1];
    // No personal data in the link: the tenant, a random key and the language.
    const claims = JSON.parse(Buffer.from(m![2], 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(claims).sort()).toEqual(['k', 'l', 't']);
    expect(JSON.stringify(claims)).not.toMatch(/told|loop\.test/);

    // The same loop closed again (a redelivery), then a marker loop on the same partition key:
    // once the marker's message is out, the redelivery has been handled, and told has still one.
    // act names customers by pseudonym; listen resolves them to address the mail.
    const closed = {
      tenantId: LOOP,
      actionId,
      gapKey: 'g',
      customers: [
        await pseudonymOf(suite.listen, suite.keys[LOOP], 'told'),
        await pseudonymOf(suite.listen, suite.keys[LOOP], 'silent'),
      ],
      summary: 'again',
      title: 'again',
    };
    await publish(Topic.LoopClosed, `${LOOP}:${actionId}`, closed);
    await publish(Topic.LoopClosed, `${LOOP}:${actionId}`, { ...closed, actionId: `${actionId}-marker` });
    await suite.smtp.waitFor((x) => x.envelopeTo.includes('told@loop.test'), 2, 60_000);
    expect(suite.smtp.to('told@loop.test').map((x) => x.text.includes(`We acted: ${action.title}.`))).toEqual(
      [true, false],
    );
    // silent named even by the (forged) marker: no consent to be contacted, so never a message.
    expect(suite.smtp.to('silent@loop.test')).toEqual([]);
  });

  it('the opt-out link asks first, then sets the opt-out: the next invitation is skipped with reason opt-out', async () => {
    const page = await fetch(optOutLink);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Stop contacting me');
    // Nothing changed by looking.
    expect((await loop('GET', suite.listen, '/v1/contact-policy/told')).body.allowed).toBe(true);
    const done = await fetch(optOutLink, { method: 'POST', body: new URLSearchParams({ confirm: 'yes' }) });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('we will not contact you again');
    const forged = await fetch(`${optOutLink.slice(0, -2)}xx`, { method: 'POST' });
    expect(forged.status).toBe(404);
    const check = await eventually(async () => {
      const r = await loop('GET', suite.listen, '/v1/contact-policy/told');
      return r.body.allowed === false ? r.body : null;
    }, 30_000);
    expect(check.reasons).toEqual(['the customer opted out of being contacted']);
    // collect published the opt-out by pseudonym, in the value and the record key; listen resolved it.
    const told = await pseudonymOf(suite.listen, suite.keys[LOOP], 'told');
    const recorder = await TopicRecorder.start(suite.stack, [Topic.ContactOptedOut]);
    try {
      const [out] = await eventually(async () => {
        const x = recorder.where((r) => r.headers.ce_tenantid === LOOP);
        return x.length ? x : null;
      }, 30_000);
      expect(JSON.parse(out.value!)).toMatchObject({ tenantId: LOOP, customerId: told });
      expect(out.key).toBe(`${LOOP}:${told}`);
      expect(`${out.key} ${out.value}`).not.toContain('told@');
      expect(JSON.parse(out.value!).customerId).not.toBe('told');
    } finally {
      await recorder.stop();
    }
    const inv = await loop('POST', suite.listen, '/v1/invitations', {
      id: 'after-opt-out',
      customerId: 'told',
      channel: 'email',
    });
    expect(inv.body).toMatchObject({ status: 'skipped', reason: 'opt-out' });
    const skipped = await loop('GET', suite.listen, '/v1/invitations/skipped');
    expect(skipped.body.items).toEqual([{ reason: 'opt-out', channel: 'email', touchpoint: null, count: 1 }]);
  });
});
