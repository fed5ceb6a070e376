/**
 * The floor of the loop (`npm run bench -- --floor`, and a row of the full run): the same workload
 * through the same three hops as Continuum — raw topics → recorded events → aggregates, and recorded
 * feedback → actions — with none of Continuum's work in them, each hop in its own process like the
 * services, on the same broker and database:
 *
 *  1. "listen": consumes the raw feedback and interaction topics in batches, one multi-row
 *     `INSERT … ON CONFLICT DO NOTHING RETURNING` per batch, and produces one event per inserted row
 *     (CloudEvent headers, through the services' idempotent producer, acks from all);
 *  2. "measure": consumes the recorded events and folds each batch into one upsert of per-touchpoint
 *     counts and sums;
 *  3. "act": consumes the recorded feedback; for each detractor who agreed to be contacted, one row
 *     of a multi-row INSERT per batch and one `opened` event.
 *
 * No validation, text analysis, journey, claims, outbox, dead letters or rules: what any
 * implementation of the loop on kafkajs, pg, this broker and this database pays before doing the
 * loop's work. The rate is the workload's size ÷ the time from the first record offered (produced
 * while the hops run, as in the sustained row) to the last event consumed by hops 2 and 3.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { createEvent, partitionKey, Topic, toBinaryHeaders, type EventType } from '@continuum/contracts';
import { EventProducer, installKafkajsEncoder } from '@continuum/kafka';
import { ROOT, testKafka, type TestStack } from '@continuum/testing';
import { cpuOf, cpuUsed, stackPids } from './cpu';
import type { WorkloadRecord } from './workload';

export type FloorHop = 'listen' | 'measure' | 'act';

export interface FloorHopJob {
  readonly stack: TestStack;
  readonly hop: FloorHop;
  readonly run: string;
}

const topics = (run: string) => ({
  feedbackRaw: `bench.${run}.feedback.raw`,
  interactionsRaw: `bench.${run}.interactions.raw`,
  feedbackRecorded: `bench.${run}.feedback.recorded`,
  interactionRecorded: `bench.${run}.interaction.recorded`,
  actions: `bench.${run}.actions`,
});

const SCHEMA = 'bench_loop_floor';

export interface LoopFloorResult {
  readonly rate: number;
  readonly ms: number;
  /** CPU seconds per group: the three hops, the broker, PostgreSQL and the bench (the producer). */
  readonly cpu: Record<string, number>;
  readonly actions: number;
}

/**
 * Runs the floor over `records` (the sustained row's workload) and returns its rate. `produce`
 * offers the records to the given raw topics, as the sustained row does.
 */
export async function loopFloor(
  stack: TestStack,
  records: readonly WorkloadRecord[],
  produce: (kafka: Kafka, topic: string, values: { key: string; value: string }[]) => Promise<void>,
): Promise<LoopFloorResult> {
  const run = `loopfloor${Date.now().toString(36)}`;
  const t = topics(run);
  const kafka = testKafka(stack);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [t.feedbackRaw, t.interactionsRaw, t.feedbackRecorded, t.interactionRecorded, t.actions].map(
      (topic) => ({ topic, numPartitions: 6 }),
    ),
  });
  await admin.disconnect();
  const db = new Pool({ connectionString: stack.databaseUrl, max: 1 });
  await db.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await db.query(`CREATE SCHEMA ${SCHEMA}`);
  await db.query(`CREATE TABLE ${SCHEMA}.records (tenant_id text NOT NULL, id text NOT NULL, kind text NOT NULL,
    event_id uuid NOT NULL, body jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (tenant_id, id))`);
  await db.query(`CREATE TABLE ${SCHEMA}.cells (tenant_id text NOT NULL, touchpoint text NOT NULL, kind text NOT NULL,
    n bigint NOT NULL, score_sum bigint NOT NULL, PRIMARY KEY (tenant_id, touchpoint, kind))`);
  await db.query(`CREATE TABLE ${SCHEMA}.actions (id uuid PRIMARY KEY, tenant_id text NOT NULL, customer_id text,
    touchpoint text NOT NULL, opened_at timestamptz NOT NULL DEFAULT now())`);
  await db.end();

  const feedback = records.filter((r) => r.topic === 'feedback');
  const interactions = records.filter((r) => r.topic !== 'feedback');
  const seen: Record<FloorHop, number> = { listen: 0, measure: 0, act: 0 };
  let actions = 0;
  let last = 0;
  const workers: ChildProcess[] = [];
  const ready = new Set<FloorHop>();
  for (const hop of ['listen', 'measure', 'act'] as const) {
    const job: FloorHopJob = { stack, hop, run };
    // Through tools/run.js, which resolves the @continuum aliases, like the services.
    const w = fork(
      path.join(ROOT, 'tools', 'run.js'),
      [process.argv[1], '--floor-hop', JSON.stringify(job)],
      {
        stdio: 'inherit',
      },
    );
    w.on('message', (m: { ready?: boolean; n?: number; actions?: number }) => {
      if (m.ready) ready.add(hop);
      if (typeof m.n === 'number') {
        seen[hop] += m.n;
        last = Date.now();
      }
      if (typeof m.actions === 'number') actions += m.actions;
    });
    workers.push(w);
  }
  try {
    await until(() => ready.size === 3, 60_000, 'floor hops joining their groups');
    const pids = () => stackPids(stack, { hops: workers.map((w) => w.pid), bench: [process.pid] });
    const before = cpuOf(pids());
    const t0 = Date.now();
    const kv = (rs: readonly WorkloadRecord[]) =>
      rs.map((r) => ({ key: r.key, value: JSON.stringify(r.value) }));
    await Promise.all([
      produce(kafka, t.feedbackRaw, kv(feedback)),
      produce(kafka, t.interactionsRaw, kv(interactions)),
    ]);
    await until(
      () => seen.measure >= records.length && seen.act >= feedback.length,
      15 * 60_000,
      'the floor hops catching up',
    );
    const ms = last - t0;
    const cpu = cpuUsed(before, cpuOf(pids()));
    return { rate: (records.length / ms) * 1000, ms, cpu, actions };
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(
      workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.on('exit', r)))),
    );
  }
}

async function until(ok: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What hops 2 and 3 read of a recorded event. */
interface Recorded {
  readonly tenantId: string;
  readonly kind: 'feedback' | 'interaction';
  readonly touchpoint: string;
  readonly customerId: string | null;
  readonly nps: number | null;
  readonly consentToContact: boolean;
}

/** One hop of the floor, in a worker process: reports `ready` once it joined its group, then each batch's count. */
export async function floorHopWorker(job: FloorHopJob): Promise<void> {
  installKafkajsEncoder();
  const t = topics(job.run);
  const kafka = testKafka(job.stack);
  // One connection per partition handled at once, like the services' pools.
  const db = new Pool({ connectionString: job.stack.databaseUrl, max: 3 });
  const out = new EventProducer(kafka);
  await out.connect();
  const consumer = kafka.consumer({
    groupId: `${job.run}-${job.hop}`,
    maxBytesPerPartition: 1024 * 1024,
    maxBytes: 8 * 1024 * 1024,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  const input =
    job.hop === 'listen'
      ? [t.feedbackRaw, t.interactionsRaw]
      : job.hop === 'measure'
        ? [t.feedbackRecorded, t.interactionRecorded]
        : [t.feedbackRecorded];
  await consumer.subscribe({ topics: input, fromBeginning: true });
  consumer.on(consumer.events.GROUP_JOIN, () => process.send?.({ ready: true }));
  const send = async (
    records: { topic: string; key: string; value: string; headers: ReturnType<typeof toBinaryHeaders> }[],
  ) => {
    // Under the broker's message.max.bytes per request, as the services' relay does.
    for (let i = 0; i < records.length; i += 1000) await out.send(records.slice(i, i + 1000));
  };
  const event = (
    topic: string,
    type: EventType,
    tenantId: string,
    subject: string,
    data: object,
    id = randomUUID(),
  ) => {
    const e = createEvent({
      id,
      type,
      source: '/bench/floor',
      tenantId,
      subject,
      time: new Date(),
      data: data as never,
    });
    return {
      topic,
      key: partitionKey(tenantId, subject),
      headers: toBinaryHeaders(e),
      value: JSON.stringify(data),
    };
  };
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      const n = batch.messages.length;
      if (n === 0) return;
      if (job.hop === 'listen') {
        const kind = batch.topic === t.feedbackRaw ? 'feedback' : 'interaction';
        const rows = batch.messages.map((m) => {
          const body = JSON.parse(m.value!.toString()) as Record<string, unknown>;
          return { eventId: randomUUID(), tenantId: String(body.tenantId), id: String(body.id), kind, body };
        });
        const { rows: inserted } = await db.query<{ tenant_id: string; id: string }>(
          `INSERT INTO ${SCHEMA}.records (tenant_id, id, kind, event_id, body)
           SELECT t."tenantId", t.id, t.kind, t."eventId", t.body
           FROM json_to_recordset($1::json) AS t("tenantId" text, id text, kind text, "eventId" uuid, body jsonb)
           ON CONFLICT (tenant_id, id) DO NOTHING RETURNING tenant_id, id`,
          [JSON.stringify(rows)],
        );
        const fresh = new Set(inserted.map((r) => `${r.tenant_id}\u0000${r.id}`));
        const topic = kind === 'feedback' ? t.feedbackRecorded : t.interactionRecorded;
        const type = kind === 'feedback' ? Topic.FeedbackRecorded : Topic.InteractionRecorded;
        await send(
          rows
            .filter((r) => fresh.has(`${r.tenantId}\u0000${r.id}`))
            .map((r) =>
              event(
                topic,
                type,
                r.tenantId,
                String(r.body.touchpoint),
                { ...r.body, kind: r.kind },
                r.eventId,
              ),
            ),
        );
      } else {
        const recorded = batch.messages.map((m) => {
          const b = JSON.parse(m.value!.toString()) as Record<string, unknown>;
          return {
            tenantId: String(b.tenantId),
            kind: b.kind === 'feedback' ? 'feedback' : 'interaction',
            touchpoint: String(b.touchpoint),
            customerId: typeof b.customerId === 'string' ? b.customerId : null,
            nps: typeof b.nps === 'number' ? b.nps : null,
            consentToContact: b.consentToContact === true,
          } satisfies Recorded;
        });
        if (job.hop === 'measure') {
          const cells = new Map<
            string,
            { tenantId: string; touchpoint: string; kind: string; n: number; sum: number }
          >();
          for (const r of recorded) {
            const k = `${r.tenantId}\u0000${r.touchpoint}\u0000${r.kind}`;
            const c = cells.get(k) ?? {
              tenantId: r.tenantId,
              touchpoint: r.touchpoint,
              kind: r.kind,
              n: 0,
              sum: 0,
            };
            c.n += 1;
            c.sum += r.nps ?? 0;
            cells.set(k, c);
          }
          await db.query(
            `INSERT INTO ${SCHEMA}.cells (tenant_id, touchpoint, kind, n, score_sum)
             SELECT t."tenantId", t.touchpoint, t.kind, t.n, t.sum
             FROM json_to_recordset($1::json) AS t("tenantId" text, touchpoint text, kind text, n bigint, sum bigint)
             ORDER BY 1, 2, 3
             ON CONFLICT (tenant_id, touchpoint, kind)
             DO UPDATE SET n = cells.n + excluded.n, score_sum = cells.score_sum + excluded.score_sum`,
            [JSON.stringify([...cells.values()])],
          );
        } else {
          const unhappy = recorded
            .filter((r) => r.nps !== null && r.nps <= 6 && r.consentToContact)
            .map((r) => ({
              id: randomUUID(),
              tenantId: r.tenantId,
              customerId: r.customerId,
              touchpoint: r.touchpoint,
            }));
          if (unhappy.length > 0) {
            await db.query(
              `INSERT INTO ${SCHEMA}.actions (id, tenant_id, customer_id, touchpoint)
               SELECT t.id, t."tenantId", t."customerId", t.touchpoint
               FROM json_to_recordset($1::json) AS t(id uuid, "tenantId" text, "customerId" text, touchpoint text)`,
              [JSON.stringify(unhappy)],
            );
            await send(
              unhappy.map((a) =>
                event(t.actions, Topic.Actions, a.tenantId, a.id, { change: 'opened', action: a }),
              ),
            );
          }
          process.send?.({ actions: unhappy.length });
        }
      }
      process.send?.({ n });
    },
  });
  process.on('SIGTERM', () => {
    void Promise.allSettled([consumer.disconnect(), out.disconnect(), db.end()]).finally(() =>
      process.exit(0),
    );
  });
}
