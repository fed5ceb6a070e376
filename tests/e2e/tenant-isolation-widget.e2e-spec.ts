/**
 * Tenant isolation of the web widget: tenant B's publishable key, from B's own allowed origin,
 * cannot see or answer A's survey (A's touchpoint and survey read exactly like ones that never
 * existed), cannot be used from A's origin, and gets 403 on every route of listen, measure and act
 * (as each service lists them from Nest's metadata: reads and writes alike). collect's own routes
 * are all public to the bearer guard: the widget's door is its key and origin, checked here too.
 */
import { randomUUID } from 'node:crypto';
import { callService, e2eSuite, eventually, serviceRoutes } from '@continuum/testing';

jest.setTimeout(240_000);

const RUN = randomUUID().slice(0, 8);
const A = `wiso-a-${RUN}`;
const B = `wiso-b-${RUN}`;
const ORIGIN = { [A]: 'https://shop-a.example', [B]: 'https://shop-b.example' };
const admin = (tenant: string) => suite.keys[tenant];
const widget: Record<string, string> = {};

const survey = (tp: string, words: string) => ({
  touchpoints: [tp],
  question: { type: 'nps', text: { it: `Domanda ${words}`, en: `Question ${words}` } },
  thankYou: { it: `Grazie ${words}`, en: `Thanks ${words}` },
  invitation: { subject: { it: 'Oggetto', en: 'Subject' }, intro: { it: 'Intro', en: 'Intro' } },
});

const post = (tenant: string, path: string, body: unknown, origin = ORIGIN[tenant]) =>
  fetch(`${suite.collect.url}${path}?key=${encodeURIComponent(widget[tenant])}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

const suite = e2eSuite({ tenants: [A, B], services: { listen: {}, measure: {}, act: {}, collect: {} } });

beforeAll(async () => {
  for (const t of [A, B]) {
    const tp = `${t}-web`;
    const journey = {
      stages: [{ id: 'buy', name: 'Buy', owner: 'web' }],
      touchpoints: [{ id: tp, name: 'Web', stage: 'buy', channel: 'web' }],
    };
    expect((await callService(suite.listen, admin(t), 'PUT', '/v1/journey', journey)).status).toBe(200);
    expect(
      (await callService(suite.listen, admin(t), 'PUT', `/v1/surveys/${t}-survey`, survey(tp, t))).status,
    ).toBe(200);
    const k = await callService(suite.listen, admin(t), 'POST', '/v1/keys', {
      scopes: ['ingest:widget'],
      origins: [ORIGIN[t]],
    });
    expect(k.status).toBe(201);
    widget[t] = k.body.key as string;
  }
});

describe("tenant B's widget key", () => {
  it("sees A's touchpoint as one that never existed", async () => {
    const own = await post(B, '/widget/v1/form', { touchpoint: `${B}-web`, lang: 'en' });
    expect(own).toMatchObject({ status: 200, body: { survey: `${B}-survey` } });
    const theirs = await post(B, '/widget/v1/form', { touchpoint: `${A}-web`, lang: 'en' });
    const never = await post(B, '/widget/v1/form', { touchpoint: 'never-web', lang: 'en' });
    expect(theirs.status).toBe(404);
    expect(theirs.body.detail).toBe(`no survey serves touchpoint ${A}-web`);
    expect(JSON.stringify(theirs.body).replace(`${A}-web`, 'X')).toBe(
      JSON.stringify(never.body).replace('never-web', 'X'),
    );
    expect(JSON.stringify(theirs.body)).not.toContain(`Question ${A}`);
  });

  it("cannot answer A's survey, and nothing reaches A", async () => {
    const answer = (touchpoint: string, s: string) => ({
      submissionId: randomUUID(),
      touchpoint,
      survey: s,
      version: 1,
      lang: 'it',
      score: 0,
    });
    const theirs = await post(B, '/widget/v1/answers', answer(`${A}-web`, `${A}-survey`));
    expect(theirs.status).toBe(400);
    expect(theirs.body.errors).toEqual([
      { field: 'survey', reason: `no survey ${A}-survey version 1 serves touchpoint ${A}-web` },
    ]);
    // From A's origin, B's key is refused before anything is read.
    const fromA = await post(B, '/widget/v1/answers', answer(`${B}-web`, `${B}-survey`), ORIGIN[A]);
    expect(fromA.status).toBe(403);
    // B's own answer goes to B; A's feedback stays without any widget answer (a marker of A's proves it is read).
    const mine = await post(B, '/widget/v1/answers', answer(`${B}-web`, `${B}-survey`));
    expect(mine.status).toBe(202);
    const marker = await post(A, '/widget/v1/answers', answer(`${A}-web`, `${A}-survey`));
    expect(marker.status).toBe(202);
    const seen = await eventually(async () => {
      const r = await callService(suite.listen, admin(A), 'GET', '/v1/feedback?limit=500');
      const ids = (r.body.items as { id: string }[]).map((f) => f.id);
      return ids.includes(marker.body.id as string) ? ids : null;
    }, 30_000);
    expect(seen.filter((id) => id.startsWith('widget:'))).toEqual([marker.body.id]);
  });

  it('gets 403 on every route of listen, measure and act, reads and writes alike', async () => {
    let n = 0;
    for (const svc of ['listen', 'measure', 'act'] as const)
      for (const r of (await serviceRoutes(suite.stack, svc)).filter((x) => !x.public)) {
        const path = r.path.replace(/:(\w+)/g, (_, p: string) => (p === 'prefix' ? 'ck_00000000' : `x-${p}`));
        const res = await callService(
          suite[svc],
          widget[B],
          r.method,
          path,
          r.method === 'GET' ? undefined : {},
        );
        expect({ svc, route: `${r.method} ${r.path}`, status: res.status }).toEqual({
          svc,
          route: `${r.method} ${r.path}`,
          status: 403,
        });
        n++;
      }
    expect(n).toBeGreaterThan(40);
  });

  it("collect's routes: all public to the bearer guard; the widget's are behind the key and origin", async () => {
    const routes = (await serviceRoutes(suite.stack, 'collect')).map((r) => `${r.method} ${r.path}`).sort();
    expect(routes).toEqual(
      [
        'GET /assets/survey.css',
        'GET /health/live',
        'GET /health/ready',
        'GET /metrics',
        'GET /o/:token',
        'GET /s/:token',
        'GET /widget.js',
        'OPTIONS /widget/v1/answers',
        'OPTIONS /widget/v1/form',
        'POST /o/:token',
        'POST /s/:token',
        'POST /widget/v1/answers',
        'POST /widget/v1/form',
      ].sort(),
    );
    for (const path of ['/widget/v1/form', '/widget/v1/answers']) {
      const r = await post(B, path, {}, 'https://evil.example');
      expect({ path, status: r.status }).toEqual({ path, status: 403 });
    }
    // The opt-out link's token (signed per tenant) is its only credential; a key opens nothing there.
    const optOut = await fetch(`${suite.collect.url}/o/not.a-token?key=${encodeURIComponent(widget[B])}`, {
      method: 'POST',
    });
    expect(optOut.status).toBe(404);
  });
});
