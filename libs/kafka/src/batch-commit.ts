/**
 * The end of a handler call: its rejected records published to the dead-letter topic (retried
 * until they are, so none is lost), then one offset commit for all the partitions of the call.
 */
import type { LoggerService } from '@nestjs/common';
import type { Chunk } from './batch-gathering';
import { publishDeadLetters } from './dead-letter';
import type { TransportMetrics } from './metrics';
import type { EventProducer } from './producer';
import type { InboundRecord, Rejection } from './records';
import { backoffMs, sleep } from './retry';
import { describeError } from './transient';

export interface DeadLetterTarget {
  /** The producer for dead letters, as it is at each attempt. */
  readonly dlq: () => EventProducer;
  readonly groupId: string;
  readonly deadLetterSealKey?: string;
  readonly heartbeat: () => Promise<void>;
  readonly isRunning: () => boolean;
  readonly retryDelayMs: number;
  readonly metrics?: TransportMetrics;
  readonly logger: LoggerService;
}

/** Ids fit for logs: event id, tenant and offset of records, never their content. */
function describeRecords(records: readonly InboundRecord[], max = 20): object[] {
  return records.slice(0, max).map((r) => ({
    offset: r.offset,
    ...(r.headers.ce_id ? { eventId: r.headers.ce_id } : {}),
    ...(r.headers.ce_tenantid ? { tenantId: r.headers.ce_tenantid } : {}),
  }));
}

/** Publishes a call's rejected records to the dead-letter topic, counts and logs them. */
export async function deadLetter(
  topic: string,
  rejected: readonly Rejection[],
  t: DeadLetterTarget,
): Promise<void> {
  await untilDone(() => publishDeadLetters(t.dlq(), rejected, t.groupId, t.deadLetterSealKey), t);
  const codes: Record<string, number> = {};
  for (const r of rejected) {
    codes[r.code] = (codes[r.code] ?? 0) + 1;
    t.metrics?.deadLettered.inc({ topic, code: r.code });
  }
  t.logger.warn({
    msg: 'records sent to the dead-letter topic',
    topic,
    partitions: [...new Set(rejected.map((r) => r.record.partition))],
    count: rejected.length,
    codes,
    records: describeRecords(rejected.map((r) => r.record)),
  });
}

async function untilDone(fn: () => Promise<void>, t: DeadLetterTarget): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!t.isRunning()) throw err;
      t.logger.warn(`dead-letter publish failed, attempt ${attempt}: ${describeError(err)}`);
      await sleep(backoffMs(t.retryDelayMs, attempt));
      await t.heartbeat().catch(() => undefined);
    }
  }
}

/** Resolves each chunk's last offset and commits them all at once, through the first chunk's batch. */
export async function commitChunks(topic: string, chunks: readonly Chunk[]): Promise<void> {
  const partitions = chunks.map(({ p, records }) => {
    const last = records[records.length - 1].offset;
    p.resolveOffset(last);
    // With autoCommit off, kafkajs commits only the offsets it is given: the next one to read.
    return { partition: p.batch.partition, offset: (BigInt(last) + 1n).toString() };
  });
  await chunks[0].p.commitOffsetsIfNecessary({ topics: [{ topic, partitions }] });
}
