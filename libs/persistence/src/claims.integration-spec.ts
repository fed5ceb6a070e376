/** Claim pruning (pruneClaims) against the real measure schema, migrated by the global setup. */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { claimEvents, pruneClaims } from './outbox';

const url = process.env.CONTINUUM_TEST_DATABASE_URL;
const run = randomUUID().slice(0, 8);
const A = `prune-a-${run}`;
const B = `prune-b-${run}`;
const DAY = 24 * 3600_000;
let ds: DataSource;

beforeAll(async () => {
  if (!url) throw new Error('CONTINUUM_TEST_DATABASE_URL is not set: run through the integration project');
  ds = await createDataSource({
    url,
    schema: 'measure',
    applicationName: 'claims-int',
    poolSize: 2,
  }).initialize();
});

afterAll(async () => {
  await ds?.query(`DELETE FROM measure.processed_events WHERE consumer IN ($1, $2)`, [A, B]);
  await ds?.destroy();
});

async function claim(consumer: string, ids: string[], ageDays: number): Promise<void> {
  await ds.transaction(async (m) => {
    expect((await claimEvents(m, 'measure', consumer, ids)).size).toBe(ids.length);
    await m.query(
      `UPDATE measure.processed_events SET processed_at = now() - make_interval(days => $3)
       WHERE consumer = $1 AND event_id = ANY($2::text[])`,
      [consumer, ids, ageDays],
    );
  });
}

async function claimed(consumer: string): Promise<string[]> {
  const rows: { event_id: string }[] = await ds.query(
    `SELECT event_id FROM measure.processed_events WHERE consumer = $1 ORDER BY event_id`,
    [consumer],
  );
  return rows.map((r) => r.event_id);
}

it('deletes only the given consumer’s claims older than the cut-off, in chunks', async () => {
  const old = Array.from({ length: 5 }, (_, i) => `old-${i}`);
  await claim(A, old, 40);
  await claim(A, ['recent-1', 'recent-2'], 2);
  await claim(B, ['old-b'], 40);

  // Chunks of 2: three statements for the five old claims of A.
  expect(await pruneClaims(ds, 'measure', A, new Date(Date.now() - 31 * DAY), 2)).toBe(5);
  expect(await claimed(A)).toEqual(['recent-1', 'recent-2']);
  expect(await claimed(B)).toEqual(['old-b']);
  expect(await pruneClaims(ds, 'measure', A, new Date(Date.now() - 31 * DAY), 2)).toBe(0);

  // A pruned claim no longer guards its id; a kept one still does.
  await ds.transaction(async (m) => {
    expect([...(await claimEvents(m, 'measure', A, ['old-0', 'recent-1']))]).toEqual(['old-0']);
  });
});

it('is backed by the BRIN index the migrations create', async () => {
  const rows: { indexdef: string }[] = await ds.query(
    `SELECT indexdef FROM pg_indexes WHERE schemaname IN ('measure', 'act') AND indexname = 'processed_events_age'
     ORDER BY schemaname`,
  );
  expect(rows.map((r) => r.indexdef)).toEqual([
    expect.stringMatching(
      /^CREATE INDEX processed_events_age ON act\.processed_events USING brin \(processed_at\)$/,
    ),
    expect.stringMatching(
      /^CREATE INDEX processed_events_age ON measure\.processed_events USING brin \(processed_at\)$/,
    ),
  ]);
});
