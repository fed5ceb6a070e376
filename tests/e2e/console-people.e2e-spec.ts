/**
 * People in the console, in a real browser (Chromium via playwright-core) against listen, act and
 * the console as processes, signed in through the test stack's own OpenID Provider and its real
 * login page: an agent of team logistics lands on her queue (her team's actions only, overdue
 * first), acknowledges and resolves one (the history names her), is refused on another team's
 * action (403 in the page, nothing changed) and signs out (her old cookie then gets 401); a viewer
 * sees no customer id; every answer carries the security headers; a forced internal error shows a
 * correlation id and nothing of the error.
 */
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import {
  callService,
  createTenant,
  e2eSuite,
  eventually,
  followUpRule,
  pseudonymOf,
  signInInBrowser,
  TWO_TEAM_JOURNEY,
  usersOfTenant,
} from '@continuum/testing';

jest.setTimeout(180_000);

const T = 'console-people';
const users = usersOfTenant(T);
const run = randomUUID().slice(0, 8);

interface Act {
  id: string;
  title: string;
  owner: string;
  status: string;
  customerId: string | null;
}
const ids = { urgent: '', normal: '', care: '' };

/** Pages' answers and Content-Security-Policy violations, to check after each step. */
const answers: Promise<{ url: string; headers: Record<string, string> } | null>[] = [];
const violations: string[] = [];

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  page.on('response', (r) => {
    if (r.url().startsWith(suite.console.url))
      answers.push(
        r
          .allHeaders()
          .then((headers) => ({ url: r.url(), headers }))
          .catch(() => null),
      );
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return { context, page };
}

async function actionOf(id: string) {
  const r = await callService(suite.act, suite.key, 'GET', `/v1/actions/${id}`);
  expect(r.status).toBe(200);
  return r.body as Act & { history: { change: string; actorName: string; actor: string }[] };
}

const suite = e2eSuite({
  tenants: [T],
  people: true,
  services: { listen: {}, act: { ACT_SLA_SCAN_INTERVAL_MS: '500' }, console: { CONSOLE_FAULT_ROUTE: '1' } },
  journey: TWO_TEAM_JOURNEY,
  cleanExit: true,
  browser: true,
});

beforeAll(async () => {
  // The angriest courier answers get a follow-up whose SLA is over at once (overdue in the queue).
  const playbook = {
    schema: 'continuum.playbook/v1',
    feedbackRules: [
      followUpRule(
        'courier-urgent',
        { nps: { max: 2 }, touchpoints: ['courier'] },
        { title: 'Urgent courier callback', priority: 'critical', slaHours: 0.0005 },
      ),
      followUpRule(
        'detractor',
        { nps: { max: 6 } },
        { title: 'Call back detractor at {touchpoint}', priority: 'medium', slaHours: 48 },
      ),
    ],
  };
  const stored = await callService(suite.act, suite.key, 'PUT', '/v1/playbooks', playbook);
  expect({ status: stored.status, body: stored.body }).toMatchObject({ status: 200 });
  // act knows customers by the pseudonyms listen publishes.
  const pseudonyms = new Map<string, string>();
  for (const c of [`cust-normal-${run}`, `cust-urgent-${run}`, `cust-care-${run}`])
    pseudonyms.set(c, await pseudonymOf(suite.listen, suite.key, c));
  await eventually(
    async () => {
      // The journey reaches act over cx.journey.v1; feedback sent before it would get the default owner.
      const fb = await callService(suite.listen, suite.key, 'POST', '/v1/feedback', [
        {
          id: `n-${run}`,
          touchpoint: 'courier',
          nps: 5,
          customerId: `cust-normal-${run}`,
          consentToContact: true,
        },
        {
          id: `u-${run}`,
          touchpoint: 'courier',
          nps: 1,
          customerId: `cust-urgent-${run}`,
          consentToContact: true,
        },
        {
          id: `c-${run}`,
          touchpoint: 'helpdesk',
          nps: 4,
          customerId: `cust-care-${run}`,
          consentToContact: true,
        },
      ]);
      expect(fb.status).toBeLessThan(300);
      const list = (await callService(suite.act, suite.key, 'GET', '/v1/actions?limit=500')).body
        .items as Act[];
      const find = (c: string) => list.find((a) => a.customerId === pseudonyms.get(c));
      const [n, u, c] = [find(`cust-normal-${run}`), find(`cust-urgent-${run}`), find(`cust-care-${run}`)];
      return (
        n?.owner === 'logistics' &&
        u?.owner === 'logistics' &&
        c?.owner === 'customer-care' &&
        Object.assign(ids, { normal: n.id, urgent: u.id, care: c.id })
      );
    },
    60_000,
    1000,
  );
  // The urgent one is past its due time before anyone looks.
  await eventually(
    async () => {
      const r = await callService(suite.act, suite.key, 'GET', '/v1/actions?overdue=true');
      return (r.body.items as Act[]).some((a) => a.id === ids.urgent);
    },
    30_000,
    300,
  );
});

describe('an agent of team logistics', () => {
  let page: Page;
  let context: BrowserContext;

  it('signs in at the provider’s login page and lands on her queue: her team’s actions only, overdue first', async () => {
    ({ page, context } = await newPage());
    await signInInBrowser(page, suite.console.url, users.agentA);
    expect(await page.textContent('[data-testid="user-name"]')).toBe(users.agentA.name);
    expect(await page.textContent('[data-testid="user-role"]')).toBe('agent');
    await page.waitForSelector('main[data-view="queue"] [data-testid="action-card"]');
    const cards = page.locator('main[data-view="queue"] [data-testid="action-card"]');
    // The page's CSP allows no eval: wait with locators, not string predicates.
    await cards.nth(1).waitFor();
    expect(await cards.count()).toBe(2);
    const texts = await cards.allTextContents();
    expect(texts[0]).toContain('Urgent courier callback');
    expect(await cards.first().getAttribute('class')).toContain('overdue');
    expect(texts[1]).toContain('Call back detractor at courier');
    expect(texts.join(' ')).not.toContain(`cust-care-${run}`);
    expect(texts.every((t) => t.includes('logistics'))).toBe(true);
  });

  it('acknowledges and resolves the overdue action; its history names her', async () => {
    const urgent = page.locator('[data-testid="action-card"]', { hasText: 'Urgent courier callback' });
    await urgent.locator('[data-testid="acknowledge"]').click();
    await page
      .locator('[data-testid="action-card"][data-status="acknowledged"]', {
        hasText: 'Urgent courier callback',
      })
      .waitFor();
    await urgent.locator('[data-testid="resolve"]').click();
    await urgent.locator('[data-testid="resolve-comment"]').fill('Parcel re-sent, customer called back');
    await urgent.locator('[data-testid="confirm-resolve"]').click();
    // Resolved actions leave the queue.
    await eventually(
      async () => (await page.locator('main[data-view="queue"] [data-testid="action-card"]').count()) === 1,
    );
    await page.click('[data-testid="nav-actions"]');
    const resolved = page.locator('[data-testid="col-resolved"] [data-testid="action-card"]', {
      hasText: 'Urgent courier callback',
    });
    await resolved.locator('[data-testid="show-history"]').click();
    await resolved
      .locator('[data-testid="history-entry"]', { hasText: 'resolved' })
      .locator('[data-testid="history-actor"]', { hasText: users.agentA.name })
      .waitFor();
    const entries = await resolved.locator('[data-testid="history-entry"]').allTextContents();
    expect(entries.filter((e) => e.includes(users.agentA.name)).map((e) => e.split(' · ')[0])).toEqual([
      'acknowledged',
      'resolved',
    ]);
    const a = await actionOf(ids.urgent);
    expect(a.status).toBe('resolved');
    expect(a.history.map((h) => [h.change, h.actorName])).toEqual(
      expect.arrayContaining([
        ['acknowledged', users.agentA.name],
        ['resolved', users.agentA.name],
      ]),
    );
  });

  it('is refused on customer care’s action: 403 shown in the page, nothing changed', async () => {
    const care = page.locator('[data-testid="col-open"] [data-testid="action-card"]', {
      hasText: 'helpdesk',
    });
    await care.locator('[data-testid="acknowledge"]').click();
    const error = care.locator('[data-testid="action-error"]');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/403/);
    const a = await actionOf(ids.care);
    expect(a.status).toBe('open');
    expect(a.history.map((h) => h.change)).toEqual(['opened']);
  });

  it('cannot change anything without the session’s CSRF token', async () => {
    const status = await page.evaluate(
      async (id) => (await fetch(`/api/act/v1/actions/${id}/acknowledge`, { method: 'POST' })).status,
      ids.normal,
    );
    expect(status).toBe(403);
    expect((await actionOf(ids.normal)).status).toBe('open');
  });

  it('signs out: the session ends here and at the provider; the old cookie gets 401', async () => {
    const cookie = (await context.cookies(suite.console.url)).find((c) => c.name === 'continuum_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const withOld = () =>
      fetch(`${suite.console.url}/api/session`, {
        headers: { cookie: `continuum_session=${cookie!.value}` },
      });
    expect((await withOld()).status).toBe(200);
    await page.click('[data-testid="sign-out"]');
    // The provider asks to confirm ending its own session, then sends the browser back.
    await page.click('button[name=logout]');
    await page.waitForSelector('[data-testid="sign-in"]');
    expect((await withOld()).status).toBe(401);
    const events = await fetch(`${suite.console.url}/api/events`, {
      headers: { cookie: `continuum_session=${cookie!.value}` },
    });
    expect(events.status).toBe(401);
    // Signing in again needs the password again: the provider's session ended too.
    await page.click('[data-testid="sign-in"]');
    await page.waitForSelector('input[name=password]');
    await context.close();
  });
});

describe('a viewer', () => {
  it('sees the actions with no customer id and no buttons to work them', async () => {
    const { page, context } = await newPage();
    await signInInBrowser(page, suite.console.url, users.viewer);
    expect(await page.textContent('[data-testid="user-role"]')).toBe('viewer');
    await page.click('[data-testid="nav-actions"]');
    await page.waitForSelector('[data-testid="action-card"]');
    await page.locator('[data-testid="action-card"]').nth(2).waitFor();
    const ids = await page.locator('[data-testid="customer-id"]').allTextContents();
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((x) => x === '[redacted]')).toBe(true);
    expect(await page.textContent('main')).not.toContain('cust-');
    expect(
      await page
        .locator('[data-testid="acknowledge"], [data-testid="resolve"], [data-testid="reopen"]')
        .count(),
    ).toBe(0);
    expect(await page.locator('[data-testid="nav-people"]').count()).toBe(0);
    await context.close();
  });
});

describe('an admin', () => {
  it('issues and revokes a key and gives a person a team on the keys and users page; the audit names her', async () => {
    const { page, context } = await newPage();
    await signInInBrowser(page, suite.console.url, users.admin);
    expect(await page.textContent('[data-testid="user-role"]')).toBe('admin');
    await page.click('[data-testid="nav-people"]');
    await page.locator('[data-testid="key-row"]').first().waitFor();
    await page.fill('[data-testid="key-name"]', `widget-${run}`);
    await page.click('[data-testid="issue-key"]');
    const issued = (await page.locator('[data-testid="issued-key"] code').textContent())!;
    expect(issued).toMatch(/^ck_/);
    const row = page.locator('[data-testid="key-row"]', { hasText: `widget-${run}` });
    await row.waitFor();
    expect(await row.textContent()).toContain('ingest');
    // The new key ingests and reads nothing, the console's stream included.
    const ev = await fetch(`${suite.console.url}/api/events`, {
      headers: { authorization: `Bearer ${issued}` },
    });
    expect(ev.status).toBe(403);
    await row.locator('[data-testid="revoke-key"]').click();
    await row.locator('text=revoked').waitFor();
    const after = await callService(suite.listen, issued, 'POST', '/v1/feedback', {
      id: `after-revoke-${run}`,
      touchpoint: 'courier',
      nps: 9,
    });
    expect(after.status).toBe(401);

    await page.fill('[data-testid="user-who"]', `newbie@${T}.test`);
    await page.fill('[data-testid="user-teams"]', 'logistics');
    await page.click('[data-testid="save-user"]');
    const user = page.locator('[data-testid="user-row"]', { hasText: `newbie@${T}.test` });
    await user.waitFor();
    expect(await user.textContent()).toContain('logistics');
    const audit = await callService(suite.listen, suite.key, 'GET', '/v1/audit?limit=500');
    const byAdmin = (audit.body.items as { resource: string; actor: { name: string } }[])
      .filter((r) => r.actor?.name === users.admin.name)
      .map((r) => r.resource);
    expect(byAdmin).toEqual(expect.arrayContaining(['key', 'user']));
    await context.close();
  });
});

describe('the web surface', () => {
  it('sends the security headers on pages and API answers, and the page breaks no policy', async () => {
    const seen = new Set<string>();
    for (const r of await Promise.all(answers)) {
      if (!r) continue;
      const path = new URL(r.url).pathname;
      const kind =
        path === '/'
          ? 'page'
          : path.startsWith('/api/')
            ? 'api'
            : path.startsWith('/assets/')
              ? 'asset'
              : 'other';
      const h = r.headers;
      expect(h['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(h['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
      expect(h['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(h['x-content-type-options']).toBe('nosniff');
      expect(h['referrer-policy']).toBe('no-referrer');
      seen.add(kind);
    }
    expect([...seen]).toEqual(expect.arrayContaining(['page', 'api', 'asset']));
    expect(violations).toEqual([]);
  });

  it('a forced internal error shows a correlation id and nothing of the error', async () => {
    const { page, context } = await newPage();
    const res = (await page.goto(`${suite.console.url}/api/_fault`))!;
    expect(res.status()).toBe(500);
    expect(res.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    const text = (await page.textContent('body'))!;
    expect(JSON.parse(text)).toMatchObject({
      status: 500,
      correlationId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(text).not.toMatch(/hunter2|db\.internal|Error:|at \S+ \(/);
    await context.close();
  });

  it('an ingest-only key gets 403 and not one byte of the live stream', async () => {
    const ingest = createTenantKey('ingest');
    const res = await fetch(`${suite.console.url}/api/events`, {
      headers: { authorization: `Bearer ${ingest}` },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.text()).not.toMatch(/event:/);
  });
});

function createTenantKey(scopes: string): string {
  // createTenant is idempotent for the tenant and issues a new key each time.
  return createTenant(suite.stack, T, scopes);
}
