/** The console's environment, checked at start-up: a bad value stops it with a clear message. */
import 'reflect-metadata';
import path from 'node:path';
import { BaseServiceConfig, loadConfig } from '@continuum/platform';

export interface OidcSettings {
  /** The identity provider, exactly as its tokens' `iss` says (CONSOLE_OIDC_ISSUER, else AUTH_ISSUER). */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokenAuth: 'client_secret_basic' | 'client_secret_post';
  /** Scopes asked for at sign-in; `openid` always. */
  readonly scopes: string;
  /** RFC 8707 `resource` sent at sign-in (the API's audience); empty for IdPs that take the audience from a scope. */
  readonly resource: string;
}

export interface ConsoleConfig {
  readonly port: number;
  readonly host: string;
  readonly upstreams: Readonly<Record<Upstream, string>>;
  readonly kafkaBrokers: string;
  readonly databaseUrl: string;
  /** The built front-end (vite's output). */
  readonly webDir: string;
  /** Where browsers reach the console: redirect URIs are built from it; https means Secure cookies and HSTS. */
  readonly publicUrl: string;
  /** Sign-in with OpenID Connect; null when no issuer is configured (then only API keys in headers work). */
  readonly oidc: OidcSettings | null;
  /** How tokens map to tenant, person, roles and teams: the services' AUTH_* settings. */
  readonly auth: BaseServiceConfig;
  /** A session ends after this long without a request … */
  readonly sessionIdleSeconds: number;
  /** … and this long after sign-in, whatever happens. */
  readonly sessionMaxSeconds: number;
  /** Test-only: `GET /api/_fault` throws, to show what a 5xx looks like. */
  readonly faultRoute: boolean;
}

export type Upstream = 'listen' | 'measure' | 'act';
export const UPSTREAMS: readonly Upstream[] = ['listen', 'measure', 'act'];

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new Error(`${name} must be a port (1–65535), got "${raw}"`);
  return n;
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  try {
    return new URL(raw).toString().replace(/\/$/, '');
  } catch {
    throw new Error(`${name} must be a URL, got "${raw}"`);
  }
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return n;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function oidcSettings(env: NodeJS.ProcessEnv): OidcSettings | null {
  const issuer = env.CONSOLE_OIDC_ISSUER || env.AUTH_ISSUER;
  if (!issuer) return null;
  let u: URL;
  try {
    u = new URL(issuer);
  } catch {
    throw new Error(`CONSOLE_OIDC_ISSUER must be a URL, got "${issuer}"`);
  }
  // Plain HTTP only to a provider on this machine (the local development provider).
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname)))
    throw new Error(`CONSOLE_OIDC_ISSUER must be https (http only on loopback), got "${issuer}"`);
  const clientSecret = env.CONSOLE_OIDC_CLIENT_SECRET ?? '';
  if (!clientSecret)
    throw new Error(
      'CONSOLE_OIDC_CLIENT_SECRET is required when an issuer is configured (bash infra/oidc/oidc.sh secret)',
    );
  const tokenAuth = env.CONSOLE_OIDC_TOKEN_AUTH || 'client_secret_basic';
  if (tokenAuth !== 'client_secret_basic' && tokenAuth !== 'client_secret_post')
    throw new Error(
      `CONSOLE_OIDC_TOKEN_AUTH must be client_secret_basic or client_secret_post, got "${tokenAuth}"`,
    );
  return {
    issuer,
    clientId: env.CONSOLE_OIDC_CLIENT_ID || 'continuum-console',
    clientSecret,
    tokenAuth,
    scopes: env.CONSOLE_OIDC_SCOPES || 'openid profile email api',
    resource: env.CONSOLE_OIDC_RESOURCE ?? env.AUTH_AUDIENCE ?? 'urn:continuum:api',
  };
}

export function loadConsoleConfig(env: NodeJS.ProcessEnv, root: string): ConsoleConfig {
  const host = env.HOST || '127.0.0.1';
  const consolePort = port(env, 'CONSOLE_PORT', 3000);
  const publicUrl = url(env, 'CONSOLE_PUBLIC_URL', `http://127.0.0.1:${consolePort}`);
  return {
    port: consolePort,
    host,
    upstreams: {
      listen: url(env, 'CONSOLE_LISTEN_URL', `http://127.0.0.1:${port(env, 'LISTEN_PORT', 3001)}`),
      measure: url(env, 'CONSOLE_MEASURE_URL', `http://127.0.0.1:${port(env, 'MEASURE_PORT', 3002)}`),
      act: url(env, 'CONSOLE_ACT_URL', `http://127.0.0.1:${port(env, 'ACT_PORT', 3003)}`),
    },
    kafkaBrokers: env.KAFKA_BROKERS || '127.0.0.1:9092',
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/continuum',
    webDir: path.resolve(root, env.CONSOLE_WEB_DIR || 'dist/console-web'),
    publicUrl,
    oidc: oidcSettings(env),
    auth: loadConfig(BaseServiceConfig, env),
    sessionIdleSeconds: positive(env, 'CONSOLE_SESSION_IDLE_MINUTES', 30) * 60,
    sessionMaxSeconds: positive(env, 'CONSOLE_SESSION_MAX_HOURS', 12) * 3600,
    faultRoute: env.CONSOLE_FAULT_ROUTE === '1',
  };
}
