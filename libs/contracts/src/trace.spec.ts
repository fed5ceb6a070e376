import { createEvent, fromBinary, toBinaryHeaders } from './envelope';
import type { LoopClosedV1 } from './events';
import { Topic } from './topics';
import {
  childSpan,
  currentTraceContext,
  formatTraceparent,
  parseTraceparent,
  withTraceContext,
} from './trace';

const data: LoopClosedV1 = { tenantId: 'acme', actionId: 'a-1', gapKey: 'g', customers: [], summary: 's' };
const event = (extra: Partial<Parameters<typeof createEvent>[0]> = {}) =>
  createEvent({ type: Topic.LoopClosed, source: '/t', tenantId: 'acme', data, ...extra });

const CALLER = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('W3C traceparent', () => {
  it('parses valid headers and refuses malformed or all-zero ids', () => {
    expect(parseTraceparent(CALLER)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      sampled: true,
    });
    expect(parseTraceparent(CALLER.toUpperCase())?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    for (const bad of [
      '',
      'garbage',
      '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01',
    ])
      expect(parseTraceparent(bad)).toBeNull();
  });

  it('a child span keeps the trace id and flags and gets a new span id', () => {
    const parent = parseTraceparent(CALLER)!;
    const sut = childSpan(parent);
    expect(sut.traceId).toBe(parent.traceId);
    expect(sut.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(sut.spanId).not.toBe(parent.spanId);
    expect(parseTraceparent(formatTraceparent(sut))).toEqual(sut);
  });
});

describe('events carry the trace', () => {
  it('an event without context starts a trace of its own, in the traceparent header', () => {
    const a = event();
    const b = event();
    expect(parseTraceparent(a.traceparent)).not.toBeNull();
    expect(parseTraceparent(a.traceparent)!.traceId).not.toBe(parseTraceparent(b.traceparent)!.traceId);
    expect(toBinaryHeaders(a).traceparent).toBe(a.traceparent);
  });

  it('continues the ambient context (the request or batch in hand), across awaits', async () => {
    const caller = parseTraceparent(CALLER)!;
    const sut = await withTraceContext(caller, async () => {
      await new Promise((r) => setImmediate(r));
      return event();
    });
    expect(parseTraceparent(sut.traceparent)!.traceId).toBe(caller.traceId);
    expect(parseTraceparent(sut.traceparent)!.spanId).not.toBe(caller.spanId);
    expect(currentTraceContext()).toBeNull();
  });

  it("a caused event continues its cause's trace, read back from the headers, over the ambient one", () => {
    const first = withTraceContext(parseTraceparent(CALLER), () => event());
    const inbound = fromBinary(toBinaryHeaders(first), JSON.stringify(first.data));
    expect(inbound.traceparent).toBe(first.traceparent);
    const other = childSpan(null);
    const sut = withTraceContext(other, () => event({ cause: inbound }));
    expect(parseTraceparent(sut.traceparent)!.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(sut.causationId).toBe(first.id);
  });

  it('a malformed traceparent header is dropped, not passed on', () => {
    const h = { ...toBinaryHeaders(event()), traceparent: 'nonsense' };
    expect(fromBinary(h, '{}').traceparent).toBeUndefined();
  });
});
