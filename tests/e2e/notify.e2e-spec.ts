/**
 * Team notifications end to end (issue 19): act as a real process, a real SMTP server started
 * here (smtp-server, messages parsed), and a local HTTP receiver standing for Slack and Teams
 * whose bodies are checked against the Block Kit and Adaptive Card 1.5 subsets written from the
 * vendors' references. measure's gap detection is stood in for by publishing GapDetectedV1.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { Client } from 'pg';
import {
  ADAPTIVE_CARD_SCHEMA,
  createEvent,
  SLACK_MESSAGE_SCHEMA,
  TEAMS_MESSAGE_SCHEMA,
  toBinaryHeaders,
  Topic,
  type GapDetectedV1,
} from '@continuum/contracts';
import {
  callService,
  createTenant,
  eventually,
  produce,
  startService,
  startSmtpServer,
  testStack,
  type RunningService,
  type TestSmtpServer,
} from '@continuum/testing';

jest.setTimeout(180_000);

const stack = testStack();
const RUN = randomUUID().slice(0, 8);
const TENANT = `notify-${RUN}`;
const SLA = `notify-sla-${RUN}`;
const CONSOLE = 'https://console.example.test';
const keys: Record<string, string> = {};
let act: RunningService;
let smtp: TestSmtpServer;
let receiver: Server;
let base: string;

interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}
const hits: Hit[] = [];
/** Paths that answer 500 this many more times before they answer 200. */
const failing = new Map<string, number>();
const hitsOf = (path: string) => hits.filter((h) => h.path === path);

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(ADAPTIVE_CARD_SCHEMA);
const slackValid = ajv.compile(SLACK_MESSAGE_SCHEMA);
const teamsValid = ajv.compile(TEAMS_MESSAGE_SCHEMA);

const call = (tenant: string, method: string, path: string, body?: unknown) =>
  callService(act, keys[tenant], method, path, body);

const DAY = 24 * 3600_000;
function gapOf(tenantId: string, touchpoint: string, owner: string): GapDetectedV1 {
  const today = new Date(new Date().setUTCHours(0, 0, 0, 0));
  const c = {
    length: 'day' as const,
    start: new Date(today.getTime() - DAY).toISOString(),
    end: today.toISOString(),
  };
  return {
    tenantId,
    gapKey: `${tenantId}:touchpoint:${touchpoint}:nps/v1:${c.start}:vs-previous`,
    kind: 'vs-previous',
    scope: { kind: 'touchpoint', id: touchpoint },
    indicator: 'nps/v1',
    cycle: c,
    previous: 30,
    current: 10,
    nPrevious: 400,
    nCurrent: 380,
    delta: -20,
    ci: [-27, -13],
    p: 0.00001,
    q: 0.0001,
    target: null,
    stage: 'buy',
    owner,
    themes: [],
    sampleComments: ['addebitato due volte'],
  };
}

async function publishGap(g: GapDetectedV1): Promise<void> {
  const e = createEvent({ type: Topic.GapsDetected, source: '/e2e', tenantId: g.tenantId, data: g });
  await produce(stack, Topic.GapsDetected, [
    { key: `${g.tenantId}:gaps`, value: JSON.stringify(e.data), headers: toBinaryHeaders(e) },
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function actionOfGap(tenant: string, g: GapDetectedV1): Promise<any> {
  return eventually(async () => {
    const r = await call(tenant, 'GET', '/v1/actions?loop=outer');
    return (r.body.items as { gapKey: string }[]).find((x) => x.gapKey === g.gapKey);
  }, 30_000);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function notificationsOf(tenant: string, query: string): Promise<any[]> {
  const r = await call(tenant, 'GET', `/v1/notifications${query}`);
  expect(r.status).toBe(200);
  return r.body.items;
}

beforeAll(async () => {
  for (const t of [TENANT, SLA]) keys[t] = createTenant(stack, t);
  smtp = await startSmtpServer({ refuseRecipients: (a) => a.startsWith('bounce@') });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const left = failing.get(path) ?? 0;
      const status = left > 0 ? 500 : 200;
      if (left > 0) failing.set(path, left - 1);
      hits.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status).end(status === 200 ? 'ok' : 'try again');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  act = await startService('act', stack, {
    ACT_SMTP_URL: `smtp://${smtp.host}:${smtp.port}`,
    ACT_SMTP_FROM: 'Continuum <cx@example.test>',
    ACT_CONSOLE_URL: CONSOLE,
    ACT_SLA_SCAN_INTERVAL_MS: '200',
    ACT_WEBHOOK_POLL_MS: '100',
    ACT_WEBHOOK_BACKOFF_MS: '300',
    ACT_WEBHOOK_BACKOFF_MAX_MS: '2000',
  });
});

afterAll(async () => {
  const code = await act?.stop();
  await new Promise((r) => receiver?.close(r));
  await smtp?.close();
  expect(code).toBe(0);
});

describe('team channels', () => {
  it('refuses bad settings with 400s naming the field and the reason', async () => {
    const bad = await call(TENANT, 'PUT', '/v1/teams/payments/channels', {
      channels: [
        { kind: 'email' },
        { kind: 'slack', to: ['a@example.test'] },
        { kind: 'pager', url: `${base}/x` },
        { kind: 'teams', url: `${base}/x`, events: ['action.exploded'] },
      ],
    });
    expect(bad.status).toBe(400);
    const fields = (bad.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['channels.2.kind', 'channels.3.events']));
    const rules = await call(TENANT, 'PUT', '/v1/teams/payments/channels', {
      channels: [{ kind: 'email' }, { kind: 'slack', to: ['a@example.test'] }],
    });
    expect(rules.status).toBe(400);
    expect(rules.body.errors).toEqual([
      { field: 'channels.0.to', reason: 'an e-mail channel needs the addresses to write to' },
      { field: 'channels.1.url', reason: 'a slack channel needs its webhook url' },
      { field: 'channels.1.to', reason: 'a slack channel takes no to' },
    ]);
    const team = await call(TENANT, 'PUT', '/v1/teams/-bad-/channels', { channels: [] });
    expect(team.status).toBe(400);
    expect(team.body.errors).toEqual([
      { field: 'team', reason: 'team must be a team id (1–100 letters, digits, . _ : -)' },
    ]);
    const url = await call(TENANT, 'PUT', '/v1/teams/payments/channels', {
      channels: [{ kind: 'slack', url: 'ftp://hooks.example.test/x' }],
    });
    expect(url.body.errors).toEqual([
      { field: 'channels.0.url', reason: 'url must be http or https, not ftp' },
    ]);
  });

  it('refuses an e-mail channel while the SMTP server refuses connections, naming the server and its answer', async () => {
    smtp.setOptions({ refuseAll: true, refuseRecipients: (a) => a.startsWith('bounce@') });
    try {
      const r = await call(TENANT, 'PUT', '/v1/teams/payments/channels', {
        channels: [{ kind: 'email', to: ['payments@ops.example.test'] }],
      });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        {
          field: 'channels.0',
          reason: expect.stringMatching(
            new RegExp(`^the SMTP server smtp://127\\.0\\.0\\.1:${smtp.port} refused: .*421`),
          ),
        },
      ]);
    } finally {
      smtp.setOptions({ refuseRecipients: (a) => a.startsWith('bounce@') });
    }
  });

  it('stores e-mail, Slack and Teams channels; chat URLs sealed at rest and shown by origin only', async () => {
    const put = await call(TENANT, 'PUT', '/v1/teams/payments/channels', {
      channels: [
        { kind: 'email', to: ['payments@ops.example.test'] },
        { kind: 'slack', url: `${base}/slack/T000/B000/secret-path` },
        { kind: 'teams', url: `${base}/teams/workflow/secret-path`, slaLeadMinutes: 30 },
      ],
    });
    expect(put.status).toBe(200);
    const got = await call(TENANT, 'GET', '/v1/teams/payments/channels');
    expect(got.body).toEqual(put.body);
    expect(got.body.channels.map((c: { kind: string }) => c.kind)).toEqual(['email', 'slack', 'teams']);
    expect(got.body.channels[1].url).toBe(`${base}/…`);
    expect(got.body.channels[2].slaLeadMinutes).toBe(30);
    expect(JSON.stringify(got.body)).not.toContain('secret-path');
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const rows = await db.query<{ kind: string; target: string }>(
        `SELECT kind, target FROM act.team_channels WHERE tenant_id = $1 AND active ORDER BY position`,
        [TENANT],
      );
      expect(rows.rows.map((r) => r.kind)).toEqual(['email', 'slack', 'teams']);
      for (const r of rows.rows.slice(1)) {
        expect(r.target).toMatch(/^enc:v1:/);
        expect(r.target).not.toContain('secret-path');
      }
    } finally {
      await db.end();
    }
    for (const [team, channels] of [
      ['flaky', [{ kind: 'slack', url: `${base}/flaky` }]],
      ['bounce', [{ kind: 'email', to: ['bounce@ops.example.test'] }]],
    ] as const)
      expect((await call(TENANT, 'PUT', `/v1/teams/${team}/channels`, { channels })).status).toBe(200);
  });
});

describe('notifications', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let opened: any;

  it('a gap opens an action: the owning team gets the e-mail, a valid Block Kit message and a valid Adaptive Card', async () => {
    const g = gapOf(TENANT, 'checkout', 'payments');
    await publishGap(g);
    opened = await actionOfGap(TENANT, g);
    expect(opened.owner).toBe('payments');
    const link = `${CONSOLE}/#/actions?id=${opened.id}`;
    const [mail] = await smtp.waitFor((m) => m.to.includes('payments@ops.example.test'));
    expect(mail.from).toBe('cx@example.test');
    expect(mail.subject).toBe(`[Continuum] New action for payments: ${opened.title}`);
    const evidence = (opened.description as string)
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0)!;
    for (const s of [
      opened.title,
      evidence,
      `${opened.dueAt.slice(0, 10)} ${opened.dueAt.slice(11, 16)} UTC`,
      link,
    ])
      expect(mail.text).toContain(s);
    expect(mail.html).toContain(`href="${link}"`);

    const slack = await eventually(async () => hitsOf('/slack/T000/B000/secret-path')[0]);
    expect(slack.headers['content-type']).toContain('application/json');
    const body = JSON.parse(slack.body) as unknown;
    expect(slackValid(body) ? [] : slackValid.errors).toEqual([]);
    expect(slack.body).toContain(link);
    expect(slack.body).toContain(opened.id);
    const teams = await eventually(async () => hitsOf('/teams/workflow/secret-path')[0]);
    const card = JSON.parse(teams.body) as unknown;
    expect(teamsValid(card) ? [] : teamsValid.errors).toEqual([]);
    expect(teams.body).toContain(link);
    // The checks can fail: Slack's body is not a valid card, nor the card a Slack message.
    expect(teamsValid(body)).toBe(false);
    expect(slackValid(card)).toBe(false);

    const log = await eventually(async () => {
      const items = await notificationsOf(TENANT, `?actionId=${opened.id}&status=delivered`);
      return items.length === 3 ? items : null;
    });
    expect(log.map((n) => `${n.channel.kind} ${n.event} ${n.attempts}`).sort()).toEqual([
      'email action.opened 1',
      'slack action.opened 1',
      'teams action.opened 1',
    ]);
    expect(new Set(log.map((n) => n.eventId)).size).toBe(1);
  });

  it('a receiver failing twice then succeeding sees the same delivery id three times; the action is notified once', async () => {
    failing.set('/flaky', 2);
    const g = gapOf(TENANT, 'returns', 'flaky');
    await publishGap(g);
    const a = await actionOfGap(TENANT, g);
    const tries = await eventually(
      async () => (hitsOf('/flaky').length >= 3 ? hitsOf('/flaky') : null),
      30_000,
    );
    expect(tries.map((t) => t.status)).toEqual([500, 500, 200]);
    expect(new Set(tries.map((t) => t.headers['x-continuum-delivery'])).size).toBe(1);
    expect(tries.map((t) => t.headers['x-continuum-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(tries.map((t) => t.body)).size).toBe(1);
    const [n] = await eventually(async () => {
      const items = await notificationsOf(TENANT, `?actionId=${a.id}`);
      return items.length === 1 && items[0].status === 'delivered' ? items : null;
    });
    expect(n).toMatchObject({ id: tries[0].headers['x-continuum-delivery'], team: 'flaky', attempts: 3 });
    expect(n.log.map((x: { statusCode: number }) => x.statusCode)).toEqual([500, 500, 200]);
  });

  it('a refused recipient is a failed notification with the reason; the action is kept', async () => {
    const g = gapOf(TENANT, 'delivery', 'bounce');
    await publishGap(g);
    const a = await actionOfGap(TENANT, g);
    const [n] = await eventually(async () => {
      const items = await notificationsOf(TENANT, `?status=failed&team=bounce`);
      return items.length > 0 ? items : null;
    });
    // An SMTP 5xx is permanent: failed at the first attempt, not retried.
    expect(n).toMatchObject({ actionId: a.id, event: 'action.opened', attempts: 1, status: 'failed' });
    expect(n.lastError).toMatch(/SMTP 550: .*bounce@ops\.example\.test/);
    expect(smtp.refused).toContain('bounce@ops.example.test');
    expect((await call(TENANT, 'GET', `/v1/actions/${a.id}`)).body.status).toBe('open');
  });
});

describe('SLA', () => {
  it('warns the owning team before the due time, then escalates and notifies the next in the chain once', async () => {
    const pb = await call(SLA, 'PUT', '/v1/playbooks', {
      gapRules: [
        {
          name: 'fast',
          when: { gapKinds: ['vs-previous'] },
          action: {
            title: '{indicator} fell by {delta} at {scope}',
            description: '{evidence}',
            category: 'process',
            priority: 'high',
            slaHours: 0.002,
            escalation: ['payments-lead'],
          },
        },
      ],
    });
    expect(pb.status).toBe(200);
    for (const [team, to] of [
      ['payments', 'payments@sla.example.test'],
      ['payments-lead', 'lead@sla.example.test'],
    ])
      expect(
        (
          await call(SLA, 'PUT', `/v1/teams/${team}/channels`, {
            channels: [
              { kind: 'email', to: [to] },
              { kind: 'slack', url: `${base}/sla/${team}` },
            ],
          })
        ).status,
      ).toBe(200);
    const g = gapOf(SLA, 'checkout', 'payments');
    await publishGap(g);
    const a = await actionOfGap(SLA, g);
    expect(a).toMatchObject({ owner: 'payments', escalationLevel: 0 });
    // The SLA (7 s) is inside the default lead time (60 min): the team is warned before it breaches.
    const [warning] = await smtp.waitFor(
      (m) => m.to.includes('payments@sla.example.test') && m.subject.includes('SLA about to breach'),
    );
    expect(warning.text).toContain(`${CONSOLE}/#/actions?id=${a.id}`);
    const escalated = await smtp.waitFor(
      (m) => m.to.includes('lead@sla.example.test') && m.subject.includes('Escalated to payments-lead'),
    );
    expect(escalated[0].text).toContain(a.title);
    // Everything sent for this action, once delivered: one delivery per event and channel.
    const log = await eventually(async () => {
      const items = await notificationsOf(SLA, `?actionId=${a.id}`);
      const done = items.filter((n) => n.status === 'delivered');
      return done.length === items.length &&
        items.some((n) => n.team === 'payments-lead' && n.event === 'action.sla-warning')
        ? items
        : null;
    }, 30_000);
    const summary = log.map((n) => `${n.team} ${n.channel.kind} ${n.event}`).sort();
    expect(summary).toEqual([
      'payments email action.opened',
      'payments email action.sla-warning',
      'payments slack action.opened',
      'payments slack action.sla-warning',
      'payments-lead email action.escalated',
      'payments-lead email action.sla-warning',
      'payments-lead slack action.escalated',
      'payments-lead slack action.sla-warning',
    ]);
    expect(log.every((n) => n.attempts === 1)).toBe(true);
    // The chain is used up: the action stays with payments-lead, overdue, and nothing more is
    // sent — what the receivers saw is exactly what the log holds.
    const lead = hitsOf('/sla/payments-lead');
    expect(lead.map((h) => JSON.parse(h.body).blocks[0].text.text as string).sort()).toEqual([
      'Escalated to payments-lead (SLA breached)',
      expect.stringMatching(/^SLA about to breach/),
    ]);
    expect(smtp.to('lead@sla.example.test')).toHaveLength(2);
    const detail = await call(SLA, 'GET', `/v1/actions/${a.id}`);
    expect(detail.body).toMatchObject({ owner: 'payments-lead', escalationLevel: 1 });
  });
});
