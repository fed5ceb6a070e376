/**
 * Measure's state against the real PostgreSQL schema (migrated by the global setup):
 * - any split of a stream into batches, delivered concurrently and with redeliveries, leaves the
 *   same aggregates as the whole stream in one batch;
 * - two instances closing cycles at once evaluate each cycle exactly once, publish each gap
 *   once, and data landing in a closed cycle re-opens only its evaluation.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import {
  createEvent,
  toBinaryHeaders,
  Topic,
  type CloudEvent,
  type FeedbackRecordedV1,
  type InteractionRecordedV1,
} from '@continuum/contracts';
import { decodeEvents } from '@continuum/kafka';
import { createDataSource, SubjectKeyCache } from '@continuum/persistence';
import { AggregationRepository } from '../aggregation/aggregation.repository';
import { AggregationService } from '../aggregation/aggregation.service';
import { JourneyDirectory } from '../journey/journey.directory';
import { JourneyRepository } from '../journey/journey.repository';
import { MeasureConfig } from '../measure.config';
import { CycleCloseService } from './cycle-close.service';
import { EvidenceReader } from './evidence.reader';
import { GapsRepository } from './gaps.repository';

jest.setTimeout(120_000);

const DATABASE_URL = process.env.CONTINUUM_TEST_DATABASE_URL!;
const RUN = Date.now().toString(36);
const DAY = 86_400_000;
/** The start of the run's day (UTC) and two days before yesterday, read in beforeAll. */
let today: number;
let day1: number;
let day2: number;
beforeAll(() => {
  today = Math.floor(Date.now() / DAY) * DAY;
  day1 = today - 3 * DAY;
  day2 = today - 2 * DAY;
});

function config(over: Partial<MeasureConfig> = {}): MeasureConfig {
  return Object.assign(new MeasureConfig(), over);
}

interface Instance {
  readonly ds: DataSource;
  readonly aggregation: AggregationService;
  readonly closer: CycleCloseService;
}

async function instance(cfg: MeasureConfig): Promise<Instance> {
  const ds = await createDataSource({
    url: DATABASE_URL,
    schema: 'measure',
    applicationName: 'measure-integration-test',
    poolSize: 4,
  }).initialize();
  const cells = new AggregationRepository(ds);
  const journeys = new JourneyDirectory(new JourneyRepository(ds), cfg);
  return {
    ds,
    aggregation: new AggregationService(ds, cells, journeys, cfg, new SubjectKeyCache()),
    closer: new CycleCloseService(
      ds,
      cells,
      new GapsRepository(ds),
      journeys,
      new EvidenceReader(cells),
      cfg,
    ),
  };
}

let seed = 2026;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

/** A mixed stream: three days, four touchpoints, themes, comments; checkout collapses on day 2. */
function feedbackStream(tenantId: string, n: number): FeedbackRecordedV1[] {
  return Array.from({ length: n }, (_, i): FeedbackRecordedV1 => {
    const touchpoint = pick(['checkout', 'app', 'call-queue', 'delivery']);
    const day = pick([day1, day2, today - DAY]);
    const collapse = touchpoint === 'checkout' && day === day2;
    const nps = collapse ? Math.floor(rnd() * 5) : Math.floor(rnd() * 4) + 7;
    return {
      feedbackId: `f-${i}`,
      tenantId,
      touchpoint,
      stage: touchpoint === 'checkout' ? 'buy' : touchpoint === 'delivery' ? 'deliver' : null,
      owner: null,
      channel: pick(['web', 'voice', null]),
      customerId: `c-${i % 50}`,
      occurredAt: new Date(day + Math.floor(rnd() * DAY)).toISOString(),
      receivedAt: new Date().toISOString(),
      nps,
      csat: rnd() < 0.5 ? 1 + Math.floor(rnd() * 5) : null,
      ces: rnd() < 0.3 ? 1 + Math.floor(rnd() * 7) : null,
      emoji: null,
      comment: nps <= 6 ? pick(['Fattura sbagliata', 'Attesa lunga', 'App lenta']) : null,
      language: 'it',
      sentiment: Math.round((rnd() * 2 - 1) * 1000) / 1000,
      themes: nps <= 6 ? [pick(['billing', 'waiting-time', 'website-app'])] : [],
      segment: rnd() < 0.5 ? { plan: pick(['fibra', 'mobile']) } : {},
      consentToContact: false,
      flags: [],
    };
  });
}

function interactionStream(tenantId: string, n: number): InteractionRecordedV1[] {
  return Array.from({ length: n }, (_, i): InteractionRecordedV1 => {
    const outcome = pick(['handled', 'handled', 'abandoned', 'transferred'] as const);
    return {
      interactionId: `i-${i}`,
      tenantId,
      customerId: `c-${i % 40}`,
      touchpoint: pick(['call-queue', 'chat']),
      stage: 'support',
      owner: null,
      channel: pick(['voice', 'chat']),
      queue: null,
      agentId: null,
      outcome,
      startedAt: new Date(pick([day1, day2]) + Math.floor(rnd() * DAY)).toISOString(),
      endedAt: null,
      waitSeconds: Math.floor(rnd() * 300),
      holdSeconds: outcome === 'abandoned' ? null : Math.floor(rnd() * 120),
      handleSeconds: outcome === 'abandoned' ? null : 60 + Math.floor(rnd() * 600),
      transfers: outcome === 'transferred' ? 1 : 0,
      resolved: null,
      repeatContact: rnd() < 0.2,
      firstContactResolution: outcome === 'abandoned' ? null : rnd() < 0.7,
      flags: [],
      repeatWindowDays: 7,
      repeatWindowEndsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      receivedAt: new Date().toISOString(),
    };
  });
}

function asEvents<T extends Topic.FeedbackRecorded | Topic.InteractionRecorded>(
  type: T,
  items: readonly CloudEvent<T>['data'][],
  prefix: string,
): CloudEvent<T>[] {
  return items.map((data, i) =>
    createEvent({ id: `${prefix}-${i}`, type, source: '/test', tenantId: data.tenantId, data }),
  );
}

/** Random batches, delivered by three concurrent "partitions", with a third of them delivered twice. */
async function deliverChaotically<T>(
  events: readonly T[],
  deliver: (batch: T[]) => Promise<unknown>,
): Promise<void> {
  const batches: T[][] = [];
  for (let i = 0; i < events.length;) {
    const n = 1 + Math.floor(rnd() * 60);
    batches.push(events.slice(i, i + n));
    i += n;
  }
  const redelivered = batches.filter(() => rnd() < 0.33);
  // A redelivery mixed with fresh events: the claim must split the batch.
  const mixed = redelivered.map((b, i) => [...b, ...(batches[(i * 7) % batches.length] ?? [])]);
  const queue = [...batches, ...redelivered, ...mixed].sort(() => rnd() - 0.5);
  await Promise.all(
    [0, 1, 2].map(async (lane) => {
      for (let i = lane; i < queue.length; i += 3) await deliver(queue[i]);
    }),
  );
}

/** Every stored aggregate of a tenant, tenant id left out, in a canonical order. */
async function snapshot(ds: DataSource, tenantId: string): Promise<Record<string, unknown[]>> {
  const q = (sql: string) => ds.query(sql, [tenantId]);
  const cell = 'cycle_length, cycle_start, scope_kind, scope_id';
  return {
    counts: await q(
      `SELECT ${cell}, metric, score, count FROM measure.score_counts WHERE tenant_id = $1 ORDER BY ${cell}, metric, score`,
    ),
    moments: await q(
      `SELECT ${cell}, metric, n, sum, sum_sq, min, max FROM measure.moments WHERE tenant_id = $1 ORDER BY ${cell}, metric`,
    ),
    themes: await q(
      `SELECT ${cell}, theme, responses, unhappy, promoters, passives, detractors FROM measure.theme_counts WHERE tenant_id = $1 ORDER BY ${cell}, theme`,
    ),
    comments: await q(
      `SELECT ${cell}, feedback_id, occurred_at, comment, themes FROM measure.comment_samples WHERE tenant_id = $1 ORDER BY ${cell}, feedback_id`,
    ),
    cycles: await q(
      `SELECT cycle_length, cycle_start, cycle_end, time_zone FROM measure.cycles WHERE tenant_id = $1 ORDER BY cycle_length, cycle_start`,
    ),
  };
}

let a: Instance;
let b: Instance;

beforeAll(async () => {
  const cfg = config({ MEASURE_CYCLE_GRACE_MS: 0, MEASURE_CYCLE_SETTLE_MS: 0, MEASURE_COMMENT_SAMPLES: 5 });
  [a, b] = await Promise.all([instance(cfg), instance(cfg)]);
});

afterAll(async () => {
  await Promise.all([a?.ds.destroy(), b?.ds.destroy()]);
});

describe('aggregation through the service and the real schema', () => {
  const chaos = `chaos-${RUN}`;
  const whole = `whole-${RUN}`;

  it('gives identical aggregates for any batching, concurrency and redelivery', async () => {
    const fb = feedbackStream(chaos, 1500);
    const calls = interactionStream(chaos, 400);
    await deliverChaotically(asEvents(Topic.FeedbackRecorded, fb, `${chaos}-f`), (batch) =>
      // Two instances share the work, as two consumers of the group would.
      (rnd() < 0.5 ? a : b).aggregation.addFeedback(batch),
    );
    await deliverChaotically(asEvents(Topic.InteractionRecorded, calls, `${chaos}-i`), (batch) =>
      (rnd() < 0.5 ? a : b).aggregation.addInteractions(batch),
    );
    const once = await a.aggregation.addFeedback(
      asEvents(
        Topic.FeedbackRecorded,
        fb.map((f) => ({ ...f, tenantId: whole })),
        `${whole}-f`,
      ),
    );
    expect(once.counted).toBe(1500);
    await a.aggregation.addInteractions(
      asEvents(
        Topic.InteractionRecorded,
        calls.map((c) => ({ ...c, tenantId: whole })),
        `${whole}-i`,
      ),
    );

    const [x, y] = await Promise.all([snapshot(a.ds, chaos), snapshot(a.ds, whole)]);
    expect(x).toEqual(y);
    expect(x.counts.length).toBeGreaterThan(300);
    expect(x.moments.length).toBeGreaterThan(50);
    expect(x.themes.length).toBeGreaterThan(20);
    // Bounded: at most 5 samples per cell.
    const perCell = new Map<string, number>();
    for (const c of x.comments as { scope_kind: string; scope_id: string; cycle_start: Date }[]) {
      const k = `${c.scope_kind}:${c.scope_id}:${c.cycle_start.toISOString()}`;
      perCell.set(k, (perCell.get(k) ?? 0) + 1);
    }
    expect(Math.max(...perCell.values())).toBe(5);
  });

  it('refuses a feedback it cannot count, with the reason, and counts the rest', async () => {
    const [good, bad] = feedbackStream(`refuse-${RUN}`, 2);
    const events = asEvents(Topic.FeedbackRecorded, [good, { ...bad, nps: 12 }], `refuse-${RUN}`);
    // The consumer's door: each event against its topic's JSON Schema.
    const { events: decoded, rejected } = decodeEvents(
      {
        topic: Topic.FeedbackRecorded,
        partition: 0,
        records: events.map((e, i) => ({
          topic: Topic.FeedbackRecorded,
          partition: 0,
          offset: String(i),
          timestamp: '0',
          key: null,
          value: JSON.stringify(e.data),
          headers: toBinaryHeaders(e),
        })),
      },
      Topic.FeedbackRecorded,
    );
    expect(rejected.map((r) => [r.record.offset, r.reason])).toEqual([
      ['1', 'nps: nps must not be greater than 10'],
    ]);
    const outcome = await a.aggregation.addFeedback(decoded.map((d) => d.event));
    expect(outcome.counted).toBe(1);
  });
});

describe('closing cycles with two instances at once', () => {
  const tenant = `chaos-${RUN}`;

  async function closures(): Promise<{ cycle_start: Date; revision: string; gaps: number }[]> {
    return a.ds.query(
      `SELECT cycle_start, revision, gaps FROM measure.cycle_closures WHERE tenant_id = $1 ORDER BY cycle_start, revision`,
      [tenant],
    );
  }

  async function publishedGaps(): Promise<{ key: string }[]> {
    return a.ds.query(
      `SELECT key FROM measure.outbox WHERE topic = $1 AND headers->>'ce_tenantid' = $2 ORDER BY id`,
      [Topic.GapsDetected, tenant],
    );
  }

  it('evaluates each due cycle once and publishes the checkout gap once', async () => {
    const [x, y] = await Promise.all([a.closer.closeDue(), b.closer.closeDue()]);
    const evaluated = [...x, ...y].filter((s) => s.tenantId === tenant);
    // Day 1, day 2 and yesterday are due; today is not.
    expect(evaluated.map((s) => s.cycle.start).sort()).toEqual(
      [day1, day2, today - DAY].map((t) => new Date(t).toISOString()),
    );
    const rows = await closures();
    expect(rows).toHaveLength(3);
    const gaps = await publishedGaps();
    expect(gaps.map((g) => g.key)).toContain(
      `${tenant}:${tenant}|touchpoint|checkout|nps/v1|day|${new Date(day2).toISOString()}`,
    );
    expect(new Set(gaps.map((g) => g.key)).size).toBe(gaps.length);
    // Nothing is due any more.
    expect((await a.closer.closeDue()).filter((s) => s.tenantId === tenant)).toEqual([]);
  });

  it('re-evaluates a closed cycle that receives late data, without publishing a gap twice', async () => {
    const before = await publishedGaps();
    const late = feedbackStream(tenant, 40).map((f, i) => ({
      ...f,
      feedbackId: `late-${i}`,
      touchpoint: 'checkout',
      nps: 2,
      occurredAt: new Date(day2 + 3600_000 + i).toISOString(),
    }));
    await a.aggregation.addFeedback(asEvents(Topic.FeedbackRecorded, late, `late-${RUN}`));
    const again = (await Promise.all([a.closer.closeDue(), b.closer.closeDue()]))
      .flat()
      .filter((s) => s.tenantId === tenant);
    expect(again.map((s) => s.cycle.start)).toEqual([new Date(day2).toISOString()]);
    const rows = await closures();
    expect(rows.filter((r) => r.cycle_start.getTime() === day2).map((r) => Number(r.revision))).toHaveLength(
      2,
    );
    const after = await publishedGaps();
    // The checkout gap of day 2 is not published again; new gaps, if any, have new keys.
    expect(new Set(after.map((g) => g.key)).size).toBe(after.length);
    expect(after.slice(0, before.length)).toEqual(before);
  });
});
