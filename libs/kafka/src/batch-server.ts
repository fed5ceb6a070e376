/**
 * Continuum's transport strategy for `@nestjs/microservices`: handlers stay `@EventPattern`s,
 * but each call receives a batch of records of one topic instead of one message. The partitions'
 * batches of one fetch (kafkajs `eachBatch`, several partitions at once) that reach the server in
 * the same turn of the event loop are merged into one call, up to `maxRecordsPerCall` records:
 * under a trickle a fetch brings a few records from each partition, and one transaction, one
 * publish and one set of statements for all of them is what keeps the per-call costs from
 * dominating (each record carries its own partition and offset). At most `maxCallsPerTopic` calls
 * of a topic run at once; the next gathers chunks while it waits. It owns delivery guarantees so
 * that handlers only own effects:
 * - offsets are committed only after the handler's transaction and any dead letters are done;
 * - failures of the world (database or broker down) are retried without bound, heartbeating,
 *   so the partition waits instead of losing records;
 * - a record that keeps failing on its own is isolated by splitting the batch and sent to the
 *   dead-letter topic with its reason and origin, so it never stalls its partition;
 * - on close it finishes the batch in hand, commits and leaves the group;
 * - a broker that is unreachable at start does not stop the process: joining is retried in the
 *   background while readiness reports the consumer down.
 * Each chunk runs in the trace context its records share (W3C `traceparent`), and the transport's
 * metrics (records processed and dead-lettered, batch duration, record age, lag) are kept here.
 */
import { Controller, UseFilters, applyDecorators, Catch, type RpcExceptionFilter } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { lastValueFrom, throwError, type Observable } from 'rxjs';
import {
  parseTraceparent,
  TRACEPARENT_HEADER,
  withTraceContext,
  type TraceContext,
} from '@continuum/contracts';
import { createKafka, type KafkaConnection } from './client';
import { publishDeadLetters } from './dead-letter';
import type { TransportMetrics } from './metrics';
import { EventProducer } from './producer';
import {
  toInboundRecord,
  type BatchOutcome,
  type InboundRecord,
  type RecordBatch,
  type Rejection,
} from './records';
import { describeError, isTransient } from './transient';

export interface BatchServerOptions {
  readonly connection: KafkaConnection;
  readonly groupId: string;
  /**
   * Records handed to one handler call: a fetched batch is cut into chunks of this size, and
   * chunks of other partitions are merged into a call only while it stays within it.
   */
  readonly maxRecordsPerCall?: number;
  readonly partitionsConsumedConcurrently?: number;
  /**
   * Handler calls of one topic running at once (each its own transaction); gathered calls past it
   * wait, and go on taking other partitions' chunks while they wait. Under a backlog each chunk
   * fills a call by itself, and more transactions at once only wait for each other's row locks.
   */
  readonly maxCallsPerTopic?: number;
  /** Attempts for a failing call before the batch is split to find the poison record. */
  readonly attempts?: number;
  readonly sessionTimeoutMs?: number;
  readonly retryDelayMs?: number;
  /** Delay between attempts to join when the broker is unreachable. */
  readonly startRetryMs?: number;
  readonly metrics?: TransportMetrics;
  /**
   * A fetch waits for this many bytes, or `maxWaitTimeInMs`, before it answers: more than 1 byte
   * trades a little freshness for bigger batches (fewer transactions and per-batch writes).
   */
  readonly minBytes?: number;
  readonly maxWaitTimeInMs?: number;
  /**
   * The replay tool's public key (PEM): dead letters carry their original sealed under it. Unset:
   * they carry only the redacted copy and cannot be replayed.
   */
  readonly deadLetterSealKey?: string;
}

export class BatchContext extends BaseRpcContext<[RecordBatch, () => Promise<void>]> {
  get batch(): RecordBatch {
    return this.args[0];
  }
  heartbeat(): Promise<void> {
    return this.args[1]();
  }
}

/** Lets the original error reach the transport, which tells transient from poison by it. */
@Catch()
class RethrowFilter implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/** Marks a `*.consumer.ts` class: a controller of `@EventPattern(Topic.X)` batch handlers. */
export function BatchConsumer(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(new RethrowFilter()));
}

class StoppingError extends Error {
  override readonly name = 'StoppingError';
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A partition's chunk in a handler call: its records and the batch it came from. */
interface Chunk {
  readonly p: EachBatchPayload;
  readonly records: readonly InboundRecord[];
}

/** Chunks of one topic's partitions gathered for one handler call, run once started. */
class Gathering {
  readonly chunks: Chunk[] = [];
  size = 0;
  /** The rejected records of the whole call, once it ran and its offsets were committed. */
  readonly done: Promise<Rejection[]>;
  private open: () => void = () => undefined;

  constructor(run: (g: Gathering) => Promise<Rejection[]>) {
    this.done = new Promise<void>((resolve) => (this.open = resolve)).then(() => run(this));
  }

  start(): void {
    this.open();
  }
}

/** One topic's calls: the one taking chunks, those waiting to run, and how many run. */
interface TopicCalls {
  open: Gathering | null;
  readonly waiting: Gathering[];
  running: number;
}

/** The partition a call's records share, or -1 when they come from several. */
function partitionOf(records: readonly InboundRecord[]): number {
  const p = records[0]?.partition ?? -1;
  return records.every((r) => r.partition === p) ? p : -1;
}

/** The trace a chunk continues: the one all its traced records share, else none. */
export function sharedTrace(records: readonly InboundRecord[]): TraceContext | null {
  let shared: TraceContext | null = null;
  for (const r of records) {
    const t = parseTraceparent(r.headers[TRACEPARENT_HEADER]);
    if (!t) continue;
    if (shared && shared.traceId !== t.traceId) return null;
    shared ??= t;
  }
  return shared;
}

/** Ids fit for logs: event id, tenant and offset of records, never their content. */
function describeRecords(records: readonly InboundRecord[], max = 20): object[] {
  return records.slice(0, max).map((r) => ({
    offset: r.offset,
    ...(r.headers.ce_id ? { eventId: r.headers.ce_id } : {}),
    ...(r.headers.ce_tenantid ? { tenantId: r.headers.ce_tenantid } : {}),
  }));
}

export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private kafka: Kafka | null = null;
  private consumer: Consumer | null = null;
  private dlq: EventProducer | null = null;
  private running = false;
  private closed = false;
  private crashed: Error | null = null;
  private readonly opts: Required<Omit<BatchServerOptions, 'connection' | 'metrics' | 'deadLetterSealKey'>> &
    Pick<BatchServerOptions, 'connection' | 'metrics' | 'deadLetterSealKey'>;
  private readonly calls = new Map<string, TopicCalls>();

  constructor(options: BatchServerOptions) {
    super();
    this.opts = {
      maxRecordsPerCall: 500,
      partitionsConsumedConcurrently: 6,
      maxCallsPerTopic: 3,
      attempts: 3,
      sessionTimeoutMs: 30_000,
      retryDelayMs: 200,
      startRetryMs: 5000,
      minBytes: 1,
      maxWaitTimeInMs: 100,
      ...options,
    };
  }

  /** Resolves after the first attempt to join; a failed one is retried in the background. */
  listen(callback: (err?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (err: unknown) => {
        this.logger.error(
          `consumer group ${this.opts.groupId} could not start, retrying every ${this.opts.startRetryMs} ms: ${describeError(err)}`,
        );
        callback();
        void this.retryStart();
      },
    );
  }

  private async retryStart(): Promise<void> {
    while (!this.closed) {
      await this.teardown();
      await sleep(this.opts.startRetryMs);
      if (this.closed) return;
      try {
        await this.start();
        this.logger.log(`consumer group ${this.opts.groupId} started after retrying`);
        return;
      } catch (err) {
        this.logger.warn(`consumer group ${this.opts.groupId} still cannot start: ${describeError(err)}`);
      }
    }
  }

  /** False after the consumer crashed for good, or before it joined; readiness reports it. */
  isHealthy(): boolean {
    return this.running && this.crashed === null;
  }

  private async start(): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    if (topics.length === 0) return;
    this.kafka = createKafka(this.opts.connection);
    this.dlq = new EventProducer(this.kafka);
    const consumer = this.kafka.consumer({
      groupId: this.opts.groupId,
      sessionTimeout: this.opts.sessionTimeoutMs,
      heartbeatInterval: 3000,
      allowAutoTopicCreation: false,
      // A fetch is decoded whole before its batches are handled: 1 MiB a partition (a few
      // thousand records) and 8 MiB a fetch keep a backlog from swelling the heap.
      maxBytesPerPartition: 1024 * 1024,
      maxBytes: 8 * 1024 * 1024,
      minBytes: this.opts.minBytes,
      maxWaitTimeInMs: this.opts.maxWaitTimeInMs,
    });
    this.consumer = consumer;
    // After a rebalance this process may own other partitions: forget the lag of the old ones.
    consumer.on(consumer.events.GROUP_JOIN, () => this.opts.metrics?.lag.reset());
    consumer.on(consumer.events.CRASH, (e) => {
      const { error, restart } = e.payload as { error: Error; restart: boolean };
      this.logger.error(
        `consumer ${this.opts.groupId} crashed (restart: ${restart}): ${describeError(error)}`,
      );
      if (!restart) this.crashed = error;
    });
    await consumer.connect();
    await this.dlq.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    if (this.closed) {
      await consumer.disconnect();
      return;
    }
    this.running = true;
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.logger.log(`consumer group ${this.opts.groupId} consuming ${topics.join(', ')}`);
  }

  private async onBatch(p: EachBatchPayload): Promise<void> {
    const { topic, partition, messages } = p.batch;
    if (!this.getHandlerByPattern(topic)) throw new Error(`no handler for ${topic}`);
    for (let i = 0; i < messages.length; i += this.opts.maxRecordsPerCall) {
      if (!p.isRunning() || p.isStale()) return;
      const chunk = messages.slice(i, i + this.opts.maxRecordsPerCall);
      const records = chunk.map((msg) => toInboundRecord(topic, partition, msg));
      const rejected = await this.join(topic, { p, records });
      if (this.opts.metrics) {
        this.observe(this.opts.metrics, p, records, rejected, BigInt(chunk[chunk.length - 1].offset) + 1n);
      }
      await p.heartbeat();
    }
  }

  /**
   * Adds a partition's chunk to the topic's call being gathered (or starts one, queued at the next
   * turn of the event loop, after the other partitions' batches of the same fetch joined, and run
   * once fewer than `maxCallsPerTopic` calls of the topic are running); resolves, once the call
   * is done and committed, to how many of this chunk's records were rejected. A partition has at
   * most one chunk in a call: kafkajs hands over its next batch only after this one is done.
   */
  private async join(topic: string, chunk: Chunk): Promise<number> {
    let t = this.calls.get(topic);
    if (!t) this.calls.set(topic, (t = { open: null, waiting: [], running: 0 }));
    const calls = t;
    // A full call runs as it is; this chunk starts the next one.
    if (calls.open && calls.open.size + chunk.records.length > this.opts.maxRecordsPerCall) calls.open = null;
    let g = calls.open;
    if (!g) {
      const next = new Gathering((gathered) =>
        this.call(topic, gathered).finally(() => {
          calls.running -= 1;
          this.admit(calls);
        }),
      );
      calls.open = g = next;
      setImmediate(() => {
        calls.waiting.push(next);
        this.admit(calls);
      });
    }
    g.chunks.push(chunk);
    g.size += chunk.records.length;
    const partition = chunk.p.batch.partition;
    return (await g.done).filter((r) => r.record.partition === partition).length;
  }

  /** Starts a topic's waiting calls while fewer than `maxCallsPerTopic` run; a started one takes no more chunks. */
  private admit(calls: TopicCalls): void {
    while (calls.waiting.length > 0 && calls.running < this.opts.maxCallsPerTopic) {
      const g = calls.waiting.shift()!;
      if (calls.open === g) calls.open = null;
      calls.running += 1;
      g.start();
    }
  }

  /**
   * One handler call for a gathered set of chunks, in the trace context its records share; then
   * its dead letters, and one offset commit for all its partitions.
   */
  private async call(topic: string, g: Gathering): Promise<Rejection[]> {
    const started = process.hrtime.bigint();
    const records = g.chunks.flatMap((c) => c.records);
    const first = g.chunks[0].p;
    const heartbeat = () => first.heartbeat();
    // A revoked partition stops the whole call: its records come again to the new owner.
    const isRunning = () => g.chunks.every((c) => c.p.isRunning());
    const rejected = await withTraceContext(sharedTrace(records), () =>
      this.process(records, topic, partitionOf(records), heartbeat, isRunning),
    );
    const m = this.opts.metrics;
    m?.batchDuration.observe({ topic }, Number(process.hrtime.bigint() - started) / 1e9);
    if (rejected.length > 0) {
      await this.untilDone(
        () => publishDeadLetters(this.dlq!, rejected, this.opts.groupId, this.opts.deadLetterSealKey),
        heartbeat,
        isRunning,
      );
      const codes: Record<string, number> = {};
      for (const r of rejected) {
        codes[r.code] = (codes[r.code] ?? 0) + 1;
        m?.deadLettered.inc({ topic, code: r.code });
      }
      this.logger.warn({
        msg: 'records sent to the dead-letter topic',
        topic,
        partitions: [...new Set(rejected.map((r) => r.record.partition))],
        count: rejected.length,
        codes,
        records: describeRecords(rejected.map((r) => r.record)),
      });
    }
    const partitions = g.chunks.map(({ p, records: rs }) => {
      const last = rs[rs.length - 1].offset;
      p.resolveOffset(last);
      // With autoCommit off, kafkajs commits only the offsets it is given: the next one to read.
      return { partition: p.batch.partition, offset: (BigInt(last) + 1n).toString() };
    });
    await first.commitOffsetsIfNecessary({ topics: [{ topic, partitions }] });
    return rejected;
  }

  private observe(
    m: TransportMetrics,
    p: EachBatchPayload,
    records: readonly InboundRecord[],
    rejected: number,
    next: bigint,
  ): void {
    const { topic, partition, highWatermark } = p.batch;
    const now = Date.now();
    m.processed.inc({ topic }, records.length - rejected);
    const age = m.recordAge.labels({ topic });
    for (const r of records) {
      const ts = Number(r.timestamp);
      if (Number.isFinite(ts) && ts > 0) age.observe(Math.max(0, now - ts) / 1000);
    }
    const lag = BigInt(highWatermark) - next;
    m.lag.set({ topic, partition: String(partition) }, Number(lag > 0n ? lag : 0n));
  }

  /** Runs the handler on records; returns the records it rejected or that proved poisonous. */
  private async process(
    records: readonly InboundRecord[],
    topic: string,
    partition: number,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
    attempts = this.opts.attempts,
  ): Promise<Rejection[]> {
    const handler = this.getHandlerByPattern(topic)!;
    const batch: RecordBatch = { topic, partition, records };
    let lastError: unknown;
    for (let attempt = 1; ; attempt++) {
      if (!isRunning()) throw new StoppingError('consumer stopping; batch left uncommitted');
      try {
        const result: unknown = await handler(batch, new BatchContext([batch, heartbeat]));
        const outcome = (await lastValueFrom(this.transformToObservable(result), {
          defaultValue: undefined,
        })) as BatchOutcome | undefined;
        return [...(outcome?.rejected ?? [])];
      } catch (err) {
        lastError = err;
        const transient = isTransient(err);
        this.opts.metrics?.failures.inc({ topic, kind: transient ? 'transient' : 'poison' });
        this.logger.warn(
          `${topic}[${partition < 0 ? [...new Set(records.map((r) => r.partition))].join(',') : partition}] ${records.length} record(s), attempt ${attempt} failed${transient ? ' (transient)' : ''}: ${describeError(err)}`,
        );
        if (!transient && attempt >= attempts) break;
        await sleep(Math.min(this.opts.retryDelayMs * 2 ** Math.min(attempt - 1, 6), 5000));
        await heartbeat().catch(() => undefined);
      }
    }
    if (records.length === 1) {
      return [{ record: records[0], reason: describeError(lastError), code: 'processing' }];
    }
    // Split to find the poison record(s); the halves that succeed are committed with the rest.
    // Halves get one attempt (the failure is not transient); a lone record gets all of them.
    const mid = Math.ceil(records.length / 2);
    const tries = (n: number) => (n === 1 ? this.opts.attempts : 1);
    const left = await this.process(
      records.slice(0, mid),
      topic,
      partition,
      heartbeat,
      isRunning,
      tries(mid),
    );
    const right = await this.process(
      records.slice(mid),
      topic,
      partition,
      heartbeat,
      isRunning,
      tries(records.length - mid),
    );
    return [...left, ...right];
  }

  private async untilDone(
    fn: () => Promise<void>,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (!isRunning()) throw err;
        this.logger.warn(`dead-letter publish failed, attempt ${attempt}: ${describeError(err)}`);
        await sleep(Math.min(this.opts.retryDelayMs * 2 ** Math.min(attempt, 6), 5000));
        await heartbeat().catch(() => undefined);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.teardown();
  }

  private async teardown(): Promise<void> {
    this.running = false;
    const consumer = this.consumer;
    const dlq = this.dlq;
    this.consumer = null;
    this.dlq = null;
    await consumer?.disconnect().catch(() => undefined);
    await dlq?.disconnect().catch(() => undefined);
  }

  on(): void {
    throw new Error('KafkaBatchServer does not expose transport events; use readiness');
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('not started');
    return this.consumer as T;
  }
}
