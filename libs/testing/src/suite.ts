/// <reference types="jest" />
/**
 * The frame every end-to-end spec shares: its tenants (each with a key), a recorder of the topics
 * it reads, the SMTP server, HTTP receiver and Chromium it may need, and its services started side
 * by side before its tests and stopped after them. The handles are set once beforeAll has run.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { TopicRecorder } from './kafka';
import {
  callService,
  createTenant,
  startAll,
  startService,
  type RunningService,
  type ServiceName,
} from './processes';
import { startSmtpServer, type SmtpServerOptions, type TestSmtpServer } from './smtp';
import { testStack, type TestStack } from './stack';
import { addOidcUsers, usersOfTenant, type OidcUser } from './oidc';

export const CHROMIUM = process.env.CONTINUUM_CHROMIUM ?? '/usr/bin/chromium';

/** A request a receiver got. */
export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The status it was answered with. */
  readonly status: number;
}

export interface TestReceiver {
  /** `http://127.0.0.1:<port>`, without a path. */
  readonly url: string;
  /** Every request so far, in arrival order. */
  readonly hits: ReceivedRequest[];
  hitsOf(path: string): ReceivedRequest[];
  close(): Promise<void>;
}

/** How a receiver answers a request (default: 200, empty). */
export type ReceiverAnswer = (req: Omit<ReceivedRequest, 'status'>) => {
  status: number;
  body?: string;
  contentType?: string;
} | void;

/** An HTTP server on a free loopback port that keeps every request (a webhook's or a chat tool's target). */
export async function startReceiver(answer: ReceiverAnswer = () => undefined): Promise<TestReceiver> {
  const hits: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const got = {
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const { status, body = '', contentType } = answer(got) ?? { status: 200 };
      hits.push({ ...got, status });
      res.writeHead(status, contentType ? { 'content-type': contentType } : {}).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    hitsOf: (path) => hits.filter((h) => h.path === path),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

type ServiceEnv = NodeJS.ProcessEnv | ((suite: E2eSuite<never>) => NodeJS.ProcessEnv);

export interface E2eOptions<S extends ServiceName> {
  /** Tenants to create first, each with a key (of `scopes`, else every scope); `key` is the first one's. */
  readonly tenants?: readonly string[];
  readonly scopes?: string;
  /** The tenants' people, one of each role, at the test stack's OpenID Provider. */
  readonly people?: boolean;
  /** Topics recorded from before the services start. */
  readonly record?: readonly string[];
  /** A test SMTP server, started before the services (their environment may point at it). */
  readonly smtp?: true | SmtpServerOptions;
  /** An HTTP receiver, started before the services: `true` answers every request 200. */
  readonly receiver?: true | ReceiverAnswer;
  /** Chromium, launched once the services are up. */
  readonly browser?: boolean;
  /** The services, each with its extra environment (or a function of the suite, for its SMTP server). */
  readonly services?: { readonly [K in S]: ServiceEnv };
  /** The first tenant's journey and surveys (by id), put through listen once it is up. */
  readonly journey?: unknown;
  readonly surveys?: Readonly<Record<string, unknown>>;
  /** afterAll expects every service to stop with exit code 0: graceful shutdown is part of the contract. */
  readonly cleanExit?: boolean;
}

export type E2eSuite<S extends ServiceName> = {
  readonly stack: TestStack;
  /** Each tenant's key. */
  readonly keys: Record<string, string>;
  /** The first tenant's key. */
  readonly key: string;
  readonly recorder: TopicRecorder;
  readonly smtp: TestSmtpServer;
  readonly receiver: TestReceiver;
  readonly browser: Browser;
} & {
  /** A spec that restarts a service puts the new one here, for afterAll to stop. */
  [K in S]: RunningService;
};

/** listen's environment for invitations by e-mail through the suite's SMTP server, sent as soon as they are due. */
export const listenMailing = ({ smtp }: E2eSuite<never>): NodeJS.ProcessEnv => ({
  LISTEN_SMTP_URL: smtp.url,
  LISTEN_INVITATION_POLL_MS: '200',
});

/** Declares the suite's beforeAll and afterAll; the returned handles are set when beforeAll has run. */
export function e2eSuite<const S extends ServiceName = never>(options: E2eOptions<S>): E2eSuite<S> {
  const suite: Record<string, unknown> & { keys: Record<string, string> } = { stack: testStack(), keys: {} };
  const stack = suite.stack as TestStack;
  const handles = suite as E2eSuite<S>;
  const names = Object.keys(options.services ?? {}) as S[];

  beforeAll(async () => {
    if (options.browser && !existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: npm test installs it (apt-get install chromium)`);
    for (const t of options.tenants ?? []) suite.keys[t] = createTenant(stack, t, options.scopes);
    suite.key = suite.keys[options.tenants?.[0] ?? ''];
    if (options.people) addOidcUsers((options.tenants ?? []).flatMap((t) => Object.values(usersOfTenant(t))));
    if (options.record) suite.recorder = await TopicRecorder.start(stack, [...options.record]);
    if (options.smtp) suite.smtp = await startSmtpServer(options.smtp === true ? {} : options.smtp);
    if (options.receiver)
      suite.receiver = await startReceiver(options.receiver === true ? undefined : options.receiver);
    const envOf = (name: S): NodeJS.ProcessEnv => {
      const env = options.services![name];
      return typeof env === 'function' ? env(handles) : env;
    };
    const running = await startAll(names.map((n) => startService(n, stack, envOf(n))));
    names.forEach((n, i) => (suite[n] = running[i]));
    const puts: [string, unknown][] = Object.entries(options.surveys ?? {}).map(([id, body]) => [
      `/v1/surveys/${id}`,
      body,
    ]);
    if (options.journey) puts.unshift(['/v1/journey', options.journey]);
    for (const [path, body] of puts) {
      const r = await callService(suite.listen as RunningService, suite.key as string, 'PUT', path, body);
      expect({ path, status: r.status }).toEqual({ path, status: 200 });
    }
    if (options.browser) {
      const { chromium } = await import('playwright-core');
      suite.browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    }
  });

  afterAll(async () => {
    await handles.browser?.close();
    const running = names.map((n) => handles[n]).filter(Boolean);
    const codes = await Promise.all(running.map(async (s) => [s.name, await s.stop()] as const));
    await handles.recorder?.stop();
    await handles.smtp?.close();
    await handles.receiver?.close();
    if (options.cleanExit) expect(codes).toEqual(running.map((s) => [s.name, 0]));
  });

  return handles;
}

/** Signs in to the console in a browser page: its button, then the test provider's own login and consent pages. */
export async function signInInBrowser(
  page: Page,
  consoleUrl: string,
  user: Pick<OidcUser, 'login' | 'password'>,
): Promise<void> {
  await page.goto(`${consoleUrl}/`);
  await page.click('[data-testid="sign-in"]');
  await page.waitForSelector('input[name=login]');
  expect(page.url().startsWith(testStack().oidcIssuer!)).toBe(true);
  await page.fill('input[name=login]', user.login);
  await page.fill('input[name=password]', user.password);
  await page.click('button[type=submit]');
  await page.click('button[type=submit]:has-text("Allow")');
  await page.waitForSelector('[data-testid="user-name"]');
}
