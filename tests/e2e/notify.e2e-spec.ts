/**
 * Team notifications end to end (issue 19): act as a real process, a real SMTP server started
 * here (smtp-server, messages parsed), and a local HTTP receiver standing for Slack and Teams
 * whose bodies are checked against the Block Kit and Adaptive Card 1.5 subsets written from the
 * vendors' references. measure's gap detection is stood in for by publishing GapDetectedV1 (and
 * its closing indicators by MetricsUpdatedV1), listen's journey by publishing JourneyV1.
 */
import { randomUUID } from 'node:crypto';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { Client } from 'pg';
import {
  ADAPTIVE_CARD_SCHEMA,
  createEvent,
  JIRA_CREATE_ISSUE_SCHEMA,
  SLACK_MESSAGE_SCHEMA,
  TEAMS_MESSAGE_SCHEMA,
  toBinaryHeaders,
  Topic,
  type GapDetectedV1,
  type JourneyV1,
  type MetricsUpdatedV1,
} from '@continuum/contracts';
import {
  callService,
  createTenant,
  e2eSuite,
  eventually,
  npsDropGap,
  produce,
  type ReceiverAnswer,
} from '@continuum/testing';

jest.setTimeout(180_000);

const RUN = randomUUID().slice(0, 8);
const TENANT = `notify-${RUN}`;
const SLA = `notify-sla-${RUN}`;
const TICKETS = `notify-tickets-${RUN}`;
const DIGEST = `notify-digest-${RUN}`;
const CONSOLE = 'https://console.example.test';
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(ADAPTIVE_CARD_SCHEMA);
const slackValid = ajv.compile(SLACK_MESSAGE_SCHEMA);
const teamsValid = ajv.compile(TEAMS_MESSAGE_SCHEMA);

const call = (tenant: string, method: string, path: string, body?: unknown) =>
  callService(suite.act, suite.keys[tenant], method, path, body);

const DAY = 24 * 3600_000;
function gapOf(tenantId: string, touchpoint: string, owner: string): GapDetectedV1 {
  const today = new Date(new Date().setUTCHours(0, 0, 0, 0));
  const c = {
    length: 'day' as const,
    start: new Date(today.getTime() - DAY).toISOString(),
    end: today.toISOString(),
  };
  return npsDropGap(tenantId, touchpoint, c, { owner, sampleComments: ['addebitato due volte'] });
}

async function publishGap(g: GapDetectedV1): Promise<void> {
  const e = createEvent({ type: Topic.GapsDetected, source: '/e2e', tenantId: g.tenantId, data: g });
  await produce(suite.stack, Topic.GapsDetected, [
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

/** Paths that answer 500 this many more times before they answer 200. */
const failing = new Map<string, number>();
/** What a path answers with when it succeeds (a ticket tool's created ticket). */
const answers = new Map<string, { status: number; body: string }>();
const answer: ReceiverAnswer = ({ path }) => {
  const left = failing.get(path) ?? 0;
  if (left > 0) {
    failing.set(path, left - 1);
    return { status: 500, body: 'try again' };
  }
  const ok = answers.get(path);
  return ok ? { ...ok, contentType: 'application/json' } : { status: 200, body: 'ok' };
};

const suite = e2eSuite({
  tenants: [TENANT, SLA, TICKETS, DIGEST],
  smtp: { refuseRecipients: (a) => a.startsWith('bounce@') },
  receiver: answer,
  services: {
    act: ({ smtp }) => ({
      ACT_SMTP_URL: smtp.url,
      ACT_SMTP_FROM: 'Continuum <cx@example.test>',
      ACT_CONSOLE_URL: CONSOLE,
      ACT_SLA_SCAN_INTERVAL_MS: '200',
      ACT_WEBHOOK_POLL_MS: '100',
      ACT_WEBHOOK_BACKOFF_MS: '300',
      ACT_WEBHOOK_BACKOFF_MAX_MS: '2000',
      // The digest job runs all along: it must never add a second digest to a period.
      ACT_DIGEST_SCAN_INTERVAL_MS: '200',
    }),
  },
  cleanExit: true,
});
const base = () => suite.receiver.url;
const hitsOf = (path: string) => suite.receiver.hitsOf(path);

beforeAll(() => {
  suite.keys.ticketTool = createTenant(suite.stack, TICKETS, 'act');
});

describe('team channels', () => {
  it('refuses bad settings with 400s naming the field and the reason', async () => {
    const bad = await call(TENANT, 'PUT', '/v1/teams/payments/channels', {
      channels: [
        { kind: 'email' },
        { kind: 'slack', to: ['a@example.test'] },
        { kind: 'pager', url: `${base()}/x` },
        { kind: 'teams', url: `${base()}/x`, events: ['action.exploded'] },
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
    suite.smtp.setOptions({ refuseAll: true, refuseRecipients: (a) => a.startsWith('bounce@') });
    try {
      const r = await call(TENANT, 'PUT', '/v1/teams/payments/channels', {
        channels: [{ kind: 'email', to: ['payments@ops.example.test'] }],
      });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        {
          field: 'channels.0',
          reason: expect.stringMatching(
            new RegExp(`^the SMTP server smtp://127\\.0\\.0\\.1:${suite.smtp.port} refused: .*421`),
          ),
        },
      ]);
    } finally {
      suite.smtp.setOptions({ refuseRecipients: (a) => a.startsWith('bounce@') });
    }
  });

  it('stores e-mail, Slack and Teams channels; chat URLs sealed at rest and shown by origin only', async () => {
    const put = await call(TENANT, 'PUT', '/v1/teams/payments/channels', {
      channels: [
        { kind: 'email', to: ['payments@ops.example.test'] },
        { kind: 'slack', url: `${base()}/slack/T000/B000/secret-path` },
        { kind: 'teams', url: `${base()}/teams/workflow/secret-path`, slaLeadMinutes: 30 },
      ],
    });
    expect(put.status).toBe(200);
    const got = await call(TENANT, 'GET', '/v1/teams/payments/channels');
    expect(got.body).toEqual(put.body);
    expect(got.body.channels.map((c: { kind: string }) => c.kind)).toEqual(['email', 'slack', 'teams']);
    expect(got.body.channels[1].url).toBe(`${base()}/…`);
    expect(got.body.channels[2].slaLeadMinutes).toBe(30);
    expect(JSON.stringify(got.body)).not.toContain('secret-path');
    const db = new Client({ connectionString: suite.stack.databaseUrl });
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
      ['flaky', [{ kind: 'slack', url: `${base()}/flaky` }]],
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
    const [mail] = await suite.smtp.waitFor((m) => m.to.includes('payments@ops.example.test'));
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
    expect(suite.smtp.refused).toContain('bounce@ops.example.test');
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
              { kind: 'slack', url: `${base()}/sla/${team}` },
            ],
          })
        ).status,
      ).toBe(200);
    const g = gapOf(SLA, 'checkout', 'payments');
    await publishGap(g);
    const a = await actionOfGap(SLA, g);
    expect(a).toMatchObject({ owner: 'payments', escalationLevel: 0 });
    // The SLA (7 s) is inside the default lead time (60 min): the team is warned before it breaches.
    const [warning] = await suite.smtp.waitFor(
      (m) => m.to.includes('payments@sla.example.test') && m.subject.includes('SLA about to breach'),
    );
    expect(warning.text).toContain(`${CONSOLE}/#/actions?id=${a.id}`);
    const escalated = await suite.smtp.waitFor(
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
    expect(suite.smtp.to('lead@sla.example.test')).toHaveLength(2);
    const detail = await call(SLA, 'GET', `/v1/actions/${a.id}`);
    expect(detail.body).toMatchObject({ owner: 'payments-lead', escalationLevel: 1 });
  });
});

describe('digests', () => {
  const ZONE = 'Asia/Kolkata';
  const TEAM = 'digest-team';
  const MAIL = 'digest@ops.example.test';
  /** Local date and minutes since midnight in the journey's zone. */
  const local = (at: Date) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', {
        timeZone: ZONE,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })
        .formatToParts(at)
        .map((x) => [x.type, x.value]),
    );
    return { date: `${p.year}-${p.month}-${p.day}`, minutes: Number(p.hour) * 60 + Number(p.minute) };
  };
  const hhmm = (m: number) =>
    `${String(Math.floor((m % 1440) / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const made: Record<'open' | 'overdue' | 'verified', any> = { open: null, overdue: null, verified: null };

  it("takes the journey's time zone from cx.journey.v1", async () => {
    const journey: JourneyV1 = {
      tenantId: DIGEST,
      version: 1,
      stages: [],
      touchpoints: [],
      teams: [],
      targets: [],
      cycle: 'day',
      timeZone: ZONE,
      repeatContactWindowDays: 30,
    };
    const e = createEvent({ type: Topic.Journey, source: '/e2e', tenantId: DIGEST, data: journey });
    await produce(suite.stack, Topic.Journey, [
      { key: DIGEST, value: JSON.stringify(e.data), headers: toBinaryHeaders(e) },
    ]);
    const zone = await eventually(async () => {
      const r = await call(DIGEST, 'GET', `/v1/teams/${TEAM}/channels`);
      return r.body.timeZone === ZONE ? r.body.timeZone : null;
    }, 30_000);
    expect(zone).toBe(ZONE);
  });

  it('refuses digest settings that do not hold together, naming the field', async () => {
    const r = await call(DIGEST, 'PUT', `/v1/teams/${TEAM}/channels`, {
      channels: [
        { kind: 'slack', url: `${base()}/x`, mode: 'digest' },
        {
          kind: 'slack',
          url: `${base()}/x`,
          mode: 'digest',
          digest: { every: 'day', at: '08:00' },
          events: ['action.opened'],
        },
        { kind: 'slack', url: `${base()}/x`, digest: { every: 'day', at: '08:00' } },
        {
          kind: 'slack',
          url: `${base()}/x`,
          mode: 'digest',
          digest: { every: 'day', at: '07:00', weekday: 'monday' },
          quietHours: { from: '22:00', to: '07:30' },
        },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      {
        field: 'channels.0.digest',
        reason: 'a digest channel needs its schedule: { every: day|week, at: HH:MM, weekday? }',
      },
      {
        field: 'channels.1.events',
        reason: 'a digest channel lists open, overdue and newly verified actions; it takes no events',
      },
      { field: 'channels.2.digest', reason: 'only a channel in digest mode takes a digest schedule' },
      { field: 'channels.3.digest.weekday', reason: 'only a weekly digest takes a weekday' },
      { field: 'channels.3.digest.at', reason: '07:00 is inside the quiet hours 22:00–07:30' },
    ]);
    const shape = await call(DIGEST, 'PUT', `/v1/teams/${TEAM}/channels`, {
      channels: [
        { kind: 'slack', url: `${base()}/x`, mode: 'weekly', quietHours: { from: '7', to: '08:00' } },
      ],
    });
    expect(shape.status).toBe(400);
    expect((shape.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'channels.0.mode',
      'channels.0.quietHours.from',
    ]);
  });

  it('a digest team gets no message per action: three actions, an open, an overdue and a verified one', async () => {
    const pb = await call(DIGEST, 'PUT', '/v1/playbooks', {
      gapRules: ['late', 'normal'].map((name) => ({
        name,
        when: name === 'late' ? { scopeIds: ['late-desk'] } : { gapKinds: ['vs-previous'] },
        action: {
          title: '{indicator} fell by {delta} at {scope}',
          description: '{evidence}',
          category: 'process',
          priority: 'high',
          slaHours: name === 'late' ? 0.0003 : 24,
          escalation: [],
        },
      })),
    });
    expect(pb.status).toBe(200);
    const now = local(new Date()).minutes;
    // Its scheduled time and quiet hours are hours away: only the run below writes today's digest.
    const put = await call(DIGEST, 'PUT', `/v1/teams/${TEAM}/channels`, {
      channels: [
        { kind: 'email', to: [MAIL], mode: 'digest', digest: { every: 'day', at: hhmm(now + 360) } },
        {
          kind: 'slack',
          url: `${base()}/digest/slack`,
          mode: 'digest',
          digest: { every: 'day', at: hhmm(now + 360) },
          quietHours: { from: hhmm(now + 180), to: hhmm(now + 240) },
        },
        {
          kind: 'teams',
          url: `${base()}/digest/teams`,
          mode: 'digest',
          digest: { every: 'day', at: hhmm(now + 360) },
        },
      ],
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ timeZone: ZONE });
    expect(
      put.body.channels.map((c: { mode: string; events: string[] }) => `${c.mode} ${c.events.length}`),
    ).toEqual(['digest 0', 'digest 0', 'digest 0']);
    for (const [k, desk] of [
      ['open', 'open-desk'],
      ['overdue', 'late-desk'],
      ['verified', 'verify-desk'],
    ] as const) {
      const g = gapOf(DIGEST, desk, TEAM);
      await publishGap(g);
      made[k] = await actionOfGap(DIGEST, g);
      expect(made[k].owner).toBe(TEAM);
    }
    // A notification is written in the transaction of the change: none exists, none will be sent.
    expect(await notificationsOf(DIGEST, `?team=${TEAM}`)).toEqual([]);
    const resolved = await call(DIGEST, 'POST', `/v1/actions/${made.verified.id}/resolve`, {
      comment: 'fixed',
    });
    expect(resolved.status).toBe(200);
    // Today's closing indicators are back at the previous level: verified.
    const today = new Date(new Date().setUTCHours(0, 0, 0, 0));
    const metrics: MetricsUpdatedV1 = {
      tenantId: DIGEST,
      scope: { kind: 'touchpoint', id: 'verify-desk' },
      cycle: {
        length: 'day',
        start: today.toISOString(),
        end: new Date(today.getTime() + DAY).toISOString(),
      },
      indicators: [
        { indicator: 'nps/v1', n: 400, value: 28, ci: [23, 33] },
        { indicator: 'responses/count/v1', n: 400, value: 400, ci: null },
      ],
      closed: true,
    };
    const m = createEvent({ type: Topic.MetricsUpdated, source: '/e2e', tenantId: DIGEST, data: metrics });
    await produce(suite.stack, Topic.MetricsUpdated, [
      { key: `${DIGEST}:touchpoint:verify-desk`, value: JSON.stringify(m.data), headers: toBinaryHeaders(m) },
    ]);
    await eventually(async () => {
      const r = await call(DIGEST, 'GET', `/v1/actions/${made.verified.id}`);
      return r.body.status === 'verified';
    }, 30_000);
    await eventually(async () => {
      const r = await call(DIGEST, 'GET', '/v1/actions?overdue=true');
      return (r.body.items as { id: string }[]).some((a) => a.id === made.overdue.id);
    });
    expect(await notificationsOf(DIGEST, `?team=${TEAM}`)).toEqual([]);
  });

  it('a digest team gets one daily message listing three actions; running the job again sends nothing more', async () => {
    const before = local(new Date()).date;
    const run = await call(DIGEST, 'POST', `/v1/teams/${TEAM}/digest/run`);
    const after = local(new Date()).date;
    expect(run.status).toBe(200);
    const items = run.body.items as { kind: string; period: string; written: boolean; deliveryId: string }[];
    expect(items.map((i) => `${i.kind} ${i.written}`)).toEqual(['email true', 'slack true', 'teams true']);
    expect([`day:${before}`, `day:${after}`]).toContain(items[0].period);
    expect(new Set(items.map((i) => i.period)).size).toBe(1);
    expect(run.body.items[0].timeZone).toBe(ZONE);

    const links = Object.values(made).map((a) => `${CONSOLE}/#/actions?id=${a.id}`);
    const [mail] = await suite.smtp.waitFor((x) => x.to.includes(MAIL));
    expect(mail.subject).toBe(`[Continuum] Daily digest for ${TEAM}`);
    expect(mail.text).toContain('1 overdue, 1 open, 1 newly verified');
    expect(mail.text).toContain(`Overdue (1)\n- ${made.overdue.title} (due `);
    expect(mail.text).toContain(`Open (1)\n- ${made.open.title} (due `);
    expect(mail.text).toContain(`Newly verified (1)\n- ${made.verified.title} (verified `);
    for (const l of links) {
      expect(mail.text).toContain(l);
      expect(mail.html).toContain(`href="${l}"`);
    }
    const slack = await eventually(async () => hitsOf('/digest/slack')[0]);
    expect(slackValid(JSON.parse(slack.body)) ? [] : slackValid.errors).toEqual([]);
    const teams = await eventually(async () => hitsOf('/digest/teams')[0]);
    expect(teamsValid(JSON.parse(teams.body)) ? [] : teamsValid.errors).toEqual([]);
    for (const l of links) {
      expect(slack.body).toContain(l);
      expect(teams.body).toContain(l);
    }
    expect(slack.headers['x-continuum-delivery']).toBe(items[1].deliveryId);

    // The same period again: the same deliveries, nothing written, nothing sent.
    const again = await call(DIGEST, 'POST', `/v1/teams/${TEAM}/digest/run`);
    expect(again.status).toBe(200);
    expect(again.body.items).toEqual(items.map((i) => ({ ...i, written: false, sendAt: null })));
    const log = await eventually(async () => {
      const n = await notificationsOf(DIGEST, `?team=${TEAM}`);
      return n.every((x) => x.status === 'delivered') ? n : null;
    });
    expect(
      log.map((n) => `${n.channel.kind} ${n.event} ${n.eventId} ${n.actionId} ${n.attempts}`).sort(),
    ).toEqual(['email', 'slack', 'teams'].map((k) => `${k} team.digest digest:${items[0].period} null 1`));
    expect(suite.smtp.to(MAIL)).toHaveLength(1);
    expect(hitsOf('/digest/slack')).toHaveLength(1);
    expect(hitsOf('/digest/teams')).toHaveLength(1);
  });

  it('holds a message back through quiet hours; a test message is sent at once, with its result', async () => {
    const now = local(new Date()).minutes;
    // Quiet from an hour ago to two hours ahead (local): now is inside.
    const put = await call(DIGEST, 'PUT', '/v1/teams/night-shift/channels', {
      channels: [
        {
          kind: 'slack',
          url: `${base()}/night/slack`,
          quietHours: { from: hhmm(now + 1380), to: hhmm(now + 120) },
        },
      ],
    });
    expect(put.status).toBe(200);
    const g = gapOf(DIGEST, 'night-desk', 'night-shift');
    await publishGap(g);
    const a = await actionOfGap(DIGEST, g);
    const [held] = await notificationsOf(DIGEST, `?actionId=${a.id}`);
    expect(held).toMatchObject({ event: 'action.opened', status: 'pending', attempts: 0 });
    const wait = Date.parse(held.nextAttemptAt) - Date.now();
    expect(wait).toBeGreaterThan(100 * 60_000);
    expect(wait).toBeLessThanOrEqual(121 * 60_000);

    const test = await call(DIGEST, 'POST', '/v1/teams/night-shift/channels/test', {});
    expect(test.status).toBe(200);
    expect(test.body.items).toEqual([
      expect.objectContaining({
        team: 'night-shift',
        event: 'team.test',
        actionId: null,
        status: 'delivered',
      }),
    ]);
    const hits = hitsOf('/night/slack');
    // The test arrived; the held notification did not.
    expect(hits.map((h) => h.headers['x-continuum-event'])).toEqual(['team.test']);
    expect(hits[0].headers['x-continuum-delivery']).toBe(test.body.items[0].id);
    expect(slackValid(JSON.parse(hits[0].body)) ? [] : slackValid.errors).toEqual([]);
    expect((await notificationsOf(DIGEST, `?actionId=${a.id}`))[0]).toMatchObject({
      status: 'pending',
      attempts: 0,
    });
    // A team without channels has nothing to test or digest.
    for (const path of ['/v1/teams/nobody/channels/test', '/v1/teams/nobody/digest/run'])
      expect((await call(DIGEST, 'POST', path, {})).status).toBe(404);
  });
});

describe('ticket tools', () => {
  const jiraAuth = `Basic ${Buffer.from('bot@example.test:api-token-123').toString('base64')}`;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let action: any;

  async function writeBack(command: string, headers: Record<string, string> = {}, body: unknown = {}) {
    const res = await fetch(`${suite.act.url}/v1/actions/by-ref/CX-42/${command}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${suite.keys.ticketTool}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      replayed: res.headers.get('idempotent-replayed'),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      body: (await res.json()) as any,
    };
  }

  it('refuses a template with an unknown placeholder or a missing preset param, naming the field', async () => {
    const r = await call(TICKETS, 'POST', '/v1/webhooks', {
      url: `${base()}/jira`,
      eventTypes: ['action.opened'],
      template: {
        preset: 'jira-cloud',
        params: { projectKey: 'CX' },
        body: { fields: { summary: '{action.title} for {customer.name}' } },
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      { field: 'template.params.issueType', reason: 'the jira-cloud preset needs params.issueType' },
    ]);
    const unknown = await call(TICKETS, 'POST', '/v1/webhooks', {
      url: `${base()}/jira`,
      eventTypes: ['action.opened'],
      template: {
        preset: 'jira-cloud',
        params: { projectKey: 'CX', issueType: 'Task' },
        body: { fields: { summary: '{action.title} for {customer.name}' } },
      },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      {
        field: 'template.body.fields.summary',
        reason: expect.stringMatching(/^unknown placeholder \{customer\.name\}; use one of /),
      },
    ]);
    const loop = await call(TICKETS, 'POST', '/v1/webhooks', {
      url: `${base()}/jira`,
      eventTypes: ['loop.closed'],
      template: { preset: 'zendesk' },
    });
    expect(loop.body.errors).toEqual([
      { field: 'eventTypes', reason: 'a subscription with a template takes action events only (action.*)' },
    ]);
  });

  it("a Jira-preset subscription sends a valid create-issue body; the answer's key lands as externalRef", async () => {
    answers.set('/jira/rest/api/3/issue', {
      status: 201,
      body: JSON.stringify({
        id: '10000',
        key: 'CX-42',
        self: 'https://example.atlassian.net/rest/api/3/issue/10000',
      }),
    });
    const sub = await call(TICKETS, 'POST', '/v1/webhooks', {
      url: `${base()}/jira`,
      eventTypes: ['action.opened'],
      template: {
        preset: 'jira-cloud',
        params: { projectKey: 'CX', issueType: 'Task' },
        headers: { Authorization: jiraAuth },
      },
    });
    expect(sub.status).toBe(201);
    expect(sub.body.template).toMatchObject({
      method: 'POST',
      path: '/rest/api/3/issue',
      headers: ['Authorization'],
      externalRefFrom: 'key',
    });
    expect(JSON.stringify(await call(TICKETS, 'GET', '/v1/webhooks'))).not.toContain('api-token');
    const g = gapOf(TICKETS, 'checkout', 'payments');
    await publishGap(g);
    action = await actionOfGap(TICKETS, g);
    const [hit] = await eventually(async () =>
      hitsOf('/jira/rest/api/3/issue').length > 0 ? hitsOf('/jira/rest/api/3/issue') : null,
    );
    expect(hit.headers.authorization).toBe(jiraAuth);
    expect(hit.headers['content-type']).toContain('application/json');
    const body = JSON.parse(hit.body) as unknown;
    const valid = ajv.compile(JIRA_CREATE_ISSUE_SCHEMA);
    expect(valid(body) ? [] : valid.errors).toEqual([]);
    expect(body).toMatchObject({ fields: { project: { key: 'CX' }, summary: action.title } });
    expect(hit.body).toContain(`${CONSOLE}/#/actions?id=${action.id}`);
    const withRef = await eventually(async () => {
      const r = await call(TICKETS, 'GET', `/v1/actions/${action.id}`);
      return r.body.externalRef === 'CX-42' ? r.body : null;
    });
    expect(withRef.status).toBe('open');
  });

  it("the tool's write-back resolves the action by its key with an act key; the same event again changes nothing", async () => {
    const first = await writeBack(
      'resolve',
      { 'idempotency-key': 'jira:10000:1' },
      { comment: 'Done in Jira' },
    );
    expect(first).toMatchObject({ status: 200, replayed: null, body: { id: action.id, status: 'resolved' } });
    const again = await writeBack(
      'resolve',
      { 'idempotency-key': 'jira:10000:1' },
      { comment: 'Done in Jira' },
    );
    expect(again).toMatchObject({
      status: 200,
      replayed: 'true',
      body: { id: action.id, status: 'resolved' },
    });
    // A new event for the same move finds it done: answered, unchanged.
    const other = await writeBack('resolve', {}, { eventId: 'jira:10000:2' });
    expect(other).toMatchObject({
      status: 200,
      replayed: null,
      body: { status: 'resolved', updatedAt: first.body.updatedAt },
    });
    const detail = await call(TICKETS, 'GET', `/v1/actions/${action.id}`);
    expect(detail.body.history.map((h: { change: string }) => h.change)).toEqual(['opened', 'resolved']);
    expect(detail.body.history[1]).toMatchObject({
      comment: 'Done in Jira',
      actor: expect.stringMatching(/^key:ck_/),
    });
    // A move the lifecycle refuses is still a 409 with the reason; an unknown key a 404.
    const ack = await writeBack('acknowledge', {}, {});
    expect(ack.status).toBe(409);
    const none = await fetch(`${suite.act.url}/v1/actions/by-ref/CX-404/resolve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${suite.keys.ticketTool}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(none.status).toBe(404);
    // An act key moves actions and nothing else: it may not subscribe webhooks.
    const sub = await callService(suite.act, suite.keys.ticketTool, 'POST', '/v1/webhooks', {
      url: `${base()}/x`,
      eventTypes: ['*'],
    });
    expect(sub.status).toBe(403);
  });
});
