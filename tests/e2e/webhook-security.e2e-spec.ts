/**
 * Webhooks against SSRF and secrets at rest, with act as a real process and its guard on
 * (ACT_WEBHOOK_ALLOW_PRIVATE=false, as in production): subscriptions to non-public addresses are
 * refused with the reason; a subscription whose host resolves to a private address by the time
 * of delivery (DNS rebinding; here `localhost`, subscribed while private targets were allowed) is
 * never connected to; secrets are stored sealed and never read back.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createEvent, toBinaryHeaders, Topic } from '@continuum/contracts';
import {
  callService,
  e2eSuite,
  eventually,
  feedbackRecorded,
  produce,
  startService,
  type RunningService,
} from '@continuum/testing';

jest.setTimeout(180_000);

const TENANT = `hooksec-${randomUUID().slice(0, 8)}`;
const SECRET = `whsec-plain-${randomUUID()}`;
let act: RunningService | null = null;

const FAST = { ACT_WEBHOOK_POLL_MS: '100', ACT_WEBHOOK_MAX_ATTEMPTS: '1' };

function call(method: string, path: string, body?: unknown) {
  return callService(act!, suite.key, method, path, body);
}

const suite = e2eSuite({ tenants: [TENANT], receiver: true });
const port = () => new URL(suite.receiver.url).port;

afterAll(async () => {
  if (act) expect(await act.stop()).toBe(0);
});

describe('with private targets allowed (tests, the local demo)', () => {
  const subs: string[] = [];

  it('subscribes local receivers, by name and by address', async () => {
    act = await startService('act', suite.stack, { ...FAST, ACT_WEBHOOK_ALLOW_PRIVATE: 'true' });
    for (const host of ['localhost', '127.0.0.1']) {
      const r = await call('POST', '/v1/webhooks', {
        url: `http://${host}:${port()}/hook`,
        eventTypes: ['action.opened'],
        secret: SECRET,
      });
      expect(r.status).toBe(201);
      subs.push(r.body.id);
    }
    expect(await act.stop()).toBe(0);
    act = null;
  });

  it('stores the secrets sealed, bound to their subscription, and never returns them', async () => {
    const db = new Client({ connectionString: suite.stack.databaseUrl });
    await db.connect();
    try {
      const rows = await db.query<{ secret: string }>(
        'SELECT secret FROM act.webhooks WHERE tenant_id = $1',
        [TENANT],
      );
      expect(rows.rows).toHaveLength(2);
      for (const r of rows.rows) {
        expect(r.secret).toMatch(/^enc:v1:/);
        expect(r.secret).not.toContain(SECRET);
      }
      expect(rows.rows[0].secret).not.toBe(rows.rows[1].secret);
    } finally {
      await db.end();
    }
  });

  describe('then with the guard on (production)', () => {
    beforeAll(async () => {
      act = await startService('act', suite.stack, { ...FAST, ACT_WEBHOOK_ALLOW_PRIVATE: 'false' });
    });

    it.each([
      ['http://127.0.0.1:9/x', '127.0.0.1 is a loopback address; webhooks go to public addresses only'],
      ['http://0.0.0.0:9/x', '0.0.0.0 is an unspecified address; webhooks go to public addresses only'],
      ['http://[::1]:9/x', '::1 is a loopback address; webhooks go to public addresses only'],
      [
        'http://[::ffff:127.0.0.1]:9/x',
        '::ffff:7f00:1 is a loopback address; webhooks go to public addresses only',
      ],
      [
        'http://169.254.169.254/latest/meta-data',
        '169.254.169.254 is a metadata address; webhooks go to public addresses only',
      ],
      ['http://10.0.0.8/x', '10.0.0.8 is a private address; webhooks go to public addresses only'],
      ['http://[fe80::1]/x', 'fe80::1 is a link-local address; webhooks go to public addresses only'],
      ['http://224.0.0.1/x', '224.0.0.1 is a multicast address; webhooks go to public addresses only'],
      [
        `http://localhost:9/x`,
        expect.stringMatching(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address/),
      ],
      ['ftp://93.184.216.34/x', 'url must be an http(s) URL without credentials'],
      ['http://user:pw@93.184.216.34/x', 'url must be an http(s) URL without credentials'],
    ])('refuses %s, saying why', async (url, reason) => {
      const r = await call('POST', '/v1/webhooks', { url, eventTypes: ['*'] });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([{ field: 'url', reason }]);
    });

    it("refuses a team's chat channel to a non-public address, naming the channel and the reason", async () => {
      const r = await call('PUT', '/v1/teams/ops/channels', {
        channels: [
          { kind: 'slack', url: 'http://169.254.169.254/latest/meta-data' },
          { kind: 'teams', url: 'http://10.0.0.8/workflow' },
          { kind: 'slack', url: 'http://93.184.216.34/hook' },
        ],
      });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        {
          field: 'channels.0.url',
          reason: '169.254.169.254 is a metadata address; webhooks go to public addresses only',
        },
        {
          field: 'channels.1.url',
          reason: '10.0.0.8 is a private address; webhooks go to public addresses only',
        },
      ]);
      expect((await call('GET', '/v1/teams/ops/channels')).body.channels).toEqual([]);
    });

    it('accepts a public address', async () => {
      const r = await call('POST', '/v1/webhooks', {
        url: 'http://93.184.216.34/hook',
        eventTypes: ['loop.closed'],
      });
      expect(r.status).toBe(201);
      expect(r.text).not.toContain('enc:v1');
    });

    it('never connects to a subscription whose host is private at delivery time', async () => {
      const data = feedbackRecorded(TENANT, {
        feedbackId: `hs-${randomUUID()}`,
        customerId: 'c-hooksec',
        nps: 1,
      });
      const e = createEvent({ type: Topic.FeedbackRecorded, source: '/e2e', tenantId: TENANT, data });
      await produce(suite.stack, Topic.FeedbackRecorded, [
        { key: `${TENANT}:checkout`, value: JSON.stringify(e.data), headers: toBinaryHeaders(e) },
      ]);
      const errors = await eventually(async () => {
        const out: string[] = [];
        for (const id of subs) {
          const r = await call('GET', `/v1/webhooks/${id}/deliveries`);
          const d = r.body.items[0];
          if (!d || d.status !== 'failed') return null;
          expect(JSON.stringify(r.body)).not.toContain(SECRET);
          out.push(d.lastError);
        }
        return out;
      }, 30_000);
      expect(errors[0]).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
      expect(errors[1]).toContain('127.0.0.1 is a loopback address');
      expect(suite.receiver.hits.map((h) => h.headers['x-continuum-delivery'])).toEqual([]);
      for (const id of subs) expect((await call('GET', `/v1/webhooks/${id}`)).text).not.toContain(SECRET);
    });
  });
});
