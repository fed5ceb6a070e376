/** Limits that protect the service: rate limits per key (429) and load shedding on ingest (503). */
import { e2eSuite, startService, type RunningService } from '@continuum/testing';

jest.setTimeout(120_000);

const suite = e2eSuite({ tenants: ['limits-e2e'] });
let listen: RunningService | null = null;

async function post(body: unknown) {
  const res = await fetch(`${listen!.url}/v1/feedback`, {
    method: 'POST',
    headers: { authorization: `Bearer ${suite.key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

afterEach(async () => {
  await listen?.stop();
  listen = null;
});

it('answers 429 with Retry-After once a key has spent its burst', async () => {
  listen = await startService('listen', suite.stack, { RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '2' });
  const results = [];
  for (let i = 0; i < 3; i++) results.push(await post({ id: `rl-${i}`, touchpoint: 'ivr', nps: 9 }));
  expect(results.map((r) => r.status)).toEqual([202, 202, 429]);
  expect(results[2].retryAfter).toBe('1');
  expect(results[2].body).toMatchObject({ status: 429, title: 'Too many requests' });
});

it('sheds ingest with 503 and Retry-After when too many requests are in flight, and loses nothing it accepted', async () => {
  listen = await startService('listen', suite.stack, { MAX_INFLIGHT_REQUESTS: '1' });
  const batch = (n: number) =>
    Array.from({ length: 1000 }, (_, i) => ({
      id: `bp-${n}-${i}`,
      touchpoint: 'chat',
      csat: 4,
      comment: 'tutto bene, grazie',
    }));
  const results = await Promise.all(
    Array.from({ length: 12 }, (_, n) => post(batch(n)).then((r) => ({ n, ...r }))),
  );
  const shed = results.filter((r) => r.status === 503);
  const accepted = results.filter((r) => r.status === 202);
  expect(shed.length).toBeGreaterThan(0);
  expect(shed.length + accepted.length).toBe(12);
  expect(shed[0].retryAfter).toBe('1');
  // The shed batches go through when retried one at a time; nothing accepted is lost or doubled.
  for (const r of shed) expect((await post(batch(r.n))).status).toBe(202);
  for (const r of accepted)
    expect((await post(batch(r.n))).body).toMatchObject({ accepted: 0, duplicates: 1000 });
});
