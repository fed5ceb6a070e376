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
 * Each chunk runs in the trace context its records share (W3C `traceparent`). This file starts,
 * retries and stops the consumer and runs each call; gathering calls (batch-gathering), retries and
 * bisection (batch-bisection), dead letters and commits (batch-commit) and the transport's metrics
 * (batch-metrics) each have their own module.
 */
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { withTraceContext } from '@continuum/contracts';
import { processIsolatingPoison, type HandlerCall } from './batch-bisection';
import { commitChunks, deadLetter } from './batch-commit';
import { BatchContext } from './batch-consumer';
import { CallGatherer, partitionOf, type Chunk } from './batch-gathering';
import { observeChunk } from './batch-metrics';
import { sharedTrace } from './batch-trace';
import { createKafka, type KafkaConnection } from './client';
import type { TransportMetrics } from './metrics';
import { EventProducer } from './producer';
import { toInboundRecord, type BatchOutcome, type Rejection } from './records';
import { sleep } from './retry';
import { describeError } from './transient';

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

export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private kafka: Kafka | null = null;
  private consumer: Consumer | null = null;
  private dlq: EventProducer | null = null;
  private running = false;
  private closed = false;
  private crashed: Error | null = null;
  private readonly opts: Required<Omit<BatchServerOptions, 'connection' | 'metrics' | 'deadLetterSealKey'>> &
    Pick<BatchServerOptions, 'connection' | 'metrics' | 'deadLetterSealKey'>;
  private readonly gatherer: CallGatherer;

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
    this.gatherer = new CallGatherer(this.opts, (topic, chunks) => this.call(topic, chunks));
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
      const rejected = await this.gatherer.join(topic, { p, records });
      if (this.opts.metrics) {
        observeChunk(this.opts.metrics, p, records, rejected, BigInt(chunk[chunk.length - 1].offset) + 1n);
      }
      await p.heartbeat();
    }
  }

  /**
   * One handler call for a gathered set of chunks, in the trace context its records share; then
   * its dead letters, and one offset commit for all its partitions.
   */
  private async call(topic: string, chunks: readonly Chunk[]): Promise<Rejection[]> {
    const started = process.hrtime.bigint();
    const records = chunks.flatMap((c) => c.records);
    const first = chunks[0].p;
    const heartbeat = () => first.heartbeat();
    // A revoked partition stops the whole call: its records come again to the new owner.
    const isRunning = () => chunks.every((c) => c.p.isRunning());
    const { metrics, retryDelayMs } = this.opts;
    const handler = this.getHandlerByPattern(topic)!;
    const run: HandlerCall = {
      topic,
      invoke: async (batch) => {
        const result: unknown = await handler(batch, new BatchContext([batch, heartbeat]));
        return (await lastValueFrom(this.transformToObservable(result), {
          defaultValue: undefined,
        })) as BatchOutcome | undefined;
      },
      heartbeat,
      isRunning,
      attempts: this.opts.attempts,
      retryDelayMs,
      metrics,
      logger: this.logger,
    };
    const rejected = await withTraceContext(sharedTrace(records), () =>
      processIsolatingPoison(run, records, partitionOf(records)),
    );
    metrics?.batchDuration.observe({ topic }, Number(process.hrtime.bigint() - started) / 1e9);
    if (rejected.length > 0) {
      await deadLetter(topic, rejected, {
        dlq: () => this.dlq!,
        groupId: this.opts.groupId,
        deadLetterSealKey: this.opts.deadLetterSealKey,
        heartbeat,
        isRunning,
        retryDelayMs,
        metrics,
        logger: this.logger,
      });
    }
    await commitChunks(topic, chunks);
    return rejected;
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
