/**
 * The console's HTTP server: the built front-end, a proxy to the three services under
 * `/api/{listen,measure,act}/…` (the browser talks to one origin and sends the tenant key it
 * signed in with; the services authorise every call), `GET /api/session` (who the key belongs
 * to) and `GET /api/events` (Server-Sent Events of the tenant's action changes and feedback).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Principal } from '@continuum/persistence';
import { UPSTREAMS, type ConsoleConfig, type Upstream } from './console.config';
import type { LiveHub } from './live';

export interface KeyResolver {
  resolve(key: string): Promise<Principal | null>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** Request headers passed on to a service; everything else (cookies, hop-by-hop) stays here. */
const FORWARDED = ['authorization', 'content-type', 'accept', 'if-match'];
const MAX_BODY = 5 * 1024 * 1024;

function problem(res: ServerResponse, status: number, title: string, detail: string): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function bearer(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m ? m[1] : null;
}

export class ConsoleServer {
  private server: Server | null = null;

  constructor(
    private readonly config: ConsoleConfig,
    private readonly keys: KeyResolver,
    private readonly live: LiveHub,
  ) {}

  async listen(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent)
          problem(res, 500, 'Internal error', err instanceof Error ? err.message : String(err));
        else res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.config.port, this.config.host, resolve));
  }

  /** The port actually bound (CONSOLE_PORT, or the one the OS chose for 0). */
  get port(): number {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a.port : this.config.port;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://console');
    const p = url.pathname;
    if (p === '/health/live') return this.json(res, 200, { status: 'ok' });
    if (p === '/health/ready')
      return this.live.ready
        ? this.json(res, 200, { status: 'ok' })
        : this.json(res, 503, { status: 'starting', detail: 'live-update consumer not yet joined' });
    if (p === '/api/session' || p === '/api/events') {
      const key = bearer(req);
      const principal = key ? await this.keys.resolve(key) : null;
      if (!principal) return problem(res, 401, 'Unauthorized', 'a valid tenant API key is required');
      if (p === '/api/session') return this.json(res, 200, principal);
      return this.live.subscribe(principal.tenantId, res);
    }
    const api = /^\/api\/(listen|measure|act)(\/.*)$/.exec(p);
    if (api) return this.proxy(api[1] as Upstream, api[2] + url.search, req, res);
    if (p.startsWith('/api/')) return problem(res, 404, 'Not found', `no route ${p}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return problem(res, 405, 'Method not allowed', p);
    return this.static(p, res);
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async proxy(target: Upstream, pathAndQuery: string, req: IncomingMessage, res: ServerResponse) {
    if (!UPSTREAMS.includes(target)) return problem(res, 404, 'Not found', target);
    const headers: Record<string, string> = {};
    for (const h of FORWARDED) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const method = req.method ?? 'GET';
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
    if (body === null) return problem(res, 413, 'Payload too large', `at most ${MAX_BODY} bytes`);
    let upstream: Response;
    try {
      upstream = await fetch(`${this.config.upstreams[target]}${pathAndQuery}`, {
        method,
        headers,
        body: body && body.length > 0 ? body : undefined,
        redirect: 'manual',
      });
    } catch (err) {
      return problem(res, 502, 'Bad gateway', `${target} is not reachable: ${(err as Error).message}`);
    }
    const out: Record<string, string> = {};
    for (const h of ['content-type', 'etag', 'retry-after', 'location']) {
      const v = upstream.headers.get(h);
      if (v) out[h] = v;
    }
    res.writeHead(upstream.status, out);
    res.end(Buffer.from(await upstream.arrayBuffer()));
  }

  private async static(p: string, res: ServerResponse): Promise<void> {
    const root = this.config.webDir;
    const file = path.resolve(root, `.${decodeURIComponent(p)}`);
    const inside = file === root || file.startsWith(root + path.sep);
    let target = path.join(root, 'index.html');
    if (inside && p !== '/') {
      const s = await stat(file).catch(() => null);
      if (s?.isFile()) target = file;
    }
    const s = await stat(target).catch(() => null);
    if (!s) return problem(res, 503, 'Console not built', `no ${target}: run npm run build:console`);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream',
      'content-length': String(s.size),
      'cache-control': target.includes(`${path.sep}assets${path.sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    });
    createReadStream(target).pipe(res);
  }
}
