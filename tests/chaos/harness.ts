/**
 * The chaos suite's moving parts: the services as killable processes (one or two instances
 * each), a producer that streams the workload through listen's HTTP door and the raw topics and
 * retries until each item is acknowledged, a webhook receiver, and the drain and read-back helpers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { Topic } from '@continuum/contracts';
import { EventProducer, type OutgoingRecord } from '@continuum/kafka';
import {
  startService,
  TEST_PORTS,
  type RunningService,
  type LoopServiceName,
  type TestStack,
} from '@continuum/testing';
import type { Item } from './workload';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const SERVICE_ENV: Record<LoopServiceName, NodeJS.ProcessEnv> = {
  listen: { LOG_LEVEL: 'warn' },
  measure: {
    LOG_LEVEL: 'warn',
    MEASURE_CYCLE_CLOSE_INTERVAL_MS: '1000',
    MEASURE_CYCLE_GRACE_MS: '0',
    MEASURE_CYCLE_SETTLE_MS: '5000',
    // Today's open cycle gets no early warnings: the planted gap is the only one expected.
    MEASURE_EARLY_WARNING_INTERVAL_MS: '0',
  },
  act: {
    LOG_LEVEL: 'warn',
    ACT_WEBHOOK_POLL_MS: '200',
    ACT_WEBHOOK_BACKOFF_MS: '300',
    ACT_WEBHOOK_BACKOFF_MAX_MS: '2000',
  },
};

interface Instance {
  readonly name: LoopServiceName;
  readonly index: number;
  svc: RunningService | null;
  killedByUs: boolean;
}

/** The services as processes; an instance that exits without being killed is counted and restarted. */
export class Cluster {
  readonly instances: Instance[] = [];
  readonly unexpectedExits: string[] = [];
  private closing = false;

  constructor(
    private readonly stack: TestStack,
    readonly perService: number,
    private readonly extraEnv: NodeJS.ProcessEnv = {},
  ) {
    for (const name of ['listen', 'measure', 'act'] as const)
      for (let i = 0; i < perService; i++)
        this.instances.push({ name, index: i, svc: null, killedByUs: false });
  }

  private port(name: LoopServiceName, index: number): number {
    return TEST_PORTS[name] + 500 * index;
  }

  private async launch(inst: Instance): Promise<void> {
    inst.killedByUs = false;
    const svc = await startService(
      inst.name,
      this.stack,
      { ...SERVICE_ENV[inst.name], ...this.extraEnv },
      {
        port: this.port(inst.name, inst.index),
        logName: `chaos-${inst.name}-${inst.index}`,
        readyTimeoutMs: 180_000,
      },
    );
    inst.svc = svc;
    svc.process.once('exit', (code, signal) => {
      if (inst.killedByUs || this.closing || inst.svc !== svc) return;
      this.unexpectedExits.push(`${inst.name}#${inst.index} exited (${code ?? signal})`);
      inst.svc = null;
      void this.launch(inst).catch((err: unknown) =>
        this.unexpectedExits.push(`${inst.name}#${inst.index}: ${String(err)}`),
      );
    });
  }

  async start(): Promise<void> {
    // Sequentially: on two cores, parallel Nest boots only slow each other down.
    for (const inst of this.instances) await this.launch(inst);
  }

  urls(name: LoopServiceName): string[] {
    return this.instances.filter((i) => i.name === name && i.svc).map((i) => i.svc!.url);
  }

  /** kill -9 one instance of the service, wait a moment, start it again; returns the downtime. */
  async crash(name: LoopServiceName, pick: number, downMs: number): Promise<string> {
    const of = this.instances.filter((i) => i.name === name);
    const inst = of[pick % of.length];
    inst.killedByUs = true;
    await inst.svc?.kill();
    inst.svc = null;
    await sleep(downMs);
    await this.launch(inst);
    return `${name}#${inst.index}`;
  }

  alive(): boolean {
    return this.instances.every((i) => i.svc && i.svc.process.exitCode === null);
  }

  async stop(): Promise<void> {
    this.closing = true;
    await Promise.all(this.instances.map((i) => (i.svc ? i.svc.kill() : Promise.resolve())));
  }
}

export interface SendStats {
  /** Item sends, retries included. */
  sent: number;
  retries: number;
  readonly accepted: Set<string>;
  /** Valid items listen refused (4xx other than 429): must stay 0. */
  readonly refused: string[];
  readonly errors: Map<string, number>;
  /** Per item key: when its first send started and when it was acknowledged (epoch ms). */
  readonly timing: Map<string, { sentAt: number; ackedAt: number }>;
  /** Every HTTP 5xx listen answered, with the time it was answered. */
  readonly serverErrors: { at: number; status: number }[];
}

export const itemKey = (kind: string, tenantId: string, id: string) => `${kind}|${tenantId}|${id}`;

/** Streams the workload: HTTP batches per tenant and kind, raw-topic records, paced over a duration. */
export class WorkloadProducer {
  readonly stats: SendStats = {
    sent: 0,
    retries: 0,
    accepted: new Set(),
    refused: [],
    errors: new Map(),
    timing: new Map(),
    serverErrors: [],
  };
  private producer: EventProducer | null = null;
  private rr = 0;

  constructor(
    private readonly stack: TestStack,
    private readonly keys: Readonly<Record<string, string>>,
    private readonly listenUrls: () => string[],
  ) {}

  private error(what: string): void {
    this.stats.errors.set(what, (this.stats.errors.get(what) ?? 0) + 1);
  }

  private async post(items: readonly Item[]): Promise<void> {
    const { kind, tenantId } = items[0];
    const body = JSON.stringify(items.map((i) => i.body));
    const sentAt = Date.now();
    for (let attempt = 0; ; attempt++) {
      this.stats.sent += items.length;
      if (attempt > 0) this.stats.retries += items.length;
      const urls = this.listenUrls();
      const url = urls[this.rr++ % Math.max(1, urls.length)];
      let wait = Math.min(2000, 100 * 2 ** Math.min(attempt, 5));
      if (url) {
        try {
          const res = await fetch(`${url}/v1/${kind === 'feedback' ? 'feedback' : 'interactions'}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${this.keys[tenantId]}`, 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(30_000),
          });
          const text = await res.text();
          if (res.status === 202) {
            const r = JSON.parse(text) as { accepted: number; duplicates: number };
            if (r.accepted + r.duplicates !== items.length)
              throw new Error(`listen answered ${text} for ${items.length} items`);
            this.acked(items, sentAt);
            return;
          }
          this.error(`http ${res.status}`);
          if (res.status >= 500) this.stats.serverErrors.push({ at: Date.now(), status: res.status });
          // Retried: throttling (429), unavailability (503, and a proxy's 502/504), timeouts.
          // Anything else — a 500 included — is a refusal the suite reports.
          if (![408, 429, 502, 503, 504].includes(res.status)) {
            this.stats.refused.push(`${res.status} ${text.slice(0, 300)}`);
            return;
          }
          const after = Number(res.headers.get('retry-after'));
          if (Number.isFinite(after) && after > 0) wait = Math.min(after * 1000, 5000);
        } catch (err) {
          if (err instanceof Error && err.message.startsWith('listen answered')) throw err;
          this.error(
            `http ${err instanceof Error ? ((err.cause as { code?: string } | undefined)?.code ?? err.name) : 'error'}`,
          );
        }
      } else this.error('http no listen instance up');
      await sleep(wait);
    }
  }

  private acked(items: readonly Item[], sentAt: number): void {
    const ackedAt = Date.now();
    for (const i of items) {
      const k = itemKey(i.kind, i.tenantId, i.id);
      this.stats.accepted.add(k);
      if (!this.stats.timing.has(k)) this.stats.timing.set(k, { sentAt, ackedAt });
    }
  }

  /** The services' own producer (idempotent, acks=all, every partition's acknowledgement checked). */
  private async connect(): Promise<EventProducer> {
    if (this.producer) return this.producer;
    const p = new EventProducer(
      new Kafka({
        clientId: `chaos-producer-${randomUUID().slice(0, 8)}`,
        brokers: this.stack.kafkaBrokers.split(','),
        logLevel: logLevel.NOTHING,
        connectionTimeout: 3000,
        requestTimeout: 10_000,
      }),
    );
    await p.connect();
    this.producer = p;
    return p;
  }

  private async produce(items: readonly Item[]): Promise<void> {
    const records: OutgoingRecord[] = [];
    for (const i of items) {
      const topic = i.kind === 'feedback' ? Topic.FeedbackRaw : Topic.InteractionsRaw;
      const customer = (i.body.customerId as string | undefined) ?? i.id;
      records.push({
        topic,
        key: `${i.tenantId}:${customer}`,
        headers: {},
        value: JSON.stringify({ tenantId: i.tenantId, ...i.body }),
      });
    }
    const sentAt = Date.now();
    for (let attempt = 0; ; attempt++) {
      this.stats.sent += items.length;
      if (attempt > 0) this.stats.retries += items.length;
      try {
        const p = await this.connect();
        await p.send(records);
        this.acked(items, sentAt);
        return;
      } catch (err) {
        this.error(`kafka ${err instanceof Error ? err.name : 'error'}`);
        const p = this.producer;
        this.producer = null;
        await p?.disconnect().catch(() => undefined);
        await sleep(Math.min(2000, 200 * 2 ** Math.min(attempt, 4)));
      }
    }
  }

  /** Sends every item, in windows, spreading the stream over about `durationMs`. */
  async run(items: readonly Item[], durationMs: number, window = 200): Promise<void> {
    const started = Date.now();
    for (let from = 0; from < items.length; from += window) {
      const chunk = items.slice(from, from + window);
      const groups = new Map<string, Item[]>();
      for (const i of chunk) {
        const k = i.route === 'kafka' ? 'kafka' : `${i.kind}|${i.tenantId}`;
        let g = groups.get(k);
        if (!g) groups.set(k, (g = []));
        g.push(i);
      }
      await Promise.all([...groups].map(([k, g]) => (k === 'kafka' ? this.produce(g) : this.post(g))));
      const due = started + (durationMs * (from + chunk.length)) / items.length;
      if (due > Date.now()) await sleep(due - Date.now());
    }
  }

  async close(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
  }
}

export interface Delivery {
  readonly deliveryId: string;
  readonly eventId: string;
  readonly subject: string;
  readonly change: string;
  readonly tenantId: string;
}

/** A localhost webhook receiver that answers 200 and keeps every request. */
export class WebhookReceiver {
  readonly got: Delivery[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          const ce = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            id: string;
            subject: string;
            tenantid: string;
            data: { change: string };
          };
          this.got.push({
            deliveryId: String(req.headers['x-continuum-delivery']),
            eventId: ce.id,
            subject: ce.subject,
            change: ce.data.change,
            tenantId: ce.tenantid,
          });
        } catch {
          this.got.push({ deliveryId: 'unreadable', eventId: '', subject: '', change: '', tenantId: '' });
        }
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }
}

function admin(stack: TestStack) {
  return new Kafka({
    clientId: `chaos-admin-${randomUUID().slice(0, 8)}`,
    brokers: stack.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { retries: 2 },
  }).admin();
}

/** Lag of every service consumer group (groups of test readers excluded), summed per group. */
export async function consumerLag(stack: TestStack): Promise<Map<string, number>> {
  const a = admin(stack);
  await a.connect();
  try {
    const { groups } = await a.listGroups();
    const lag = new Map<string, number>();
    const ends = new Map<string, Map<number, { high: number; low: number }>>();
    for (const { groupId } of groups) {
      if (groupId.startsWith('test-') || groupId.startsWith('chaos-')) continue;
      const offsets = await a.fetchOffsets({ groupId });
      let total = 0;
      for (const t of offsets) {
        let e = ends.get(t.topic);
        if (!e) {
          e = new Map(
            (await a.fetchTopicOffsets(t.topic)).map((o) => [
              o.partition,
              { high: Number(o.high), low: Number(o.low) },
            ]),
          );
          ends.set(t.topic, e);
        }
        for (const p of t.partitions) {
          const end = e.get(p.partition);
          if (!end) continue;
          const committed = Number(p.offset);
          total += committed < 0 ? end.high - end.low : Math.max(0, end.high - committed);
        }
      }
      lag.set(groupId, total);
    }
    return lag;
  } finally {
    await a.disconnect();
  }
}

export interface TopicRecord {
  readonly topic: string;
  /** The record's timestamp (CreateTime: when its producer sent it), epoch ms. */
  readonly timestamp: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

/** Every record on the topics, read from the beginning to the current end. */
export async function readTopics(stack: TestStack, topics: readonly string[]): Promise<TopicRecord[]> {
  const a = admin(stack);
  await a.connect();
  const remaining = new Map<string, number>();
  try {
    for (const topic of topics)
      for (const o of await a.fetchTopicOffsets(topic))
        if (Number(o.high) > Number(o.low)) remaining.set(`${topic}|${o.partition}`, Number(o.high));
  } finally {
    await a.disconnect();
  }
  const out: TopicRecord[] = [];
  if (remaining.size === 0) return out;
  const consumer = new Kafka({
    clientId: `chaos-reader-${randomUUID().slice(0, 8)}`,
    brokers: stack.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  }).consumer({ groupId: `chaos-reader-${randomUUID()}`, maxWaitTimeInMs: 200, maxBytes: 50 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    await consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        const k = `${batch.topic}|${batch.partition}`;
        const high = remaining.get(k);
        for (const m of batch.messages) {
          if (high === undefined || Number(m.offset) >= high) continue;
          const headers: Record<string, string> = {};
          for (const [h, v] of Object.entries(m.headers ?? {}))
            if (v !== undefined) headers[h] = String(Array.isArray(v) ? v[0] : v);
          out.push({
            topic: batch.topic,
            timestamp: Number(m.timestamp),
            key: m.key?.toString() ?? null,
            value: m.value?.toString() ?? null,
            headers,
          });
          if (Number(m.offset) >= high - 1) remaining.delete(k);
        }
        if (remaining.size === 0) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `reading ${topics.join(', ')}: not read to the end: ${[...remaining.keys()].join(', ')}`,
            ),
          ),
        600_000,
      );
    });
    try {
      await Promise.race([finished, timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await consumer.disconnect();
  }
  return out;
}

/** Per topic: partitions whose replica count differs from `replicas` or whose ISR is short of it. */
export async function replication(
  stack: TestStack,
  topics: readonly string[],
  replicas: number,
): Promise<{ wrongReplicas: string[]; underReplicated: string[]; minIsr: Map<string, string> }> {
  const a = admin(stack);
  await a.connect();
  try {
    const wrongReplicas: string[] = [];
    const underReplicated: string[] = [];
    const meta = await a.fetchTopicMetadata({ topics: [...topics] });
    for (const t of meta.topics)
      for (const p of t.partitions) {
        if (p.replicas.length !== replicas)
          wrongReplicas.push(`${t.name}/${p.partitionId}: ${p.replicas.length}`);
        if (p.isr.length < replicas) underReplicated.push(`${t.name}/${p.partitionId}`);
      }
    const configs = await a.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['min.insync.replicas'],
      })),
    });
    const minIsr = new Map<string, string>();
    for (const r of configs.resources)
      minIsr.set(
        r.resourceName,
        r.configEntries.find((e) => e.configName === 'min.insync.replicas')?.configValue ?? '',
      );
    return { wrongReplicas, underReplicated, minIsr };
  } finally {
    await a.disconnect();
  }
}

export async function withDb<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * At-least-once made certain: re-publishes a sample of the recorded events as they are (same
 * CloudEvents id, key, value and headers), as an outbox relay does when it dies between the
 * broker's ack and its commit. Consumers must count them once. Retries while the broker is away.
 */
export async function replayRecorded(
  stack: TestStack,
  tenants: readonly string[],
  count: number,
  rnd: () => number,
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const ours = (await readTopics(stack, [Topic.FeedbackRecorded, Topic.InteractionRecorded])).filter(
        (r) => tenants.includes(r.headers.ce_tenantid),
      );
      const picked = new Map<number, TopicRecord>();
      while (picked.size < Math.min(count, ours.length)) {
        const i = Math.floor(rnd() * ours.length);
        picked.set(i, ours[i]);
      }
      const p = new Kafka({
        clientId: `chaos-replay-${randomUUID().slice(0, 8)}`,
        brokers: stack.kafkaBrokers.split(','),
        logLevel: logLevel.NOTHING,
      }).producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
      await p.connect();
      try {
        const byTopic = new Map<string, TopicRecord[]>();
        for (const r of picked.values()) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
        await p.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, rs]) => ({
            topic,
            messages: rs.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
          })),
        });
      } finally {
        await p.disconnect();
      }
      return picked.size;
    } catch (err) {
      if (attempt >= 30) throw err;
      await sleep(2000);
    }
  }
}
