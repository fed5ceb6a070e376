/**
 * A handler call with its retries: failures of the world (database or broker down) are retried
 * without bound, heartbeating, so the partition waits instead of losing records; a call that keeps
 * failing on its own is split in halves until its poison records stand alone, and those are
 * returned as rejections for the dead-letter topic.
 */
import type { LoggerService } from '@nestjs/common';
import type { TransportMetrics } from './metrics';
import type { BatchOutcome, InboundRecord, RecordBatch, Rejection } from './records';
import { backoffMs, sleep } from './retry';
import { describeError, isTransient } from './transient';

class StoppingError extends Error {
  override readonly name = 'StoppingError';
}

/** What one handler call needs to run, retry and split its records. */
export interface HandlerCall {
  readonly topic: string;
  /** Runs the handler once on a batch, to its outcome. */
  readonly invoke: (batch: RecordBatch) => Promise<BatchOutcome | undefined>;
  readonly heartbeat: () => Promise<void>;
  readonly isRunning: () => boolean;
  /** Attempts for a failing call before it is split. */
  readonly attempts: number;
  readonly retryDelayMs: number;
  readonly metrics?: TransportMetrics;
  readonly logger: LoggerService;
}

/** Runs the handler on records; returns the records it rejected or that proved poisonous. */
export async function processIsolatingPoison(
  c: HandlerCall,
  records: readonly InboundRecord[],
  partition: number,
  attempts = c.attempts,
): Promise<Rejection[]> {
  const { topic } = c;
  const batch: RecordBatch = { topic, partition, records };
  let lastError: unknown;
  for (let attempt = 1; ; attempt++) {
    if (!c.isRunning()) throw new StoppingError('consumer stopping; batch left uncommitted');
    try {
      const outcome = await c.invoke(batch);
      return [...(outcome?.rejected ?? [])];
    } catch (err) {
      lastError = err;
      const transient = isTransient(err);
      c.metrics?.failures.inc({ topic, kind: transient ? 'transient' : 'poison' });
      c.logger.warn(
        `${topic}[${partition < 0 ? [...new Set(records.map((r) => r.partition))].join(',') : partition}] ${records.length} record(s), attempt ${attempt} failed${transient ? ' (transient)' : ''}: ${describeError(err)}`,
      );
      if (!transient && attempt >= attempts) break;
      await sleep(backoffMs(c.retryDelayMs, attempt - 1));
      await c.heartbeat().catch(() => undefined);
    }
  }
  if (records.length === 1) {
    return [{ record: records[0], reason: describeError(lastError), code: 'processing' }];
  }
  // Split to find the poison record(s); the halves that succeed are committed with the rest.
  // Halves get one attempt (the failure is not transient); a lone record gets all of them.
  const mid = Math.ceil(records.length / 2);
  const tries = (n: number) => (n === 1 ? c.attempts : 1);
  const left = await processIsolatingPoison(c, records.slice(0, mid), partition, tries(mid));
  const right = await processIsolatingPoison(c, records.slice(mid), partition, tries(records.length - mid));
  return [...left, ...right];
}
