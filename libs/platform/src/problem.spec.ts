import type { ArgumentsHost } from '@nestjs/common';
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
});
