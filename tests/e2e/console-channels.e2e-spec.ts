/**
 * Team channels in the console, in a real browser (Chromium via playwright-core) against act and
 * the console as processes, signed in at the test stack's OpenID Provider: an admin sets a team's
 * Slack channel on the channels page and presses "send test message" — a local receiver standing
 * for Slack gets it, and the page shows the delivery's result; then a notification's own deep link
 * (`#/actions?id=`) opens the action with the notifications sent for it and its ticket's key.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createEvent, toBinaryHeaders, Topic } from '@continuum/contracts';
import {
  callService,
  e2eSuite,
  eventually,
  npsDropGap,
  produce,
  signInInBrowser,
  TEST_CONSOLE_ORIGIN,
  usersOfTenant,
} from '@continuum/testing';

jest.setTimeout(180_000);

const T = 'console-channels';
const users = usersOfTenant(T);
const run = randomUUID().slice(0, 8);
const TEAM = `ops-${run}`;

const suite = e2eSuite({
  tenants: [T],
  people: true,
  // The ticket tool answers with the key of the issue it made.
  receiver: ({ path }) =>
    path === `/jira-${run}/rest/api/3/issue`
      ? { status: 201, contentType: 'application/json', body: JSON.stringify({ key: `CX-${run}` }) }
      : { status: 200, body: 'ok' },
  services: {
    console: {},
    // Notifications link into this console.
    act: { ACT_CONSOLE_URL: TEST_CONSOLE_ORIGIN, ACT_WEBHOOK_POLL_MS: '100' },
  },
  cleanExit: true,
  browser: true,
});
const base = () => suite.receiver.url;
const hitsOf = (path: string) => suite.receiver.hitsOf(path);

describe('an admin', () => {
  let page: Page;

  beforeAll(async () => {
    const context = await suite.browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'en-GB',
    });
    page = await context.newPage();
    await signInInBrowser(page, suite.console.url, users.admin);
  });

  it("sets a team's Slack channel and sends a test message: the receiver gets it, the page shows the result", async () => {
    await page.click('[data-testid="nav-channels"]');
    await page.fill('[data-testid="channels-team"]', TEAM);
    await page.click('[data-testid="channels-load"]');
    await page.waitForSelector('[data-testid="channels-zone"]');
    expect(await page.locator('[data-testid="channel-row"]').count()).toBe(0);
    await page.click('[data-testid="channel-add"]');
    const row = page.locator('[data-testid="channel-row"]').first();
    await row.locator('[data-testid="channel-kind"]').selectOption('slack');
    await row.locator('[data-testid="channel-target"]').fill(`${base()}/slack-${run}`);
    await page.click('[data-testid="channels-save"]');
    await page.waitForSelector('[data-testid="channels-saved"]');
    const stored = await callService(suite.act, suite.key, 'GET', `/v1/teams/${TEAM}/channels`);
    expect(stored.body.channels).toEqual([
      expect.objectContaining({ kind: 'slack', url: `${base()}/…`, mode: 'immediate' }),
    ]);
    // The URL is a secret: the page shows its origin only, and saving again asks for it.
    expect(await row.locator('[data-testid="channel-target"]').inputValue()).toBe('');

    await page.click('[data-testid="channels-test"]');
    const result = page.locator('[data-testid="test-result"]');
    await result.waitFor();
    expect(await result.getAttribute('data-status')).toBe('delivered');
    const [hit] = hitsOf(`/slack-${run}`);
    expect(hit.headers['x-continuum-event']).toBe('team.test');
    expect(hit.body).toContain(`Test message for ${TEAM}`);
    expect(await result.textContent()).toContain(hit.headers['x-continuum-delivery'] as string);
  });

  it("opens an action by a notification's deep link, with the notifications sent for it and its ticket's key", async () => {
    const sub = await callService(suite.act, suite.key, 'POST', '/v1/webhooks', {
      url: `${base()}/jira-${run}`,
      eventTypes: ['action.opened'],
      template: { preset: 'jira-cloud', params: { projectKey: 'CX', issueType: 'Task' } },
    });
    expect(sub.status).toBe(201);
    const today = new Date(new Date().setUTCHours(0, 0, 0, 0));
    const cycle = {
      length: 'day' as const,
      start: new Date(today.getTime() - 24 * 3600_000).toISOString(),
      end: today.toISOString(),
    };
    const gap = npsDropGap(T, `desk-${run}`, cycle, { owner: TEAM });
    const e = createEvent({ type: Topic.GapsDetected, source: '/e2e', tenantId: T, data: gap });
    await produce(suite.stack, Topic.GapsDetected, [
      { key: `${T}:gaps`, value: JSON.stringify(e.data), headers: toBinaryHeaders(e) },
    ]);
    // The link Slack got, as a person would follow it.
    const opened = await eventually(async () =>
      hitsOf(`/slack-${run}`).find((h) => h.headers['x-continuum-event'] === 'action.opened'),
    );
    const message = JSON.parse(opened.body) as { blocks: { type: string; elements?: { url?: string }[] }[] };
    const link = message.blocks.find((b) => b.type === 'actions')!.elements![0].url!;
    expect(link.startsWith(`${suite.console.url}/#/actions?id=`)).toBe(true);
    const id = decodeURIComponent(link.split('id=')[1]);
    await eventually(async () => {
      const r = await callService(suite.act, suite.key, 'GET', `/v1/actions/${id}`);
      return r.body.externalRef === `CX-${run}`;
    });
    await eventually(async () => {
      const r = await callService(suite.act, suite.key, 'GET', `/v1/notifications?actionId=${id}`);
      return r.body.items.length === 1 && r.body.items[0].status === 'delivered';
    });

    await page.goto(link);
    const detail = page.locator('[data-testid="action-detail"]');
    await detail.waitFor();
    expect(await detail.getAttribute('data-id')).toBe(id);
    expect(await detail.locator('h4').first().textContent()).toBe(
      `nps/v1 fell by -20 at touchpoint desk-${run}`,
    );
    expect(await page.locator('[data-testid="external-ref"]').textContent()).toBe(`CX-${run}`);
    const rows = page.locator('[data-testid="notification-row"]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-status')).toBe('delivered');
    expect(await rows.first().textContent()).toContain('action.opened');
  });
});
