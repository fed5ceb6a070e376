/**
 * Measure's outer loop end to end: two past daily cycles of feedback go in through listen's
 * HTTP batch door; in the second, one touchpoint's NPS falls from +40 to −10 (n = 200 each)
 * while the others only wobble. The cycle-close timer (every second here, grace 0, settle 10 s:
 * past cycles close once their data stopped arriving) must publish exactly that gap on
 * cx.gaps.detected.v1, with its evidence, and none for the noise. Then checkout collapses again
 * within today's open cycle, and an early warning (mixture SPRT e-value through e-BH across the
 * tenant's cells) fires before the cycle ends.
 */
import { Client } from 'pg';
import {
  createEvent,
  toBinaryHeaders,
  Topic,
  type GapDetectedV1,
  type JourneyV1,
  type MetricsUpdatedV1,
} from '@continuum/contracts';
import {
  callService,
  e2eSuite,
  eventually,
  npsScores,
  produce,
  startService,
  TopicRecorder,
  type RunningService,
} from '@continuum/testing';

jest.setTimeout(180_000);

const TENANT = 'acme-gaps';
const DAY = 86_400_000;
/**
 * The start of the run's day (UTC), read in beforeAll; D1 and D2 are the two days before it. The
 * last test needs today's cycle open: a run that crosses midnight UTC fails there.
 */
let today: number;
let D1: string;
let D2: string;

const call = (svc: RunningService, method: string, path: string, body?: unknown) =>
  callService(svc, suite.key, method, path, body);

const journey: JourneyV1 = {
  tenantId: TENANT,
  version: 1,
  stages: [
    { id: 'buy', name: 'Buy', owner: 'e-commerce' },
    { id: 'support', name: 'Support', owner: 'customer-care' },
    { id: 'use', name: 'Use', owner: 'digital' },
  ],
  touchpoints: [
    { id: 'checkout', name: 'Checkout', stage: 'buy', channel: null, owner: 'payments' },
    { id: 'product-page', name: 'Product page', stage: 'buy', channel: null, owner: null },
    { id: 'call-queue', name: 'Call queue', stage: 'support', channel: null, owner: null },
    { id: 'agent-call', name: 'Agent call', stage: 'support', channel: null, owner: null },
    { id: 'app', name: 'App', stage: 'use', channel: null, owner: null },
  ],
  teams: [],
  targets: [{ scope: { kind: 'touchpoint', id: 'checkout' }, indicator: 'nps/v1', op: '>=', value: 20 }],
  cycle: 'day',
  timeZone: 'UTC',
  repeatContactWindowDays: 7,
};

/** Promoters, passives, detractors per touchpoint and day (n = 200 each). */
const MIX: Record<string, [[number, number, number], [number, number, number]]> = {
  checkout: [
    [110, 60, 30],
    [60, 60, 80],
  ],
  'product-page': [
    [100, 60, 40],
    [98, 62, 40],
  ],
  'call-queue': [
    [90, 60, 50],
    [93, 58, 49],
  ],
  'agent-call': [
    [100, 50, 50],
    [96, 52, 52],
  ],
  app: [
    [80, 80, 40],
    [82, 76, 42],
  ],
};

// The first 20 detractors of each touchpoint and day comment. Every template scores the same
// sentiment, so only the themes move: checkout's complaints turn from price to billing.
const COMMENTS: Record<string, [string, string]> = {
  checkout: ['Prezzo sbagliato, pessimo servizio', 'Fattura sbagliata, pessimo servizio'],
  'product-page': ['Consegna in ritardo, pessimo servizio', 'Consegna in ritardo, pessimo servizio'],
  'call-queue': ['Attesa lunga, pessimo servizio', 'Attesa lunga, pessimo servizio'],
  'agent-call': ['Attesa lunga, pessimo servizio', 'Attesa lunga, pessimo servizio'],
  app: ['App lenta, pessimo servizio', 'App lenta, pessimo servizio'],
};
const PHONE_COMMENT = 'Fattura sbagliata, pessimo servizio, chiamatemi al 333 123 4567';

function feedbackOfDay(day: 0 | 1): Record<string, unknown>[] {
  const start = Date.parse(day === 0 ? D1 : D2) + 8 * 3600_000;
  const items: Record<string, unknown>[] = [];
  for (const [touchpoint, mix] of Object.entries(MIX)) {
    let commented = 0;
    npsScores(mix[day]).forEach((nps, i) => {
      const comment =
        nps <= 6 && commented++ < 20
          ? touchpoint === 'checkout' && day === 1 && commented === 20
            ? PHONE_COMMENT
            : COMMENTS[touchpoint][day]
          : undefined;
      items.push({
        id: `d${day + 1}-${touchpoint}-${i}`,
        touchpoint,
        nps,
        occurredAt: new Date(start + i * 60_000).toISOString(),
        // One anonymous answer: the only comment a gap event on the topic may quote (crypto-shredding).
        ...(comment === PHONE_COMMENT ? {} : { customerId: `c-${touchpoint}-${i}` }),
        ...(comment ? { comment } : {}),
      });
    });
  }
  return items;
}

const gapsOf = (r: TopicRecorder): GapDetectedV1[] =>
  r
    .where((x) => x.topic === Topic.GapsDetected && x.headers.ce_tenantid === TENANT)
    .map((x) => JSON.parse(x.value!) as GapDetectedV1);

const closedMetrics = (r: TopicRecorder, cycleStart: string): MetricsUpdatedV1[] =>
  r
    .where((x) => x.topic === Topic.MetricsUpdated && x.headers.ce_tenantid === TENANT)
    .map((x) => JSON.parse(x.value!) as MetricsUpdatedV1)
    .filter((m) => m.closed === true && m.cycle.start === cycleStart);

const MEASURE_ENV = {
  MEASURE_CYCLE_CLOSE_INTERVAL_MS: '1000',
  MEASURE_CYCLE_GRACE_MS: '0',
  MEASURE_CYCLE_SETTLE_MS: '10000',
  MEASURE_EARLY_WARNING_INTERVAL_MS: '1000',
};

const suite = e2eSuite({
  tenants: [TENANT],
  record: [Topic.FeedbackRecorded, Topic.GapsDetected, Topic.MetricsUpdated],
  services: { listen: {}, measure: MEASURE_ENV },
  cleanExit: true,
});

beforeAll(() => {
  today = Math.floor(Date.now() / DAY) * DAY;
  D1 = new Date(today - 2 * DAY).toISOString();
  D2 = new Date(today - DAY).toISOString();
});

describe('a touchpoint whose NPS falls between two daily cycles', () => {
  it('measure takes the tenant journey from cx.journey.v1', async () => {
    const event = createEvent({
      type: Topic.Journey,
      source: '/continuum/listen',
      tenantId: TENANT,
      data: journey,
    });
    await produce(suite.stack, Topic.Journey, [
      { key: TENANT, value: JSON.stringify(journey), headers: toBinaryHeaders(event) },
    ]);
    const db = new Client({ connectionString: suite.stack.databaseUrl });
    await db.connect();
    try {
      const version = await eventually(async () => {
        const r = await db.query('SELECT version FROM measure.journeys WHERE tenant_id = $1', [TENANT]);
        return r.rows[0]?.version as number | undefined;
      });
      expect(version).toBe(1);
    } finally {
      await db.end();
    }
  });

  // The two days are past: due at once. To evaluate them whole on a loaded machine, measure is
  // stopped while listen records them and restarted on the complete backlog (the settle period
  // then only has to span the pauses of one continuous catch-up).
  it('listen accepts both days in batches of up to 1,000', async () => {
    expect(await suite.measure.stop()).toBe(0);
    for (const day of [0, 1] as const) {
      const items = feedbackOfDay(day);
      expect(items).toHaveLength(1000);
      const res = await call(suite.listen, 'POST', '/v1/feedback', items);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ accepted: 1000, duplicates: 0 });
    }
    await eventually(async () => {
      const n = suite.recorder.where(
        (x) => x.topic === Topic.FeedbackRecorded && x.headers.ce_tenantid === TENANT,
      ).length;
      return n === 2000;
    }, 60_000);
    suite.measure = await startService('measure', suite.stack, MEASURE_ENV);
  });

  it('closes both cycles, publishing every scope’s closing indicators', async () => {
    const scopes = [
      'journey:*',
      'stage:buy',
      'stage:support',
      'stage:use',
      ...Object.keys(MIX).map((t) => `touchpoint:${t}`),
    ].sort();
    for (const start of [D1, D2]) {
      const closed = await eventually(async () => {
        const m = closedMetrics(suite.recorder, start);
        return new Set(m.map((x) => `${x.scope.kind}:${x.scope.id}`)).size === scopes.length ? m : null;
      }, 90_000);
      expect([...new Set(closed.map((x) => `${x.scope.kind}:${x.scope.id}`))].sort()).toEqual(scopes);
      // Each scope's closing indicators cover the whole day.
      const journeyNps = closed
        .filter((x) => x.scope.kind === 'journey')
        .map((x) => x.indicators.find((i) => i.indicator === 'nps/v1')!.n);
      expect(journeyNps).toEqual([1000]);
    }
  });

  it('publishes exactly one gap, for checkout NPS, with its evidence', async () => {
    // Every closing indicator of both cycles was seen, and measure enqueues them after the
    // closure's gaps (outbox order): once the recorder has caught up, every gap is in.
    await suite.recorder.caughtUp();
    const gaps = gapsOf(suite.recorder);
    expect(gaps).toHaveLength(1);
    const [gap] = gaps;
    expect(gap).toMatchObject({
      tenantId: TENANT,
      gapKey: `${TENANT}|touchpoint|checkout|nps/v1|day|${D2}`,
      kind: 'vs-previous',
      scope: { kind: 'touchpoint', id: 'checkout' },
      indicator: 'nps/v1',
      cycle: { length: 'day', start: D2, end: new Date(today).toISOString() },
      previous: 40,
      current: -10,
      nPrevious: 200,
      nCurrent: 200,
      delta: -50,
      target: 20,
      stage: 'buy',
      owner: 'payments',
      test: 'nps-adjusted-wald-z',
    });
    expect(gap.p).toBeLessThan(1e-6);
    expect(gap.q).toBeLessThan(1e-5);
    expect(gap.ci[1]).toBeLessThan(-30);
    expect(gap.comparisons?.map((c) => [c.kind, c.status])).toEqual([
      ['vs-previous', 'gap'],
      ['vs-target', 'gap'],
    ]);
    // The journey (+27 → +16.6) and stage buy fell only through checkout.
    expect(gap.explains).toEqual([
      { kind: 'journey', id: '*' },
      { kind: 'stage', id: 'buy' },
    ]);
    // 20 of 80 unhappy answers now mention billing; none did before.
    expect(gap.themes[0]).toEqual({ theme: 'billing', share: 0.25, change: 0.25 });
    // On the topic the gap quotes anonymous answers only: customers' comments travel sealed with
    // their keys, and a gap would quote several customers (measure's API quotes them, below).
    expect(gap.sampleComments).toEqual(['Fattura sbagliata, pessimo servizio, chiamatemi al [PHONE]']);
  });

  it('serves the gap on GET /v1/gaps and the two-cycle series on GET /v1/indicators', async () => {
    const gaps = await call(suite.measure, 'GET', '/v1/gaps');
    expect(gaps.status).toBe(200);
    expect(gaps.body.items.map((g: GapDetectedV1) => g.gapKey)).toEqual([
      `${TENANT}|touchpoint|checkout|nps/v1|day|${D2}`,
    ]);
    // measure opened the customers' sealed comments with their keys: its own gap quotes them too.
    const [stored] = gaps.body.items as GapDetectedV1[];
    expect(stored.sampleComments.length).toBeGreaterThan(1);
    expect(stored.sampleComments.filter((c) => c === COMMENTS.checkout[1]).length).toBeGreaterThan(0);
    expect(stored.sampleComments).toContain('Fattura sbagliata, pessimo servizio, chiamatemi al [PHONE]');
    expect(stored.sampleComments.join(' ')).not.toMatch(/333 123 4567/);
    const filtered = await call(suite.measure, 'GET', '/v1/gaps?scope=touchpoint:app');
    expect(filtered.body.items).toEqual([]);

    const series = await call(
      suite.measure,
      'GET',
      '/v1/indicators?scope=touchpoint:checkout&indicator=nps/v1',
    );
    expect(series.status).toBe(200);
    expect(
      series.body.items.map((i: { cycle: { start: string }; n: number; value: number; closed: boolean }) => [
        i.cycle.start,
        i.n,
        i.value,
        i.closed,
      ]),
    ).toEqual([
      [D1, 200, 40, true],
      [D2, 200, -10, true],
    ]);
    const [low, high] = series.body.items[1].ci;
    expect(low).toBeLessThan(-10);
    expect(high).toBeGreaterThan(-10);

    const bad = await call(suite.measure, 'GET', '/v1/indicators?scope=galaxy:far');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('scope');
  });
  it('names checkout as what moved the journey NPS, on GET /v1/drivers', async () => {
    const noon = new Date(Date.parse(D2) + 12 * 3600_000).toISOString();
    const res = await call(suite.measure, 'GET', `/v1/drivers?at=${noon}`);
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d).toMatchObject({ scope: { kind: 'journey', id: '*' }, indicator: 'nps/v1', closed: true });
    expect(d.cycle.start).toBe(D2);
    // +27 → +16.6: checkout's share (0.2) times its fall accounts for −10 of the −10.4.
    expect(d.nps.change).toBeCloseTo(-10.4, 1);
    expect(d.touchpoints[0]).toMatchObject({ touchpoint: 'checkout', change: -10, nps: -10 });
    expect(d.explainedChange).toBeCloseTo(d.nps.change, 2);
    // Every touchpoint kept its share (200 of 1,000): the change is all rate, no mix.
    expect(d.touchpoints[0]).toMatchObject({ mix: 0, rate: -10, interaction: 0 });
    expect(d.shiftShare.mix).toBe(0);
    expect(d.shiftShare.rate).toBeCloseTo(d.nps.change, 2);
    // Respondent level: the themes named by the commenting detractors, over all 1,000 answers.
    expect(d.keyDrivers).toMatchObject({ status: 'analysed', method: 'relative-weights', n: 1000 });
    const billingDriver = d.keyDrivers.drivers.find((x: { driver: string }) => x.driver === 'billing');
    expect(billingDriver).toMatchObject({ kind: 'theme' });
    expect(billingDriver.correlation).toBeLessThan(0);
    expect(billingDriver.ci[0]).toBeLessThanOrEqual(billingDriver.weight);
    const billing = d.themes.find((t: { theme: string }) => t.theme === 'billing');
    expect(billing).toMatchObject({ mentions: 20, nps: -100 });
    expect(billing.impact).toBeLessThan(0);

    const stage = await call(suite.measure, 'GET', `/v1/drivers?at=${noon}&scope=stage:buy`);
    expect(stage.body.touchpoints.map((t: { touchpoint: string }) => t.touchpoint)).toEqual([
      'checkout',
      'product-page',
    ]);
    const bad = await call(suite.measure, 'GET', '/v1/drivers?scope=touchpoint:app');
    expect(bad.status).toBe(400);
  });
  it('warns early when checkout collapses again within the open cycle', async () => {
    const at = Math.max(today + 1000, Date.now() - 60_000);
    for (const part of [0, 1]) {
      const items = Array.from({ length: 30 }, (_, i) => ({
        id: `today-checkout-${part}-${i}`,
        touchpoint: 'checkout',
        nps: i % 4,
        occurredAt: new Date(at + i).toISOString(),
      }));
      expect((await call(suite.listen, 'POST', '/v1/feedback', items)).status).toBe(202);
    }
    const warning = await eventually(async () => {
      const w = gapsOf(suite.recorder).find((g) => g.kind === 'early-warning' && g.scope.id === 'checkout');
      return w ?? null;
    }, 30_000);
    const start = new Date(today).toISOString();
    expect(warning).toMatchObject({
      gapKey: `${TENANT}|touchpoint|checkout|nps/v1|day|${start}|early-warning`,
      indicator: 'nps/v1',
      cycle: { start },
      previous: -10,
      current: -100,
      nPrevious: 200,
      stage: 'buy',
      owner: 'payments',
      test: 'mixture-sprt',
      signal: { method: 'msprt-ebh', fdr: 0.05, tau: 20 },
    });
    // The e-value cleared the e-BH bar of its family (the cells of yesterday's cycle), and p and
    // q are the anytime-valid values it implies.
    const signal = warning.signal!;
    if (signal.method !== 'msprt-ebh') throw new Error(`unexpected signal ${signal.method}`);
    expect(signal.eValue).toBeGreaterThanOrEqual(signal.threshold);
    expect(signal.threshold).toBeCloseTo(signal.family / (0.05 * signal.rejections), 2);
    expect(warning.p).toBeCloseTo(1 / signal.eValue, 6);
    expect(warning.q).toBeLessThanOrEqual(0.05);
    // The closed cycle's gap keeps its own key: a warning is never mistaken for it.
    expect(gapsOf(suite.recorder).filter((g) => g.kind !== 'early-warning')).toHaveLength(1);
  });
});
