/**
 * "Exactly once" under concurrency, against the real database and migrations: several act
 * instances (separate connection pools) race to escalate one breached action and to send one
 * webhook delivery. The global setup has migrated the schema; the database comes from its env.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, SubjectKeyCache } from '@continuum/persistence';
import { loadConfig } from '@continuum/platform';
import { ActConfig } from '../act.config';
import { ActionLog } from '../actions/action-log';
import { ActionsRepository } from '../actions/actions.repository';
import { Mailer } from '../notifications/mailer';
import { NotificationOutbox } from '../notifications/notification-outbox';
import { followupDedupKey } from '../playbooks/playbook.rules';
import { SecretBox } from '../webhooks/secret-box';
import { WebhookDispatcher } from '../webhooks/webhook.dispatcher';
import { SlaService } from './sla.service';

jest.setTimeout(60_000);

const url = process.env.CONTINUUM_TEST_DATABASE_URL;
const INSTANCES = 4;
const TENANT = `sla-int-${randomUUID().slice(0, 8)}`;
let pools: DataSource[] = [];

beforeAll(async () => {
  if (!url) throw new Error('CONTINUUM_TEST_DATABASE_URL is not set: run through the integration project');
  pools = await Promise.all(
    Array.from({ length: INSTANCES }, (_, i) =>
      createDataSource({ url, schema: 'act', applicationName: `act-int-${i}`, poolSize: 3 }).initialize(),
    ),
  );
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.destroy()));
});

async function openAction(ds: DataSource, dueInMs: number, chain: string[]): Promise<string> {
  const now = new Date();
  const id = randomUUID();
  const customerId = `c-${id.slice(0, 8)}`;
  await new ActionsRepository(ds).insertNew(ds.manager, [
    {
      view: {
        id,
        tenantId: TENANT,
        dedupKey: followupDedupKey({ customerId, feedbackId: id } as Parameters<typeof followupDedupKey>[0]),
        loop: 'inner',
        title: 'Call back',
        description: 'evidence',
        status: 'open',
        owner: 'customer-care',
        category: 'customer-follow-up',
        priority: 'medium',
        stage: null,
        touchpoint: 'checkout',
        customerId,
        sourceEventId: `e-${id}`,
        slaHours: 1,
        dueAt: new Date(now.getTime() + dueInMs).toISOString(),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        rule: 'test',
        playbookVersion: 0,
        escalationChain: chain,
        escalationLevel: 0,
        gapKey: null,
        indicator: null,
        scope: null,
        rootCause: null,
        effort: null,
        cost: null,
        resolvedAt: null,
        verifiedAt: null,
      },
      stageOwner: null,
      gap: null,
      gapDetectedAt: null,
      verification: null,
    },
  ]);
  return id;
}

const services = () =>
  pools.map((ds) => {
    const repo = new ActionsRepository(ds);
    const outbox = new NotificationOutbox(loadConfig(ActConfig, {}));
    return new SlaService(ds, new ActionLog(repo, outbox, new SubjectKeyCache()), outbox);
  });

describe('SLA escalation with several instances', () => {
  it('escalates one breach exactly once, however many instances scan at the same time', async () => {
    const id = await openAction(pools[0], -1000, ['care-lead', 'cx-director']);
    const sut = services();
    const escalated = await Promise.all([...sut, ...sut].map((s) => s.escalateDue()));
    expect(escalated.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    const [row] = await pools[0].query<
      { owner: string; priority: string; escalation_level: number; due_at: Date }[]
    >(`SELECT owner, priority, escalation_level, due_at FROM act.actions WHERE id = $1`, [id]);
    expect(row).toMatchObject({ owner: 'care-lead', priority: 'high', escalation_level: 1 });
    // A fresh SLA: the next breach is an hour away, so scanning again changes nothing.
    expect(row.due_at.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    await Promise.all(sut.map((s) => s.escalateDue()));
    const history = await pools[0].query<{ change: string; actor: string; comment: string }[]>(
      `SELECT change, actor, comment FROM act.action_history WHERE action_id = $1`,
      [id],
    );
    expect(history).toEqual([
      {
        change: 'escalated',
        actor: 'continuum-sla',
        comment: expect.stringMatching(
          /escalated from customer-care to care-lead \(level 1 of 2\), priority medium → high$/,
        ),
      },
    ]);
    const events = await pools[0].query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM act.outbox WHERE headers ->> 'ce_subject' = $1`,
      [id],
    );
    expect(events[0].n).toBeLessThanOrEqual(1); // the relay may already have published it; never two
  });

  it('leaves actions within their SLA and actions whose chain is used up alone', async () => {
    const fine = await openAction(pools[0], 3_600_000, ['care-lead']);
    const noChain = await openAction(pools[0], -1000, []);
    await Promise.all(services().map((s) => s.escalateDue()));
    const rows = await pools[0].query<{ escalation_level: number }[]>(
      `SELECT id, escalation_level FROM act.actions WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [[fine, noChain]],
    );
    expect(rows.map((r) => r.escalation_level)).toEqual([0, 0]);
  });
});

describe('SLA warnings with several instances', () => {
  it('writes one warning per action and channel, however many instances scan at once', async () => {
    // Lead time 45 min: the action due in 30 min is warned; those due in an hour or more are not.
    const channel = randomUUID();
    await pools[0].query(
      `INSERT INTO act.team_channels (id, tenant_id, team, position, kind, target, target_hint, events, sla_lead_minutes)
       VALUES ($1, $2, 'customer-care', 0, 'email', '["care@example.test"]', 'care@example.test', $3, 45)`,
      [channel, TENANT, ['action.sla-warning']],
    );
    const soon = await openAction(pools[0], 30 * 60_000, []);
    const later = await openAction(pools[0], 3 * 3600_000, []);
    const sut = services();
    const written = await Promise.all([...sut, ...sut].map((s) => s.warnDue()));
    expect(written.reduce((a, b) => a + b, 0)).toBe(1);
    await Promise.all(sut.map((s) => s.warnDue()));
    const rows = await pools[0].query<{ action_id: string; event_id: string; event_type: string }[]>(
      `SELECT action_id, event_id, event_type FROM act.webhook_deliveries WHERE channel_id = $1`,
      [channel],
    );
    expect(rows).toEqual([
      { action_id: soon, event_id: `sla-warning:${soon}:0`, event_type: 'action.sla-warning' },
    ]);
    expect(rows.some((r) => r.action_id === later)).toBe(false);
  });
});

describe('webhook dispatch with several instances', () => {
  let server: Server;
  const received: { delivery: string; attempt: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push({
        delivery: String(req.headers['x-continuum-delivery']),
        attempt: String(req.headers['x-continuum-attempt']),
      });
      req.resume();
      req.on('end', () => res.end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('sends each delivery once while dispatchers race for it, and logs the attempt', async () => {
    const hook = randomUUID();
    const box = SecretBox.fromConfig({});
    const port = (server.address() as AddressInfo).port;
    await pools[0].query(
      `INSERT INTO act.webhooks (id, tenant_id, url, event_types, secret) VALUES ($1, $2, $3, $4, $5)`,
      [
        hook,
        TENANT,
        `http://127.0.0.1:${port}/hook`,
        ['action.opened'],
        box.seal('integration-secret-123', hook),
      ],
    );
    const deliveries: string[] = Array.from({ length: 20 }, () => randomUUID());
    await pools[0].query(
      `INSERT INTO act.webhook_deliveries (id, webhook_id, tenant_id, event_type, event_id, payload)
       SELECT d, $2, $3, 'action.opened', d::text, '{}' FROM unnest($1::uuid[]) AS d`,
      [deliveries, hook, TENANT],
    );
    const cfg = loadConfig(ActConfig, { ACT_WEBHOOK_ALLOW_PRIVATE: 'true' });
    const dispatchers = pools.map((ds) => new WebhookDispatcher(ds, cfg, box, new Mailer(cfg)));
    await Promise.all([...dispatchers, ...dispatchers].map((d) => d.dispatchOnce()));
    const mine = received.filter((r) => deliveries.includes(r.delivery));
    expect(mine).toHaveLength(20);
    expect(new Set(mine.map((r) => r.delivery)).size).toBe(20);
    expect(mine.every((r) => r.attempt === '1')).toBe(true);
    const rows = await pools[0].query<{ status: string; attempts: number; logged: number }[]>(
      `SELECT d.status, d.attempts, count(a.*)::int AS logged FROM act.webhook_deliveries d
       LEFT JOIN act.webhook_attempts a ON a.delivery_id = d.id WHERE d.webhook_id = $1
       GROUP BY d.id, d.status, d.attempts`,
      [hook],
    );
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.status === 'delivered' && r.attempts === 1 && r.logged === 1)).toBe(true);
  });
});
