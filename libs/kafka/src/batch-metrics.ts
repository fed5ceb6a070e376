import type { EachBatchPayload } from 'kafkajs';
import type { TransportMetrics } from './metrics';
import type { InboundRecord } from './records';

/** After a partition's chunk was committed: records processed, their age, the partition's lag. */
export function observeChunk(
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
