/**
 * What an operator sees of a running loop: Prometheus metrics on every service, JSON logs that
 * carry tenant and trace ids but no comment text, and readiness that tells a service without
 * its broker (503, while liveness stays 200) from a healthy one.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Topic } from '@continuum/contracts';
import {
  e2eSuite,
  eventually,
  produce,
  ROOT,
  serviceEnv,
  TEST_PORTS,
  testStack,
  type RunningService,
} from '@continuum/testing';

jest.setTimeout(180_000);

const stack = testStack();
const TENANT = `obs-${randomUUID().slice(0, 8)}`;
const TRACE_ID = randomBytes(16).toString('hex');
const SECRET = `pii-${randomUUID()}`;

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** The Prometheus text format, as far as these tests need it (no escaped quotes in labels). */
function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(l);
      if (!m) throw new Error(`not a sample line: ${l}`);
      const labels: Record<string, string> = {};
      for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) labels[k] = v;
      return { name: m[1], labels, value: Number(m[3]) };
    });
}

async function scrape(svc: RunningService): Promise<Sample[]> {
  const res = await fetch(`${svc.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  return parseMetrics(await res.text());
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/** A service's samples once it has published to `topic` and processed both recorded answers. */
const scrapeOnceProcessed = (svc: RunningService, topic: string) =>
  eventually(async () => {
    const s = await scrape(svc);
    return value(s, 'continuum_outbox_published_total', { topic }) >= 1 &&
      value(s, 'continuum_consumer_records_processed_total', { topic: Topic.FeedbackRecorded }) >= 2
      ? s
      : null;
  }, 30_000);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe('a service whose broker is unreachable', () => {
  it('is live but not ready, and says why; it stops cleanly', async () => {
    const closed = await freePort();
    const port = TEST_PORTS.listen + 5;
    const child = spawn('node', ['tools/run.js', 'dist/services/listen/src/main.js'], {
      cwd: ROOT,
      env: serviceEnv('listen', stack, { KAFKA_BROKERS: `127.0.0.1:${closed}`, LISTEN_PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    try {
      const url = `http://127.0.0.1:${port}`;
      await eventually(async () => (await fetch(`${url}/health/live`)).status === 200, 60_000, 250);
      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('content-type')).toContain('application/problem+json');
      const body = (await ready.json()) as { checks: Record<string, string> };
      expect(body.checks).toMatchObject({ database: 'up', broker: 'down', consumer: 'down' });
      // Metrics still answer: the outbox is counted from the database.
      const metrics = parseMetrics(await (await fetch(`${url}/metrics`)).text());
      expect(value(metrics, 'continuum_outbox_backlog')).toBeGreaterThanOrEqual(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('cannot ensure the catalogue');
  });
});

describe('a loop, observed', () => {
  const suite = e2eSuite({
    tenants: [TENANT],
    services: { listen: { LOG_LEVEL: 'debug' }, measure: {}, act: {} },
    cleanExit: true,
  });

  it('is ready with every dependency up', async () => {
    const res = await fetch(`${suite.listen.url}/health/ready`);
    expect(await res.json()).toEqual({
      status: 'ready',
      checks: { database: 'up', broker: 'up', consumer: 'up', outbox: 'up' },
    });
  });

  it('counts events in and out per topic, dead letters per reason, latency and lag', async () => {
    for (const [id, nps] of [
      ['o-1', 9],
      ['o-2', 1],
    ] as const) {
      const res = await fetch(`${suite.listen.url}/v1/feedback`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${suite.key}`,
          traceparent: `00-${TRACE_ID}-${randomBytes(8).toString('hex')}-01`,
        },
        body: JSON.stringify({
          id,
          touchpoint: 'checkout',
          nps,
          customerId: 'c-obs',
          consentToContact: true,
          comment: `Call me, my mail is ${SECRET}@example.com`,
        }),
      });
      expect(res.status).toBe(202);
    }
    await produce(suite.stack, Topic.FeedbackRaw, [
      { key: `${TENANT}:x`, value: 'not json' },
      {
        key: `${TENANT}:x`,
        value: JSON.stringify({ tenantId: TENANT, id: 'o-bad', touchpoint: 'ivr', nps: 99 }),
      },
    ]);

    const l = await eventually(async () => {
      const s = await scrape(suite.listen);
      // Dead letters are counted before the batch's offsets are committed, its lag just after.
      return value(s, 'continuum_consumer_records_dead_lettered_total', { topic: Topic.FeedbackRaw }) >= 2 &&
        value(s, 'continuum_outbox_published_total', { topic: Topic.FeedbackRecorded }) >= 2 &&
        s.some((x) => x.name === 'continuum_consumer_lag' && x.labels.topic === Topic.FeedbackRaw)
        ? s
        : null;
    }, 30_000);
    expect(l.every((s) => s.labels.service === 'listen')).toBe(true);
    expect(
      value(l, 'continuum_consumer_records_dead_lettered_total', {
        topic: Topic.FeedbackRaw,
        code: 'invalid-json',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(l, 'continuum_consumer_records_dead_lettered_total', {
        topic: Topic.FeedbackRaw,
        code: 'validation',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(l, 'continuum_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/v1/feedback',
        status: '202',
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(l.some((s) => s.name === 'continuum_consumer_lag' && s.labels.topic === Topic.FeedbackRaw)).toBe(
      true,
    );
    expect(value(l, 'continuum_consumer_lag', { topic: Topic.FeedbackRaw })).toBe(0);
    expect(value(l, 'continuum_outbox_backlog')).toBe(0);
    expect(l.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);

    const a = await scrapeOnceProcessed(suite.act, Topic.Actions);
    expect(
      value(a, 'continuum_consumer_records_processed_total', { topic: Topic.FeedbackRecorded }),
    ).toBeGreaterThanOrEqual(2);
    const ages = value(a, 'continuum_consumer_record_age_seconds_count', { topic: Topic.FeedbackRecorded });
    expect(ages).toBeGreaterThanOrEqual(2);
    // An age histogram whose +Inf bucket holds every observation, with a plausible sum.
    expect(
      value(a, 'continuum_consumer_record_age_seconds_bucket', { topic: Topic.FeedbackRecorded, le: '+Inf' }),
    ).toBe(ages);
    expect(
      value(a, 'continuum_consumer_batch_duration_seconds_count', { topic: Topic.FeedbackRecorded }),
    ).toBeGreaterThanOrEqual(1);

    // A batch's records are counted after its offsets are committed, which can be after the
    // metrics publisher has already sent the cells that batch touched: wait for both.
    const m = await scrapeOnceProcessed(suite.measure, Topic.MetricsUpdated);
    expect(
      value(m, 'continuum_consumer_records_processed_total', { topic: Topic.FeedbackRecorded }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('an unknown path is labelled as unmatched, not by its raw URL', async () => {
    await fetch(`${suite.listen.url}/no/such/${randomUUID()}`);
    const s = await scrape(suite.listen);
    const routes = new Set(s.filter((x) => x.name.startsWith('continuum_http_')).map((x) => x.labels.route));
    expect(routes).toContain('unmatched');
    expect([...routes].some((r) => r.startsWith('/no/such'))).toBe(false);
  });

  it('JSON logs carry the tenant and the trace id, never the comment', async () => {
    const file = path.join(ROOT, 'tmp', 'e2e-logs', 'listen.log');
    const lines = await eventually(async () => {
      const found = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes(TRACE_ID));
      return found.length >= 2 ? found : null;
    });
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries).toContainEqual(
      expect.objectContaining({
        service: 'listen',
        msg: 'http',
        method: 'POST',
        route: '/v1/feedback',
        status: 202,
        tenantId: TENANT,
        traceId: TRACE_ID,
      }),
    );
    const all = ['listen', 'measure', 'act']
      .map((s) => readFileSync(path.join(ROOT, 'tmp', 'e2e-logs', `${s}.log`), 'utf8'))
      .join('\n');
    expect(all).not.toContain(SECRET);
  });
});
