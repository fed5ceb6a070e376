/**
 * The console's HTTP server: the built front-end; sign-in with OpenID Connect (`/auth/login`,
 * `/auth/callback`, `POST /auth/logout`) into a server-side session; a proxy to the three services
 * under `/api/{listen,measure,act}/…` that forwards the signed-in person's access token (never a
 * shared key), so every service authorises every call itself; `GET /api/session` (who is signed
 * in, with their roles, teams, permissions and CSRF token) and `GET /api/events` (Server-Sent
 * Events of the tenant's action changes and feedback, for callers who may read, customer data
 * redacted for those who may not see it).
 *
 * Machines may call the same routes with `Authorization: Bearer <API key or access token>`
 * instead of a session cookie; such requests need no CSRF token (a browser never adds that header
 * on its own). Every answer carries the security headers; a 5xx names a correlation id only.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Principal } from '@continuum/persistence';
import {
  grantsOfRoles,
  grantsOfScopes,
  IssuerUnavailable,
  looksLikeJwt,
  ROLES,
  scopeFor,
  TokenRejected,
  type BearerVerifier,
  type Permission,
  type Reach,
  type Role,
  type TokenIdentity,
} from '@continuum/platform';
import { UPSTREAMS, type ConsoleConfig, type Upstream } from './console.config';
import type { LiveHub } from './live';
import { log } from './log';
import type { RelyingParty } from './oidc';
import type { Session, SessionStore } from './sessions';

/** What the console needs from the tenant directory: keys, tenants, people's memberships. */
export interface Directory {
  resolve(key: string): Promise<Principal | null>;
  knownTenant(id: string): Promise<boolean>;
  membership(
    tenantId: string,
    subject: string,
    email: string | null,
  ): Promise<{ readonly roles: readonly string[]; readonly teams: readonly string[] }>;
}

export interface ConsoleDeps {
  readonly directory: Directory;
  readonly live: LiveHub;
  /** Sessions and the relying party: null when no identity provider is configured. */
  readonly sessions: SessionStore | null;
  readonly rp: RelyingParty | null;
  readonly bearer: BearerVerifier | null;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Request headers passed on to a service; everything else (cookies, hop-by-hop) stays here. */
const FORWARDED = ['content-type', 'accept', 'if-match'];
const MAX_BODY = 5 * 1024 * 1024;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** No inline script or style anywhere: the front-end is files from this origin only. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

/** Who is calling, what they may do, and the credential the services get from us. */
export interface ConsoleCaller {
  readonly via: 'session' | 'key' | 'token';
  readonly tenantId: string;
  readonly grants: ReadonlyMap<Permission, Reach>;
  /** The Authorization header for the services: the person's access token or the caller's own. */
  readonly authorization: string;
  readonly session?: Session;
  /** What `GET /api/session` answers. */
  readonly view: Record<string, unknown>;
}

function problem(res: ServerResponse, status: number, title: string, detail: string, extra = {}): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail, ...extra }));
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

function cookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function grantsView(grants: ReadonlyMap<Permission, Reach>): Record<string, Reach> {
  return Object.fromEntries(grants);
}

export class ConsoleServer {
  private server: Server | null = null;
  private readonly tls: boolean;
  private readonly sessionCookie: string;
  private readonly loginCookie: string;

  constructor(
    private readonly config: ConsoleConfig,
    private readonly deps: ConsoleDeps,
  ) {
    this.tls = config.publicUrl.startsWith('https:');
    // `__Host-` binds the cookie to this exact origin; browsers accept it only with Secure.
    this.sessionCookie = this.tls ? '__Host-continuum_session' : 'continuum_session';
    this.loginCookie = this.tls ? '__Host-continuum_login' : 'continuum_login';
  }

  async listen(): Promise<void> {
    this.server = createServer((req, res) => {
      this.securityHeaders(res);
      this.handle(req, res).catch((err: unknown) => this.fail(req, res, err));
    });
    // As the services (libs/platform bootstrap): idle sockets outlive the clients' own idle
    // timeouts, so no request is sent on a socket closing at that instant ("other side closed").
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
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

  private securityHeaders(res: ServerResponse): void {
    res.setHeader('content-security-policy', CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (this.tls) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
  }

  /** A known refusal as its problem; anything else as a 500 naming only a correlation id (the log has the rest). */
  private fail(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    if (err instanceof HttpProblem) {
      if (!res.headersSent) return problem(res, err.status, err.title, err.detail, err.extra);
      return void res.end();
    }
    const correlationId = randomUUID().replace(/-/g, '');
    log('error', 'request failed', {
      correlationId,
      method: req.method,
      path: (req.url ?? '').split('?')[0],
      error: err instanceof Error ? err.message : String(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    if (res.headersSent) return void res.end();
    problem(
      res,
      500,
      'Internal error',
      `something went wrong on our side; quote correlation id ${correlationId} when you report it`,
      { correlationId },
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://console');
    const p = url.pathname;
    const method = req.method ?? 'GET';
    if (p === '/health/live') return this.json(res, 200, { status: 'ok' });
    if (p === '/health/ready')
      return this.deps.live.ready
        ? this.json(res, 200, { status: 'ok' })
        : this.json(res, 503, { status: 'starting', detail: 'live-update consumer not yet joined' });
    if (p.startsWith('/auth/')) {
      res.setHeader('cache-control', 'no-store');
      if (p === '/auth/login' && method === 'GET') return this.login(url, res);
      if (p === '/auth/callback' && method === 'GET') return this.callback(req, url, res);
      if (p === '/auth/logout' && method === 'POST') return this.logout(req, res);
      return problem(res, 404, 'Not found', `no route ${method} ${p}`);
    }
    if (p.startsWith('/api/')) {
      res.setHeader('cache-control', 'no-store');
      if (p === '/api/_fault' && this.config.faultRoute)
        throw new Error('forced fault: connection to db.internal:5432 refused (password=hunter2)');
      const caller = await this.authenticate(req);
      if (!caller)
        return problem(res, 401, 'Unauthorized', 'sign in first (or send Authorization: Bearer <API key>)');
      if (!SAFE_METHODS.has(method) && caller.via === 'session') this.checkCsrf(req, caller.session!);
      // A key that may not read (an ingest-only one) gets nothing here, not even who it is.
      if (caller.via === 'key' && !caller.grants.has('read')) throw this.forbidden(caller, 'read');
      if (p === '/api/session') return this.json(res, 200, caller.view);
      if (p === '/api/events') {
        if (!caller.grants.has('read')) throw this.forbidden(caller, 'read');
        return this.deps.live.subscribe(caller.tenantId, res, !caller.grants.has('read:customers'));
      }
      const api = /^\/api\/(listen|measure|act)(\/.*)$/.exec(p);
      if (api) return this.proxy(api[1] as Upstream, api[2] + url.search, caller, req, res);
      return problem(res, 404, 'Not found', `no route ${p}`);
    }
    if (method !== 'GET' && method !== 'HEAD') return problem(res, 405, 'Method not allowed', p);
    return this.static(p, res);
  }

  private forbidden(caller: ConsoleCaller, permission: Permission): HttpProblem {
    return new HttpProblem(
      403,
      'Forbidden',
      caller.via === 'key'
        ? `this key lacks the "${scopeFor(permission)}" scope`
        : `your roles do not allow "${permission}"`,
      { permission },
    );
  }

  private checkCsrf(req: IncomingMessage, session: Session): void {
    const token = req.headers['x-csrf-token'];
    const origin = req.headers.origin;
    const okOrigin = origin === undefined || origin === new URL(this.config.publicUrl).origin;
    if (typeof token !== 'string' || !sameSecret(token, session.csrfToken) || !okOrigin)
      throw new HttpProblem(
        403,
        'Forbidden',
        'a change from the console needs its CSRF token in X-CSRF-Token (from GET /api/session) and this origin',
      );
  }

  // ------------------------------------------------------------ who is calling ---

  /** The caller of an /api request: an Authorization header if sent, else the session cookie. */
  async authenticate(req: IncomingMessage): Promise<ConsoleCaller | null> {
    const credential = bearer(req);
    if (credential) return looksLikeJwt(credential) ? this.byToken(credential) : this.byKey(credential);
    const id = cookies(req).get(this.sessionCookie);
    if (!id || !this.deps.sessions) return null;
    return this.bySession(id);
  }

  private async byKey(key: string): Promise<ConsoleCaller | null> {
    const p = await this.deps.directory.resolve(key);
    if (!p) return null;
    const grants = grantsOfScopes(p.scopes);
    return {
      via: 'key',
      tenantId: p.tenantId,
      grants,
      authorization: `Bearer ${key}`,
      view: { kind: 'key', ...p, permissions: grantsView(grants) },
    };
  }

  private async byToken(token: string): Promise<ConsoleCaller | null> {
    if (!this.deps.bearer) return null;
    let id: TokenIdentity;
    try {
      id = await this.deps.bearer.verify(token);
    } catch (err) {
      if (err instanceof TokenRejected) throw new HttpProblem(401, 'Unauthorized', err.reason);
      if (err instanceof IssuerUnavailable)
        throw new HttpProblem(
          503,
          'Service unavailable',
          'the identity provider cannot be reached; retry later',
        );
      throw err;
    }
    if (!(await this.deps.directory.knownTenant(id.tenantId)))
      throw new HttpProblem(401, 'Unauthorized', `unknown tenant "${id.tenantId}" in the token`);
    return this.personCaller('token', id, token);
  }

  /** A person's caller, by token or by session: the same membership, grants and view for both. */
  private async personCaller(
    via: 'token' | 'session',
    who: TokenIdentity | Session,
    accessToken: string,
    session?: Session,
  ): Promise<ConsoleCaller> {
    const { roles, teams } = await this.membership(
      who.tenantId,
      who.subject,
      who.email,
      who.roles,
      who.teams,
    );
    const grants = grantsOfRoles(roles);
    return {
      via,
      tenantId: who.tenantId,
      grants,
      authorization: `Bearer ${accessToken}`,
      ...(session && { session }),
      view: {
        kind: 'user',
        tenantId: who.tenantId,
        subject: who.subject,
        name: who.name,
        ...(session && { email: session.email }),
        roles,
        teams,
        permissions: grantsView(grants),
        ...(session && { csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() }),
      },
    };
  }

  /** Roles and teams as the services compute them: the token's groups and/or the user directory. */
  private async membership(
    tenantId: string,
    subject: string,
    email: string | null,
    fromGroups: readonly string[],
    teamsFromGroups: readonly string[],
  ): Promise<{ roles: Role[]; teams: string[] }> {
    const mode = this.config.auth.AUTH_MEMBERSHIP;
    const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
    let roles = mode === 'directory' ? [] : fromGroups.filter(isRole);
    let teams = mode === 'directory' ? [] : [...teamsFromGroups];
    if (mode !== 'groups') {
      const d = await this.deps.directory.membership(tenantId, subject, email);
      roles = [...new Set([...roles, ...d.roles.filter(isRole)])];
      teams = [...new Set([...teams, ...d.teams])];
    }
    return { roles, teams };
  }

  private async bySession(id: string): Promise<ConsoleCaller | null> {
    const store = this.deps.sessions!;
    let s = await store.touch(id);
    if (!s) return null;
    // The access token is about to lapse: refresh it if the provider gave a refresh token, else the session ends.
    if (s.accessExpiresAt.getTime() - Date.now() < 15_000) {
      if (!s.refreshToken || !this.deps.rp) {
        await store.destroy(id);
        return null;
      }
      try {
        const t = await this.deps.rp.refresh(s.refreshToken);
        await store.updateTokens(id, t);
        s = { ...s, ...t };
      } catch (err) {
        log('warn', 'token refresh failed; the session ends', { error: String(err) });
        await store.destroy(id);
        return null;
      }
    }
    return this.personCaller('session', s, s.accessToken, s);
  }

  // ------------------------------------------------------------------ sign-in ---

  private cookie(name: string, value: string, opts: { path: string; maxAge: number }): string {
    return [
      `${name}=${value}`,
      `Path=${opts.path}`,
      `Max-Age=${opts.maxAge}`,
      'HttpOnly',
      'SameSite=Lax',
      ...(this.tls ? ['Secure'] : []),
    ].join('; ');
  }

  private page(res: ServerResponse, status: number, title: string, message: string): void {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · Continuum</title></head>` +
        `<body><h1>${esc(title)}</h1><p role="alert" data-testid="auth-error">${esc(message)}</p>` +
        `<p><a href="/auth/login">Sign in again</a></p></body></html>`,
    );
  }

  private async login(url: URL, res: ServerResponse): Promise<void> {
    const { rp, sessions } = this.deps;
    if (!rp || !sessions)
      return this.page(
        res,
        503,
        'Sign-in is not configured',
        'set CONSOLE_OIDC_ISSUER (or AUTH_ISSUER) and the client',
      );
    const wanted = url.searchParams.get('returnTo') ?? '/';
    // Only a path of this console: never an open redirect.
    const returnTo = /^\/(?![/\\])/.test(wanted) ? wanted : '/';
    let start;
    try {
      start = await rp.start();
    } catch (err) {
      log('warn', 'identity provider unreachable', { error: String(err) });
      return this.page(
        res,
        503,
        'Sign-in unavailable',
        'the identity provider cannot be reached; try again shortly',
      );
    }
    const id = await sessions.begin({ ...start, returnTo });
    res.writeHead(303, {
      location: start.url,
      'set-cookie': this.cookie(this.loginCookie, id, { path: '/auth', maxAge: 600 }),
    });
    res.end();
  }

  private async callback(req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const { rp, sessions, bearer: verifier } = this.deps;
    if (!rp || !sessions || !verifier)
      return this.page(
        res,
        503,
        'Sign-in is not configured',
        'set CONSOLE_OIDC_ISSUER (or AUTH_ISSUER) and the client',
      );
    const clearLogin = this.cookie(this.loginCookie, '', { path: '/auth', maxAge: 0 });
    res.setHeader('set-cookie', clearLogin);
    const loginId = cookies(req).get(this.loginCookie);
    const pending = loginId ? await sessions.finish(loginId) : null;
    if (!pending)
      return this.page(
        res,
        400,
        'Sign-in failed',
        'this sign-in expired or was started in another browser; start again',
      );
    const error = url.searchParams.get('error');
    if (error)
      return this.page(
        res,
        400,
        'Sign-in failed',
        `${error}: ${url.searchParams.get('error_description') ?? ''}`,
      );
    let signed;
    try {
      signed = await rp.finish(new URL(`${url.pathname}${url.search}`, this.config.publicUrl), pending);
    } catch (err) {
      log('warn', 'sign-in refused', { error: String(err) });
      return this.page(res, 400, 'Sign-in failed', err instanceof Error ? err.message : String(err));
    }
    let id: TokenIdentity;
    try {
      id = await verifier.verify(signed.accessToken);
    } catch (err) {
      if (err instanceof TokenRejected)
        return this.page(res, 403, 'Sign-in refused', `the access token is not acceptable: ${err.reason}`);
      throw err;
    }
    if (!(await this.deps.directory.knownTenant(id.tenantId)))
      return this.page(res, 403, 'Sign-in refused', `Continuum has no tenant "${id.tenantId}"`);
    const idName = signed.claims.name;
    const { id: sessionId } = await sessions.create({
      tenantId: id.tenantId,
      subject: id.subject,
      name: typeof idName === 'string' && idName ? idName : id.name,
      email: id.email,
      roles: id.roles,
      teams: id.teams,
      accessToken: signed.accessToken,
      accessExpiresAt: signed.accessExpiresAt,
      refreshToken: signed.refreshToken,
      idToken: signed.idToken,
    });
    log('log', 'signed in', { tenantId: id.tenantId, subject: id.subject });
    res.writeHead(303, {
      location: pending.returnTo,
      'set-cookie': [
        clearLogin,
        this.cookie(this.sessionCookie, sessionId, { path: '/', maxAge: this.config.sessionMaxSeconds }),
      ],
    });
    res.end();
  }

  /** Ends the console session and answers where to send the browser: the provider's logout page. */
  private async logout(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = cookies(req).get(this.sessionCookie);
    const store = this.deps.sessions;
    const s = id && store ? await store.touch(id) : null;
    if (s) this.checkCsrf(req, s);
    if (id && store) await store.destroy(id);
    res.setHeader('set-cookie', this.cookie(this.sessionCookie, '', { path: '/', maxAge: 0 }));
    const logoutUrl = this.deps.rp
      ? await this.deps.rp.logoutUrl(s?.idToken ?? null).catch(() => null)
      : null;
    if (s) log('log', 'signed out', { tenantId: s.tenantId, subject: s.subject });
    this.json(res, 200, { logoutUrl: logoutUrl ?? '/' });
  }

  // -------------------------------------------------------------------- proxy ---

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async proxy(
    target: Upstream,
    pathAndQuery: string,
    caller: ConsoleCaller,
    req: IncomingMessage,
    res: ServerResponse,
  ) {
    if (!UPSTREAMS.includes(target)) return problem(res, 404, 'Not found', target);
    const headers: Record<string, string> = { authorization: caller.authorization };
    for (const h of FORWARDED) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    // The services record who changed what from which address: the browser's, as seen here.
    if (req.socket.remoteAddress) headers['x-forwarded-for'] = req.socket.remoteAddress;
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
      const correlationId = randomUUID().replace(/-/g, '');
      log('warn', `${target} is not reachable`, { correlationId, error: String(err) });
      return problem(res, 502, 'Bad gateway', `${target} is not reachable; retry later`, { correlationId });
    }
    const out: Record<string, string> = {};
    for (const h of ['content-type', 'etag', 'retry-after', 'location', 'traceresponse']) {
      const v = upstream.headers.get(h);
      if (v) out[h] = v;
    }
    res.writeHead(upstream.status, out);
    res.end(Buffer.from(await upstream.arrayBuffer()));
  }

  private async static(p: string, res: ServerResponse): Promise<void> {
    const root = this.config.webDir;
    let decoded: string;
    try {
      decoded = decodeURIComponent(p);
    } catch {
      decoded = '/';
    }
    const file = path.resolve(root, `.${decoded}`);
    const inside = file === root || file.startsWith(root + path.sep);
    let target = path.join(root, 'index.html');
    if (inside && p !== '/') {
      const s = await stat(file).catch(() => null);
      if (s?.isFile()) target = file;
    }
    const s = await stat(target).catch(() => null);
    if (!s)
      return problem(res, 503, 'Console not built', 'the front-end is not built: run npm run build:console');
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
