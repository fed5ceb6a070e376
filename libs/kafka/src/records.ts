import type { IHeaders, KafkaMessage } from 'kafkajs';

/** A consumed record with its origin; the value is kept as text for validation and dead letters. */
export interface InboundRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

export function headersToStrings(h: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) {
    if (v === undefined) continue;
    const one = Array.isArray(v) ? v[v.length - 1] : v;
    if (one !== undefined) out[k] = Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
  }
  return out;
}

export function toInboundRecord(topic: string, partition: number, m: KafkaMessage): InboundRecord {
  return {
    topic,
    partition,
    offset: m.offset,
    timestamp: m.timestamp,
    key: m.key ? m.key.toString('utf8') : null,
    value: m.value ? m.value.toString('utf8') : null,
    headers: headersToStrings(m.headers),
  };
}

/** A record the handler refuses: it goes to the dead-letter topic with this reason. */
export interface Rejection {
  readonly record: InboundRecord;
  readonly reason: string;
  /** `validation`, `envelope`, `unknown-tenant`, `processing`… */
  readonly code: string;
}

/** What a batch handler returns: rejected records; everything else counts as done. */
export interface BatchOutcome {
  readonly rejected: readonly Rejection[];
}

export const ACCEPTED_ALL: BatchOutcome = { rejected: [] };

/** What `@EventPattern` handlers on the batch transport receive. */
export interface RecordBatch {
  readonly topic: string;
  /** The partition of all the records, or -1 when the call merged chunks of several (see each record's). */
  readonly partition: number;
  readonly records: readonly InboundRecord[];
}
