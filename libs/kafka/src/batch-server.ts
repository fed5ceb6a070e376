/**
 * Continuum's transport strategy for `@nestjs/microservices`: handlers stay `@EventPattern`s,
 * but each call receives a batch of records from one partition (kafkajs `eachBatch`) instead of
 * one message. It owns delivery guarantees so that handlers only own effects:
 * - offsets are committed only after the handler's transaction and any dead letters are done;
 * - failures of the world (database or broker down) are retried without bound, heartbeating,
 *   so the partition waits instead of losing records;
 * - a record that keeps failing on its own is isolated by splitting the batch and sent to the
 *   dead-letter topic with its reason and origin, so it never stalls its partition;
 * - on close it finishes the batch in hand, commits and leaves the group.
 */
import { Controller, UseFilters, applyDecorators, Catch, type RpcExceptionFilter } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { lastValueFrom, throwError, type Observable } from 'rxjs';
import { createKafka, type KafkaConnection } from './client';
import { publishDeadLetters } from './dead-letter';
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
  /** Records handed to one handler call (a fetched batch is cut into chunks of this size). */
  readonly maxRecordsPerCall?: number;
  readonly partitionsConsumedConcurrently?: number;
  /** Attempts for a failing call before the batch is split to find the poison record. */
  readonly attempts?: number;
  readonly sessionTimeoutMs?: number;
  readonly retryDelayMs?: number;
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

export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private kafka: Kafka | null = null;
  private consumer: Consumer | null = null;
  private dlq: EventProducer | null = null;
  private running = false;
  private crashed: Error | null = null;
  private readonly opts: Required<Omit<BatchServerOptions, 'connection'>> &
    Pick<BatchServerOptions, 'connection'>;

  constructor(options: BatchServerOptions) {
    super();
    this.opts = {
      maxRecordsPerCall: 500,
      partitionsConsumedConcurrently: 3,
      attempts: 3,
      sessionTimeoutMs: 30_000,
      retryDelayMs: 200,
      ...options,
    };
  }

  listen(callback: (err?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (err: unknown) => callback(err),
    );
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
      maxBytesPerPartition: 4 * 1024 * 1024,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
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
    for (let i = 0; i < messages.length; i += this.opts.maxRecordsPerCall) {
      if (!p.isRunning() || p.isStale()) return;
      const chunk = messages.slice(i, i + this.opts.maxRecordsPerCall);
      const records = chunk.map((m) => toInboundRecord(topic, partition, m));
      const rejected = await this.process(records, topic, partition, heartbeat, p.isRunning);
      if (rejected.length > 0) {
        await this.untilDone(
          () => publishDeadLetters(this.dlq!, rejected, this.opts.groupId),
          heartbeat,
          p.isRunning,
        );
        this.logger.warn(
          `${rejected.length} record(s) of ${topic}[${partition}] sent to the dead-letter topic`,
        );
      }
      const last = chunk[chunk.length - 1].offset;
      p.resolveOffset(last);
      // With autoCommit off, kafkajs commits only the offsets it is given: the next one to read.
      await p.commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition, offset: (BigInt(last) + 1n).toString() }] }],
      });
      await heartbeat();
    }
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
        this.logger.warn(
          `${topic}[${partition}] ${records.length} record(s), attempt ${attempt} failed${transient ? ' (transient)' : ''}: ${describeError(err)}`,
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
    this.running = false;
    await this.consumer?.disconnect();
    await this.dlq?.disconnect();
    this.consumer = null;
  }

  on(): void {
    throw new Error('KafkaBatchServer does not expose transport events; use readiness');
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('not started');
    return this.consumer as T;
  }
}
