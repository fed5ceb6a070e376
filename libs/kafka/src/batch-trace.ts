import { parseTraceparent, TRACEPARENT_HEADER, type TraceContext } from '@continuum/contracts';
import type { InboundRecord } from './records';

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
