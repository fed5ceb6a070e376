/** The migration that seals webhook secrets stored in plain text before they were encrypted. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@continuum/persistence';
import { SecretBox } from '../src/webhooks/secret-box';
import { SealWebhookSecrets1764200000000 } from './1764200000000-SealWebhookSecrets';

const url = process.env.CONTINUUM_TEST_DATABASE_URL;
const TENANT = `seal-int-${randomUUID().slice(0, 8)}`;
let ds: DataSource;

beforeAll(async () => {
  if (!url) throw new Error('CONTINUUM_TEST_DATABASE_URL is not set: run through the integration project');
  ds = await createDataSource({
    url,
    schema: 'act',
    applicationName: 'act-seal-int',
    poolSize: 2,
  }).initialize();
});

afterAll(async () => {
  await ds?.destroy();
});

it('seals every plain-text secret, bound to its subscription, and leaves sealed ones alone', async () => {
  const box = SecretBox.fromKey(randomBytes(32));
  const plain = { id: randomUUID(), secret: `plain-secret-${randomUUID()}` };
  const sealedId = randomUUID();
  const sealed = box.seal('already-sealed-secret', sealedId);
  await ds.query(
    `INSERT INTO act.webhooks (id, tenant_id, url, event_types, secret)
     VALUES ($1, $3, 'http://127.0.0.1:9/a', '{*}', $2), ($4, $3, 'http://127.0.0.1:9/b', '{*}', $5)`,
    [plain.id, plain.secret, TENANT, sealedId, sealed],
  );
  const sut = new SealWebhookSecrets1764200000000(box);
  const q = ds.createQueryRunner();
  try {
    await sut.up(q);
    await sut.up(q); // a second run finds nothing plain
  } finally {
    await q.release();
  }
  const rows: { id: string; secret: string }[] = await ds.query(
    `SELECT id, secret FROM act.webhooks WHERE tenant_id = $1`,
    [TENANT],
  );
  const by = new Map(rows.map((r) => [r.id, r.secret]));
  expect(by.get(plain.id)).toMatch(/^enc:v1:/);
  expect(by.get(plain.id)).not.toContain(plain.secret);
  expect(box.open(by.get(plain.id)!, plain.id)).toBe(plain.secret);
  expect(by.get(sealedId)).toBe(sealed);
});
