/**
 * The web widget through the real stack: a tenant's admin issues a publishable key for one
 * origin; a test page served from that origin (its own HTTP server, a strict CSP) loads the widget
 * with one `<script>` tag in Chromium, and a tap answers; listen records it as feedback, once. The
 * same page from another origin (a second server, another port) gets nothing: its preflight is
 * refused and its post is 403. The key reads nothing, sets no cookie, and takes no secret scope.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callService, e2eSuite, eventually } from '@continuum/testing';

jest.setTimeout(240_000);

const RUN = Date.now().toString(36);
const TENANT = `widget-${RUN}`;
let widgetKey: string;
let allowed: { server: Server; origin: string };
let other: { server: Server; origin: string };

const SURVEY = {
  touchpoints: ['web-checkout'],
  question: {
    type: 'nps',
    text: { it: 'Quanto consiglieresti il nostro negozio?', en: 'How likely are you to recommend our shop?' },
  },
  comment: { text: { it: 'Vuoi dirci di più?', en: 'Anything to add?' } },
  thankYou: { it: 'Grazie del tuo parere!', en: 'Thanks for your feedback!' },
  invitation: {
    subject: { it: 'Com’è andata?', en: 'How did it go?' },
    intro: { it: 'Una domanda.', en: 'One question.' },
  },
};

/** A site of the customer's: one page embedding the widget, under a strict CSP that allows collect. */
async function site(lang: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (req.url !== '/') return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; script-src ${suite.collect.url}; connect-src ${suite.collect.url}; style-src 'none'; base-uri 'none'`,
    });
    res.end(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Checkout complete</h1><div id="feedback"></div>
<script src="${suite.collect.url}/widget.js" data-key="${widgetKey}" data-touchpoint="web-checkout" data-lang="${lang}" data-target="#feedback" async></script>
</body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const widgetPost = (path: string, origin: string | null, body: unknown, key = widgetKey) =>
  fetch(`${suite.collect.url}${path}?key=${encodeURIComponent(key)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
    body: JSON.stringify(body),
  });

/** An answer to the checkout survey from the widget, with a fresh submission id (and no score yet). */
const checkoutAnswer = (lang: string) => ({
  submissionId: randomUUID(),
  touchpoint: 'web-checkout',
  survey: 'checkout',
  version: 1,
  lang,
});

async function widgetFeedback() {
  const r = await callService(suite.listen, suite.key, 'GET', '/v1/feedback?limit=500');
  return (
    r.body.items as {
      id: string;
      nps?: number;
      comment?: string;
      channel?: string;
      customerId: string | null;
    }[]
  ).filter((f) => f.id.startsWith('widget:'));
}

const suite = e2eSuite({
  tenants: [TENANT],
  services: { listen: {}, collect: {} },
  journey: {
    stages: [{ id: 'buy', name: 'Buy', owner: 'web' }],
    touchpoints: [{ id: 'web-checkout', name: 'Checkout', stage: 'buy', channel: 'web' }],
    cycle: 'day',
    timeZone: 'Europe/Rome',
  },
  surveys: { checkout: SURVEY },
  browser: true,
});

beforeAll(async () => {
  // The origins must exist before the key names one: the servers start on free ports first.
  widgetKey = 'pending';
  [allowed, other] = await Promise.all([site('it'), site('en')]);
  const issued = await callService(suite.listen, suite.key, 'POST', '/v1/keys', {
    scopes: ['ingest:widget'],
    origins: [allowed.origin],
    name: 'shop widget',
  });
  expect(issued.status).toBe(201);
  expect(issued.body).toMatchObject({ scopes: ['ingest:widget'], origins: [allowed.origin] });
  widgetKey = issued.body.key as string;
  expect(widgetKey).toMatch(/^cpk_[0-9a-f]{8}_/);
});

afterAll(async () => {
  for (const s of [allowed?.server, other?.server]) await new Promise((r) => s?.close(r));
});

describe('the widget on a page of an allowed origin, in Chromium', () => {
  it('renders the touchpoint’s survey under a strict CSP and posts a tap and a comment, setting no cookie', async () => {
    const ctx = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    const cspErrors: string[] = [];
    const setCookies: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') cspErrors.push(m.text());
    });
    page.on('response', (r) => {
      const c = r.headers()['set-cookie'];
      if (c) setCookies.push(`${r.url()}: ${c}`);
    });
    await page.goto(allowed.origin);
    const legend = page.locator('[data-continuum-widget] legend');
    await legend.waitFor();
    expect(await legend.textContent()).toBe(SURVEY.question.text.it);
    // Accessible: a named region, labelled score buttons, a labelled comment box.
    expect(await page.getByRole('region', { name: 'Il tuo parere' }).count()).toBe(1);
    await page.getByLabel('Vuoi dirci di più? (facoltativo)').fill('Pagamento rapido');
    await page.getByRole('button', { name: '10 – Estremamente probabile' }).click();
    const done = page.locator('[data-continuum-widget] [data-done]');
    await done.waitFor();
    expect(await done.textContent()).toBe(SURVEY.thankYou.it);
    expect(cspErrors).toEqual([]);
    expect(setCookies).toEqual([]);
    expect(await ctx.cookies()).toEqual([]);
    await ctx.close();
  });

  it('arrives in listen as feedback, once: anonymous, from the web channel', async () => {
    const recorded = await eventually(async () => {
      const f = await widgetFeedback();
      return f.length > 0 ? f : null;
    }, 30_000);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ nps: 10, comment: 'Pagamento rapido', customerId: null });
  });

  it('keeps a retried submission once (idempotent by the submission id)', async () => {
    const answer = { ...checkoutAnswer('en'), score: 3 };
    const first = await widgetPost('/widget/v1/answers', allowed.origin, answer);
    expect(first.status).toBe(202);
    expect(first.headers.get('access-control-allow-origin')).toBe(allowed.origin);
    expect(first.headers.get('set-cookie')).toBeNull();
    expect(await first.json()).toEqual({ id: `widget:${answer.submissionId}`, status: 'recorded' });
    const again = await widgetPost('/widget/v1/answers', allowed.origin, answer);
    expect(await again.json()).toEqual({ id: `widget:${answer.submissionId}`, status: 'duplicate' });
    await eventually(
      async () => (await widgetFeedback()).some((f) => f.id === `widget:${answer.submissionId}`),
      30_000,
    );
    expect((await widgetFeedback()).filter((f) => f.id === `widget:${answer.submissionId}`)).toHaveLength(1);
  });

  it('names a bad field: a score out of range, an unknown survey version, a missing submission id', async () => {
    const base = checkoutAnswer('it');
    const cases: [unknown, string, string][] = [
      [{ ...base, score: 11 }, 'score', 'score must be a whole number from 0 to 10'],
      [
        { ...base, version: 7, score: 5 },
        'survey',
        'no survey checkout version 7 serves touchpoint web-checkout',
      ],
      [
        { ...base, submissionId: 'x', score: 5 },
        'submissionId',
        'submissionId must be a UUID the widget generated for this answer',
      ],
      [
        { ...base, score: 5, comment: '<img src=x onerror=alert(1)>' },
        'comment',
        'comment must be plain text, without HTML or scripts',
      ],
    ];
    for (const [body, field, reason] of cases) {
      const r = await widgetPost('/widget/v1/answers', allowed.origin, body);
      expect({ field, status: r.status }).toEqual({ field, status: 400 });
      expect(((await r.json()) as { errors: unknown }).errors).toEqual([{ field, reason }]);
    }
  });
});

describe('the widget elsewhere', () => {
  it('on a page of another origin shows nothing: the preflight is refused', async () => {
    const page = await suite.browser.newPage();
    await page.goto(other.origin);
    const box = page.locator('[data-continuum-widget]');
    await eventually(async () => (await box.getAttribute('data-error')) !== null, 15_000);
    expect(await box.isVisible()).toBe(false);
    expect(await page.locator('[data-continuum-widget] button').count()).toBe(0);
    // A script of that page posting directly is stopped by the browser too.
    const posted = await page.evaluate(
      async ([url]) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then(
          (r) => `status ${r.status}`,
          (e: Error) => `refused: ${e.message}`,
        ),
      [`${suite.collect.url}/widget/v1/answers?key=${encodeURIComponent(widgetKey)}`],
    );
    expect(posted).toMatch(/^refused/);
    await page.close();
  });

  it('answers a preflight only for an allowed origin, and refuses the post of any other with 403', async () => {
    const preflight = (origin: string) =>
      fetch(`${suite.collect.url}/widget/v1/answers?key=${encodeURIComponent(widgetKey)}`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const ok = await preflight(allowed.origin);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(allowed.origin);
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    const no = await preflight(other.origin);
    expect(no.status).toBe(403);
    expect(no.headers.get('access-control-allow-origin')).toBeNull();
    const answer = { ...checkoutAnswer('en'), score: 0 };
    const fromOther = await widgetPost('/widget/v1/answers', other.origin, answer);
    expect(fromOther.status).toBe(403);
    expect(((await fromOther.json()) as { detail: string }).detail).toBe(
      `origin ${other.origin} is not allowed for this key`,
    );
    const noOrigin = await widgetPost('/widget/v1/answers', null, answer);
    expect(noOrigin.status).toBe(403);
    const noKey = await widgetPost('/widget/v1/answers', allowed.origin, answer, '');
    expect(noKey.status).toBe(401);
    // A secret key is refused here even from an allowed origin: it must never sit in a page.
    const secret = await widgetPost('/widget/v1/answers', allowed.origin, answer, suite.key);
    expect(secret.status).toBe(403);
    // None of those reached listen.
    const ids = (await widgetFeedback()).map((f) => f.id);
    expect(ids).not.toContain(`widget:${answer.submissionId}`);
  });

  it('its key reads nothing: every read with it is 403', async () => {
    for (const path of [
      '/v1/feedback',
      '/v1/surveys/checkout',
      '/v1/keys',
      '/v1/journey',
      '/v1/contact-policy',
      '/v1/audit',
    ]) {
      const r = await callService(suite.listen, widgetKey, 'GET', path);
      expect({ path, status: r.status }).toEqual({ path, status: 403 });
    }
    const write = await callService(suite.listen, widgetKey, 'POST', '/v1/feedback', {
      id: 'x',
      touchpoint: 'web-checkout',
      nps: 1,
    });
    expect(write.status).toBe(403);
  });

  it('is issued only alone and with origins; origins only on a widget key', async () => {
    const cases: [unknown, string][] = [
      [{ scopes: ['ingest:widget', 'read'], origins: [allowed.origin] }, 'scopes'],
      [{ scopes: ['ingest:widget'] }, 'origins'],
      [{ scopes: ['ingest'], origins: [allowed.origin] }, 'origins'],
      [{ scopes: ['ingest:widget'], origins: ['https://shop.example/path'] }, 'origins'],
    ];
    for (const [body, field] of cases) {
      const r = await callService(suite.listen, suite.key, 'POST', '/v1/keys', body);
      expect({ body, status: r.status, field: r.body.errors?.[0]?.field }).toEqual({
        body,
        status: 400,
        field,
      });
    }
    const listed = await callService(suite.listen, suite.key, 'GET', '/v1/keys');
    const mine = (listed.body.items as { prefix: string; origins: string[] | null }[]).find((k) =>
      widgetKey.startsWith(`${k.prefix}_`),
    );
    expect(mine?.origins).toEqual([allowed.origin]);
  });
});
