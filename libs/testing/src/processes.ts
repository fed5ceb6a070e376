/** Starts Continuum services as real child processes, the way `npm start` does. */
import { spawn, execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { TEST_CONSOLE_SECRET } from './oidc';
import {
  ROOT,
  TEST_OIDC_ISSUER,
  TEST_SLOT,
  testActSecretKey,
  testCollectTokenSecret,
  testDlqKeys,
  type TestStack,
} from './stack';

export type ServiceName = 'listen' | 'measure' | 'act' | 'console' | 'collect';
/** The three services of the loop (the console only reads through them; collect is public). */
export type LoopServiceName = Exclude<ServiceName, 'console' | 'collect'>;

export const TEST_PORTS: Record<ServiceName, number> = {
  listen: 13001 + 10 * TEST_SLOT,
  measure: 13002 + 10 * TEST_SLOT,
  act: 13003 + 10 * TEST_SLOT,
  console: 13000 + 10 * TEST_SLOT,
  collect: 13004 + 10 * TEST_SLOT,
};

export interface RunningService {
  readonly name: ServiceName;
  readonly url: string;
  readonly process: ChildProcess;
  /** SIGTERM and wait: the graceful path. */
  stop(): Promise<number | null>;
  /** SIGKILL: the crash path. */
  kill(): Promise<void>;
}

/**
 * The services' V8 flags (infra/service-node-options, also in infra/Dockerfile): a capped old
 * space keeps a service's resident memory within budget under a backlog.
 */
export function serviceNodeOptions(current: string | undefined): string {
  const own = readFileSync(path.join(ROOT, 'infra', 'service-node-options'), 'utf8').trim();
  return [current, own].filter((o) => o && o.trim()).join(' ');
}

export function serviceEnv(
  name: ServiceName,
  stack: TestStack,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KAFKA_BROKERS: stack.kafkaBrokers,
    DATABASE_URL: stack.databaseUrl,
    [`${name.toUpperCase()}_PORT`]: String(TEST_PORTS[name]),
    LOG_LEVEL: 'log',
    // Tests poll and post fast from one key; limits are tested where they are set explicitly.
    RATE_LIMIT_PER_SECOND: '100000',
    RATE_LIMIT_BURST: '100000',
    // Receivers in tests listen on 127.0.0.1; the SSRF guard is tested where it is switched on.
    ACT_WEBHOOK_ALLOW_PRIVATE: 'true',
    ACT_SECRET_KEY: testActSecretKey(),
    // Dead letters keep their original sealed for the replay CLI (which gets the private half).
    DLQ_SEAL_PUBLIC_KEY: testDlqKeys().publicKey,
    // listen signs survey links to this slot's collect; collect verifies them.
    COLLECT_TOKEN_SECRET: testCollectTokenSecret(),
    COLLECT_PUBLIC_URL: `http://127.0.0.1:${TEST_PORTS.collect}`,
    // People's access tokens from the test stack's own OpenID Provider; a second of clock skew so
    // tests of expired tokens wait seconds, not the production default.
    AUTH_ISSUER: stack.oidcIssuer ?? TEST_OIDC_ISSUER,
    AUTH_AUDIENCE: 'urn:continuum:api',
    AUTH_CLOCK_SKEW_SECONDS: '1',
    // The console proxies to this slot's services and signs people in at the test provider.
    ...(name === 'console'
      ? {
          CONSOLE_LISTEN_URL: `http://127.0.0.1:${TEST_PORTS.listen}`,
          CONSOLE_MEASURE_URL: `http://127.0.0.1:${TEST_PORTS.measure}`,
          CONSOLE_ACT_URL: `http://127.0.0.1:${TEST_PORTS.act}`,
          CONSOLE_OIDC_CLIENT_SECRET: TEST_CONSOLE_SECRET,
        }
      : {}),
    NODE_OPTIONS: serviceNodeOptions(process.env.NODE_OPTIONS),
    ...extra,
  };
}

export async function waitReady(url: string, timeoutMs = 60_000, proc?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (proc && proc.exitCode !== null) throw new Error(`${url}: process exited with ${proc.exitCode}`);
    try {
      const r = await fetch(`${url}/health/ready`);
      if (r.ok) return;
      last = `${r.status} ${await r.text()}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms: ${last}`);
}

export interface StartOptions {
  /** Another HTTP port than the service's test port (a second instance). */
  readonly port?: number;
  /** The log file under tmp/e2e-logs, without `.log` (default: the service name). */
  readonly logName?: string;
  /** How long to wait for readiness. */
  readonly readyTimeoutMs?: number;
}

export async function startService(
  name: ServiceName,
  stack: TestStack,
  extra: NodeJS.ProcessEnv = {},
  options: StartOptions = {},
): Promise<RunningService> {
  const logDir = path.join(ROOT, 'tmp', 'e2e-logs');
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, `${options.logName ?? name}.log`), { flags: 'a' });
  const portVar = `${name.toUpperCase()}_PORT`;
  // A port in `extra` (the older way to start a second instance) counts as much as options.port.
  const port = options.port ?? (extra[portVar] ? Number(extra[portVar]) : TEST_PORTS[name]);
  const child = spawn('node', ['tools/run.js', `dist/services/${name}/src/main.js`], {
    cwd: ROOT,
    env: { ...serviceEnv(name, stack, extra), [portVar]: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const svc: RunningService = {
    name,
    url,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  try {
    await waitReady(url, options.readyTimeoutMs ?? 60_000, child);
  } catch (err) {
    await svc.kill();
    throw err;
  }
  return svc;
}

/**
 * Services started side by side: if one fails to start, those that did are killed before the
 * error is thrown, so no process outlives its test (and holds its port or closes other tests'
 * cycles).
 */
export async function startAll<const T extends readonly Promise<RunningService>[]>(
  starts: T,
): Promise<{ -readonly [K in keyof T]: RunningService }> {
  const settled = await Promise.allSettled(starts);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.kill() : Promise.resolve())));
    throw failed.reason;
  }
  return settled.map((s) => (s as PromiseFulfilledResult<RunningService>).value) as {
    -readonly [K in keyof T]: RunningService;
  };
}

/** A route a service registers, as `main.js routes` reports it from Nest's metadata. */
export interface ServiceRoute {
  readonly method: string;
  readonly path: string;
  readonly public: boolean;
  readonly permission: string | null;
  readonly scope: 'ingest' | 'read' | 'act' | 'admin' | null;
  readonly roles: ('viewer' | 'agent' | 'manager' | 'admin')[];
}

/** Every route the service registers (asynchronous, so idle keep-alive sockets closing meanwhile are noticed). */
export async function serviceRoutes(stack: TestStack, name: ServiceName): Promise<ServiceRoute[]> {
  const { stdout } = await promisify(execFile)(
    'node',
    ['tools/run.js', `dist/services/${name}/src/main.js`, 'routes'],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: stack.databaseUrl, KAFKA_BROKERS: stack.kafkaBrokers },
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as ServiceRoute[];
}

/** Creates a tenant and issues it a key with every scope, through the operator CLI. */
export function createTenant(stack: TestStack, tenantId: string, scopes = 'ingest,read,admin'): string {
  const env = { ...process.env, DATABASE_URL: stack.databaseUrl };
  const cli = (args: string[]) =>
    execFileSync('node', ['tools/run.js', 'dist/tools/cli.js', ...args], { cwd: ROOT, env }).toString();
  cli(['tenant', 'create', tenantId]);
  return cli(['key', 'issue', tenantId, scopes]).trim();
}

export async function eventually<T>(
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      lastErr = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(
    `condition not met within ${timeoutMs} ms${lastErr ? `: ${lastErr instanceof Error ? lastErr.message : JSON.stringify(lastErr)}` : ''}`,
  );
}

export interface CallOptions {
  /** The media type of a string body (any other body is sent as JSON). */
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

export interface ServiceReply {
  readonly status: number;
  /** The answer's content-type ('' when none). */
  readonly type: string;
  readonly location: string | null;
  readonly text: string;
  /** The parsed answer when it is JSON, else its text; null when empty. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

/**
 * The one request helper of the tests: a request to a running service (or a base URL) with a
 * bearer credential (an API key or an access token; none when null). A string body is sent as it
 * is, with `contentType`; anything else as JSON.
 */
export async function callService(
  svc: Pick<RunningService, 'url'> | string,
  credential: string | null,
  method: string,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<ServiceReply> {
  const base = typeof svc === 'string' ? svc : svc.url;
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(credential !== null ? { authorization: `Bearer ${credential}` } : {}),
      ...(body !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}),
      ...options.headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    type,
    location: res.headers.get('location'),
    text,
    body: !text ? null : type.includes('json') ? JSON.parse(text) : text,
  };
}

/** Posts an HTML form to a URL, as a browser does: no credential, URL-encoded fields. */
export function postForm(url: string, form: Record<string, string>): Promise<ServiceReply> {
  return callService(url, null, 'POST', '', new URLSearchParams(form).toString(), {
    contentType: 'application/x-www-form-urlencoded',
  });
}

/**
 * The pseudonym listen publishes for a customer of the key's tenant (`POST /v1/privacy/pseudonyms`;
 * the key needs `read:customers`): what topics and act name the customer by.
 */
export async function pseudonymOf(
  listen: Pick<RunningService, 'url'> | string,
  credential: string,
  customerId: string,
): Promise<string> {
  const r = await callService(listen, credential, 'POST', '/v1/privacy/pseudonyms', {
    customerIds: [customerId],
  });
  const p = (r.body as { customers?: { customerId: string; pseudonym: string }[] } | null)?.customers?.[0];
  if (r.status !== 200 || !p || p.customerId !== customerId)
    throw new Error(`listen answered ${r.status} for the pseudonym of ${customerId}: ${r.text}`);
  return p.pseudonym;
}
