import type { ArgumentsHost } from '@nestjs/common';
import { childSpan, withTraceContext } from '@continuum/contracts';
import { ProblemFilter } from './problem';

function run(exception: unknown) {
  const sent: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
  const res = {
    setHeader: (k: string, v: string) => (sent.headers[k] = v),
    status(s: number) {
      sent.status = s;
      return this;
    },
    type() {
      return this;
    },
    send(b: string) {
      sent.body = b;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ originalUrl: '/v1/feedback?x=1' }), getResponse: () => res }),
  } as unknown as ArgumentsHost;
  const sut = new ProblemFilter();
  sut.catch(exception, host);
  return { ...sent, json: JSON.parse(sent.body ?? '{}') as Record<string, unknown> };
}

describe('ProblemFilter', () => {
  it('answers 503 with Retry-After when the database or broker is away', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    for (const e of [refused, shutdown, new Error('Connection terminated unexpectedly')]) {
      const r = run(e);
      expect(r.status).toBe(503);
      expect(r.headers['Retry-After']).toBe('1');
      expect(r.json).toMatchObject({ status: 503, title: 'Service unavailable', instance: '/v1/feedback' });
    }
  });

  it('keeps 500 for anything else', () => {
    const r = run(new TypeError('x is undefined'));
    expect(r.status).toBe(500);
    expect(r.headers['Retry-After']).toBeUndefined();
  });

  it('answers a 5xx with a correlation id, never the internal message or stack', () => {
    const span = childSpan(null);
    const r = withTraceContext(span, () => run(new TypeError('secret internals at db.ts:42')));
    expect(r.json.correlationId).toBe(span.traceId);
    expect(r.json.detail).toBe(`an unexpected error occurred; quote correlation id ${span.traceId}`);
    expect(r.body).not.toContain('secret internals');
    expect(r.body).not.toContain('db.ts');
    const outside = run(new Error('boom'));
    expect(outside.json.correlationId).toMatch(/^[0-9a-f]{32}$/);
    expect(run(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).json.correlationId).toEqual(
      expect.any(String),
    );
  });
});
