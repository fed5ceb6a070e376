/**
 * Collect benchmark (not a test): invitations dispatched per second, and hosted survey page
 * answers per second with their latency, through the real services.
 *
 *   CONTINUUM_TEST_SLOT=4 npm run bench:collect -- [--invitations 2000] [--concurrency 16] [--batch 500] [--reuse-stack]
 *
 * It brings up the slot's test stack like the ingest bench (fresh broker, database recreated,
 * build, migrations; `--reuse-stack` uses a running one), starts listen (sending through a local
 * SMTP server, `smtp-server`, in this process) and collect as real processes, and makes a tenant
 * with the example journey and the example after-call survey (its quiet hours removed, so the
 * figures do not depend on the time of day).
 *
 * 1. Invitations: N e-mail invitations (distinct customers) posted to listen's `POST
 *    /v1/invitations` in arrays of `--batch`; timed from the first post to the last message the
 *    SMTP server accepted (each message carries the time its DATA ended).
 * 2. Answers: the links from those e-mails, answered by `--concurrency` clients, each taking the
 *    next link: GET the page, POST the form (a score, a short comment, the honeypot empty). Latency
 *    of the POST and of GET + POST per link; then listen must have recorded exactly one feedback
 *    per link (`survey-answer:<invitation key>`, with the posted score), read from its table.
 *
 * All clients are 127.0.0.1, so collect's per-address limit is raised to what the bench needs;
 * the per-link limit keeps its default (each link takes two requests). Results are printed and
 * written to tests/load/results/collect-<time>.md.
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { parse as parseYaml } from 'yaml';
import { verifySurveyToken } from '@continuum/platform';
import {
  callService,
  createTenant,
  freshLocalStack,
  LOCAL_TEST_STACK,
  localKafkaEnv,
  ROOT,
  sh,
  startService,
  startSmtpServer,
  surveyLinkIn,
  TEST_SLOT,
  testCollectTokenSecret,
  type ReceivedMail,
  type RunningService,
  type TestSmtpServer,
} from '@continuum/testing';
import { cpuOf, peakRssMb, printCpu, stackPids } from './cpu';

const RESULTS = path.join(ROOT, 'tests', 'load', 'results');
/** How long without a new e-mail or a newly recorded answer before the bench gives up. */
const STALL_MS = 60_000;
const COMMENTS = {
  it: ['Operatore gentile, risolto subito', 'Attesa lunga ma risposta chiara', 'Mi hanno passato tre volte'],
  en: ['Quick and friendly', 'Long wait, clear answer', 'Transferred three times'],
};

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const perSecond = (n: number, ms: number) => (n / ms) * 1000;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Nearest-rank percentile of sorted milliseconds. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function latencyLine(ms: readonly number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => percentile(s, p).toFixed(1);
  return `p50 ${q(50)} / p95 ${q(95)} / p99 ${q(99)} / max ${s[s.length - 1].toFixed(1)} ms`;
}

/** Resolves with the first `n` messages, as each arrives; rejects when none came for STALL_MS. */
function collectMails(smtp: TestSmtpServer, n: number): Promise<ReceivedMail[]> {
  return new Promise((resolve, reject) => {
    const got: ReceivedMail[] = [];
    let stall: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(stall);
      stall = setTimeout(
        () => reject(new Error(`${got.length} of ${n} invitations received, none for ${STALL_MS} ms`)),
        STALL_MS,
      );
    };
    arm();
    smtp.onMessage((m) => {
      if (got.length >= n) return;
      got.push(m);
      if (got.length < n) return arm();
      clearTimeout(stall);
      resolve(got);
    });
  });
}

interface Link {
  readonly url: string;
  readonly key: string;
  readonly lang: 'it' | 'en';
  readonly score: number;
}

async function invite(
  listen: RunningService,
  key: string,
  smtp: TestSmtpServer,
  run: string,
  n: number,
  batch: number,
): Promise<{ links: Link[]; rows: string[][] }> {
  const arrived = collectMails(smtp, n);
  const t0 = Date.now();
  for (let i = 0; i < n; i += batch) {
    const items = Array.from({ length: Math.min(batch, n - i) }, (_, j) => ({
      id: `${run}-${i + j}`,
      customerId: `${run}-c${i + j}`,
      channel: 'email',
      touchpoint: 'agent-call',
      address: `p${i + j}@${run}.bench.test`,
      language: (i + j) % 2 ? 'en' : 'it',
    }));
    const r = await callService(listen, key, 'POST', '/v1/invitations', items);
    const refused = (r.body?.items as { status: string }[] | undefined)?.filter(
      (x) => x.status !== 'recorded',
    );
    if (r.status !== 202 || !refused || refused.length > 0)
      throw new Error(`POST /v1/invitations: ${r.status} ${r.text.slice(0, 500)}`);
  }
  const posted = Date.now() - t0;
  const mails = await arrived;
  const times = mails.map((m) => m.receivedAt.getTime());
  const first = Math.min(...times) - t0;
  const last = Math.max(...times) - t0;
  const rate = perSecond(n, last);
  const steady = perSecond(n - 1, last - first);
  console.log(
    `invitations: ${fmt(n)} posted in ${posted} ms (arrays of ${batch}); first e-mail at ${first} ms, last at ${last} ms → ` +
      `${rate.toFixed(1)} invitations/s from the first post, ${steady.toFixed(1)}/s first → last e-mail`,
  );
  const secret = testCollectTokenSecret();
  const seen = new Set<string>();
  const links = mails.map((m): Link => {
    const to = m.envelopeTo[0];
    if (seen.has(to)) throw new Error(`a second invitation to ${to}`);
    seen.add(to);
    const i = Number(/^p(\d+)@/.exec(to)?.[1]);
    const url = surveyLinkIn(m.text);
    const check = verifySurveyToken(secret, url.split('/s/')[1]);
    if (!check.ok) throw new Error(`link of ${to}: ${check.reason}`);
    return { url, key: check.claims.i, lang: check.claims.l, score: i % 11 };
  });
  return {
    links,
    rows: [
      [
        'invitations dispatched',
        `${rate.toFixed(1)} invitations/s`,
        `${fmt(n)} e-mails to the SMTP server, first post → last e-mail ${fmt(last)} ms; first e-mail at ${fmt(first)} ms; ${steady.toFixed(1)}/s first → last e-mail; posted in ${fmt(posted)} ms`,
      ],
    ],
  };
}

async function answer(links: readonly Link[], concurrency: number) {
  const postMs: number[] = [];
  const bothMs: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const client = async () => {
    while (next < links.length) {
      const link = links[next++];
      const started = performance.now();
      const page = await fetch(link.url);
      const html = await page.text();
      if (page.status !== 200 || !html.includes('name="score"'))
        throw new Error(`GET ${link.url}: ${page.status} ${html.slice(0, 300)}`);
      const form = new URLSearchParams({
        score: String(link.score),
        comment: COMMENTS[link.lang][link.score % 3],
        website: '',
      });
      const posting = performance.now();
      const res = await fetch(link.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      const thanks = await res.text();
      const done = performance.now();
      if (res.status !== 200 || !thanks.includes('class="done"'))
        throw new Error(`POST ${link.url}: ${res.status} ${thanks.slice(0, 300)}`);
      postMs.push(done - posting);
      bothMs.push(done - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { ms: performance.now() - t0, postMs, bothMs, answeredAt: Date.now() };
}

/**
 * Waits (reading listen's table every 250 ms) until listen has recorded a feedback for every link,
 * then checks there is exactly one per link, with its score, and none other of the tenant.
 */
async function recorded(db: Pool, tenant: string, links: readonly Link[]): Promise<number> {
  const count = async () =>
    Number(
      (
        await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM listen.feedback WHERE tenant_id = $1 AND id LIKE 'survey-answer:%'`,
          [tenant],
        )
      ).rows[0].n,
    );
  let seen = 0;
  let progress = Date.now();
  for (;;) {
    const n = await count();
    if (n >= links.length) break;
    if (n > seen) [seen, progress] = [n, Date.now()];
    if (Date.now() - progress > STALL_MS)
      throw new Error(`recorded ${n} of ${links.length}, none more for ${STALL_MS} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const at = Date.now();
  const { rows } = await db.query<{ id: string; nps: number | null }>(
    `SELECT id, nps FROM listen.feedback WHERE tenant_id = $1`,
    [tenant],
  );
  const byId = new Map(rows.map((r) => [r.id, r.nps]));
  const wrong = links.filter((l) => byId.get(`survey-answer:${l.key}`) !== l.score);
  if (wrong.length > 0 || rows.length !== links.length)
    throw new Error(
      `${rows.length} feedback rows for ${links.length} links; ${wrong.length} links without their one answer`,
    );
  return at;
}

async function main(): Promise<void> {
  const n = flag('invitations', 2000);
  const concurrency = flag('concurrency', 16);
  const batch = flag('batch', 500);
  const reuse = process.argv.includes('--reuse-stack');
  const args = process.argv.slice(2).join(' ');
  const command = `CONTINUUM_TEST_SLOT=${TEST_SLOT} npm run bench:collect${args ? ` -- ${args}` : ''}`;
  const stack = LOCAL_TEST_STACK;
  const load0 = load();
  const started = Date.now();
  const perAddress = 2 * n + 1000;
  const limits =
    `COLLECT_RATE_PER_ADDRESS=${perAddress} (default 300: every client here is 127.0.0.1), ` +
    'COLLECT_RATE_PER_TOKEN default 20 (each link takes 2 requests)';
  console.log(`command: ${command}`);
  console.log(
    `collect bench: node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load ${load0}; ` +
      `broker ${stack.kafkaBrokers}, database ${stack.databaseUrl}`,
  );
  console.log(`rate limits: ${limits}`);
  if (!reuse) {
    freshLocalStack(stack);
  }
  const smtp = await startSmtpServer();
  const db = new Pool({ connectionString: stack.databaseUrl, max: 2 });
  let services: RunningService[] = [];
  try {
    const run = `cb${Date.now().toString(36)}`;
    const tenant = `bench-${run}`;
    const key = createTenant(stack, tenant);
    services = await Promise.all([
      startService('listen', stack, {
        LOG_LEVEL: 'warn',
        LISTEN_SMTP_URL: `smtp://${smtp.host}:${smtp.port}`,
      }),
      startService('collect', stack, { LOG_LEVEL: 'warn', COLLECT_RATE_PER_ADDRESS: String(perAddress) }),
    ]);
    const [listen, collect] = services;
    const journey = readFileSync(path.join(ROOT, 'examples', 'journey.contact-centre.yaml'), 'utf8');
    const j = await callService(listen, key, 'PUT', '/v1/journey', journey, {
      contentType: 'application/yaml',
    });
    const survey = parseYaml(
      readFileSync(path.join(ROOT, 'examples', 'surveys', 'after-call.yaml'), 'utf8'),
    ) as { trigger: Record<string, unknown> };
    delete survey.trigger.quietHours;
    const s = await callService(listen, key, 'PUT', '/v1/surveys/after-call', survey);
    if (j.status !== 200 || s.status !== 200) throw new Error(`journey ${j.text}; survey ${s.text}`);
    const pids = () =>
      stackPids(stack, {
        listen: [listen.process.pid],
        collect: [collect.process.pid],
        bench: [process.pid],
      });

    const cpu0 = cpuOf(pids());
    const { links, rows } = await invite(listen, key, smtp, run, n, batch);
    rows.push(['invitations: CPU', printCpu('invitations', cpu0, cpuOf(pids()), n), '']);

    const cpu1 = cpuOf(pids());
    const a = await answer(links, concurrency);
    const answerCpu = printCpu('answers (while the clients ran)', cpu1, cpuOf(pids()), n);
    const at = await recorded(db, tenant, links);
    const loopCpu = printCpu('answers through recorded', cpu1, cpuOf(pids()), n);
    const answers = perSecond(n, a.ms);
    console.log(
      `answers: ${answers.toFixed(1)} answers/s with ${concurrency} clients (${fmt(n)} links in ${fmt(a.ms)} ms); ` +
        `POST ${latencyLine(a.postMs)}; GET + POST ${latencyLine(a.bothMs)}`,
    );
    console.log(
      `recorded ${n} of ${n}: listen holds exactly one feedback per link, with its score, ` +
        `all within ${fmt(at - a.answeredAt)} ms of the last answer`,
    );
    const mailed = new Set(smtp.messages.flatMap((m) => m.envelopeTo));
    if (smtp.messages.length !== n || mailed.size !== n)
      throw new Error(`${smtp.messages.length} e-mails to ${mailed.size} addresses for ${n} invitations`);
    const rss = `listen ${peakRssMb(listen.process.pid).toFixed(0)} MB, collect ${peakRssMb(collect.process.pid).toFixed(0)} MB`;
    console.log(`peak RSS: ${rss}`);
    rows.push(
      [
        'hosted page answers',
        `${answers.toFixed(1)} answers/s`,
        `${concurrency} clients, GET the page then POST score + comment (honeypot empty); ${fmt(n)} links in ${fmt(a.ms)} ms`,
      ],
      ['answer POST latency', latencyLine(a.postMs), ''],
      ['GET + POST latency', latencyLine(a.bothMs), ''],
      [
        'recorded by listen',
        `recorded ${n} of ${n}`,
        `one feedback per link with its score, ${fmt(at - a.answeredAt)} ms after the last answer`,
      ],
      ['answers: CPU', answerCpu, ''],
      ['answers through recorded: CPU', loopCpu, ''],
      ['peak RSS', rss, ''],
    );

    const header =
      `Continuum collect benchmark, ${new Date(started).toISOString()}, node ${process.version}, ` +
      `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load at start ${load0}, at end ${load()}; ` +
      `broker, database and SMTP server on the same machine; ${((Date.now() - started) / 1000).toFixed(0)} s`;
    const table = [
      '| row | figure | notes |',
      '|---|---|---|',
      ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
    ].join('\n');
    const stamp = new Date(started).toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const file = path.join(RESULTS, `collect-${stamp}.md`);
    writeFileSync(file, `${header}\n\n\`${command}\`\n\nRate limits: ${limits}.\n\n${table}\n`);
    console.log(`\n${header}\nload average at end: ${load()}\nresults: ${path.relative(ROOT, file)}`);
  } finally {
    await Promise.all(services.map((svc) => svc.stop()));
    await smtp.close();
    await db.end();
    if (!reuse) sh('bash', ['infra/kafka/kafka.sh', 'stop'], localKafkaEnv());
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
