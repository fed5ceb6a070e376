/**
 * Ingest benchmark (not a test): how many feedback events per second listen turns into
 * `cx.feedback.recorded.v1`, through the raw topic and through HTTP batches.
 *
 *   CONTINUUM_TEST_SLOT=4 npm run bench:ingest -- [--n 50000] [--http-n 50000] [--comments 0.3]
 *                                                 [--concurrency 4] [--instances 1] [--rounds 1] [--reuse-stack] [--cpu-prof] [--floor] [--floor-procs 1] [--work]
 *
 * It brings up the slot's test stack like the jest global setup (fresh broker on 19092+10·slot,
 * database continuum_test_<slot> recreated, build, migrations), starts listen as a real process
 * with `startService`, and stops everything it started at the end. `--reuse-stack` skips the
 * reset and uses a running broker and migrated database of the slot.
 *
 * 1. raw topic: N feedback records are produced to cx.feedback.raw.v1 before listen starts (a
 *    backlog, so the producer does not compete for the CPU while listen works); then listen starts
 *    and the bench watches the recorded topic's end offsets (cheap; decoding each record here
 *    would take CPU from listen); once all are there, it reads them and checks every id once. Rate = events between the first and the last recorded
 *    event ÷ that time (steady state); the time from process start is printed too.
 * 2. HTTP: N feedback items POSTed as arrays of 1,000 with a few requests in flight; rates for the
 *    202 answers and for the recorded events appearing on the topic.
 * `--rounds k` repeats the raw-topic measure k times (a new backlog and new listen processes each
 * time) and prints the median: on a shared VM single runs vary by ±20 %.
 * `--instances k` runs k listen processes in the one consumer group for the raw path (their CPU
 * is added up).
 * `--cpu-prof` runs listen with `node --cpu-prof`; profiles land in tmp/profiles/.
 * `--floor` adds the machine's floor for the same path, measured in this process on the same kind
 *    of backlog: kafkajs consuming the raw records in batches and producing one event each, with
 *    the same CloudEvent headers, through the services' producer (idempotent, acks from all),
 *    (a) with no other work and (b) with one multi-row INSERT per batch into a copy of listen's
 *    feedback table (same columns, indexes and checks). No validation, text analysis,
 *    deduplication or outbox: what any implementation on kafkajs, pg and this broker and database
 *    pays before doing listen's work; (c) the records only consumed and decoded, the least a
 *    downstream consumer (measure, act) pays per event; and (d) the least a listen could be:
 *    (b) plus parsing, validation and comment analysis, the INSERT deduplicating and only the
 *    inserted published (no outbox, contact rows, journey or dead letters).
 * `--floor-procs k` also runs (b) and (d) in 2…k worker processes of one consumer group (their
 *    CPU added up): whether a second process buys anything on this machine.
 * `--work` adds the CPU cost of listen's own work per event, without any I/O, in this process:
 *    parse the raw JSON, validate it, analyse the comments (PII, language, sentiment, themes), build
 *    the recorded event and its row — a lower bound for what listen adds to the floor.
 * Items carry an NPS score; a share of them (`--comments`) a comment, which runs PII redaction,
 * language, sentiment and themes.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import {
  createEvent,
  partitionKey,
  RAW_FEEDBACK_RULES,
  validateRecord,
  Topic,
  toBinaryHeaders,
} from '@continuum/contracts';
import { outboxRecord } from '@continuum/persistence';
import { analyzeComment } from '@continuum/text';
import { sendInBatches } from './bench';
import { cpuOf, peakRssMb, printCpu, stackPids } from './cpu';
import { EventProducer, installKafkajsEncoder } from '@continuum/kafka';
import {
  createTenant,
  freshLocalStack,
  LOCAL_TEST_STACK,
  localKafkaEnv,
  ROOT,
  sh,
  serviceEnv,
  startService,
  TEST_PORTS,
  testKafka,
  waitReady,
  type TestStack,
} from '@continuum/testing';

const COMMENTS = [
  'Operatore gentile e competente, problema risolto subito',
  'Tempi di attesa troppo lunghi, la linea è caduta due volte',
  'The delivery was late and nobody answered my emails',
  'Fattura sbagliata, addebito doppio: richiamatemi al 333 1234567',
  'Great app, quick refund',
];

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function feedback(tenantId: string | null, run: string, i: number, commentShare: number) {
  const withComment = (i * 7919) % 1000 < commentShare * 1000;
  return {
    ...(tenantId ? { tenantId } : {}),
    id: `${run}-${i}`,
    touchpoint: `tp-${i % 12}`,
    channel: i % 2 ? 'web' : 'app',
    customerId: `c-${i % 5000}`,
    nps: i % 11,
    ...(withComment ? { comment: COMMENTS[i % COMMENTS.length] } : {}),
    segment: { plan: i % 3 ? 'fibra' : 'mobile' },
  };
}

/**
 * Every 200 ms: each look costs the broker a metadata and a ListOffsets request, about 3.5 ms of
 * its CPU on this machine; looking every 20 ms (as this bench first did) took a fifth of a core
 * from the broker, ~35 µs per event at 5,000 events/s, and slowed the path measured by ~15 %.
 * At 200 ms the first→last window of a 100,000-event run is off by under 2 %.
 */
const WATCH_MS = 200;

/**
 * Watches a topic's end offsets (one ListOffsets request every WATCH_MS): records appended since
 * the watch began, with the times of the first and of the latest growth. Decoding every record
 * to count it would cost this process about as much CPU as listen spends on the machine's two
 * cores; the records are checked one by one afterwards by `verifyRecorded`, outside the window.
 */
async function watchAppended(stack: TestStack, topic: string) {
  const admin = testKafka(stack).admin();
  await admin.connect();
  const sum = async () => (await admin.fetchTopicOffsets(topic)).reduce((s, p) => s + Number(p.high), 0);
  const base = await sum();
  const state = { n: 0, first: 0, last: 0 };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const n = (await sum()) - base;
      const now = Date.now();
      if (n > state.n) {
        if (state.n === 0) state.first = now;
        state.last = now;
        state.n = n;
      }
      await new Promise((r) => setTimeout(r, WATCH_MS));
    }
  })();
  return {
    state,
    stop: async () => {
      stopped = true;
      await loop;
      await admin.disconnect();
    },
  };
}

/** Reads the topic after the timed window: every id of the run recorded exactly once, nothing else. */
async function verifyRecorded(stack: TestStack, topic: string, prefix: string, n: number): Promise<void> {
  const seen = new Set<string>();
  let duplicates = 0;
  const consumer = testKafka(stack).consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        const subject = m.headers?.ce_subject?.toString() ?? '';
        if (!subject.startsWith(prefix)) continue;
        if (seen.has(subject)) duplicates++;
        seen.add(subject);
      }
    },
  });
  try {
    await until(() => seen.size >= n, 5 * 60_000, `the ${n} recorded events of ${prefix}*`);
  } finally {
    await consumer.disconnect();
  }
  const expected = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const missing = expected.filter((id) => !seen.has(id)).length;
  if (missing > 0 || seen.size !== n) throw new Error(`recorded ${seen.size} ids, ${missing} missing`);
  console.log(
    `  checked: all ${n.toLocaleString('en-US')} ids recorded once${duplicates ? ` (${duplicates} re-sent copies)` : ''}`,
  );
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const PROFILE = process.argv.includes('--cpu-prof');

/** listen as a real process; with --cpu-prof started by hand, since NODE_OPTIONS refuses the flag. */
async function startListen(
  stack: TestStack,
  instance = 0,
): Promise<{ url: string; pid: number | undefined; stop(): Promise<unknown> }> {
  if (!PROFILE || instance > 0) {
    const svc = await startService(
      'listen',
      stack,
      { LOG_LEVEL: 'warn' },
      { port: TEST_PORTS.listen + 100 * instance, logName: `listen-${instance}` },
    );
    return { url: svc.url, pid: svc.process.pid, stop: () => svc.stop() };
  }
  const dir = path.join(ROOT, 'tmp', 'profiles');
  const child = spawn(
    'node',
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, 'tools/run.js', 'dist/services/listen/src/main.js'],
    {
      cwd: ROOT,
      env: serviceEnv('listen', stack, { LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${TEST_PORTS.listen}`;
  await waitReady(url, 60_000, child);
  return {
    url,
    pid: child.pid,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      console.log(`cpu profile of listen written to ${dir}`);
    },
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');

/** The i-th raw feedback record of a run, keyed by tenant and customer as a source system keys it. */
function rawFeedbackRecord(tenantId: string, run: string, i: number, comments: number) {
  const f = feedback(tenantId, run, i, comments);
  return { key: `${tenantId}:${f.customerId}`, value: JSON.stringify(f) };
}

async function rawTopic(
  stack: TestStack,
  tenantId: string,
  n: number,
  comments: number,
  instances: number,
): Promise<number> {
  const run = `raw${Date.now().toString(36)}`;
  const producer = testKafka(stack).producer();
  await producer.connect();
  const t0 = Date.now();
  await sendInBatches(producer, Topic.FeedbackRaw, n, (i) => rawFeedbackRecord(tenantId, run, i, comments));
  await producer.disconnect();
  console.log(`raw topic: produced ${n.toLocaleString('en-US')} records in ${Date.now() - t0} ms (backlog)`);

  const counter = await watchAppended(stack, Topic.FeedbackRecorded);
  const started = Date.now();
  const listens = await Promise.all(Array.from({ length: instances }, (_, i) => startListen(stack, i)));
  const pids = stackPids(stack, { listen: listens.map((l) => l.pid) });
  const cpuBefore = cpuOf(pids);
  try {
    await until(() => counter.state.n >= n, 15 * 60_000, 'recorded events');
    printCpu(
      `raw topic (${instances} listen process${instances > 1 ? 'es' : ''})`,
      cpuBefore,
      cpuOf(stackPids(stack, { listen: listens.map((l) => l.pid) })),
      n,
    );
    const { first, last } = counter.state;
    const steady = Number(rate(n - 1, last - first).replace(/,/g, ''));
    console.log(
      `raw topic → recorded: ${rate(n - 1, last - first)} events/s steady (${n} events, first→last ${last - first} ms); ` +
        `${rate(n, last - started)} events/s including process start (${last - started} ms)`,
    );
    console.log(`  listen peak RSS: ${listens.map((l) => `${peakRssMb(l.pid).toFixed(0)} MB`).join(', ')}`);
    await verifyRecorded(stack, Topic.FeedbackRecorded, `${run}-`, n);
    return steady;
  } finally {
    await counter.stop();
    await Promise.all(listens.map((l) => l.stop()));
  }
}

async function http(
  stack: TestStack,
  key: string,
  n: number,
  comments: number,
  concurrency: number,
): Promise<void> {
  const run = `http${Date.now().toString(36)}`;
  const counter = await watchAppended(stack, Topic.FeedbackRecorded);
  const listen = await startListen(stack);
  try {
    const bodies: string[] = [];
    for (let i = 0; i < n; i += 1000) {
      const items = [];
      for (let j = i; j < Math.min(n, i + 1000); j++) items.push(feedback(null, run, j, comments));
      bodies.push(JSON.stringify(items));
    }
    const t0 = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const res = await fetch(`${listen.url}/v1/feedback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body,
        });
        if (res.status !== 202) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const answered = Date.now() - t0;
    await until(() => counter.state.n >= n, 15 * 60_000, 'recorded events');
    const recorded = counter.state.last - t0;
    console.log(
      `HTTP batches of 1,000 (${concurrency} in flight): ${rate(n, answered)} items/s accepted (202, ${answered} ms); ` +
        `${rate(n, recorded)} events/s recorded on the topic (${recorded} ms)`,
    );
    console.log(`  listen peak RSS: ${peakRssMb(listen.pid).toFixed(0)} MB`);
    await verifyRecorded(stack, Topic.FeedbackRecorded, `${run}-`, n);
  } finally {
    await counter.stop();
    await listen.stop();
  }
}

/**
 * The floor's variants: consume and decode only; consume → produce; consume → INSERT → produce;
 * and `work`, the least a listen could be: consume → parse, validate, analyse comments → one
 * deduplicating INSERT per batch → produce the inserted (no outbox, no contacts, no journey).
 */
type FloorMode = 'consume' | 'pipe' | 'insert' | 'work';
const FLOOR_LABEL: Record<FloorMode, string> = {
  consume: 'floor, kafkajs consume + JSON.parse only',
  pipe: 'floor, kafkajs consume → produce',
  insert: 'floor, kafkajs + one INSERT per batch',
  work: "floor + listen's work, validate/text + deduplicating INSERT",
};

interface FloorJob {
  readonly stack: TestStack;
  readonly run: string;
  readonly rawTopic: string;
  readonly outTopic: string;
  readonly mode: FloorMode;
}

/**
 * The floor (see `--floor`): raw records → (one INSERT per batch) → one event each, in this
 * process or in `procs` worker processes of one consumer group (`--floor-procs`); or the records
 * only consumed and decoded (what measure and act pay at least). Returns the steady rate; prints
 * the CPU of the pipeline's processes, the broker and PostgreSQL.
 */
async function floor(
  stack: TestStack,
  tenantId: string,
  n: number,
  comments: number,
  mode: FloorMode,
  procs = 1,
): Promise<number> {
  const run = `floor${Date.now().toString(36)}`;
  const job: FloorJob = { stack, run, rawTopic: `bench.${run}.raw`, outTopic: `bench.${run}.recorded`, mode };
  const kafka = testKafka(stack);
  const admin = kafka.admin();
  await admin.connect();
  // The catalogue's partition counts of the raw and recorded feedback topics.
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: job.rawTopic, numPartitions: 6 },
      { topic: job.outTopic, numPartitions: 6 },
    ],
  });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await sendInBatches(producer, job.rawTopic, n, (i) => rawFeedbackRecord(tenantId, run, i, comments));
  await producer.disconnect();
  const db = new Pool({ connectionString: stack.databaseUrl, max: 1 });
  await db.query('CREATE SCHEMA IF NOT EXISTS bench_floor');
  await db.query('DROP TABLE IF EXISTS bench_floor.feedback');
  await db.query('CREATE TABLE bench_floor.feedback (LIKE listen.feedback INCLUDING ALL)');
  await db.end();
  // Timed in the pipeline itself: a watcher in this process would be starved by the pipeline.
  const counter = { n: 0, first: 0, last: 0 };
  const count = (k: number) => {
    if (counter.first === 0) counter.first = Date.now();
    counter.n += k;
    counter.last = Date.now();
  };
  const label = procs > 1 ? `${FLOOR_LABEL[mode]}, ${procs} processes` : FLOOR_LABEL[mode];
  const stops: (() => Promise<void>)[] = [];
  const workers: ChildProcess[] = [];
  const before = cpuOf(stackPids(stack, { listen: [] }));
  const own0 = process.cpuUsage();
  if (procs === 1) {
    stops.push(await floorPipeline(job, count));
  } else {
    for (let i = 0; i < procs; i++) {
      // Through tools/run.js, which resolves the @continuum aliases, like this process.
      const w = fork(
        path.join(ROOT, 'tools', 'run.js'),
        [process.argv[1], '--floor-worker', JSON.stringify(job)],
        {
          stdio: 'inherit',
        },
      );
      w.on('message', (m: { n?: number }) => {
        if (typeof m.n === 'number') count(m.n);
      });
      workers.push(w);
    }
    stops.push(async () => {
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(
        workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.on('exit', r)))),
      );
    });
  }
  try {
    await until(() => counter.n >= n, 15 * 60_000, 'floor events');
    const own = process.cpuUsage(own0);
    const after = cpuOf(stackPids(stack, { listen: workers.map((w) => w.pid) }));
    after['floor processes'] = after.listen;
    delete after.listen;
    if (procs === 1) {
      before['floor processes'] = new Map([[0, 0]]);
      after['floor processes'] = new Map([[0, (own.user + own.system) / 1e6]]);
    }
    printCpu(label, before, after, n);
    const { first, last } = counter;
    console.log(
      `${label}: ${rate(n, last - first)} events/s steady (${n} events, first batch → last sent ${last - first} ms)`,
    );
    return Number(rate(n, last - first).replace(/,/g, ''));
  } finally {
    for (const stop of stops) await stop();
  }
}

/**
 * One floor pipeline: consumes the job's raw topic in the shared group and calls `count` with
 * each batch's events once they are sent. Returns its stop.
 */
async function floorPipeline(job: FloorJob, count: (n: number) => void): Promise<() => Promise<void>> {
  installKafkajsEncoder();
  const kafka = testKafka(job.stack);
  // One connection per partition handled at once, like listen's pool.
  const db = new Pool({ connectionString: job.stack.databaseUrl, max: 3 });
  // The events go out through the services' producer (idempotent, acks from all, one request in flight).
  const out = new EventProducer(kafka);
  await out.connect();
  const consumer = kafka.consumer({
    groupId: job.run,
    maxBytesPerPartition: 1024 * 1024,
    maxBytes: 8 * 1024 * 1024,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [job.rawTopic], fromBeginning: true });
  const { mode } = job;
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      const now = new Date();
      const rows = batch.messages.map((m) => {
        const f = JSON.parse(m.value!.toString()) as ReturnType<typeof feedback> & { tenantId: string };
        const v = mode === 'work' ? validateRecord(RAW_FEEDBACK_RULES, f) : { ok: true as const, value: f };
        const dto = v.ok ? v.value : null;
        if (!dto) throw new Error('a generated item did not validate');
        const text = mode === 'work' && dto.comment ? analyzeComment(dto.comment, {}) : null;
        return {
          eventId: randomUUID(),
          feedbackId: dto.id,
          tenantId: dto.tenantId,
          touchpoint: dto.touchpoint,
          channel: dto.channel,
          customerId: dto.customerId,
          occurredAt: now.toISOString(),
          receivedAt: now.toISOString(),
          nps: dto.nps,
          comment: text ? text.redacted : (dto.comment ?? null),
          language: text?.language ?? null,
          sentiment: text?.sentiment ?? null,
          segment: dto.segment,
          themes: text?.themes ?? [],
          flags: [],
          consentToContact: false,
        };
      });
      if (mode === 'consume') return count(rows.length);
      let fresh = rows;
      if (mode === 'insert' || mode === 'work') {
        const { rows: inserted } = await db.query<{ id: string }>(
          `INSERT INTO bench_floor.feedback (tenant_id, id, event_id, touchpoint, channel, customer_id, occurred_at,
             received_at, nps, comment, language, sentiment, segment, themes, flags, consent_to_contact)
           SELECT t."tenantId", t."feedbackId", t."eventId", t.touchpoint, t.channel, t."customerId", t."occurredAt",
             t."receivedAt", t.nps, t.comment, t.language, t.sentiment, t.segment, t.themes, t.flags, t."consentToContact"
           FROM json_to_recordset($1::json) AS t("tenantId" text, "feedbackId" text, "eventId" uuid, touchpoint text,
             channel text, "customerId" text, "occurredAt" timestamptz, "receivedAt" timestamptz, nps smallint,
             comment text, language text, sentiment real, segment jsonb, themes text[], flags text[],
             "consentToContact" boolean)
           ON CONFLICT (tenant_id, id) DO NOTHING
           RETURNING id`,
          [JSON.stringify(rows)],
        );
        if (mode === 'work') {
          const ids = new Set(inserted.map((r) => r.id));
          fresh = rows.filter((r) => ids.has(r.feedbackId));
        }
      }
      const events = fresh.map((r) => {
        const e = createEvent({
          id: r.eventId,
          type: Topic.FeedbackRecorded,
          source: '/continuum/listen',
          tenantId: r.tenantId,
          subject: r.feedbackId,
          time: now,
          data: r as never,
        });
        return {
          key: partitionKey(r.tenantId, r.touchpoint),
          headers: toBinaryHeaders(e),
          value: JSON.stringify(r),
        };
      });
      // Under the broker's message.max.bytes per request, as the outbox relay does.
      for (let i = 0; i < events.length; i += 1000) {
        await out.send(events.slice(i, i + 1000).map((e) => ({ topic: job.outTopic, ...e })));
      }
      count(rows.length);
    },
  });
  return async () => {
    await consumer.disconnect();
    await out.disconnect();
    await db.end();
  };
}

/** A `--floor-procs` worker: one floor pipeline, reporting each batch's count to the bench. */
async function floorWorker(job: FloorJob): Promise<void> {
  const stop = await floorPipeline(job, (n) => process.send?.({ n }));
  process.on('SIGTERM', () => {
    void stop().finally(() => process.exit(0));
  });
}

/** `--work`: µs per event of listen's work alone, cumulative by step (see the header). */
function work(n: number, comments: number): void {
  const raw = Array.from({ length: n }, (_, i) =>
    Buffer.from(JSON.stringify(feedback('t1', 'work', i, comments))),
  );
  const steps = ['parse', 'validate', 'text', 'event'] as const;
  const pass = (upTo: (typeof steps)[number]): number => {
    const t0 = process.hrtime.bigint();
    const now = new Date();
    let sink = 0;
    for (const b of raw) {
      const o = JSON.parse(b.toString()) as object;
      if (upTo === 'parse') continue;
      const v = validateRecord(RAW_FEEDBACK_RULES, o);
      const dto = v.ok ? v.value : null;
      if (!dto) throw new Error('a generated item did not validate');
      if (upTo === 'validate') continue;
      const text = dto.comment ? analyzeComment(dto.comment, {}) : null;
      if (upTo === 'text') continue;
      const data = {
        feedbackId: dto.id,
        tenantId: dto.tenantId,
        touchpoint: dto.touchpoint,
        stage: null,
        owner: null,
        channel: dto.channel ?? null,
        customerId: dto.customerId ?? null,
        occurredAt: now.toISOString(),
        receivedAt: now.toISOString(),
        nps: dto.nps ?? null,
        csat: null,
        ces: null,
        emoji: null,
        comment: text ? text.redacted : null,
        language: text ? text.language : null,
        sentiment: text ? text.sentiment : null,
        themes: text ? text.themes : [],
        segment: dto.segment ?? {},
        consentToContact: false,
        flags: [],
      };
      const e = createEvent({
        id: randomUUID(),
        type: Topic.FeedbackRecorded,
        source: '/continuum/listen',
        tenantId: dto.tenantId,
        subject: dto.id,
        time: now,
        data,
      });
      sink += outboxRecord(Topic.FeedbackRecorded, partitionKey(dto.tenantId, dto.touchpoint), e).value
        .length;
      sink += JSON.stringify(data).length;
    }
    if (sink < 0) throw new Error('unreachable');
    return Number(process.hrtime.bigint() - t0) / 1e3 / n;
  };
  for (const step of steps) pass(step); // warm up
  const us = steps.map((step) => `${step} ${pass(step).toFixed(1)}`);
  console.log(`listen's work without I/O, µs/event cumulative by step: ${us.join(', ')}`);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
}

/**
 * Milliseconds for a fixed piece of integer, allocation and JSON work: this VM's speed varies from
 * day to day (the broker's own producer test gave 136k msg/s one day and 84k another), so results
 * of different runs are comparable only alongside it.
 */
function calibrationMs(): number {
  const t0 = process.hrtime.bigint();
  let x = 0;
  for (let i = 0; i < 3e8; i++) x = (x * 31 + i) | 0;
  const objects = Array.from({ length: 2e6 }, (_, i) => ({ i, s: `x${i}` }));
  const json = JSON.stringify(objects.slice(0, 200_000));
  if (json.length === 0 || x === 0.5) throw new Error('unreachable');
  return Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
}

async function main(): Promise<void> {
  const n = flag('n', 50_000);
  const httpN = flag('http-n', 50_000);
  const comments = flag('comments', 0.3);
  const concurrency = flag('concurrency', 4);
  const instances = flag('instances', 1);
  const rounds = flag('rounds', 1);
  const stack = LOCAL_TEST_STACK;
  const reuse = process.argv.includes('--reuse-stack');
  console.log(
    `ingest bench: ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ` +
      `broker ${stack.kafkaBrokers}, database ${stack.databaseUrl}; ${comments * 100}% with comments`,
  );
  console.log(
    `machine speed: a fixed CPU loop takes ${calibrationMs()} ms (compare runs of different days by it)`,
  );
  if (!reuse) {
    freshLocalStack(stack);
  }
  try {
    const tenant = `bench-${Date.now().toString(36)}`;
    const key = createTenant(stack, tenant);
    const rates: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      if (rounds > 1) console.log(`round ${round} of ${rounds}`);
      rates.push(await rawTopic(stack, tenant, n, comments, instances));
    }
    const steady = median(rates);
    if (rounds > 1) {
      console.log(
        `raw topic → recorded over ${rounds} rounds: median ${steady.toLocaleString('en-US')} events/s ` +
          `(${rates.map((r) => r.toLocaleString('en-US')).join(', ')})`,
      );
    }
    if (process.argv.includes('--work')) work(n, comments);
    if (process.argv.includes('--floor')) {
      for (let round = 1; round <= rounds; round++) {
        for (const mode of ['consume', 'pipe', 'insert', 'work'] as const)
          await floor(stack, tenant, n, comments, mode);
        for (let procs = 2; procs <= flag('floor-procs', 1); procs++) {
          for (const mode of ['insert', 'work'] as const)
            await floor(stack, tenant, n, comments, mode, procs);
        }
      }
    }
    if (httpN > 0) await http(stack, key, httpN, comments, concurrency);
    console.log(`target ≥ 10,000 events/s raw topic → recorded: ${steady >= 10_000 ? 'met' : 'NOT met'}`);
  } finally {
    if (!reuse) sh('bash', ['infra/kafka/kafka.sh', 'stop'], localKafkaEnv());
  }
}

const worker = process.argv.indexOf('--floor-worker');
(worker >= 0 ? floorWorker(JSON.parse(process.argv[worker + 1]) as FloorJob) : main()).then(
  () => (worker >= 0 ? undefined : process.exit(0)),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
