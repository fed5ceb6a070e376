import { EnvelopeError, fromBinary, type CloudEvent, type EventType } from '@continuum/contracts';
import type { InboundRecord, RecordBatch, Rejection } from './records';

export interface Decoded<T extends EventType> {
  readonly record: InboundRecord;
  readonly event: CloudEvent<T>;
}

/**
 * Reads a batch of our own CloudEvents. The payload types are ours (published through the
 * outbox from validated data), so only the envelope and the type are checked here.
 */
export function decodeEvents<T extends EventType>(
  batch: RecordBatch,
  type: T,
  /** A further check of the payload: a reason refuses the record (code `validation`). */
  check?: (e: CloudEvent<T>) => string | null | undefined,
): { events: Decoded<T>[]; rejected: Rejection[] } {
  const events: Decoded<T>[] = [];
  const rejected: Rejection[] = [];
  for (const record of batch.records) {
    try {
      const e = fromBinary(record.headers, record.value ?? '');
      if (e.type !== type) throw new EnvelopeError(`expected ce_type ${type}, got ${e.type}`);
      if (e.data === null || typeof e.data !== 'object')
        throw new EnvelopeError('event data must be a JSON object');
      const reason = check?.(e as CloudEvent<T>);
      if (reason) rejected.push({ record, code: 'validation', reason });
      else events.push({ record, event: e as CloudEvent<T> });
    } catch (err) {
      if (!(err instanceof EnvelopeError)) throw err;
      rejected.push({ record, code: 'envelope', reason: err.message });
    }
  }
  return { events, rejected };
}
