import { Registry } from 'prom-client';
import { sharedTrace } from './batch-trace';
import { TransportMetrics } from './metrics';
import type { InboundRecord } from './records';

const rec = (offset: number, traceparent?: string): InboundRecord => ({
  topic: 't',
  partition: 0,
  offset: String(offset),
  timestamp: '1700000000000',
  key: null,
  value: '{}',
  headers: traceparent ? { traceparent } : {},
});
const A1 = '00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-1111111111111111-01';
const A2 = '00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-2222222222222222-01';
const B = '00-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-1111111111111111-01';

describe('sharedTrace: the trace a consumed chunk continues', () => {
  it('is the one trace its traced records share, untraced records aside', () => {
    expect(sharedTrace([rec(1, A1), rec(2), rec(3, A2)])?.traceId).toBe('a'.repeat(32));
  });

  it('is none for records of different traces, no traces, or malformed ones', () => {
    expect(sharedTrace([rec(1, A1), rec(2, B)])).toBeNull();
    expect(sharedTrace([rec(1), rec(2)])).toBeNull();
    expect(sharedTrace([rec(1, 'garbage')])).toBeNull();
  });
});

describe('TransportMetrics', () => {
  it('registers its series on the registry it is given, in the Prometheus text format', async () => {
    const registry = new Registry();
    const sut = new TransportMetrics(registry);
    sut.deadLettered.inc({ topic: 'cx.feedback.raw.v1', code: 'validation' }, 2);
    sut.lag.set({ topic: 'cx.feedback.raw.v1', partition: '3' }, 7);
    const text = await registry.metrics();
    expect(text).toContain(
      'continuum_consumer_records_dead_lettered_total{topic="cx.feedback.raw.v1",code="validation"} 2',
    );
    expect(text).toContain('continuum_consumer_lag{topic="cx.feedback.raw.v1",partition="3"} 7');
    expect(() => new TransportMetrics(new Registry())).not.toThrow();
  });
});
