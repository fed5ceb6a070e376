/**
 * Hostile input, interleaved with valid traffic: malformed HTTP bodies and raw-topic records of
 * every kind. No process crashes or stalls, every bad one is refused with a reason, every valid
 * one is recorded exactly once. Seeded, so a failure replays.
 */
import { Client } from 'pg';
import { Topic } from '@continuum/contracts';
import { e2eSuite, eventually, produce } from '@continuum/testing';

jest.setTimeout(300_000);

const TENANT = 'fuzz-e2e';
let db: Client;

let seed = 20261123;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

const valid = (id: string) => ({ id, touchpoint: 'ivr', nps: Math.floor(rnd() * 11), comment: 'ok' });

/** Each mutation makes a valid answer invalid in one way. */
const MUTATIONS: ((id: string) => unknown)[] = [
  // (null is not among them: a null score means "not given", as an absent field.)
  (id) => ({ ...valid(id), nps: pick([11, -1, 3.5, '7', true, [], {}, 1e308]) }),
  (id) => ({ ...valid(id), comment: pick(['nul \u0000 inside', '\u0000']) }),
  (id) => ({ ...valid(id), channel: 'voice\u0000' }),
  (id) => ({ ...valid(id), csat: pick([0, 6, 'five', 2.2]) }),
  (id) => ({ ...valid(id), ces: pick([0, 8, '1']) }),
  (id) => ({ ...valid(id), emoji: pick(['🤡', 'meh', 3, '']) }),
  (id) => ({
    ...valid(id),
    id: pick(['', ' ', 'a b', 'x'.repeat(200), 42, null, "'; DROP TABLE listen.feedback; --"]),
  }),
  (id) => ({ ...valid(id), touchpoint: pick([undefined, '', 7, '<script>alert(1)</script>']) }),
  (id) => ({ ...valid(id), comment: 'x'.repeat(5001 + Math.floor(rnd() * 20000)) }),
  (id) => ({
    ...valid(id),
    occurredAt: pick([
      '1900-01-01T00:00:00Z',
      '2999-01-01T00:00:00Z',
      'yesterday',
      '2026-13-40T99:00:00Z',
      12345,
    ]),
  }),
  (id) => ({
    ...valid(id),
    segment: pick([{ a: { b: { c: {} } } }, 'plan', [1, 2], { '': 'x' }, { plan: 'x'.repeat(500) }]),
  }),
  (id) => ({ ...valid(id), consentToContact: pick(['yes', 1, 'true']) }),
  (id) => ({ ...valid(id), unexpected: 'field' }),
  (id) => ({ id, touchpoint: 'ivr' }),
  () => pick([null, 0, 'string', true, []]),
  (id) => {
    let deep: Record<string, unknown> = valid(id);
    for (let i = 0; i < 500; i++) deep = { nested: deep };
    return deep;
  },
];

async function send(body: string | Buffer, contentType = 'application/json') {
  const res = await fetch(`${suite.listen.url}/v1/feedback`, {
    method: 'POST',
    headers: { authorization: `Bearer ${suite.key}`, 'content-type': contentType },
    body,
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

const suite = e2eSuite({ tenants: [TENANT], record: [Topic.DeadLetter], services: { listen: {} } });
beforeAll(async () => {
  db = new Client({ connectionString: suite.stack.databaseUrl });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
});

async function recordedIds(prefix: string): Promise<Set<string>> {
  const r = await db.query<{ id: string }>(
    `SELECT id FROM listen.feedback WHERE tenant_id = $1 AND id LIKE $2`,
    [TENANT, `${prefix}%`],
  );
  return new Set(r.rows.map((x) => x.id));
}

it('refuses 8,000 malformed HTTP bodies with a reason and records the valid ones among them', async () => {
  const validIds: string[] = [];
  const statuses = new Map<number, number>();
  // Bodies are drawn in order (seeded), then sent ten at a time.
  const requests: { id: string; valid: boolean; body: string | Buffer; type?: string }[] = [];
  for (let i = 0; i < 9_000; i++) {
    const id = `hf-${i}`;
    if (i % 9 === 0) {
      validIds.push(id);
      requests.push({ id, valid: true, body: JSON.stringify(valid(id)) });
      continue;
    }
    const kind = rnd();
    if (kind < 0.08)
      requests.push({ id, valid: false, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x00, 0x22, 0x7d]) }); // invalid UTF-8
    else if (kind < 0.14)
      requests.push({
        id,
        valid: false,
        body: Buffer.from(Array.from({ length: 64 }, () => Math.floor(rnd() * 256))),
      });
    else if (kind < 0.18) requests.push({ id, valid: false, body: '{"id": "x", "touchpoint": ' });
    else if (kind < 0.2) requests.push({ id, valid: false, body: '<xml/>', type: 'application/xml' });
    else requests.push({ id, valid: false, body: JSON.stringify(pick(MUTATIONS)(id)) });
  }
  for (let i = 0; i < requests.length; i += 10) {
    const chunk = requests.slice(i, i + 10);
    const results = await Promise.all(chunk.map((r) => send(r.body, r.type)));
    results.forEach((res, j) => {
      if (chunk[j].valid) {
        expect(res.status).toBe(202);
        return;
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect([400, 413, 415]).toContain(res.status);
      if (res.status !== 415) {
        expect(res.type).toContain('application/problem+json');
        expect((JSON.parse(res.text) as { detail?: string }).detail).toBeTruthy();
      }
    });
  }
  expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(8_000);
  const oversized = await send(
    JSON.stringify(
      Array.from({ length: 1000 }, (_, j) => ({ ...valid(`big-${j}`), comment: 'y'.repeat(5000) })),
    ) + ' '.repeat(1),
  );
  expect([202, 413]).toContain(oversized.status);
  const tooBig = await send(`[${'"x",'.repeat(2_000_000)}"x"]`);
  expect(tooBig.status).toBe(413);

  const recorded = await recordedIds('hf-');
  expect([...recorded].sort()).toEqual([...validIds].sort());
  // Still alive and ready (readiness probes time out under heavy load, so it is polled).
  await eventually(async () => (await fetch(`${suite.listen.url}/health/ready`)).status === 200, 30_000, 500);
});

it('stores hostile but valid text verbatim, as data', async () => {
  const comment = `Robert'); DROP TABLE listen.feedback;-- <script>alert('x')</script> \u202e ${'😡'.repeat(3)}`;
  const res = await send(JSON.stringify({ id: 'hostile-1', touchpoint: 'chat', csat: 3, comment }));
  expect(res.status).toBe(202);
  const row = await db.query<{ comment: string }>(
    `SELECT comment FROM listen.feedback WHERE tenant_id = $1 AND id = 'hostile-1'`,
    [TENANT],
  );
  expect(row.rows[0].comment).toBe(comment);
});

it('dead-letters 3,000 malformed raw records with reasons, never stalling, and records the valid ones', async () => {
  const records: { key: string; value: string | Buffer }[] = [];
  const validIds: string[] = [];
  let bad = 0;
  for (let i = 0; i < 3_300; i++) {
    const id = `rf-${i}`;
    if (i % 11 === 0) {
      validIds.push(id);
      records.push({ key: `${TENANT}:${id}`, value: JSON.stringify({ tenantId: TENANT, ...valid(id) }) });
      continue;
    }
    bad++;
    const kind = rnd();
    if (kind < 0.1)
      records.push({
        key: `${TENANT}:${id}`,
        value: Buffer.from(Array.from({ length: 32 }, () => Math.floor(rnd() * 256))),
      });
    else if (kind < 0.15)
      records.push({
        key: `${TENANT}:${id}`,
        value: JSON.stringify({ ...valid(id), tenantId: 'no-such-tenant' }),
      });
    else if (kind < 0.2)
      records.push({ key: `${TENANT}:${id}`, value: JSON.stringify(valid(id)) }); // no tenantId
    else {
      const m = pick(MUTATIONS)(id);
      const body = m !== null && typeof m === 'object' && !Array.isArray(m) ? { tenantId: TENANT, ...m } : m;
      records.push({ key: `${TENANT}:${id}`, value: JSON.stringify(body) });
    }
  }
  for (let i = 0; i < records.length; i += 500)
    await produce(suite.stack, Topic.FeedbackRaw, records.slice(i, i + 500));

  const dead = await eventually(
    async () => {
      const d = suite.recorder.where(
        (r) =>
          r.headers['dlt-original-topic'] === Topic.FeedbackRaw && (r.key ?? '').startsWith(`${TENANT}:rf-`),
      );
      return d.length >= bad ? d : null;
    },
    120_000,
    500,
  );
  expect(dead).toHaveLength(bad);
  for (const d of dead) expect(d.headers['dlt-exception-message']).toMatch(/\S/);
  const codes = new Set(dead.map((d) => d.headers['dlt-reason-code']));
  expect([...codes].sort()).toEqual(['invalid-json', 'unknown-tenant', 'validation']);
  await eventually(async () => (await recordedIds('rf-')).size === validIds.length, 60_000, 500);
  expect([...(await recordedIds('rf-'))].sort()).toEqual([...validIds].sort());
});
