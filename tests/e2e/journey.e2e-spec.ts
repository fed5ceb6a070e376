/** The Map step through the real stack: validation, versions, publication, enrichment. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Topic } from '@continuum/contracts';
import { callService, e2eSuite, eventually, ROOT } from '@continuum/testing';

jest.setTimeout(120_000);

const TENANT = 'journey-e2e';
const OTHER = 'journey-e2e-other';
const yaml = readFileSync(path.join(ROOT, 'examples', 'journey.contact-centre.yaml'), 'utf8');

const call = (method: string, url: string, body?: string, contentType?: string, auth: string = suite.key) =>
  callService(suite.listen, auth, method, url, body, { contentType });

const suite = e2eSuite({
  tenants: [TENANT, OTHER],
  record: [Topic.Journey, Topic.FeedbackRecorded],
  services: { listen: {} },
});

it('refuses an inconsistent map, naming each problem', async () => {
  const bad = {
    stages: [{ id: 'buy', name: 'Buy' }],
    touchpoints: [{ id: 'checkout', name: 'Checkout', stage: 'pay' }],
    targets: [{ scope: { kind: 'journey', id: '*' }, indicator: 'csat', op: '>=', value: 120 }],
  };
  const res = await call('PUT', '/v1/journey', JSON.stringify(bad));
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual([
    { field: 'touchpoints.0.stage', reason: 'touchpoint "checkout" names unknown stage "pay"' },
    {
      field: 'targets.0.value',
      reason: 'csat/top2box-5/v1 takes values from 0 to 100; a target of 120 can never be met or missed',
    },
  ]);
  const broken = await call('PUT', '/v1/journey', 'stages: [', 'application/yaml');
  expect(broken.status).toBe(400);
  expect(broken.body.errors[0].reason).toMatch(/^not valid YAML/);
});

it('stores a YAML map as version 1, keeps the version when nothing changed, and publishes each version', async () => {
  const first = await call('PUT', '/v1/journey', yaml, 'application/yaml');
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ tenantId: TENANT, version: 1, cycle: 'week', timeZone: 'Europe/Rome' });
  expect(first.body.touchpoints).toContainEqual({
    id: 'payment',
    name: 'Payment',
    stage: 'buy',
    channel: 'web',
    owner: 'payments',
  });
  expect(first.body.targets[0]).toEqual({
    scope: { kind: 'journey', id: '*' },
    indicator: 'nps/v1',
    op: '>=',
    value: 30,
  });

  const same = await call('PUT', '/v1/journey', yaml, 'application/yaml');
  expect(same.body.version).toBe(1);
  const changed = await call(
    'PUT',
    '/v1/journey',
    yaml.replace('cycle: week', 'cycle: month'),
    'application/yaml',
  );
  expect(changed.body).toMatchObject({ version: 2, cycle: 'month' });
  expect((await call('GET', '/v1/journey')).body).toEqual(changed.body);

  const published = await eventually(async () => {
    const r = suite.recorder.where((x) => x.topic === Topic.Journey && x.key === TENANT);
    return r.length === 2 ? r : null;
  });
  expect(published.map((p) => JSON.parse(p.value!).version)).toEqual([1, 2]);
  expect(published[1].headers).toMatchObject({ ce_type: Topic.Journey, ce_tenantid: TENANT });
});

it("never shows a tenant another tenant's map", async () => {
  expect((await call('GET', '/v1/journey', undefined, undefined, suite.keys[OTHER])).status).toBe(404);
});

it('enriches feedback with stage and owner, and keeps unknown touchpoints flagged', async () => {
  const res = await call(
    'POST',
    '/v1/feedback',
    JSON.stringify([
      { id: 'j-1', touchpoint: 'payment', nps: 2 },
      { id: 'j-2', touchpoint: 'fax-line', nps: 8 },
    ]),
  );
  expect(res.body).toMatchObject({ accepted: 2, duplicates: 0 });
  const known = await call('GET', '/v1/feedback/j-1');
  expect(known.body).toMatchObject({ stage: 'buy', owner: 'payments', channel: 'web', flags: [] });
  const unknown = await call('GET', '/v1/feedback/j-2');
  expect(unknown.body).toMatchObject({ stage: null, owner: null, flags: ['unknown-touchpoint'] });
  const other = await call(
    'POST',
    '/v1/feedback',
    JSON.stringify({ id: 'j-3', touchpoint: 'payment', nps: 2 }),
    'application/json',
    suite.keys[OTHER],
  );
  expect(other.status).toBe(202);
  expect((await call('GET', '/v1/feedback/j-3', undefined, undefined, suite.keys[OTHER])).body.flags).toEqual(
    ['no-journey'],
  );
});

it("tags comments with the tenant's own theme taxonomy, and refuses a broken one", async () => {
  const bad = await call(
    'PUT',
    '/v1/themes',
    JSON.stringify({ themes: [{ id: 'Roaming!', labels: { it: 'Roaming' }, keywords: { it: [] } }] }),
  );
  expect(bad.status).toBe(400);
  expect(bad.body.errors).toEqual([
    { field: 'themes.0.id', reason: 'id must be kebab-case (a-z, 0-9 and "-"), e.g. "waiting-time"' },
    { field: 'themes.0.labels.en', reason: 'en is required' },
    { field: 'themes.0.keywords', reason: 'theme "Roaming!" has no usable keywords in either language' },
  ]);
  const before = await call('GET', '/v1/themes');
  expect(before.body.default).toBe(true);
  const taxonomy = {
    themes: [
      {
        id: 'roaming',
        labels: { it: 'Roaming', en: 'Roaming' },
        keywords: { it: ['roaming', 'estero'], en: ['roaming', 'abroad'] },
      },
    ],
  };
  const put = await call('PUT', '/v1/themes', JSON.stringify(taxonomy));
  expect(put.body).toEqual({ ...taxonomy, default: false });
  await call(
    'POST',
    '/v1/feedback',
    JSON.stringify({
      id: 't-1',
      touchpoint: 'first-bill',
      csat: 1,
      comment: "Costi di roaming all'estero assurdi",
    }),
  );
  expect((await call('GET', '/v1/feedback/t-1')).body.themes).toEqual(['roaming']);
});
