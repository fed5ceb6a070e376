/**
 * Signing in to the local OpenID Provider (infra/oidc) without a browser: the real authorization
 * code + PKCE flow over HTTP — authorize, the login form, the consent form, the code, the token
 * endpoint — with a cookie jar, as a browser would. Tests sign in as any user of the users file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, TEST_OIDC_ISSUER, TEST_OIDC_PORT, TEST_SLOT } from './stack';

/** The API resource (audience) of Continuum's access tokens. */
export const API_RESOURCE = 'urn:continuum:api';
/** A second resource the test provider knows: its tokens carry another audience. */
export const OTHER_RESOURCE = 'urn:continuum:other-api';
/** A public client of the test provider whose API tokens expire within seconds. */
export const SHORT_LIVED_CLIENT = 'continuum-test-short-lived';

/** The users file of the test provider (written by the global setup, extended by tests). */
export const TEST_OIDC_USERS_FILE = path.join(ROOT, '.continuum', `test-oidc-users-${TEST_SLOT}.json`);

/** The test console's origin (TEST_PORTS.console; not imported to keep this file free of processes). */
export const TEST_CONSOLE_ORIGIN = `http://127.0.0.1:${13000 + 10 * TEST_SLOT}`;

/** continuum-console's client secret at the test provider (test-only, per slot). */
export const TEST_CONSOLE_SECRET = `continuum-console-test-secret-${TEST_SLOT}`;

export function testOidcEnv(): NodeJS.ProcessEnv {
  return {
    OIDC_PORT: String(TEST_OIDC_PORT),
    OIDC_USERS_FILE: TEST_OIDC_USERS_FILE,
    OIDC_TEST_CLIENTS: '1',
    // The test console signs people in through this provider.
    OIDC_CONSOLE_REDIRECT_URIS: `${TEST_CONSOLE_ORIGIN}/auth/callback`,
    OIDC_CONSOLE_POST_LOGOUT_REDIRECT_URIS: `${TEST_CONSOLE_ORIGIN}/`,
    OIDC_CONSOLE_SECRET: TEST_CONSOLE_SECRET,
  };
}

export interface OidcUser {
  readonly sub: string;
  readonly login: string;
  readonly password: string;
  readonly name: string;
  readonly email?: string;
  readonly tenant: string;
  readonly groups: readonly string[];
}

function readUsers(file: string): OidcUser[] {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { users: OidcUser[] }).users : [];
}

/** Adds (or replaces, by sub) users in the provider's users file; it re-reads the file on change. */
export function addOidcUsers(users: readonly OidcUser[], file = TEST_OIDC_USERS_FILE): void {
  const subs = new Set(users.map((u) => u.sub));
  const all = [...readUsers(file).filter((u) => !subs.has(u.sub)), ...users];
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ users: all }, null, 2), { mode: 0o600 });
  renameSync(tmp, file);
}

/** A user per role of a tenant (agents of `logistics` and `customer-care`), with groups the services map by default. */
export function usersOfTenant(
  tenant: string,
): Record<'admin' | 'manager' | 'agentA' | 'agentB' | 'viewer', OidcUser> {
  const u = (role: string, name: string, groups: string[]): OidcUser => ({
    sub: `${tenant}-${role}`,
    login: `${role}@${tenant}`,
    password: `${role}-${tenant}-pw`,
    name: `${name} (${tenant})`,
    email: `${role}@${tenant}.test`,
    tenant,
    groups,
  });
  return {
    admin: u('admin', 'Ada Admin', ['continuum-admins']),
    manager: u('manager', 'Marco Manager', ['continuum-managers']),
    agentA: u('agent-a', 'Lucia Logistics', ['continuum-agents', 'team:logistics']),
    agentB: u('agent-b', 'Carlo Care', ['continuum-agents', 'team:customer-care']),
    viewer: u('viewer', 'Vera Viewer', ['continuum-viewers']),
  };
}

/** A minimal cookie jar for one origin: enough for the provider's session and interaction cookies. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v] = a.split('=').map((s) => s.trim().toLowerCase());
        return (k === 'max-age' && Number(v) <= 0) || (k === 'expires' && Date.parse(v) < Date.now());
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface SignInOptions {
  readonly issuer?: string;
  readonly clientId?: string;
  readonly resource?: string;
  readonly scope?: string;
  readonly redirectUri?: string;
}

export interface Tokens {
  readonly accessToken: string;
  readonly idToken: string;
  readonly expiresIn: number;
}

export class SignInError extends Error {
  override readonly name = 'SignInError';
}

const b64url = (b: Buffer) => b.toString('base64url');

/**
 * Signs `login` in with `password` through the provider's own pages and returns its tokens. A
 * wrong password throws SignInError with the page's message.
 */
export async function signIn(login: string, password: string, o: SignInOptions = {}): Promise<Tokens> {
  const issuer = o.issuer ?? TEST_OIDC_ISSUER;
  const clientId = o.clientId ?? 'continuum-cli';
  const redirectUri = o.redirectUri ?? 'http://127.0.0.1/callback';
  const resource = o.resource ?? API_RESOURCE;
  const jar = new CookieJar();
  const verifier = b64url(randomBytes(32));
  const state = b64url(randomBytes(12));
  const go = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(new URL(url, issuer), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.take(res);
    return res;
  };
  const form = (fields: Record<string, string>): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const authorize = new URL('/auth', issuer);
  for (const [k, v] of Object.entries({
    client_id: clientId,
    response_type: 'code',
    scope: o.scope ?? 'openid profile email api',
    redirect_uri: redirectUri,
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    state,
    resource,
  }))
    authorize.searchParams.set(k, v);

  let res = await go(authorize.href);
  for (let hops = 0; hops < 12; hops++) {
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, issuer);
      if (next.href.startsWith(redirectUri)) {
        if (next.searchParams.get('error'))
          throw new SignInError(
            `${next.searchParams.get('error')}: ${next.searchParams.get('error_description')}`,
          );
        if (next.searchParams.get('state') !== state) throw new SignInError('state mismatch');
        return await exchange(
          issuer,
          clientId,
          redirectUri,
          resource,
          verifier,
          next.searchParams.get('code')!,
        );
      }
      res = await go(next.href);
      continue;
    }
    const html = await res.text();
    const interaction = /action="(\/interaction\/[\w-]+)\/(login|confirm)"/.exec(html);
    if (res.status === 401 || !interaction) {
      const error = /role="alert"[^>]*>([^<]*)</.exec(html)?.[1];
      throw new SignInError(error ?? `unexpected answer ${res.status} from the provider`);
    }
    res =
      interaction[2] === 'login'
        ? await go(`${interaction[1]}/login`, form({ login, password }))
        : await go(`${interaction[1]}/confirm`, form({}));
  }
  throw new SignInError('too many redirects');
}

async function exchange(
  issuer: string,
  clientId: string,
  redirectUri: string,
  resource: string,
  verifier: string,
  code: string,
): Promise<Tokens> {
  const res = await fetch(new URL('/token', issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: clientId,
      resource,
    }).toString(),
  });
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok)
    throw new SignInError(`token endpoint: ${String(body.error)}: ${String(body.error_description)}`);
  return {
    accessToken: String(body.access_token),
    idToken: String(body.id_token),
    expiresIn: Number(body.expires_in),
  };
}

/** The claims of a JWT, unverified (tests read `exp` to wait for expiry). */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

export interface ConsoleSession {
  /** The Cookie header that carries the console session. */
  readonly cookie: string;
  readonly csrfToken: string;
  /** What GET /api/session answered. */
  readonly session: Record<string, unknown>;
}

/**
 * Signs `login` in to a running console the way a browser does, without one: the console's
 * /auth/login, the provider's login and consent pages, the console's callback (one cookie jar per
 * origin). Returns the session cookie and CSRF token for API calls through the console.
 */
export async function signInToConsole(
  consoleUrl: string,
  login: string,
  password: string,
): Promise<ConsoleSession> {
  const jars = new Map<string, CookieJar>();
  const jar = (u: URL) => jars.get(u.origin) ?? jars.set(u.origin, new CookieJar()).get(u.origin)!;
  const go = async (url: URL, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar(url).header() },
    });
    jar(url).take(res);
    return res;
  };
  const consoleOrigin = new URL(consoleUrl).origin;
  let url = new URL('/auth/login', consoleUrl);
  let res = await go(url);
  for (let hops = 0; hops < 16; hops++) {
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url);
      if (url.origin === consoleOrigin && !url.pathname.startsWith('/auth/')) {
        const cookie = jar(url).header();
        const s = await fetch(new URL('/api/session', consoleUrl), { headers: { cookie } });
        if (!s.ok) throw new SignInError(`console session: ${s.status} ${await s.text()}`);
        const session = (await s.json()) as Record<string, unknown>;
        return { cookie, csrfToken: String(session.csrfToken), session };
      }
      res = await go(url);
      continue;
    }
    const html = await res.text();
    const interaction = /action="(\/interaction\/[\w-]+)\/(login|confirm)"/.exec(html);
    if (!interaction) {
      const error = /role="alert"[^>]*>([^<]*)</.exec(html)?.[1];
      throw new SignInError(error ?? `unexpected answer ${res.status} at ${url.href}`);
    }
    const fields: Record<string, string> = interaction[2] === 'login' ? { login, password } : {};
    url = new URL(`${interaction[1]}/${interaction[2]}`, url);
    res = await go(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
  throw new SignInError('too many redirects');
}
