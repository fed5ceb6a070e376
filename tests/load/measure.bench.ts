/**
 * measure's benchmark (not a test; `npm run bench:measure`, never part of `npm test`):
 *  1. aggregation: N recorded feedback events are put on cx.feedback.recorded.v1 first, then the
 *     measure service (a real process) is started and drains them; events/s is N over the span
 *     of the batches' transactions (and, for reference, over the wall clock from start);
 *  2. cycle close: a tenant cycle with 10,000 scopes (and its previous cycle) is written
 *     straight into measure's tables, and the running service closes it on its timer; the
 *     figure is the closure's own read-evaluate-write time (measure.cycle_closures.duration_ms),
 *     with the wall clock from "due" to committed for reference. Repeated by re-opening it.
 * Runs on the test slot's own broker and a `continuum_bench_<slot>` database, both reset.
 * Env: BENCH_EVENTS (default 100000), BENCH_SCOPES (10000), BENCH_CLOSE_RUNS (3),
 * BENCH_ONLY (aggregation | close).
 */
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { Partitioners } from 'kafkajs';
import { Topic, type FeedbackRecordedV1 } from '@continuum/contracts';
import {
  buildAndMigrate,
  localKafkaEnv,
  sh,
  startService,
  testKafka,
  TEST_SLOT,
  type TestStack,
} from '@continuum/testing';
import { recordedFeedbackRecord, sendInBatches } from './bench';
import { cpuSeconds } from './cpu';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const SCOPES = Number(process.env.BENCH_SCOPES ?? 10_000);
const CLOSE_RUNS = Number(process.env.BENCH_CLOSE_RUNS ?? 3);
const ONLY = process.env.BENCH_ONLY ?? '';
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;

const stack: TestStack = {
  kafkaBrokers: `127.0.0.1:${19092 + 10 * TEST_SLOT}`,
  databaseUrl: `postgres://postgres@127.0.0.1:5432/continuum_bench_${TEST_SLOT}`,
  mode: 'local',
};

const log = (msg: string) => process.stdout.write(`${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

const COMMENTS = ['Fattura sbagliata, pessimo servizio', 'Attesa lunga, pessimo servizio', 'App lenta'];
const THEMES = ['billing', 'waiting-time', 'website-app', 'price', 'delivery'];

function feedback(tenantId: string, i: number): FeedbackRecordedV1 {
  const touchpoint = `tp-${i % 50}`;
  const nps = Math.floor(rnd() * 11);
  return {
    feedbackId: `b-${i}`,
    tenantId,
    touchpoint,
    stage: `stage-${i % 6}`,
    owner: null,
    channel: pick(['web', 'voice', 'chat', 'app']),
    customerId: `c-${i % 5000}`,
    occurredAt: new Date(today - pick([1, 2, 3]) * DAY + Math.floor(rnd() * DAY)).toISOString(),
    receivedAt: new Date().toISOString(),
    nps,
    csat: rnd() < 0.6 ? 1 + Math.floor(rnd() * 5) : null,
    ces: rnd() < 0.3 ? 1 + Math.floor(rnd() * 7) : null,
    emoji: null,
    comment: nps <= 6 && rnd() < 0.5 ? pick(COMMENTS) : null,
    language: 'it',
    sentiment: Math.round((rnd() * 2 - 1) * 1000) / 1000,
    themes: rnd() < 0.4 ? [pick(THEMES)] : [],
    segment: { plan: pick(['fibra', 'mobile', 'business']), region: pick(['nord', 'centro', 'sud']) },
    consentToContact: false,
    flags: [],
  };
}

async function produceFeedback(tenantId: string, n: number): Promise<void> {
  const producer = testKafka(stack).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await sendInBatches(producer, Topic.FeedbackRecorded, n, (i) =>
      recordedFeedbackRecord(feedback(tenantId, i)),
    );
  } finally {
    await producer.disconnect();
  }
}

async function benchAggregation(db: Client): Promise<void> {
  const tenant = 'bench-agg';
  log(`\n▶ aggregation: producing ${EVENTS} recorded feedback events (50 touchpoints, 3 days)`);
  await produceFeedback(tenant, EVENTS);
  const started = Date.now();
  const measure = await startService('measure', stack, {
    MEASURE_CYCLE_GRACE_MS: String(30 * DAY),
    MEASURE_EARLY_WARNING_INTERVAL_MS: '0',
    LOG_LEVEL: 'warn',
  });
  const cpuAtStart = cpuSeconds(measure.process.pid);
  try {
    let done = 0;
    while (done < EVENTS) {
      await sleep(250);
      const r = await db.query(
        `SELECT count(*)::int AS n FROM measure.processed_events WHERE consumer = 'measure.feedback'`,
      );
      done = r.rows[0].n;
      if (Date.now() - started > 600_000) throw new Error(`only ${done} of ${EVENTS} events after 10 min`);
    }
    const wall = (Date.now() - started) / 1000;
    const span = await db.query(
      `SELECT EXTRACT(EPOCH FROM max(processed_at) - min(processed_at))::float AS s, count(DISTINCT processed_at)::int AS batches
       FROM measure.processed_events WHERE consumer = 'measure.feedback'`,
    );
    const { s, batches } = span.rows[0] as { s: number; batches: number };
    const check = await db.query(
      `SELECT sum(count)::int AS n FROM measure.score_counts
       WHERE tenant_id = $1 AND scope_kind = 'journey' AND metric = 'unhappy'`,
      [tenant],
    );
    log(`  counted ${check.rows[0].n} responses in the journey scope (expected ${EVENTS})`);
    // The span runs from the first batch's start to the last batch's start: add one mean batch.
    const steady = EVENTS / (s * (1 + 1 / Math.max(1, batches - 1)));
    log(`  ${batches} batches; aggregation: ${Math.round(steady)} events/s (transactions' span)`);
    log(
      `  end to end from process start (boot, group join included): ${Math.round(EVENTS / wall)} events/s, ${wall.toFixed(1)} s`,
    );
    const cpu = cpuSeconds(measure.process.pid) - cpuAtStart;
    log(
      `  measure process CPU: ${cpu.toFixed(1)} s, i.e. ${Math.round(EVENTS / cpu)} events per CPU-second (from readiness on)`,
    );
  } finally {
    await measure.stop();
  }
}

/** Writes one cycle (and its previous) of a tenant with `scopes` scopes straight into the tables. */
async function seedCycles(db: Client, tenant: string, scopes: number): Promise<string> {
  const touchpoints = Math.floor(scopes / 2);
  const stages = 25;
  const channels = 4;
  const segments = scopes - touchpoints - stages - channels - 1;
  const current = new Date(today - DAY).toISOString();
  const previous = new Date(today - 2 * DAY).toISOString();
  await db.query(`SELECT setseed(0.42)`);
  for (const [start, drop] of [
    [previous, false],
    [current, true],
  ] as const) {
    // Scopes: touchpoints tp-i (1 % of them fall in the current cycle), channels, segments; the
    // stages and the journey are the exact sums of their touchpoints.
    await db.query(`DROP TABLE IF EXISTS scopes`);
    await db.query(
      `CREATE TEMP TABLE scopes AS
       SELECT 'touchpoint'::text AS kind, 'tp-' || i AS id, i % ${stages} AS stage, ($1::boolean AND i % 100 = 0) AS falls
         FROM generate_series(1, ${touchpoints}) i
       UNION ALL SELECT 'channel', 'ch-' || i, NULL, false FROM generate_series(1, ${channels}) i
       UNION ALL SELECT 'segment', 'store=' || i, NULL, false FROM generate_series(1, ${segments}) i`,
      [drop],
    );
    // NPS 0–10 (~18 answers per score, detractors tripled where the scope falls), CSAT 1–5, unhappy.
    await db.query(
      `INSERT INTO measure.score_counts (tenant_id, cycle_length, cycle_start, scope_kind, scope_id, metric, score, count)
       SELECT $1, 'day', $2, s.kind, s.id, m.metric, m.score,
         (CASE WHEN m.metric = 'nps' AND m.score <= 6 AND s.falls THEN 3 ELSE 1 END)
           * (m.base + floor(random() * m.spread))::int
       FROM scopes s
       CROSS JOIN (
         SELECT 'nps' AS metric, g AS score, 14 AS base, 8 AS spread FROM generate_series(0, 10) g
         UNION ALL SELECT 'csat', g, 15, 10 FROM generate_series(1, 5) g
         UNION ALL SELECT 'unhappy', g, 60, 30 FROM generate_series(0, 1) g
       ) m`,
      [tenant, start],
    );
    await db.query(
      `INSERT INTO measure.moments (tenant_id, cycle_length, cycle_start, scope_kind, scope_id, metric, scale, n, sum, sum_sq, min, max)
       SELECT $1, 'day', $2, s.kind, s.id, 'sentiment', 1000, 80, (-8000 + floor(random() * 4000))::bigint, 40000000, -1000, 1000
       FROM scopes s`,
      [tenant, start],
    );
    // Stages and journey: sums of their touchpoints.
    await db.query(
      `INSERT INTO measure.score_counts (tenant_id, cycle_length, cycle_start, scope_kind, scope_id, metric, score, count)
       SELECT $1, 'day', $2, k.kind, k.id, c.metric, c.score, sum(c.count)
       FROM measure.score_counts c
       CROSS JOIN LATERAL (VALUES ('stage', 'stage-' || (substr(c.scope_id, 4)::int % ${stages})), ('journey', '*'))
         AS k(kind, id)
       WHERE c.tenant_id = $1 AND c.cycle_length = 'day' AND c.cycle_start = $2 AND c.scope_kind = 'touchpoint'
       GROUP BY k.kind, k.id, c.metric, c.score`,
      [tenant, start],
    );
    await db.query(
      `INSERT INTO measure.theme_counts (tenant_id, cycle_length, cycle_start, scope_kind, scope_id, theme,
         responses, unhappy, promoters, passives, detractors)
       SELECT $1, 'day', $2, s.kind, s.id, t.theme, 30, 20, 5, 5, 20
       FROM scopes s CROSS JOIN (VALUES ('billing'), ('waiting-time'), ('price')) AS t(theme)`,
      [tenant, start],
    );
    await db.query(
      `INSERT INTO measure.comment_samples (tenant_id, cycle_length, cycle_start, scope_kind, scope_id, feedback_id,
         occurred_at, comment, themes)
       SELECT $1, 'day', $2, s.kind, s.id, 'f-' || s.id || '-' || g, $2::timestamptz + g * interval '1 hour',
         'Fattura sbagliata, pessimo servizio', ARRAY['billing']
       FROM scopes s CROSS JOIN generate_series(1, 3) g`,
      [tenant, start],
    );
    await db.query(`DROP TABLE scopes`);
  }
  // The previous cycle counts as evaluated; the current one is due now.
  await db.query(
    `INSERT INTO measure.cycles (tenant_id, cycle_length, cycle_start, cycle_end, time_zone, revision, updated_at,
       evaluated_revision, closed_at)
     VALUES ($1, 'day', $2, $2::timestamptz + interval '1 day', 'UTC', 1, now() - interval '1 hour', 1, now()),
            ($1, 'day', $3, $3::timestamptz + interval '1 day', 'UTC', 1, now() - interval '1 hour', 0, NULL)`,
    [tenant, previous, current],
  );
  return current;
}

async function benchCycleClose(db: Client): Promise<void> {
  const tenant = 'bench-close';
  log(`\n▶ cycle close: seeding a tenant cycle with ${SCOPES} scopes and its previous cycle`);
  const t0 = Date.now();
  const current = await seedCycles(db, tenant, SCOPES);
  const rows = await db.query(
    `SELECT count(*)::int AS n, count(DISTINCT (scope_kind, scope_id))::int AS scopes FROM measure.score_counts
     WHERE tenant_id = $1 AND cycle_start = $2`,
    [tenant, current],
  );
  log(
    `  seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${rows.rows[0].scopes} scopes, ${rows.rows[0].n} count rows per cycle`,
  );
  const measure = await startService('measure', stack, {
    MEASURE_CYCLE_GRACE_MS: '0',
    MEASURE_CYCLE_SETTLE_MS: '0',
    MEASURE_CYCLE_CLOSE_INTERVAL_MS: '200',
    MEASURE_EARLY_WARNING_INTERVAL_MS: '0',
    LOG_LEVEL: 'log',
  });
  try {
    const results: { service: number; wall: number; cpu: number }[] = [];
    for (let run = 1; run <= CLOSE_RUNS; run++) {
      const due = Date.now();
      if (run > 1) {
        // Re-open it: the same evaluation again (no gap is published twice).
        await db.query(
          `UPDATE measure.cycles SET revision = revision + 1, updated_at = now() - interval '1 hour'
           WHERE tenant_id = $1 AND cycle_start = $2`,
          [tenant, current],
        );
      }
      let closure:
        | {
            duration_ms: number;
            cpu_ms: number;
            scopes: number;
            comparisons: number;
            gaps: number;
            explained: number;
          }
        | undefined;
      while (!closure) {
        await sleep(20);
        const r = await db.query(
          `SELECT duration_ms, cpu_ms, scopes, comparisons, gaps, explained FROM measure.cycle_closures
           WHERE tenant_id = $1 AND cycle_start = $2 AND revision = $3`,
          [tenant, current, run],
        );
        closure = r.rows[0];
        if (Date.now() - due > 120_000) throw new Error('the cycle did not close within 2 min');
      }
      const wall = Date.now() - due;
      // Every scope's closing indicators: marked in the closure, published right after it.
      for (;;) {
        const r = await db.query(`SELECT count(*)::int AS n FROM measure.dirty_cells WHERE tenant_id = $1`, [
          tenant,
        ]);
        if (r.rows[0].n === 0) break;
        if (Date.now() - due > 120_000) throw new Error('closing indicators not published within 2 min');
        await sleep(20);
      }
      const metrics = Date.now() - due;
      results.push({ service: closure.duration_ms, wall, cpu: closure.cpu_ms });
      log(
        `  run ${run}: ${closure.scopes} scopes, ${closure.comparisons} comparisons, ${closure.gaps} gaps ` +
          `(${closure.explained} broad gaps explained): ${closure.duration_ms} ms in the service ` +
          `(${closure.cpu_ms} ms CPU), ` +
          `${wall} ms due→committed (timer every 200 ms), ${metrics} ms due→all ${closure.scopes} closing indicators enqueued`,
      );
    }
    const best = Math.min(...results.map((r) => r.service));
    const median = results.map((r) => r.service).sort((a, b) => a - b)[Math.floor(results.length / 2)];
    const cpuBest = Math.min(...results.map((r) => r.cpu));
    log(`  cycle close for ${SCOPES} scopes: best ${best} ms, median ${median} ms (best CPU ${cpuBest} ms)`);
    const published = await db.query(`SELECT count(*)::int AS n FROM measure.gaps WHERE tenant_id = $1`, [
      tenant,
    ]);
    log(`  gaps stored and published for the tenant: ${published.rows[0].n} (once each, whatever the runs)`);
  } finally {
    await measure.stop();
  }
}

async function main(): Promise<void> {
  log(`measure benchmark on slot ${TEST_SLOT}: broker ${stack.kafkaBrokers}, database ${stack.databaseUrl}`);
  // Figures on a shared machine mean little without its load: printed before and after.
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  log(`load average at start: ${load()}`);
  sh('bash', ['infra/kafka/kafka.sh', 'reset'], localKafkaEnv());
  sh('bash', ['infra/kafka/kafka.sh', 'start'], localKafkaEnv());
  sh('bash', ['infra/postgres/postgres.sh', 'recreate', stack.databaseUrl]);
  buildAndMigrate(stack);
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    if (ONLY !== 'close') await benchAggregation(db);
    if (ONLY !== 'aggregation') await benchCycleClose(db);
  } finally {
    await db.end();
    log(`\nload average at end: ${load()}`);
    sh('bash', ['infra/kafka/kafka.sh', 'stop'], localKafkaEnv());
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
