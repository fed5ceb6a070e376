/**
 * Ingest benchmark (not a test): how many feedback events per second listen turns into
 * `cx.feedback.recorded.v1`, through the raw topic and through HTTP batches.
 *
 *   CONTINUUM_TEST_SLOT=4 npm run bench:ingest -- [--n 50000] [--http-n 50000] [--comments 0.3]
 *                                                 [--concurrency 4] [--reuse-stack] [--cpu-prof]
 *
 * It brings up the slot's test stack like the jest global setup (fresh broker on 19092+10·slot,
 * database continuum_test_<slot> recreated, build, migrations), starts listen as a real process
 * with `startService`, and stops everything it started at the end. `--reuse-stack` skips the
 * reset and uses a running broker and migrated database of the slot.
 *
 * 1. raw topic: N feedback records are produced to cx.feedback.raw.v1 before listen starts (a
 *    backlog, so the producer does not compete for the CPU while listen works); then listen starts
 *    and the bench counts recorded events. Rate = events between the first and the last recorded
 *    event ÷ that time (steady state); the time from process start is printed too.
 * 2. HTTP: N feedback items POSTed as arrays of 1,000 with a few requests in flight; rates for the
 *    202 answers and for the recorded events appearing on the topic.
 * `--cpu-prof` runs listen with `node --cpu-prof`; profiles land in tmp/profiles/.
 * Items carry an NPS score; a share of them (`--comments`) a comment, which runs PII redaction,
 * language, sentiment and themes.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Topic } from '@continuum/contracts';
import {
  buildAndMigrate,
  createTenant,
  LOCAL_TEST_STACK,
  localKafkaEnv,
  ROOT,
  saveStack,
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

/** Counts records on a topic whose ce_subject starts with a prefix; remembers first and last arrival. */
async function countRecorded(stack: TestStack, topic: string, prefix: string) {
  const state = { n: 0, first: 0, last: 0 };
  const consumer = testKafka(stack).consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        if (!m.headers?.ce_subject?.toString().startsWith(prefix)) continue;
        const now = Date.now();
        if (state.n === 0) state.first = now;
        state.n++;
        state.last = now;
      }
    },
  });
  return { state, stop: () => consumer.disconnect() };
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
): Promise<{ url: string; pid: number | undefined; stop(): Promise<unknown> }> {
  if (!PROFILE) {
    const svc = await startService('listen', stack, { LOG_LEVEL: 'warn' });
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
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0; // exited
  }
}

/** The processes whose CPU the raw path costs: listen, the broker, the database's backends for this database. */
function stackPids(stack: TestStack, listenPid: number | undefined): Record<string, number[]> {
  const port = stack.kafkaBrokers.split(':').pop();
  const cache = process.env.CONTINUUM_CACHE ?? path.join(os.homedir(), '.cache', 'continuum');
  let broker: number[] = [];
  try {
    broker = [Number(readFileSync(path.join(cache, `kafka-data-${port}`, 'broker.pid'), 'utf8').trim())];
  } catch {
    broker = [];
  }
  const db = new URL(stack.databaseUrl).pathname.slice(1);
  const backends = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(`: postgres ${db} `);
      } catch {
        return false;
      }
    })
    .map(Number);
  return { listen: listenPid ? [listenPid] : [], broker, postgres: backends };
}

function cpuOf(pids: Record<string, number[]>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(pids).map(([k, list]) => [k, list.reduce((s, pid) => s + cpuSeconds(pid), 0)]),
  );
}

function printCpu(label: string, before: Record<string, number>, after: Record<string, number>, n: number) {
  const parts = Object.keys(after).map((k) => {
    const s = after[k] - (before[k] ?? 0);
    return `${k} ${s.toFixed(1)} s (${((s / n) * 1e6).toFixed(0)} µs/event)`;
  });
  const total = Object.keys(after).reduce((t, k) => t + after[k] - (before[k] ?? 0), 0);
  console.log(
    `${label} CPU: ${parts.join(', ')}; together ${((total / n) * 1e6).toFixed(0)} µs/event → at most ` +
      `${Math.round((n / total) * os.cpus().length).toLocaleString('en-US')} events/s on ${os.cpus().length} cores if nothing else ran`,
  );
}

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');

async function rawTopic(stack: TestStack, tenantId: string, n: number, comments: number): Promise<number> {
  const run = `raw${Date.now().toString(36)}`;
  const producer = testKafka(stack).producer();
  await producer.connect();
  const t0 = Date.now();
  for (let i = 0; i < n; i += 5000) {
    const messages = [];
    for (let j = i; j < Math.min(n, i + 5000); j++) {
      const f = feedback(tenantId, run, j, comments);
      messages.push({ key: `${tenantId}:${f.customerId}`, value: JSON.stringify(f) });
    }
    await producer.send({ topic: Topic.FeedbackRaw, acks: -1, messages });
  }
  await producer.disconnect();
  console.log(`raw topic: produced ${n.toLocaleString('en-US')} records in ${Date.now() - t0} ms (backlog)`);

  const counter = await countRecorded(stack, Topic.FeedbackRecorded, `${run}-`);
  const started = Date.now();
  const listen = await startListen(stack);
  const pids = stackPids(stack, listen.pid);
  const cpuBefore = cpuOf(pids);
  try {
    await until(() => counter.state.n >= n, 15 * 60_000, 'recorded events');
    printCpu('raw topic', cpuBefore, cpuOf(pids), n);
    const { first, last } = counter.state;
    const steady = Number(rate(n - 1, last - first).replace(/,/g, ''));
    console.log(
      `raw topic → recorded: ${rate(n - 1, last - first)} events/s steady (${n} events, first→last ${last - first} ms); ` +
        `${rate(n, last - started)} events/s including process start (${last - started} ms)`,
    );
    return steady;
  } finally {
    await counter.stop();
    await listen.stop();
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
  const counter = await countRecorded(stack, Topic.FeedbackRecorded, `${run}-`);
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
  } finally {
    await counter.stop();
    await listen.stop();
  }
}

async function main(): Promise<void> {
  const n = flag('n', 50_000);
  const httpN = flag('http-n', 50_000);
  const comments = flag('comments', 0.3);
  const concurrency = flag('concurrency', 4);
  const stack = LOCAL_TEST_STACK;
  const reuse = process.argv.includes('--reuse-stack');
  console.log(
    `ingest bench: ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ` +
      `broker ${stack.kafkaBrokers}, database ${stack.databaseUrl}; ${comments * 100}% with comments`,
  );
  if (!reuse) {
    sh('bash', ['infra/kafka/kafka.sh', 'reset'], localKafkaEnv());
    sh('bash', ['infra/kafka/kafka.sh', 'start'], localKafkaEnv());
    sh('bash', ['infra/postgres/postgres.sh', 'recreate', stack.databaseUrl]);
    saveStack(stack);
    buildAndMigrate(stack);
  }
  try {
    const tenant = `bench-${Date.now().toString(36)}`;
    const key = createTenant(stack, tenant);
    const steady = await rawTopic(stack, tenant, n, comments);
    if (httpN > 0) await http(stack, key, httpN, comments, concurrency);
    console.log(`target ≥ 10,000 events/s raw topic → recorded: ${steady >= 10_000 ? 'met' : 'NOT met'}`);
  } finally {
    if (!reuse) sh('bash', ['infra/kafka/kafka.sh', 'stop'], localKafkaEnv());
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
