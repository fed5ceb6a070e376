/**
 * CloudEvents 1.0 in Kafka binary mode: attributes travel as `ce_*` headers, the data as the
 * JSON record value. Extension attributes: `tenantid`, `correlationid`, `causationid`. The W3C
 * `traceparent` travels as its own header, as Kafka tracing instrumentations expect it.
 */
import { randomUUID } from 'node:crypto';
import type { EventType, EventData } from './events';
import {
  childSpan,
  currentTraceContext,
  formatTraceparent,
  parseTraceparent,
  TRACEPARENT_HEADER,
} from './trace';

export const CE_SPEC_VERSION = '1.0';
export const JSON_CONTENT_TYPE = 'application/json';

export interface CloudEvent<T extends EventType = EventType> {
  readonly id: string;
  readonly type: T;
  readonly source: string;
  readonly time: string;
  readonly specversion: typeof CE_SPEC_VERSION;
  readonly subject?: string;
  readonly tenantId: string;
  readonly correlationId: string;
  readonly causationId?: string;
  /** W3C trace context of the span that produced the event. */
  readonly traceparent?: string;
  readonly data: EventData<T>;
}

export interface NewEvent<T extends EventType> {
  readonly type: T;
  readonly source: string;
  readonly tenantId: string;
  readonly data: EventData<T>;
  readonly subject?: string;
  readonly id?: string;
  readonly time?: Date;
  /**
   * The event this one is caused by: its correlation id is inherited, its id becomes causation
   * and its trace continues. Without a cause the trace continues the ambient context (the HTTP
   * request or consumed batch in hand), or starts anew.
   */
  readonly cause?: Pick<CloudEvent, 'id' | 'correlationId' | 'traceparent'>;
  readonly correlationId?: string;
}

export function createEvent<T extends EventType>(e: NewEvent<T>): CloudEvent<T> {
  const id = e.id ?? randomUUID();
  return {
    id,
    type: e.type,
    source: e.source,
    time: (e.time ?? new Date()).toISOString(),
    specversion: CE_SPEC_VERSION,
    ...(e.subject !== undefined ? { subject: e.subject } : {}),
    tenantId: e.tenantId,
    correlationId: e.cause?.correlationId ?? e.correlationId ?? id,
    ...(e.cause ? { causationId: e.cause.id } : {}),
    traceparent: formatTraceparent(
      childSpan(parseTraceparent(e.cause?.traceparent) ?? currentTraceContext()),
    ),
    data: e.data,
  };
}

export type Headers = Record<string, string>;

export function toBinaryHeaders(event: CloudEvent): Headers {
  const h: Headers = {
    ce_id: event.id,
    ce_type: event.type,
    ce_source: event.source,
    ce_time: event.time,
    ce_specversion: event.specversion,
    ce_tenantid: event.tenantId,
    ce_correlationid: event.correlationId,
    'content-type': JSON_CONTENT_TYPE,
  };
  if (event.subject !== undefined) h.ce_subject = event.subject;
  if (event.causationId !== undefined) h.ce_causationid = event.causationId;
  if (event.traceparent !== undefined) h[TRACEPARENT_HEADER] = event.traceparent;
  return h;
}

export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
}

/**
 * Reads a binary-mode CloudEvent. The data is returned unvalidated (`unknown`): each consumer
 * validates the payload of the type it accepts.
 */
export type InboundEvent = Omit<CloudEvent, 'data'> & { readonly data: unknown };

export function fromBinary(headers: Headers, value: string): InboundEvent {
  const trace = parseTraceparent(headers[TRACEPARENT_HEADER]);
  const need = (name: string): string => {
    const v = headers[name];
    if (v === undefined || v === '') throw new EnvelopeError(`missing CloudEvents header ${name}`);
    return v;
  };
  if (need('ce_specversion') !== CE_SPEC_VERSION) {
    throw new EnvelopeError(`unsupported ce_specversion ${headers.ce_specversion}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    throw new EnvelopeError('record value is not valid JSON');
  }
  return {
    id: need('ce_id'),
    type: need('ce_type') as EventType,
    source: need('ce_source'),
    time: need('ce_time'),
    specversion: CE_SPEC_VERSION,
    ...(headers.ce_subject ? { subject: headers.ce_subject } : {}),
    tenantId: need('ce_tenantid'),
    correlationId: headers.ce_correlationid || need('ce_id'),
    ...(headers.ce_causationid ? { causationId: headers.ce_causationid } : {}),
    ...(trace ? { traceparent: formatTraceparent(trace) } : {}),
    data,
  };
}
