/** Surveys as data through listen: JSON or YAML, versioned per tenant, every bad field named. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { callService, e2eSuite, ROOT } from '@continuum/testing';

jest.setTimeout(120_000);

const TENANT = 'surveys-e2e';

const call = (method: string, url: string, body?: unknown) =>
  callService(suite.listen, suite.key, method, url, body);
async function putYaml(id: string, yaml: string) {
  const res = await fetch(`${suite.listen.url}/v1/surveys/${id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${suite.key}`, 'content-type': 'application/yaml' },
    body: yaml,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const example = (name: string) => readFileSync(path.join(ROOT, 'examples', 'surveys', name), 'utf8');

const suite = e2eSuite({ tenants: [TENANT], services: { listen: {} } });

it('takes the YAML example, fills defaults, resolves the chips from the tenant themes', async () => {
  const r = await putYaml('after-call', example('after-call.yaml'));
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({
    id: 'after-call',
    version: 1,
    touchpoints: ['agent-call'],
    question: { type: 'nps' },
    comment: { maxLength: 1000 },
    channel: 'email',
    trigger: {
      sampling: 0.5,
      delayMinutes: 30,
      quietHours: { from: '21:00', to: '08:00' },
      outcomes: ['handled'],
    },
    expiresAfterDays: 7,
    paused: false,
  });
  const chips = (r.body.reasons as { chips: { id: string; label: { it: string; en: string } }[] }).chips;
  expect(chips.map((c) => c.id)).toEqual(['waiting-time', 'staff-attitude', 'agent-knowledge', 'transfers']);
  for (const c of chips) expect(c.label.it.length * c.label.en.length).toBeGreaterThan(0);
  expect((await call('GET', '/v1/surveys/after-call')).body).toEqual(r.body);
});

it('takes the JSON and the other YAML example', async () => {
  const json = await call('PUT', '/v1/surveys/checkout', JSON.parse(example('checkout-emoji.json')));
  expect(json.body).toMatchObject({ version: 1, question: { type: 'emoji' }, comment: null, reasons: null });
  const ces = await putYaml('returns', example('returns-ces.yaml'));
  expect(ces.body).toMatchObject({ version: 1, question: { type: 'ces' }, trigger: { sampling: 1 } });
});

it('keeps the version when nothing changed, makes a new one on a change, and serves both', async () => {
  const body = JSON.parse(example('checkout-emoji.json'));
  expect((await call('PUT', '/v1/surveys/checkout', body)).body.version).toBe(1);
  const changed = await call('PUT', '/v1/surveys/checkout', { ...body, expiresAfterDays: 5 });
  expect(changed.body).toMatchObject({ version: 2, expiresAfterDays: 5 });
  expect((await call('GET', '/v1/surveys/checkout')).body.version).toBe(2);
  expect((await call('GET', '/v1/surveys/checkout?version=1')).body).toMatchObject({
    version: 1,
    expiresAfterDays: 3,
  });
  expect((await call('GET', '/v1/surveys/checkout?version=9')).status).toBe(404);
  expect((await call('GET', '/v1/surveys/never')).status).toBe(404);
});

it('names every bad field at once', async () => {
  const bad = await call('PUT', '/v1/surveys/bad', {
    touchpoints: [],
    question: { type: 'stars', text: { it: 'Come va?' } },
    thankYou: { it: '', en: 'Thanks' },
    invitation: { subject: { it: 'x', en: 'x' }, intro: { it: 'x', en: 'x' } },
    trigger: { sampling: 1.5, quietHours: { from: '25:00', to: '08:00' } },
    colour: 'red',
  });
  expect(bad.status).toBe(400);
  expect(bad.body.errors).toEqual(
    expect.arrayContaining([
      { field: 'touchpoints', reason: 'touchpoints must contain at least 1 elements' },
      { field: 'question.type', reason: 'type must be one of nps, csat, ces, emoji' },
      { field: 'question.text.en', reason: 'en must be a string' },
      { field: 'thankYou.it', reason: 'it should not be empty' },
      { field: 'trigger.sampling', reason: 'sampling must not be greater than 1' },
      { field: 'trigger.quietHours.from', reason: 'from must be a time of day as HH:MM' },
      { field: 'colour', reason: 'colour is not a known field' },
    ]),
  );
  expect(bad.body.errors).toHaveLength(7);
  const chips = await call('PUT', '/v1/surveys/bad', {
    ...JSON.parse(example('checkout-emoji.json')),
    touchpoints: ['kiosk'],
    reasons: { text: { it: 'Perché?', en: 'Why?' }, themes: ['billing', 'no-such-theme'] },
  });
  expect(chips.status).toBe(400);
  expect(chips.body.errors).toEqual([
    { field: 'reasons.themes.1', reason: "no-such-theme is not one of the tenant's themes" },
  ]);
  const yaml = await putYaml('bad', 'touchpoints: [a\nquestion: {');
  expect(yaml.status).toBe(400);
  expect((yaml.body.errors as { field: string }[])[0].field).toBe('(body)');
  expect((await call('GET', '/v1/surveys/bad')).status).toBe(404);
});

it('lets one survey serve a touchpoint', async () => {
  const other = await call('PUT', '/v1/surveys/other', {
    ...JSON.parse(example('checkout-emoji.json')),
    touchpoints: ['kiosk', 'payment'],
  });
  expect(other.status).toBe(409);
  expect(other.body.errors).toEqual([
    { field: 'touchpoints.1', reason: 'payment is already served by survey checkout' },
  ]);
});
