/**
 * The console server over real loopback sockets: a throwaway upstream stands in for the three
 * services (it records what arrives), a fixed key table for the tenant directory.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Principal } from '@continuum/persistence';
import { loadConsoleConfig } from './console.config';
import { LiveHub, toLiveEvent } from './live';
import { ConsoleServer } from './server';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let upstream: Server;
const seen: Seen[] = [];
let server: ConsoleServer;
let live: LiveHub;
let base: string;

const principal: Principal = { tenantId: 'acme', keyPrefix: 'ck_test', scopes: ['read', 'admin'] };
const ingestOnly: Principal = { tenantId: 'acme', keyPrefix: 'ck_ingest', scopes: ['ingest'] };

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.writeHead(req.url!.startsWith('/missing') ? 404 : 200, {
        'content-type': 'application/json',
        etag: '"7"',
      });
      res.end(JSON.stringify({ echoed: req.url }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const up = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const web = mkdtempSync(path.join(tmpdir(), 'console-web-'));
  mkdirSync(path.join(web, 'assets'));
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log(1)');
  const config = loadConsoleConfig(
    {
      CONSOLE_PORT: '1',
      CONSOLE_LISTEN_URL: up,
      CONSOLE_MEASURE_URL: up,
      CONSOLE_ACT_URL: 'http://127.0.0.1:1',
      CONSOLE_WEB_DIR: web,
      CONSOLE_FAULT_ROUTE: '1',
    },
    '/',
  );
  live = new LiveHub('127.0.0.1:1');
  const keys: Record<string, Principal> = { 'good-key': principal, 'ingest-key': ingestOnly };
  server = new ConsoleServer(
    { ...config, port: 0 },
    {
      directory: {
        resolve: async (key: string) => keys[key] ?? null,
        knownTenant: async (id: string) => id === 'acme',
        membership: async () => ({ roles: [], teams: [] }),
      },
      live,
      sessions: null,
      rp: null,
      bearer: null,
    },
  );
  await server.listen();
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await live.stop();
  await server.close();
  await new Promise((r) => upstream.close(r));
});

describe('console server', () => {
  it('proxies a read to the named service with the path, query and key, and nothing else', async () => {
    const res = await fetch(`${base}/api/measure/v1/indicators?scope=touchpoint%3Acheckout`, {
      headers: { authorization: 'Bearer good-key', cookie: 'session=secret' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"7"');
    expect(await res.json()).toEqual({ echoed: '/v1/indicators?scope=touchpoint%3Acheckout' });
    const last = seen[seen.length - 1];
    expect(last.headers.authorization).toBe('Bearer good-key');
    expect(last.headers.cookie).toBeUndefined();
  });

  it('proxies a write with its body and passes the service’s status through', async () => {
    const res = await fetch(`${base}/api/listen/missing/thing`, {
      method: 'POST',
      headers: { authorization: 'Bearer good-key', 'content-type': 'application/json' },
      body: JSON.stringify({ comment: 'ciao' }),
    });
    expect(res.status).toBe(404);
    const last = seen[seen.length - 1];
    expect([last.method, last.url, last.body]).toEqual(['POST', '/missing/thing', '{"comment":"ciao"}']);
  });

  it('answers 502 problem+json with a correlation id when a service is down, 404 for an unknown service', async () => {
    const auth = { headers: { authorization: 'Bearer good-key' } };
    const down = await fetch(`${base}/api/act/v1/actions`, auth);
    expect(down.status).toBe(502);
    expect(down.headers.get('content-type')).toBe('application/problem+json');
    const body = (await down.json()) as { detail: string; correlationId: string };
    expect(body.detail).toBe('act is not reachable; retry later');
    expect(body.correlationId).toMatch(/^[0-9a-f]{32}$/);
    expect((await fetch(`${base}/api/billing/v1/x`, auth)).status).toBe(404);
  });

  it('proxies nothing without a credential: 401 before any service sees the request', async () => {
    const before = seen.length;
    const res = await fetch(`${base}/api/measure/v1/indicators`, {
      headers: { cookie: 'continuum_session=x' },
    });
    expect(res.status).toBe(401);
    expect(
      (await fetch(`${base}/api/listen/v1/feedback`, { headers: { authorization: 'Bearer nope' } })).status,
    ).toBe(401);
    expect(seen.length).toBe(before);
  });

  it('tells who a key belongs to, and refuses a missing or unknown key', async () => {
    expect((await fetch(`${base}/api/session`)).status).toBe(401);
    expect((await fetch(`${base}/api/session`, { headers: { authorization: 'Bearer nope' } })).status).toBe(
      401,
    );
    const ok = await fetch(`${base}/api/session`, { headers: { authorization: 'Bearer good-key' } });
    expect(await ok.json()).toMatchObject({ kind: 'key', ...principal });
  });

  it('streams nothing to an ingest-only key: 403 and not one event byte', async () => {
    const res = await fetch(`${base}/api/events`, { headers: { authorization: 'Bearer ingest-key' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(((await res.json()) as { detail: string }).detail).toMatch(/lacks the "read" scope/);
  });

  it('sends the security headers on every answer; a 5xx names a correlation id, not the error', async () => {
    for (const url of ['/', '/assets/app.js', '/api/session', '/health/live', '/api/_fault']) {
      const res = await fetch(`${base}${url}`);
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      // Plain HTTP here: HSTS only when the public URL is https.
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    const fault = await fetch(`${base}/api/_fault`);
    expect(fault.status).toBe(500);
    const text = await fault.text();
    expect(JSON.parse(text)).toMatchObject({
      status: 500,
      correlationId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(text).not.toMatch(/hunter2|db\.internal|at .*\.ts/);
  });

  it('has no sign-in without an identity provider', async () => {
    const res = await fetch(`${base}/auth/login`, { redirect: 'manual' });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('Sign-in is not configured');
  });

  it('streams the tenant’s events, and only that tenant’s; none to an ingest-only key', async () => {
    const res = await fetch(`${base}/api/events`, { headers: { authorization: 'Bearer good-key' } });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = (await reader.read()).value!;
    expect(text).toContain('event: hello');
    const ingest = await fetch(`${base}/api/events`, { headers: { authorization: 'Bearer ingest-key' } });
    expect(ingest.status).toBe(403);
    const feedback = toLiveEvent(
      'cx.feedback.recorded.v1',
      JSON.stringify({
        feedbackId: 'f-1',
        touchpoint: 'checkout',
        comment: 'ciao [PHONE]',
        themes: ['billing'],
      }),
    )!;
    live.publish('other-tenant', feedback);
    live.publish('acme', feedback);
    while (!text.includes('event: feedback')) text += (await reader.read()).value!;
    expect(text.match(/event: feedback/g)).toHaveLength(1);
    expect(text).toContain('"id":"f-1"');
    expect(text).toContain('ciao [PHONE]');
    await reader.cancel();
  });

  it('serves the front-end: files by path, index.html for app routes, nothing outside its folder', async () => {
    const js = await fetch(`${base}/assets/app.js`);
    expect(js.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(await js.text()).toBe('console.log(1)');
    expect(await (await fetch(`${base}/actions`)).text()).toContain('<title>console</title>');
    const escape = await fetch(`${base}/assets/..%2f..%2f..%2fetc%2fpasswd`);
    expect(await escape.text()).toContain('<title>console</title>');
  });

  it('is not ready until the live consumer has joined', async () => {
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(503);
  });
});

describe('console server behind TLS', () => {
  it('sends HSTS when its public URL is https', async () => {
    const config = loadConsoleConfig(
      { CONSOLE_PUBLIC_URL: 'https://console.example', CONSOLE_WEB_DIR: '/nonexistent' },
      '/',
    );
    const hub = new LiveHub('127.0.0.1:1');
    const tls = new ConsoleServer(
      { ...config, port: 0 },
      {
        directory: {
          resolve: async () => null,
          knownTenant: async () => false,
          membership: async () => ({ roles: [], teams: [] }),
        },
        live: hub,
        sessions: null,
        rp: null,
        bearer: null,
      },
    );
    await tls.listen();
    const res = await fetch(`http://127.0.0.1:${tls.port}/api/session`);
    expect(res.status).toBe(401);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    await hub.stop();
    await tls.close();
  });
});

describe('live hub', () => {
  it('cuts customer ids and comments out of the events a redacted stream gets, and only there', async () => {
    const hub = new LiveHub('127.0.0.1:1');
    const srv = createServer((req, res) => hub.subscribe('acme', res, req.url === '/redacted'));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const at = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    const open = async (p: string) => {
      const reader = (await fetch(`${at}${p}`)).body!.pipeThrough(new TextDecoderStream()).getReader();
      await reader.read();
      return reader;
    };
    const [plain, redacted] = await Promise.all([open('/plain'), open('/redacted')]);
    hub.publish('acme', {
      type: 'action',
      data: {
        change: 'opened',
        actor: 'system',
        action: {
          id: 'a-1',
          title: 'Call back anna',
          customerId: 'anna',
          description: 'said: rotto',
        } as never,
      },
    });
    const [p, r] = [(await plain.read()).value!, (await redacted.read()).value!];
    expect(p).toContain('"customerId":"anna"');
    expect(r).not.toContain('anna');
    expect(r).not.toContain('rotto');
    expect(r).toContain('"customerId":"[redacted]"');
    await Promise.all([plain.cancel(), redacted.cancel()]);
    await hub.stop();
    srv.closeAllConnections();
    await new Promise((res) => srv.close(res));
  });
});

describe('console config', () => {
  it('derives the upstreams from the service ports, and refuses a bad port', () => {
    const c = loadConsoleConfig({ LISTEN_PORT: '4001', CONSOLE_PORT: '4000' }, '/repo');
    expect(c.port).toBe(4000);
    expect(c.upstreams).toEqual({
      listen: 'http://127.0.0.1:4001',
      measure: 'http://127.0.0.1:3002',
      act: 'http://127.0.0.1:3003',
    });
    expect(c.webDir).toBe('/repo/dist/console-web');
    expect(() => loadConsoleConfig({ CONSOLE_PORT: 'x' }, '/')).toThrow(/CONSOLE_PORT must be a port/);
  });
});
