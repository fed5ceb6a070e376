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

/** Chunks of one topic's partitions gathered for one handler call. */
interface Gathering {
  readonly records: InboundRecord[];
  readonly stillRunning: (() => boolean)[];
  readonly heartbeat: () => Promise<void>;
  /** Lets the call run. */
  readonly start: () => void;
  /** The rejected records of the whole call, once it ran. */
  readonly done: Promise<Rejection[]>;
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
  private readonly opts: Required<Omit<BatchServerOptions, 'connection' | 'metrics'>> &
    Pick<BatchServerOptions, 'connection' | 'metrics'>;
  /** The call each topic's chunks are joining now, until it starts or is full. */
  private readonly gathering = new Map<string, Gathering>();
  /** Per topic: calls running, and gathered calls waiting for one of them to end. */
  private readonly calls = new Map<string, number>();
  private readonly waiting = new Map<string, Gathering[]>();

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
      // thousand records) and 8 MiB a fetch keep a backlog from swelling the heap (peak RSS
      // under a raw-topic backlog: 408 MB with 4 MiB a partition) at no cost in throughput.
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
    const handler = this.getHandlerByPattern(topic);
    if (!handler) throw new Error(`no handler for ${topic}`);
    const heartbeat = () => p.heartbeat();
    const m = this.opts.metrics;
    for (let i = 0; i < messages.length; i += this.opts.maxRecordsPerCall) {
      if (!p.isRunning() || p.isStale()) return;
      const chunk = messages.slice(i, i + this.opts.maxRecordsPerCall);
      const records = chunk.map((msg) => toInboundRecord(topic, partition, msg));
      const rejected = await this.join(topic, partition, records, heartbeat, p.isRunning);
      if (rejected.length > 0) {
        await this.untilDone(
          () => publishDeadLetters(this.dlq!, rejected, this.opts.groupId),
          heartbeat,
          p.isRunning,
        );
        const codes: Record<string, number> = {};
        for (const r of rejected) {
          codes[r.code] = (codes[r.code] ?? 0) + 1;
          m?.deadLettered.inc({ topic, code: r.code });
        }
        this.logger.warn({
          msg: 'records sent to the dead-letter topic',
          topic,
          partition,
          count: rejected.length,
          codes,
          records: describeRecords(rejected.map((r) => r.record)),
        });
      }
      const last = chunk[chunk.length - 1].offset;
      p.resolveOffset(last);
      // With autoCommit off, kafkajs commits only the offsets it is given: the next one to read.
      const next = BigInt(last) + 1n;
      await p.commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition, offset: next.toString() }] }],
      });
      if (m) this.observe(m, p, records, rejected.length, next);
      await heartbeat();
    }
  }

  /**
   * Adds a partition's chunk to the topic's call being gathered (or starts one, queued at the next
   * turn of the event loop, after the other partitions' batches of the same fetch joined, and run
   * once fewer than `maxCallsPerTopic` calls of the topic are running) and returns this chunk's
   * share of the rejected records. A partition has at most one chunk in a call: kafkajs hands over
   * its next batch only after this one is done.
   */
  private join(
    topic: string,
    partition: number,
    records: InboundRecord[],
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<Rejection[]> {
    let g = this.gathering.get(topic);
    if (g && g.records.length + records.length > this.opts.maxRecordsPerCall) {
      this.gathering.delete(topic); // full: it runs as it is, this chunk starts the next one
      g = undefined;
    }
    if (!g) {
      let start = () => undefined as void;
      const admitted = new Promise<void>((resolve) => (start = resolve));
      const next: Gathering = {
        records: [],
        stillRunning: [],
        heartbeat,
        start: () => start(),
        done: admitted.then(() => this.call(topic, next)).finally(() => this.ended(topic)),
      };
      this.gathering.set(topic, next);
      setImmediate(() => {
        const queue = this.waiting.get(topic) ?? [];
        queue.push(next);
        this.waiting.set(topic, queue);
        this.admit(topic);
      });
      g = next;
    }
    for (const r of records) g.records.push(r);
    g.stillRunning.push(isRunning);
    return g.done.then((rejected) => rejected.filter((r) => r.record.partition === partition));
  }

  /** Starts the topic's waiting calls while fewer than `maxCallsPerTopic` run; a started one takes no more chunks. */
  private admit(topic: string): void {
    const queue = this.waiting.get(topic) ?? [];
    while (queue.length > 0 && (this.calls.get(topic) ?? 0) < this.opts.maxCallsPerTopic) {
      const g = queue.shift()!;
      if (this.gathering.get(topic) === g) this.gathering.delete(topic);
      this.calls.set(topic, (this.calls.get(topic) ?? 0) + 1);
      g.start();
    }
  }

  private ended(topic: string): void {
    this.calls.set(topic, (this.calls.get(topic) ?? 1) - 1);
    this.admit(topic);
  }

  /** One handler call for a gathered set of chunks, in the trace context its records share. */
  private async call(topic: string, g: Gathering): Promise<Rejection[]> {
    const started = process.hrtime.bigint();
    // A revoked partition stops the whole call: its records come again to the new owner.
    const isRunning = () => g.stillRunning.every((running) => running());
    const rejected = await withTraceContext(sharedTrace(g.records), () =>
      this.process(g.records, topic, partitionOf(g.records), g.heartbeat, isRunning),
    );
    this.opts.metrics?.batchDuration.observe({ topic }, Number(process.hrtime.bigint() - started) / 1e9);
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
