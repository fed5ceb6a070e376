/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/) without a tracing SDK: enough to
 * follow one feedback from the HTTP request that brought it, through every event it caused, by
 * one trace id. Events carry a `traceparent` Kafka header; each hop keeps the trace id and gets a
 * span id of its own. The ambient context (an HTTP request, a consumed batch) lives in an
 * AsyncLocalStorage, so use cases need not pass it along.
 * It owns ids and propagation only; it never records spans or exports anything.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomFillSync } from 'node:crypto';

export const TRACEPARENT_HEADER = 'traceparent';

/** version 00, 32 hex trace id, 16 hex parent id, 2 hex flags; all-zero ids are invalid. */
export const TRACEPARENT_PATTERN = '^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$';
const TRACEPARENT = new RegExp(TRACEPARENT_PATTERN);

export interface TraceContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly sampled: boolean;
}

export function parseTraceparent(value: string | null | undefined): TraceContext | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  if (!TRACEPARENT.test(v)) return null;
  const [, traceId, spanId, flags] = v.split('-');
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

export function formatTraceparent(t: TraceContext): string {
  return `00-${t.traceId}-${t.spanId}-${t.sampled ? '01' : '00'}`;
}

/**
 * Random ids from a pool refilled 4 KiB at a time: one `randomBytes` call per span showed in
 * listen's CPU profile (every recorded event gets a span). An all-zero id is invalid: draw again.
 */
const POOL = Buffer.alloc(4096);
let poolOffset = POOL.length;

function hex(bytes: number): string {
  for (;;) {
    if (poolOffset + bytes > POOL.length) {
      randomFillSync(POOL);
      poolOffset = 0;
    }
    const id = POOL.toString('hex', poolOffset, poolOffset + bytes);
    poolOffset += bytes;
    if (!/^0+$/.test(id)) return id;
  }
}

/** A new span in the parent's trace, or the root of a new trace. */
export function childSpan(parent: TraceContext | null): TraceContext {
  return { traceId: parent?.traceId ?? hex(16), spanId: hex(8), sampled: parent?.sampled ?? true };
}

const ambient = new AsyncLocalStorage<TraceContext>();

/** Runs `fn` with `ctx` as the current trace context (for everything it awaits too). */
export function withTraceContext<R>(ctx: TraceContext | null, fn: () => R): R {
  return ctx ? ambient.run(ctx, fn) : ambient.exit(fn);
}

export function currentTraceContext(): TraceContext | null {
  return ambient.getStore() ?? null;
}
