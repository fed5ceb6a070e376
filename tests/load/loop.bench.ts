/**
 * `npm run bench` — the whole loop side by side with the broker's own limit and the stock NestJS
 * way, every row measured in the same run on the same machine (never part of `npm test`).
 *
 *   CONTINUUM_TEST_SLOT=4 npm run bench -- [--n 50000] [--quick] [--skip-scale] [--cpu-prof]
 *                                           [--sustained-only [--floor]] [--floor-only] [--latency-only --rates 100,1000]
 *                                           [--cycles [--cycle-rate 500]]
 *
 * Rows: 1. Kafka's ProducerPerformance / ConsumerPerformance (from the jars infra/kafka fetched) for
 * records of our size; 2. kafkajs consume → produce with no other work; 3. the stock NestJS way
 * (ServerKafka with eachMessage, ValidationPipe, one TypeORM `save` and one ClientKafka `emit` per
 * event); 4. Continuum: raw topics → listen → measure → act, sustained until every consumer group's
 * lag is back to 0, and latency from the producer's timestamp to the action's `opened` event at
 * fixed offered loads, split at the probe's recorded event; beside it the floor of the loop (the
 * same three hops with none of Continuum's work, loop-floor.ts); 5. CPU seconds per 1,000 events and peak RSS per service; 6. two instances of
 * each service, and 3, 6 and 12 partitions. Results: tests/load/results/loop-<time>.{json,md} and a
 * chart (SVG, and PNG when a Chromium is installed) of latency against offered load.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Controller, Inject, Module, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientKafka, ClientsModule, EventPattern, Payload, Transport } from '@nestjs/microservices';
import { Partitioners, type Admin, type Consumer, type Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RawFeedbackDto, Topic, TOPICS, type ActionChangedV1 } from '@continuum/contracts';
import { ensureTopics } from '@continuum/kafka';
import {
  buildAndMigrate,
  createTenant,
  LOCAL_TEST_STACK,
  localKafkaEnv,
  ROOT,
  saveStack,
  serviceEnv,
  sh,
  testKafka,
  waitReady,
  type LoopServiceName,
  type TestStack,
} from '@continuum/testing';
import { joinedLoopConsumer } from './bench';
import { cpuOf, cpuUsed, peakRssMb, stackPids } from './cpu';
import { floorHopWorker, loopFloor, type FloorHopJob } from './loop-floor';
import { cycleOf } from '@continuum/journey';
import {
  journeyDocument,
  pastCycles,
  PLANTED_GAP_TOUCHPOINT,
  workload,
  type WorkloadRecord,
} from './workload';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const QUICK = argv.includes('--quick');
/** `--cpu-prof`: services run with `node --cpu-prof` (NODE_OPTIONS refuses it); profiles in tmp/profiles/<service>/. */
const PROFILE = argv.includes('--cpu-prof');
/** `--sustained-only`: row 4's sustained run alone, with its CPU per service (for quick A/B runs). */
const SUSTAINED_ONLY = argv.includes('--sustained-only');
/** `--floor-only`: the floor of the loop alone (see loop-floor.ts); `--floor` adds it to `--sustained-only`. */
const FLOOR_ONLY = argv.includes('--floor-only');
/** `--cycles [--cycle-rate 500]`: the sustained row across past cycles alone (see `acrossCycles`). */
const CYCLES_ONLY = argv.includes('--cycles');
const CYCLE_RATE = flag('cycle-rate', 500);
/** `--latency-only --rates 100,1000`: row 4's latency at those offered loads alone. */
const LATENCY_ONLY = argv.includes('--latency-only');
const N = flag('n', QUICK ? 10_000 : 50_000);
const stack: TestStack = LOCAL_TEST_STACK;
const RESULTS = path.join(ROOT, 'tests', 'load', 'results');
const fmt = (x: number, digits = 0) =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits }) : '—';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cpuTotal = (cpu: Record<string, number>) => Object.values(cpu).reduce((t, v) => t + v, 0);

/** CPU µs per event of each group, and what they allow together on this machine's cores. */
function cpuLine(cpu: Record<string, number>): string {
  const total = cpuTotal(cpu);
  const parts = Object.entries(cpu).map(([k, v]) => `${k} ${fmt((v / N) * 1e6)}`);
  return `CPU µs/event: ${parts.join(', ')}; together ${fmt((total / N) * 1e6)} → at most ${fmt((N / total) * os.cpus().length)} events/s on ${os.cpus().length} cores`;
}

function log(msg: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

// ---------------------------------------------------------------- processes and their cost

interface Svc {
  readonly name: LoopServiceName;
  readonly instance: number;
  readonly proc: ChildProcess;
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Records per handler call of each service's consumers, by topic, from their `/metrics`
 * (records processed ÷ batch handler calls): how much each transaction and fetch is shared by.
 */
async function batchSizes(services: readonly Svc[]): Promise<string> {
  const out: string[] = [];
  for (const s of services) {
    const text = await (await fetch(`${s.url}/metrics`)).text();
    const sum = (metric: string) => {
      const by = new Map<string, number>();
      for (const m of text.matchAll(new RegExp(`^${metric}\\{[^}]*topic="([^"]+)"[^}]*\\} (\\S+)$`, 'gm')))
        by.set(m[1], (by.get(m[1]) ?? 0) + Number(m[2]));
      return by;
    };
    const records = sum('continuum_consumer_records_processed_total');
    const calls = sum('continuum_consumer_batch_duration_seconds_count');
    const seconds = sum('continuum_consumer_batch_duration_seconds_sum');
    for (const [topic, n] of calls)
      if (n > 0)
        out.push(
          `${s.name} ${topic.replace(/^cx\./, '')} ${fmt((records.get(topic) ?? 0) / n)} (${fmt(n)} calls, ${fmt(((seconds.get(topic) ?? 0) / n) * 1000, 1)} ms each)`,
        );
  }
  return out.join(', ');
}

const BASE_PORT: Record<LoopServiceName, number> = { listen: 23001, measure: 23002, act: 23003 };

async function startSvc(
  name: LoopServiceName,
  instance: number,
  extra: NodeJS.ProcessEnv = {},
): Promise<Svc> {
  const port = BASE_PORT[name] + 10 * instance + 100 * Number(process.env.CONTINUUM_TEST_SLOT ?? 0);
  const profile = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'tmp', 'profiles', name)}`] : [];
  const proc = spawn('node', [...profile, 'tools/run.js', `dist/services/${name}/src/main.js`], {
    cwd: ROOT,
    env: serviceEnv(name, stack, {
      [`${name.toUpperCase()}_PORT`]: String(port),
      LOG_LEVEL: 'warn',
      ...extra,
    }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  await waitReady(`http://127.0.0.1:${port}`, 90_000, proc);
  return {
    name,
    instance,
    proc,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

async function startLoop(instances: number): Promise<Svc[]> {
  const out: Svc[] = [];
  for (let i = 0; i < instances; i++) {
    out.push(...(await Promise.all((['listen', 'measure', 'act'] as const).map((s) => startSvc(s, i)))));
  }
  return out;
}

// ---------------------------------------------------------------- broker helpers

function freshBroker(partitions?: number): Promise<void> {
  sh('bash', ['infra/kafka/kafka.sh', 'reset'], localKafkaEnv());
  sh('bash', ['infra/kafka/kafka.sh', 'start'], localKafkaEnv());
  const specs = partitions ? TOPICS.map((t) => ({ ...t, partitions })) : TOPICS;
  return ensureTopics(testKafka(stack), specs).then(() => undefined);
}

/** Topics of the comparison rows (outside the catalogue). */
async function benchTopics(kafka: Kafka, names: string[], partitions = 6): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    await admin.createTopics({
      waitForLeaders: true,
      topics: names.filter((n) => !existing.has(n)).map((topic) => ({ topic, numPartitions: partitions })),
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * How often the bench asks the broker for end offsets and group lags while a run is timed: each
 * look costs the broker a metadata and a ListOffsets (OffsetFetch) request, ~3.5 ms of its CPU on
 * this machine, so looking every 50–100 ms (as the bench first did) took a sixth of a core from the
 * loop measured. 250 ms costs the broker ~1.5 % of a core and the timing under 2 % of a 20 s run.
 */
const POLL_MS = 250;

async function endOffsets(admin: Admin, topic: string): Promise<number> {
  const offs = await admin.fetchTopicOffsets(topic);
  return offs.reduce((s, o) => s + Number(o.high), 0);
}

/** Sum of the lag of a consumer group over every topic it has committed offsets for. */
async function groupLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<number> {
  let lag = 0;
  for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics: [...topics] })) {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
    for (const p of partitions) {
      const committed = Number(p.offset) < 0 ? 0 : Number(p.offset);
      lag += Math.max(0, (ends.get(p.partition) ?? 0) - committed);
    }
  }
  return lag;
}

/** High-water marks per topic and partition. */
type Offsets = Map<string, Map<number, number>>;

async function offsetsOf(admin: Admin, topics: readonly string[]): Promise<Offsets> {
  const out: Offsets = new Map();
  for (const topic of topics)
    for (let attempt = 0; ; attempt++) {
      try {
        const offs = await admin.fetchTopicOffsets(topic);
        out.set(topic, new Map(offs.map((o) => [o.partition, Number(o.high)])));
        break;
      } catch (err) {
        // A topic just created can answer "not the leader" for a moment, more so on a loaded machine.
        if (attempt >= 20) throw err;
        await sleep(500);
      }
    }
  return out;
}

/**
 * When the last effect of a run happened: the latest record timestamp (CreateTime, set by the
 * producer that wrote it) among the records the topics gained since `from`, read back after the
 * run. Completion is timed from the records themselves, so how often the bench looked whether the
 * run was done does not enter the figure.
 */
async function lastEffectAt(
  kafka: Kafka,
  admin: Admin,
  from: Offsets,
): Promise<{ at: number; records: number }> {
  const to = await offsetsOf(admin, [...from.keys()]);
  const want = new Map<string, { from: number; to: number }>();
  for (const [topic, parts] of to)
    for (const [partition, high] of parts) {
      const low = from.get(topic)?.get(partition) ?? 0;
      if (high > low) want.set(`${topic}|${partition}`, { from: low, to: high });
    }
  if (want.size === 0) return { at: NaN, records: 0 };
  const remaining = new Set(want.keys());
  let at = 0;
  let records = 0;
  const consumer = kafka.consumer({
    groupId: `bench-effects-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
    maxWaitTimeInMs: 100,
    maxBytes: 50 * 1024 * 1024,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...from.keys()], fromBeginning: true });
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const k = `${batch.topic}|${batch.partition}`;
        const w = want.get(k);
        if (!w) return;
        for (const m of batch.messages) {
          const o = Number(m.offset);
          if (o < w.from || o >= w.to) continue;
          at = Math.max(at, Number(m.timestamp));
          records++;
          if (o >= w.to - 1) remaining.delete(k);
        }
        if (remaining.size === 0) done();
      },
    });
    for (const [k, w] of want) {
      const [topic, partition] = k.split('|');
      consumer.seek({ topic, partition: Number(partition), offset: String(w.from) });
    }
    await Promise.race([
      finished,
      sleep(300_000).then(() => {
        throw new Error(`reading the run's effects back: ${[...remaining].join(', ')} not read to the end`);
      }),
    ]);
  } finally {
    await consumer.disconnect();
  }
  return { at, records };
}

/** Until the consumer group has members and a stable assignment (setting up, not timed). */
async function groupJoined(admin: Admin, groupId: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { groups } = await admin.describeGroups([groupId]);
    if (groups[0]?.state === 'Stable' && groups[0].members.length > 0) return;
    if (Date.now() > deadline) throw new Error(`${groupId} did not join in 120 s`);
    await sleep(200);
  }
}

/** The service tables whose rows are work still to do: outboxes and measure's changed cells. */
async function pendingWork(ds: DataSource): Promise<number> {
  const [r] = await ds.query<{ n: string }[]>(
    `SELECT (SELECT count(*) FROM listen.outbox) + (SELECT count(*) FROM measure.outbox)
      + (SELECT count(*) FROM act.outbox) + (SELECT count(*) FROM measure.dirty_cells) AS n`,
  );
  return Number(r.n);
}

/** Every topic a service writes (the effects of the loop), i.e. the catalogue but the raw inputs. */
const EFFECT_TOPICS = TOPICS.map((t) => t.name).filter(
  (t) => t !== Topic.FeedbackRaw && t !== Topic.InteractionsRaw,
);

const GROUP_TOPICS: Record<LoopServiceName, string[]> = {
  listen: [Topic.FeedbackRaw, Topic.InteractionsRaw],
  measure: [Topic.FeedbackRecorded, Topic.InteractionRecorded, Topic.InteractionRevised],
  act: [Topic.FeedbackRecorded, Topic.MetricsUpdated, Topic.GapsDetected],
};

async function produceAll(
  kafka: Kafka,
  topic: string,
  values: { key: string; value: string }[],
): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let i = 0; i < values.length; i += 2000) {
    await producer.send({ topic, acks: -1, messages: values.slice(i, i + 2000) });
  }
  await producer.disconnect();
}

// ---------------------------------------------------------------- row 1: the broker's own tools

function kafkaTool(mainClass: string, args: string[]): string {
  return execFileSync('bash', ['infra/kafka/kafka.sh', 'tool', mainClass, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...localKafkaEnv() },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

async function brokerLimit(recordSize: number): Promise<{ produce: number; consume: number }> {
  // The broker's own tools are the reference, not a compared row: a JVM tool needs the volume to
  // warm up (at the rows' N it measures its own start-up).
  const records = QUICK ? 100_000 : 500_000;
  await benchTopics(testKafka(stack), ['bench.perf']);
  const p = kafkaTool('org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    'bench.perf',
    '--num-records',
    String(records),
    '--record-size',
    String(recordSize),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${stack.kafkaBrokers}`,
    'acks=all',
    'linger.ms=5',
  ]);
  const produce = Number(/records sent, ([\d.]+) records\/sec/.exec(p)?.[1] ?? NaN);
  const c = kafkaTool('org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server',
    stack.kafkaBrokers,
    '--topic',
    'bench.perf',
    '--messages',
    String(records),
    '--timeout',
    '60000',
  ]);
  // CSV: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, …
  const line = c
    .trim()
    .split('\n')
    .filter((l) => /^\d{4}-/.test(l))
    .pop();
  const consume = line ? Number(line.split(',')[5]) : NaN;
  return { produce, consume };
}

// ---------------------------------------------------------------- row 2: raw kafkajs pipe

/**
 * Every comparison row is timed alike: its consumers connected and joined first (not timed), then
 * the same N records offered (t0 = the first send), and the end is the timestamp of the last record
 * the row wrote, read back afterwards.
 */
async function rawClient(values: { key: string; value: string }[]): Promise<number> {
  const kafka = testKafka(stack);
  await benchTopics(kafka, ['bench.pipe.in', 'bench.pipe.out']);
  const admin = kafka.admin();
  await admin.connect();
  const from = await offsetsOf(admin, ['bench.pipe.out']);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const groupId = `bench-pipe-${Date.now()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50 });
  await consumer.connect();
  // From the beginning: "latest" would be resolved at the first fetch, after records already sent.
  await consumer.subscribe({ topics: ['bench.pipe.in'], fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      await producer.send({
        topic: 'bench.pipe.out',
        acks: -1,
        messages: batch.messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      });
    },
  });
  await groupJoined(admin, groupId);
  const t0 = Date.now();
  await produceAll(kafka, 'bench.pipe.in', values);
  const target = [...from.get('bench.pipe.out')!.values()].reduce((a, b) => a + b, 0) + values.length;
  while ((await endOffsets(admin, 'bench.pipe.out')) < target) await sleep(1000);
  await consumer.disconnect();
  await producer.disconnect();
  const last = await lastEffectAt(kafka, admin, from);
  await admin.disconnect();
  return (values.length / (last.at - t0)) * 1000;
}

// ---------------------------------------------------------------- row 3: the stock NestJS way

@Entity({ name: 'stock_feedback', schema: 'bench' })
class StockFeedback {
  @PrimaryGeneratedColumn() pk!: number;
  @Column({ type: 'text' }) tenantId!: string;
  @Column({ type: 'text' }) id!: string;
  @Column({ type: 'text' }) touchpoint!: string;
  @Column({ type: 'text', nullable: true }) channel!: string | null;
  @Column({ type: 'text', nullable: true }) customerId!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) occurredAt!: Date | null;
  @Column({ type: 'smallint', nullable: true }) nps!: number | null;
  @Column({ type: 'smallint', nullable: true }) csat!: number | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @Column({ type: 'jsonb', nullable: true }) segment!: Record<string, string> | null;
  @Column({ type: 'boolean', default: false }) consentToContact!: boolean;
}

const STOCK_DS = 'STOCK_DS';

@Controller()
class StockController {
  constructor(
    @Inject(STOCK_DS) private readonly ds: DataSource,
    @Inject('OUT') private readonly out: ClientKafka,
  ) {}

  @EventPattern('bench.stock.in')
  async handle(@Payload() dto: RawFeedbackDto): Promise<void> {
    const row = this.ds.getRepository(StockFeedback).create({
      tenantId: dto.tenantId,
      id: dto.id,
      touchpoint: dto.touchpoint,
      channel: dto.channel ?? null,
      customerId: dto.customerId ?? null,
      occurredAt: dto.occurredAt ? new Date(dto.occurredAt) : null,
      nps: dto.nps ?? null,
      csat: dto.csat ?? null,
      comment: dto.comment ?? null,
      segment: dto.segment ?? null,
      consentToContact: dto.consentToContact ?? false,
    });
    const saved = await this.ds.getRepository(StockFeedback).save(row);
    // Awaited: the handler is done once the broker has the event (emit alone is fire-and-forget).
    await lastValueFrom(
      this.out.emit('bench.stock.out', { key: dto.tenantId, value: JSON.stringify(saved) }),
      {
        defaultValue: undefined,
      },
    );
  }
}

async function stockWay(values: { key: string; value: string }[]): Promise<number> {
  const kafka = testKafka(stack);
  await benchTopics(kafka, ['bench.stock.in', 'bench.stock.out']);
  const admin = kafka.admin();
  await admin.connect();
  const from = await offsetsOf(admin, ['bench.stock.out']);
  const ds = new DataSource({ type: 'postgres', url: stack.databaseUrl, entities: [StockFeedback] });
  await ds.initialize();
  await ds.query('DROP SCHEMA IF EXISTS bench CASCADE');
  await ds.query('CREATE SCHEMA bench');
  await ds.synchronize();

  @Module({
    imports: [
      ClientsModule.register([
        {
          name: 'OUT',
          transport: Transport.KAFKA,
          options: { client: { brokers: [stack.kafkaBrokers] }, producerOnlyMode: true },
        },
      ]),
    ],
    controllers: [StockController],
    providers: [{ provide: STOCK_DS, useValue: ds }],
  })
  class StockModule {}

  const groupId = `bench-stock-${Date.now()}`;
  const app = await NestFactory.createMicroservice(StockModule, {
    transport: Transport.KAFKA,
    options: {
      client: { brokers: [stack.kafkaBrokers], clientId: 'bench-stock' },
      consumer: { groupId },
      subscribe: { fromBeginning: true },
      // kafkajs's throughput knob for handlers that wait on I/O: one handler per partition at once.
      run: { partitionsConsumedConcurrently: 6 },
    },
    logger: ['error'],
  });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  await app.listen();
  // ServerKafka names its group with the postfix "-server".
  await groupJoined(admin, `${groupId}-server`);
  const t0 = Date.now();
  await produceAll(kafka, 'bench.stock.in', values);
  const budget = Date.now() + 20 * 60_000;
  let done = 0;
  while (done < values.length && Date.now() < budget) {
    await sleep(1000);
    done = Number((await ds.query('SELECT count(*) AS n FROM bench.stock_feedback'))[0].n);
  }
  await app.close();
  await ds.destroy();
  const last = await lastEffectAt(kafka, admin, from);
  await admin.disconnect();
  if (last.records < values.length)
    throw new Error(`stock way: ${last.records} of ${values.length} events emitted`);
  return (values.length / (last.at - t0)) * 1000;
}

// ---------------------------------------------------------------- row 4: Continuum

interface Tenants {
  readonly ids: string[];
  /** Each tenant's key (ingest, read, admin), by id. */
  readonly keys: Map<string, string>;
}

async function setUpTenants(run: string, listen: Svc, count = 3): Promise<Tenants> {
  const ids = Array.from({ length: count }, (_, i) => `${run}-t${i}`);
  const port = BASE_PORT.listen + 100 * Number(process.env.CONTINUUM_TEST_SLOT ?? 0) + 10 * listen.instance;
  const keys = new Map<string, string>();
  for (const id of ids) {
    const key = createTenant(stack, id);
    keys.set(id, key);
    const res = await fetch(`http://127.0.0.1:${port}/v1/journey`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(journeyDocument()),
    });
    if (!res.ok) throw new Error(`journey for ${id}: ${res.status} ${await res.text()}`);
  }
  await sleep(1500); // the map reaches measure and act over cx.journey.v1
  return { ids, keys };
}

function asMessages(records: Iterable<WorkloadRecord>): {
  feedback: WorkloadRecord[];
  interactions: WorkloadRecord[];
} {
  const feedback: WorkloadRecord[] = [];
  const interactions: WorkloadRecord[] = [];
  for (const r of records) (r.topic === 'feedback' ? feedback : interactions).push(r);
  return { feedback, interactions };
}

/**
 * Offers `n` records as fast as the producer goes (t0 = the first send) and waits until the loop is
 * done: every recorded event out, every service group caught up, every outbox empty and every
 * changed cell's indicators published. The end is the timestamp of the last record any service
 * wrote (recorded events, metrics, gaps, actions…), read back afterwards.
 */
async function sustained(
  services: Svc[],
  run: string,
  n: number,
): Promise<{ rate: number; ms: number; cpu: Record<string, number> }> {
  const kafka = testKafka(stack);
  const admin = kafka.admin();
  await admin.connect();
  const listen = services.find((s) => s.name === 'listen')!;
  const tenants = await setUpTenants(run, listen);
  const { feedback, interactions } = asMessages(workload(run, tenants.ids, n));
  const recorded0 = await endOffsets(admin, Topic.FeedbackRecorded);
  const from = await offsetsOf(admin, EFFECT_TOPICS);
  const ds = new DataSource({ type: 'postgres', url: stack.databaseUrl });
  await ds.initialize();
  // Each service's processes, the broker, PostgreSQL and this process (the producer, the lag watcher).
  const pids = () =>
    stackPids(stack, {
      ...Object.fromEntries(
        (['listen', 'measure', 'act'] as const).map((n) => [
          n,
          services.filter((s) => s.name === n).map((s) => s.proc.pid),
        ]),
      ),
      bench: [process.pid],
    });
  const cpu0 = cpuOf(pids());
  const t0 = Date.now();
  await Promise.all([
    produceAll(
      kafka,
      Topic.FeedbackRaw,
      feedback.map((r) => ({ key: r.key, value: JSON.stringify(r.value) })),
    ),
    produceAll(
      kafka,
      Topic.InteractionsRaw,
      interactions.map((r) => ({ key: r.key, value: JSON.stringify(r.value) })),
    ),
  ]);
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error('the loop did not catch up in 15 minutes');
    const recorded = (await endOffsets(admin, Topic.FeedbackRecorded)) - recorded0;
    if (recorded >= feedback.length) {
      const lags = await Promise.all(
        (['listen', 'measure', 'act'] as const).map((g) =>
          groupLag(admin, `continuum-${g}`, GROUP_TOPICS[g]),
        ),
      );
      if (lags.every((l) => l === 0) && (await pendingWork(ds)) === 0) break;
    }
    await sleep(POLL_MS);
  }
  const cpu = cpuUsed(cpu0, cpuOf(pids()));
  await ds.destroy();
  const last = await lastEffectAt(kafka, admin, from);
  await admin.disconnect();
  const ms = last.at - t0;
  return { rate: (n / ms) * 1000, ms, cpu };
}

/**
 * A consumer of the recorded feedback (when each probe of `run` was recorded) and of the action
 * changes (handed to `onAction` with their timestamp), from now on; resolves once it has joined.
 */
async function watchLoop(
  kafka: Kafka,
  groupId: string,
  maxWaitTimeInMs: number,
  run: string,
  recordedAt: Map<string, number>,
  onAction: (d: ActionChangedV1, at: number) => void,
): Promise<Consumer> {
  return joinedLoopConsumer(kafka, groupId, maxWaitTimeInMs, async ({ batch }) => {
    for (const m of batch.messages) {
      if (batch.topic === Topic.FeedbackRecorded) {
        const f = JSON.parse(m.value!.toString()) as { customerId: string | null };
        if (f.customerId?.startsWith(`${run}-probe-`)) recordedAt.set(f.customerId, Number(m.timestamp));
        continue;
      }
      onAction(JSON.parse(m.value!.toString()) as ActionChangedV1, Number(m.timestamp));
    }
  });
}

/**
 * Offers `records` at `rate`/s from now on, stamping each send with its time and noting when each
 * probe went out; resolves with the start once every send is acknowledged.
 */
async function offerAtRate(
  kafka: Kafka,
  records: readonly WorkloadRecord[],
  rate: number,
  sentAt: Map<string, number>,
): Promise<number> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const t0 = Date.now();
  let next = 0;
  const inFlight: Promise<unknown>[] = [];
  while (next < records.length) {
    const due = Math.min(records.length, Math.floor(((Date.now() - t0) / 1000) * rate));
    if (due > next) {
      const slice = records.slice(next, due);
      next = due;
      const now = Date.now();
      for (const r of slice) if (r.probe) sentAt.set(String(r.value.customerId), now);
      const byTopic = asMessages(slice);
      for (const [topic, list] of [
        [Topic.FeedbackRaw, byTopic.feedback],
        [Topic.InteractionsRaw, byTopic.interactions],
      ] as const)
        if (list.length)
          inFlight.push(
            producer.send({
              topic,
              acks: -1,
              messages: list.map((r) => ({
                key: r.key,
                value: JSON.stringify(r.value),
                timestamp: String(now),
              })),
            }),
          );
    }
    await sleep(10);
  }
  await Promise.all(inFlight);
  await producer.disconnect();
  return t0;
}

interface CycleRun {
  readonly rate: number;
  readonly ms: number;
  readonly cyclesClosed: number;
  readonly closures: number;
  readonly gaps: number;
  readonly outerOpened: number;
  readonly verdict: string;
  readonly recordedP99: number;
}

/**
 * The second sustained row: `n` records whose event times span four consecutive past days of the
 * journey's time zone (a week ago), oldest first, offered at `rate`/s, with delivery's answers sour
 * in the second day only. measure's cycle-close ticker evaluates a past cycle on its next tick
 * (its end + MEASURE_CYCLE_GRACE_MS + MEASURE_CYCLE_SETTLE_MAX_MS is long past, so no settle wait),
 * and again whenever more of its data lands. The bench resolves the delivery gap's outer-loop
 * action as soon as it opens; verification only counts cycles ending after the resolution, so
 * resolved_at is set back to the gap cycle's end (as the erasure e2e does) — a fix made then.
 * Done when lags are 0, outboxes empty, every cycle evaluated at its last revision and the action
 * verified or reopened.
 */
async function acrossCycles(services: Svc[], run: string, n: number, rate: number): Promise<CycleRun> {
  const kafka = testKafka(stack);
  const admin = kafka.admin();
  await admin.connect();
  const listen = services.find((s) => s.name === 'listen')!;
  const act = services.find((s) => s.name === 'act')!;
  const tenants = await setUpTenants(run, listen, 1);
  const key = tenants.keys.get(tenants.ids[0])!;
  const tenantIds = tenants.ids;
  const DAY = 86_400_000;
  const cycles = [8, 7, 6, 5].map((k) => cycleOf(new Date(Date.now() - k * DAY), 'day', 'Europe/Rome'));
  const records = [
    ...workload(
      run,
      tenantIds,
      n,
      11,
      0.1,
      pastCycles(
        n,
        cycles.map((c) => c.start),
        cycles.map((c) => c.end),
        1,
      ),
    ),
  ];
  const feedbackCount = records.filter((r) => r.topic === 'feedback').length;
  const ds = new DataSource({ type: 'postgres', url: stack.databaseUrl });
  await ds.initialize();
  const sentAt = new Map<string, number>();
  const recordedAt = new Map<string, number>();
  const outer = new Set<string>();
  let watched: string | null = null;
  let verdict: string | null = null;
  // Written by the consumer below, read by the wait loop.
  const resolutions: Promise<void>[] = [];
  const failed: Error[] = [];
  const resolve = async (id: string) => {
    const res = await fetch(`${act.url}/v1/actions/${id}/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ comment: 'delivery partner replaced' }),
    });
    if (!res.ok) throw new Error(`resolving ${id}: ${res.status} ${await res.text()}`);
    await ds.query(
      `UPDATE act.actions SET resolved_at = (gap -> 'cycle' ->> 'end')::timestamptz WHERE id = $1`,
      [id],
    );
  };
  const consumer = await watchLoop(kafka, `bench-cycles-${run}`, 50, run, recordedAt, (d) => {
    if (!tenantIds.includes(d.action.tenantId) || d.action.loop !== 'outer') return;
    if (d.change === 'opened') outer.add(d.action.id);
    const a = d.action;
    if (
      d.change === 'opened' &&
      watched === null &&
      a.scope?.kind === 'touchpoint' &&
      a.scope.id === PLANTED_GAP_TOUCHPOINT &&
      a.indicator?.startsWith('nps/') === true
    ) {
      watched = d.action.id;
      resolutions.push(
        resolve(d.action.id).catch((err: unknown) => {
          failed.push(err instanceof Error ? err : new Error(String(err)));
        }),
      );
    }
    if (d.action.id === watched && (d.change === 'verified' || d.change === 'reopened')) verdict = d.change;
  });
  const recorded0 = await endOffsets(admin, Topic.FeedbackRecorded);
  const from = await offsetsOf(admin, EFFECT_TOPICS);
  const t0 = await offerAtRate(kafka, records, rate, sentAt);
  const counts = async () => {
    const [r] = await ds.query<{ pending: string; closed: string; closures: string; gaps: string }[]>(
      `SELECT (SELECT count(*) FROM measure.cycles WHERE tenant_id = ANY($1) AND closed_at IS NOT NULL
                 AND evaluated_revision = revision) AS closed,
              (SELECT count(*) FROM measure.cycles WHERE tenant_id = ANY($1) AND evaluated_revision < revision) AS pending,
              (SELECT count(*) FROM measure.cycle_closures WHERE tenant_id = ANY($1)) AS closures,
              (SELECT count(*) FROM measure.gaps WHERE tenant_id = ANY($1)) AS gaps`,
      [tenantIds],
    );
    return {
      closed: Number(r.closed),
      pending: Number(r.pending),
      closures: Number(r.closures),
      gaps: Number(r.gaps),
    };
  };
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    if (failed.length > 0) throw failed[0];
    if (Date.now() > deadline)
      throw new Error(
        `the cycles row did not finish in 15 minutes: ${JSON.stringify({ ...(await counts()), watched, verdict })}`,
      );
    const recorded = (await endOffsets(admin, Topic.FeedbackRecorded)) - recorded0;
    if (recorded >= feedbackCount && verdict !== null) {
      const lags = await Promise.all(
        (['listen', 'measure', 'act'] as const).map((g) =>
          groupLag(admin, `continuum-${g}`, GROUP_TOPICS[g]),
        ),
      );
      const c = await counts();
      if (
        lags.every((l) => l === 0) &&
        c.pending === 0 &&
        c.closed === cycles.length &&
        (await pendingWork(ds)) === 0
      )
        break;
    }
    await sleep(POLL_MS);
  }
  await Promise.all(resolutions);
  const c = await counts();
  await consumer.disconnect();
  await ds.destroy();
  const last = await lastEffectAt(kafka, admin, from);
  await admin.disconnect();
  const ms = last.at - t0;
  const toRecorded = [...sentAt]
    .filter(([id]) => recordedAt.has(id))
    .map(([id, t]) => recordedAt.get(id)! - t)
    .sort((a, b) => a - b);
  return {
    rate: (n / ms) * 1000,
    ms,
    cyclesClosed: c.closed,
    closures: c.closures,
    gaps: c.gaps,
    outerOpened: outer.size,
    verdict: verdict ?? 'none',
    recordedP99: percentile(toRecorded, 0.99),
  };
}

function cycleLine(r: CycleRun, n: number, rate: number): string {
  return (
    `across 4 past cycles at ${rate}/s offered: ${fmt(r.rate)} events/s (${n} events in ${fmt(r.ms)} ms); ` +
    `${r.cyclesClosed} cycles closed (${r.closures} closures), ${r.gaps} gaps detected, ` +
    `${r.outerOpened} outer-loop actions opened, the delivery gap's action ${r.verdict}; ` +
    `producer → recorded p99 ${fmt(r.recordedP99)} ms`
  );
}

interface Latency {
  readonly offered: number;
  readonly achieved: number;
  readonly probes: number;
  readonly actions: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** Of the same probes: producer → recorded by listen, and recorded → action opened by act (p50 / p99, ms). */
  readonly listenPart: { readonly p50: number; readonly p99: number };
  readonly actPart: { readonly p50: number; readonly p99: number };
}

function latencyLine(l: Latency): string {
  return (
    `at ${l.offered}/s (achieved ${fmt(l.achieved)}): p50 ${fmt(l.p50)} ms, p95 ${fmt(l.p95)} ms, p99 ${fmt(l.p99)} ms (${l.actions}/${l.probes} probes); ` +
    `producer → recorded p50 ${fmt(l.listenPart.p50)} / p99 ${fmt(l.listenPart.p99)} ms, recorded → opened p50 ${fmt(l.actPart.p50)} / p99 ${fmt(l.actPart.p99)} ms`
  );
}

function percentile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN;
}

/** Offers the workload at `rate` events/s for `seconds`; latency of every probe's action. */
async function latencyAt(services: Svc[], run: string, rate: number, seconds: number): Promise<Latency> {
  const kafka = testKafka(stack);
  const listen = services.find((s) => s.name === 'listen')!;
  const tenants = await setUpTenants(run, listen);
  const records = [...workload(run, tenants.ids, rate * seconds, 7)];
  const sentAt = new Map<string, number>();
  const openedAt = new Map<string, number>();
  const recordedAt = new Map<string, number>();
  const consumer = await watchLoop(kafka, `bench-lat-${run}`, 20, run, recordedAt, (d, at) => {
    if (d.change === 'opened' && d.action.customerId?.startsWith(`${run}-probe-`))
      openedAt.set(d.action.customerId, at);
  });
  const t0 = await offerAtRate(kafka, records, rate, sentAt);
  const achieved = (records.length / (Date.now() - t0)) * 1000;
  const deadline = Date.now() + 120_000;
  while (openedAt.size < sentAt.size && Date.now() < deadline) await sleep(200);
  await consumer.disconnect();
  const lat = [...sentAt].filter(([c]) => openedAt.has(c)).map(([c, t]) => openedAt.get(c)! - t);
  lat.sort((a, b) => a - b);
  const part = (from: (c: string) => number | undefined, to: (c: string) => number | undefined) => {
    const xs = [...sentAt.keys()]
      .map((c) => [from(c), to(c)])
      .filter((p): p is [number, number] => p[0] !== undefined && p[1] !== undefined)
      .map(([a, b]) => b - a)
      .sort((a, b) => a - b);
    return { p50: percentile(xs, 0.5), p99: percentile(xs, 0.99) };
  };
  return {
    listenPart: part(
      (c) => sentAt.get(c),
      (c) => recordedAt.get(c),
    ),
    actPart: part(
      (c) => recordedAt.get(c),
      (c) => openedAt.get(c),
    ),
    offered: rate,
    achieved,
    probes: sentAt.size,
    actions: openedAt.size,
    p50: percentile(lat, 0.5),
    p95: percentile(lat, 0.95),
    p99: percentile(lat, 0.99),
  };
}

// ---------------------------------------------------------------- chart

function chart(latencies: Latency[], file: string): string[] {
  const W = 720;
  const H = 420;
  const L = 70;
  const B = 50;
  const xs = latencies.map((l) => Math.log10(l.offered));
  const maxY = Math.max(100, ...latencies.map((l) => l.p99).filter(Number.isFinite)) * 1.1;
  const x = (v: number) =>
    L + ((v - Math.min(...xs)) / Math.max(1e-9, Math.max(...xs) - Math.min(...xs))) * (W - L - 30);
  const y = (v: number) => H - B - (v / maxY) * (H - B - 30);
  const series: ['p50' | 'p95' | 'p99', string][] = [
    ['p50', '#2b8a3e'],
    ['p95', '#e67700'],
    ['p99', '#c92a2a'],
  ];
  const lines = series
    .map(([k, color]) => {
      const pts = latencies
        .filter((l) => Number.isFinite(l[k]))
        .map((l) => `${x(Math.log10(l.offered))},${y(l[k])}`);
      return `<polyline fill="none" stroke="${color}" stroke-width="2.5" points="${pts.join(' ')}"/>${pts
        .map((p) => `<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="4" fill="${color}"/>`)
        .join('')}`;
    })
    .join('');
  const ticksY = Array.from({ length: 6 }, (_, i) => (maxY / 5) * i);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${W / 2}" y="18" text-anchor="middle" font-size="14">Continuum: feedback → action latency against offered load (${os.cpus().length} cores)</text>
<line x1="${L}" y1="${H - B}" x2="${W - 20}" y2="${H - B}" stroke="#333"/><line x1="${L}" y1="30" x2="${L}" y2="${H - B}" stroke="#333"/>
${ticksY.map((t) => `<text x="${L - 6}" y="${y(t) + 4}" text-anchor="end">${Math.round(t)}</text><line x1="${L}" y1="${y(t)}" x2="${W - 20}" y2="${y(t)}" stroke="#eee"/>`).join('')}
${latencies.map((l) => `<text x="${x(Math.log10(l.offered))}" y="${H - B + 18}" text-anchor="middle">${l.offered}/s</text>`).join('')}
<text x="${W / 2}" y="${H - 10}" text-anchor="middle">offered load, events/s (log scale)</text>
<text x="16" y="${H / 2}" transform="rotate(-90 16 ${H / 2})" text-anchor="middle">ms</text>
${lines}
${series.map(([k, c], i) => `<rect x="${L + 20 + i * 70}" y="40" width="12" height="12" fill="${c}"/><text x="${L + 36 + i * 70}" y="50">${k}</text>`).join('')}
</svg>\n`;
  writeFileSync(`${file}.svg`, svg);
  const written = [`${file}.svg`];
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((c) => existsSync(c));
  if (chromium) {
    try {
      execFileSync(
        chromium,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          `--screenshot=${file}.png`,
          `--window-size=${W},${H}`,
          `file://${file}.svg`,
        ],
        { stdio: 'ignore', timeout: 60_000 },
      );
      if (existsSync(`${file}.png`)) written.push(`${file}.png`);
    } catch {
      // the SVG stands alone
    }
  }
  return written;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = Date.now();
  const load0 = os.loadavg();
  log(
    `slot ${process.env.CONTINUUM_TEST_SLOT ?? 0}: broker ${stack.kafkaBrokers}, database ${stack.databaseUrl}; ${os.cpus().length} cores, load ${load0.map((l) => l.toFixed(1)).join(' ')}`,
  );
  sh('bash', ['infra/postgres/postgres.sh', 'recreate', stack.databaseUrl]);
  await freshBroker();
  saveStack(stack);
  buildAndMigrate(stack);

  const sample = [...workload('size', ['t'], 2000)].filter((r) => r.topic === 'feedback');
  const values = sample.map((r) => ({ key: r.key, value: JSON.stringify(r.value) }));
  const recordSize = Math.round(values.reduce((s, v) => s + v.value.length, 0) / values.length);
  log(`record size ${recordSize} bytes (mean of the workload's feedback records)`);

  if (SUSTAINED_ONLY || FLOOR_ONLY || LATENCY_ONLY || CYCLES_ONLY) {
    if (LATENCY_ONLY) {
      const services = await startLoop(1);
      for (const rate of (argv[argv.indexOf('--rates') + 1] ?? '').split(',').map(Number).filter(Boolean)) {
        const l = await latencyAt(
          services,
          `l${rate}-${Date.now().toString(36)}`,
          rate,
          rate >= 5000 ? 10 : 20,
        );
        log(latencyLine(l));
        log(`records per handler call so far: ${await batchSizes(services)}`);
      }
      await Promise.all(services.map((s) => s.stop()));
    }
    if (SUSTAINED_ONLY) {
      const services = await startLoop(1);
      const one = await sustained(services, `s1-${Date.now().toString(36)}`, N);
      log(`sustained ${fmt(one.rate)} events/s (${N} events in ${fmt(one.ms)} ms); ${cpuLine(one.cpu)}`);
      log(`records per handler call: ${await batchSizes(services)}`);
      await Promise.all(services.map((s) => s.stop()));
    }
    if (CYCLES_ONLY) {
      const services = await startLoop(1);
      const c = await acrossCycles(services, `c1-${Date.now().toString(36)}`, N, CYCLE_RATE);
      log(cycleLine(c, N, CYCLE_RATE));
      await Promise.all(services.map((s) => s.stop()));
    }
    if (FLOOR_ONLY || argv.includes('--floor')) {
      const floor = await loopFloor(
        stack,
        [...workload(`f-${Date.now().toString(36)}`, ['fa', 'fb', 'fc'], N)],
        produceAll,
      );
      log(
        `floor of the loop ${fmt(floor.rate)} events/s (${N} events in ${fmt(floor.ms)} ms, ${floor.actions} actions); ${cpuLine(floor.cpu)}`,
      );
    }
    sh('bash', ['infra/kafka/kafka.sh', 'stop'], localKafkaEnv());
    return;
  }
  const rawValues = [...workload('raw', ['t-raw'], N * 2)].filter((r) => r.topic === 'feedback').slice(0, N);
  const asKv = (rs: WorkloadRecord[]) => rs.map((r) => ({ key: r.key, value: JSON.stringify(r.value) }));

  log('row 1: Kafka ProducerPerformance / ConsumerPerformance');
  const limit = await brokerLimit(recordSize);
  log(`  produce ${fmt(limit.produce)} msg/s, consume ${fmt(limit.consume)} msg/s`);

  log('row 2: kafkajs consume → produce');
  const raw = await rawClient(asKv(rawValues));
  log(`  ${fmt(raw)} msg/s`);

  log('row 3: stock NestJS (ServerKafka eachMessage, ValidationPipe, TypeORM save + emit per event)');
  const stockN = N;
  const stock = await stockWay(asKv(rawValues.slice(0, stockN)));
  log(`  ${fmt(stock)} events/s (${stockN} events)`);

  log("row 4: the floor of the loop (three hops with none of Continuum's work; see loop-floor.ts)");
  const floor = await loopFloor(
    stack,
    [...workload(`f-${Date.now().toString(36)}`, ['fa', 'fb', 'fc'], N)],
    produceAll,
  );
  log(`  ${fmt(floor.rate)} events/s (${N} events in ${fmt(floor.ms)} ms); ${cpuLine(floor.cpu)}`);

  log('row 4: Continuum, 1 instance each, catalogue partitions');
  await freshBroker();
  let services = await startLoop(1);
  const one = await sustained(services, `s1-${Date.now().toString(36)}`, N);
  log(
    `  sustained ${fmt(one.rate)} events/s (${N} events in ${fmt(one.ms)} ms, every group caught up); ${cpuLine(one.cpu)}`,
  );
  const loads = QUICK ? [100, 1000] : [100, 1000, 5000];
  const latencies: Latency[] = [];
  for (const rate of loads) {
    const seconds = rate >= 5000 ? 10 : 20;
    const l = await latencyAt(services, `l${rate}-${Date.now().toString(36)}`, rate, seconds);
    latencies.push(l);
    log(`  ${latencyLine(l)}`);
  }
  const peaks = Object.fromEntries(services.map((s) => [s.name, peakRssMb(s.proc.pid)]));
  await Promise.all(services.map((s) => s.stop()));

  log('row 4: Continuum across four past cycles (cycle close, gaps, outer loop and verification under load)');
  await freshBroker();
  services = await startLoop(1);
  const acrossN = Math.min(N, 20_000);
  const across = await acrossCycles(services, `c1-${Date.now().toString(36)}`, acrossN, CYCLE_RATE);
  log(`  ${cycleLine(across, acrossN, CYCLE_RATE)}`);
  await Promise.all(services.map((s) => s.stop()));

  const scale: { label: string; rate: number }[] = [];
  if (!argv.includes('--skip-scale')) {
    log('row 6: two instances of each service');
    await freshBroker();
    services = await startLoop(2);
    const two = await sustained(services, `s2-${Date.now().toString(36)}`, N);
    scale.push({ label: '2 instances each, catalogue partitions', rate: two.rate });
    log(`  sustained ${fmt(two.rate)} events/s`);
    await Promise.all(services.map((s) => s.stop()));
    for (const p of [3, 6, 12]) {
      log(`row 6: ${p} partitions per topic, 1 instance each`);
      await freshBroker(p);
      services = await startLoop(1);
      const r = await sustained(services, `p${p}-${Date.now().toString(36)}`, N);
      scale.push({ label: `${p} partitions, 1 instance each`, rate: r.rate });
      log(`  sustained ${fmt(r.rate)} events/s`);
      await Promise.all(services.map((s) => s.stop()));
    }
  }

  mkdirSync(RESULTS, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const files = chart(latencies, path.join(RESULTS, `latency-${stamp}`));
  const cpuPer1k = Object.fromEntries(Object.entries(one.cpu).map(([k, v]) => [k, (v / N) * 1000]));
  const rows: [string, string, string][] = [
    [
      '1. broker limit: ProducerPerformance',
      `${fmt(limit.produce)} msg/s`,
      `${recordSize}-byte records, acks=all; ${QUICK ? '100,000' : '500,000'} records (the reference, not a compared row)`,
    ],
    ['1. broker limit: ConsumerPerformance', `${fmt(limit.consume)} msg/s`, ''],
    [
      '2. raw client: kafkajs consume → produce',
      `${fmt(raw)} msg/s`,
      `${fmt(N)} records; joined first, timed to the last output record`,
    ],
    [
      '3. stock NestJS: eachMessage + save + awaited emit',
      `${fmt(stock)} events/s`,
      `${fmt(stockN)} events; partitionsConsumedConcurrently 6; timed to the last emitted event`,
    ],
    [
      '4. floor of the loop: the same three hops, no work',
      `${fmt(floor.rate)} events/s`,
      `CPU ${fmt((cpuTotal(floor.cpu) / N) * 1e6)} µs/event in all; Continuum ÷ floor ${fmt(one.rate / floor.rate, 2)}`,
    ],
    [
      '4. Continuum full loop, sustained until every effect is out',
      `${fmt(one.rate)} events/s`,
      `${fmt(N)} events (75 % feedback, 25 % interactions); lags 0, outboxes empty, cells published; CPU ${fmt((cpuTotal(one.cpu) / N) * 1e6)} µs/event in all`,
    ],
    [
      '4. Continuum across four past cycles, sustained',
      `${fmt(across.rate)} events/s`,
      `${fmt(acrossN)} events offered at ${CYCLE_RATE}/s; ${across.cyclesClosed} cycles closed (${across.closures} closures), ${across.gaps} gaps, ${across.outerOpened} outer-loop actions, delivery action ${across.verdict}`,
    ],
    ...latencies.map((l): [string, string, string] => [
      `4. latency at ${l.offered}/s offered`,
      `p50 ${fmt(l.p50)} / p95 ${fmt(l.p95)} / p99 ${fmt(l.p99)} ms`,
      `achieved ${fmt(l.achieved)}/s; ${l.actions} of ${l.probes} probe actions; p99 to recorded ${fmt(l.listenPart.p99)}, recorded → action ${fmt(l.actPart.p99)} ms`,
    ]),
    ...(['listen', 'measure', 'act'] as const).map((s): [string, string, string] => [
      `5. cost: ${s}`,
      `${fmt(cpuPer1k[s] ?? NaN, 2)} CPU s / 1,000 events`,
      `peak RSS ${fmt(peaks[s], 0)} MB`,
    ]),
    ['5. ratio Continuum ÷ floor of the loop', fmt(one.rate / floor.rate, 2), 'target ≥ 0.5'],
    ['5. ratio Continuum ÷ raw client', fmt(one.rate / raw, 2), 'target ≥ 0.3'],
    ['5. ratio Continuum ÷ stock way', fmt(one.rate / stock, 2), 'target ≥ 5'],
    ...scale.map((s): [string, string, string] => [
      `6. scale: ${s.label}`,
      `${fmt(s.rate)} events/s`,
      'sustained to lag 0',
    ]),
  ];
  const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  const table = [
    `| ${'row'.padEnd(width[0])} | ${'figure'.padEnd(width[1])} | ${'notes'.padEnd(width[2])} |`,
    `|${'-'.repeat(width[0] + 2)}|${'-'.repeat(width[1] + 2)}|${'-'.repeat(width[2] + 2)}|`,
    ...rows.map((r) => `| ${r.map((c, i) => c.padEnd(width[i])).join(' | ')} |`),
  ].join('\n');
  const header = `Continuum loop benchmark, ${new Date().toISOString()}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load at start ${load0.map((l) => l.toFixed(1)).join(' ')}, at end ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; broker and database on the same machine; ${((Date.now() - started) / 1000).toFixed(0)} s`;
  process.stdout.write(`\n${header}\n\n${table}\n\nchart: ${files.join(', ')}\n`);
  writeFileSync(path.join(RESULTS, `loop-${stamp}.md`), `${header}\n\n${table}\n`);
  writeFileSync(
    path.join(RESULTS, `loop-${stamp}.json`),
    `${JSON.stringify({ header, recordSize, limit, raw, stock, floor, sustained: one, across, latencies, cpuPer1k, peaks, scale }, null, 2)}\n`,
  );
  sh('bash', ['infra/kafka/kafka.sh', 'stop'], localKafkaEnv());
}

const hopArg = argv.indexOf('--floor-hop');
(hopArg >= 0 ? floorHopWorker(JSON.parse(argv[hopArg + 1]) as FloorHopJob) : main()).then(
  () => {
    if (hopArg < 0) process.exit(0); // a floor hop runs until the bench stops it
  },
  (err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
