import {
  EnvelopeError,
  eventProblems,
  fromBinary,
  type CloudEvent,
  type EventType,
} from '@continuum/contracts';
import type { BatchOutcome, InboundRecord, RecordBatch, Rejection } from './records';

export interface Decoded<T extends EventType> {
  readonly record: InboundRecord;
  readonly event: CloudEvent<T>;
}

/**
 * Reads a batch of CloudEvents: the envelope, the type, the data against its topic's JSON Schema
 * (compiled ajv) and a `tenantId` in the data against the event's. A record that fails becomes a
 * rejection naming the field and reason (a dead letter); `check` adds what a schema cannot say.
 */
export function decodeEvents<T extends EventType>(
  batch: RecordBatch,
  type: T,
  /** Rules a schema cannot express (across fields or events): a reason refuses the record (code `validation`). */
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
      const reason = schemaReason(type, e.data, e.tenantId) ?? check?.(e as CloudEvent<T>);
      if (reason) rejected.push({ record, code: 'validation', reason });
      else events.push({ record, event: e as CloudEvent<T> });
    } catch (err) {
      if (!(err instanceof EnvelopeError)) throw err;
      rejected.push({ record, code: 'envelope', reason: err.message });
    }
  }
  return { events, rejected };
}

/** A handler's answer naming the events it refuses (event id → reason); they are dead-lettered as `validation`. */
export interface Refusals {
  readonly refused: ReadonlyMap<string, string>;
}

/**
 * The body of an `@EventPattern` batch handler: decodes the batch (see `decodeEvents`), hands the
 * valid events to `handle` and answers the rejections, with any events `handle` refuses.
 */
export async function consumeEvents<T extends EventType>(
  batch: RecordBatch,
  type: T,
  handle: (events: CloudEvent<T>[]) => Promise<unknown>,
  check?: (e: CloudEvent<T>) => string | null | undefined,
): Promise<BatchOutcome> {
  const { events, rejected } = decodeEvents(batch, type, check);
  const answer = await handle(events.map((d) => d.event));
  if (isRefusals(answer)) {
    for (const d of events) {
      const reason = answer.refused.get(d.event.id);
      if (reason) rejected.push({ record: d.record, code: 'validation', reason });
    }
  }
  return { rejected };
}

function isRefusals(answer: unknown): answer is Refusals {
  return (
    typeof answer === 'object' && answer !== null && (answer as Partial<Refusals>).refused instanceof Map
  );
}

function schemaReason(type: EventType, data: object, tenantId: string): string | null {
  const problems = eventProblems(type, data);
  const own = (data as { tenantId?: unknown }).tenantId;
  if (problems.length === 0 && typeof own === 'string' && own !== tenantId)
    problems.push({ field: 'tenantId', reason: 'tenantId must equal the ce_tenantid header' });
  return problems.length ? problems.map((p) => `${p.field}: ${p.reason}`).join('; ') : null;
}
