// `npm start`: dependencies, broker, database, migrations, the three services, a demo tenant, the
// web console (:3000) and a demo stream feeding listen (CONTINUUM_DEMO_STREAM=off to leave it out).
// Leaves the broker and the local OpenID Provider running on exit (stop them with `npm run
// infra:down`); Ctrl-C stops the services.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDependencies, ROOT, run, SERVICES, step } from './lib.mjs';

const env = process.env;
const PORTS = {
  listen: env.LISTEN_PORT ?? '3001',
  measure: env.MEASURE_PORT ?? '3002',
  act: env.ACT_PORT ?? '3003',
  console: env.CONSOLE_PORT ?? '3000',
  collect: env.COLLECT_PORT ?? '3004',
};
const STATE = path.join(ROOT, '.continuum');
const DEMO_ENV = path.join(STATE, 'demo.env');
const DEMO_TENANT = 'demo';
const ACT_SECRET_FILE = path.join(STATE, 'act-secret.key');
const COLLECT_SECRET_FILE = path.join(STATE, 'collect-secret.key');
const OIDC_PORT = env.OIDC_PORT ?? '9400';
const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
const OIDC_USERS_FILE = env.OIDC_USERS_FILE ?? path.join(ROOT, 'infra', 'oidc', 'demo-users.json');

/** The demo users of the local OpenID Provider, as a table to sign in with. */
function demoUsers() {
  const { users } = JSON.parse(readFileSync(OIDC_USERS_FILE, 'utf8'));
  return users
    .map((u) => `  ${u.login.padEnd(8)} ${u.password.padEnd(18)} ${u.name} — ${u.groups.join(', ')}`)
    .join('\n');
}

/** act's key for webhook secrets at rest: ACT_SECRET_KEY, else one generated once and kept in .continuum. */
function actSecretKey() {
  if (env.ACT_SECRET_KEY) return env.ACT_SECRET_KEY;
  if (!existsSync(ACT_SECRET_FILE)) {
    mkdirSync(STATE, { recursive: true });
    writeFileSync(ACT_SECRET_FILE, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return readFileSync(ACT_SECRET_FILE, 'utf8').trim();
}

/** continuum-console's client secret at the local provider (`oidc.sh secret`). */
function consoleSecret() {
  const r = spawnSync('bash', ['infra/oidc/oidc.sh', 'secret'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...env, OIDC_PORT },
  });
  if (r.status !== 0) throw new Error(`oidc.sh secret: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** The survey-link secret listen signs with and collect verifies with: COLLECT_TOKEN_SECRET, else one kept in .continuum. */
function collectTokenSecret() {
  if (env.COLLECT_TOKEN_SECRET) return env.COLLECT_TOKEN_SECRET;
  if (!existsSync(COLLECT_SECRET_FILE)) {
    mkdirSync(STATE, { recursive: true });
    writeFileSync(COLLECT_SECRET_FILE, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return readFileSync(COLLECT_SECRET_FILE, 'utf8').trim();
}

function cli(args) {
  const r = spawnSync('node', ['tools/run.js', 'dist/tools/cli.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`continuum ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

async function ready(url, child, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${url} exited with ${child.exitCode}; see its log in .continuum/logs`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      /* not yet listening */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} not ready after ${timeoutMs / 1000} s`);
}

async function keyStillWorks(key) {
  try {
    const r = await fetch(`http://127.0.0.1:${PORTS.act}/v1/actions?limit=1`, {
      headers: { authorization: `Bearer ${key}` },
    });
    return r.ok;
  } catch {
    return false;
  }
}

const children = [];

/** The services' V8 flags (a capped old space: resident memory within budget under a backlog). */
function serviceNodeOptions(current) {
  const own = readFileSync(path.join(ROOT, 'infra', 'service-node-options'), 'utf8').trim();
  return [current, own].filter((o) => o && o.trim()).join(' ');
}

/** Starts `node tools/run.js <script>` with its output in .continuum/logs/<name>.log. */
function spawnLogged(name, script, extraEnv) {
  const log = createWriteStream(path.join(STATE, 'logs', `${name}.log`), { flags: 'a' });
  const child = spawn('node', ['tools/run.js', script], {
    cwd: ROOT,
    env: { ...env, NODE_OPTIONS: serviceNodeOptions(env.NODE_OPTIONS), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  // Echo warnings, errors and the demo's own lines so trouble shows without tailing files.
  child.stdout.on('data', (buf) => {
    for (const line of buf.toString().split('\n')) {
      if (/"level":"(warn|error|fatal)"/.test(line) || /^demo: /.test(line))
        process.stdout.write(`[${name}] ${line}\n`);
    }
  });
  child.stderr.on('data', (buf) => {
    if (name === 'demo' || name === 'console') process.stdout.write(`[${name}] ${buf.toString()}`);
  });
  child.on('exit', (code, sig) => process.stdout.write(`[${name}] exited (${code ?? sig})\n`));
  children.push(child);
  return child;
}
function stopAll(signal) {
  for (const c of children) if (c.exitCode === null) c.kill(signal);
}

async function main() {
  const t0 = Date.now();
  ensureDependencies();
  step('build (tsc, console front-end with vite)');
  run('npx', ['tsc', '-p', 'tsconfig.build.json']);
  run('npm', ['run', '--silent', 'build:console']);
  step('Kafka broker (infra/kafka)');
  run('bash', ['infra/kafka/kafka.sh', 'start']);
  step('OpenID Provider (infra/oidc)');
  run('bash', ['infra/oidc/oidc.sh', 'start'], {
    env: {
      OIDC_PORT,
      OIDC_CONSOLE_REDIRECT_URIS: `http://127.0.0.1:${PORTS.console}/auth/callback`,
      OIDC_CONSOLE_POST_LOGOUT_REDIRECT_URIS: `http://127.0.0.1:${PORTS.console}/`,
    },
  });
  step('PostgreSQL (infra/postgres)');
  run('bash', ['infra/postgres/postgres.sh', 'ensure']);
  step('migrations and topics');
  const secretKey = actSecretKey();
  run('node', ['tools/run.js', 'dist/tools/cli.js', 'migrate']);
  run('node', ['tools/run.js', 'dist/tools/cli.js', 'topics']);
  const collectSecret = collectTokenSecret();
  for (const s of [...SERVICES, 'console', 'collect'])
    run('node', ['tools/run.js', `dist/services/${s}/src/main.js`, 'migrate'], {
      env:
        s === 'act'
          ? { ACT_SECRET_KEY: secretKey }
          : s === 'collect'
            ? { COLLECT_TOKEN_SECRET: collectSecret }
            : {},
    });

  step('demo tenant');
  cli(['tenant', 'create', DEMO_TENANT, 'Demo contact centre']);

  step('services');
  mkdirSync(path.join(STATE, 'logs'), { recursive: true });
  for (const s of SERVICES) {
    spawnLogged(s, `dist/services/${s}/src/main.js`, {
      [`${s.toUpperCase()}_PORT`]: PORTS[s],
      // The demo tenant's journey map, applied by listen at start-up (a new version only if it changed).
      LISTEN_JOURNEY_FILES: env.LISTEN_JOURNEY_FILES ?? `${DEMO_TENANT}=examples/journey.contact-centre.yaml`,
      ACT_SECRET_KEY: secretKey,
      // People sign in at the local OpenID Provider; the services verify its access tokens.
      AUTH_ISSUER: env.AUTH_ISSUER ?? OIDC_ISSUER,
      AUTH_AUDIENCE: env.AUTH_AUDIENCE ?? 'urn:continuum:api',
      // The demo runs on a workstation, where webhook receivers are local: allow them here only.
      ACT_WEBHOOK_ALLOW_PRIVATE: env.ACT_WEBHOOK_ALLOW_PRIVATE ?? 'true',
      // listen signs survey links to collect's pages; set LISTEN_SMTP_URL to send invitations.
      COLLECT_TOKEN_SECRET: collectSecret,
      COLLECT_PUBLIC_URL: env.COLLECT_PUBLIC_URL ?? `http://127.0.0.1:${PORTS.collect}`,
    });
  }
  // The console proxies to the services on their ports and signs people in at the provider as
  // continuum-console (its secret was generated by the provider at first start).
  spawnLogged('console', 'dist/services/console/src/main.js', {
    CONSOLE_PORT: PORTS.console,
    LISTEN_PORT: PORTS.listen,
    MEASURE_PORT: PORTS.measure,
    ACT_PORT: PORTS.act,
    AUTH_ISSUER: env.AUTH_ISSUER ?? OIDC_ISSUER,
    CONSOLE_OIDC_CLIENT_SECRET: env.CONSOLE_OIDC_CLIENT_SECRET ?? consoleSecret(),
  });
  // The public survey pages (the one service meant to face the internet).
  spawnLogged('collect', 'dist/services/collect/src/main.js', {
    COLLECT_PORT: PORTS.collect,
    COLLECT_TOKEN_SECRET: collectSecret,
  });
  const names = [...SERVICES, 'console', 'collect'];
  await Promise.all(names.map((s, i) => ready(`http://127.0.0.1:${PORTS[s]}`, children[i])));
  for (const s of names)
    process.stdout.write(
      `  ${s.padEnd(8)} http://127.0.0.1:${PORTS[s]}  (${s === 'console' || s === 'collect' ? '' : 'API docs: /docs; '}log: .continuum/logs/${s}.log)\n`,
    );

  let key = existsSync(DEMO_ENV)
    ? /CONTINUUM_API_KEY=(\S+)/.exec(readFileSync(DEMO_ENV, 'utf8'))?.[1]
    : undefined;
  if (!key || !(await keyStillWorks(key))) {
    key = cli(['key', 'issue', DEMO_TENANT]);
    writeFileSync(DEMO_ENV, `CONTINUUM_API_KEY=${key}\nCONTINUUM_TENANT=${DEMO_TENANT}\n`, { mode: 0o600 });
  }
  const demo = env.CONTINUUM_DEMO_STREAM !== 'off';
  if (demo) {
    spawnLogged('demo', 'dist/tools/demo-stream.js', {
      CONTINUUM_API_KEY: key,
      DEMO_LISTEN_URL: `http://127.0.0.1:${PORTS.listen}`,
      DEMO_ACT_URL: `http://127.0.0.1:${PORTS.act}`,
    });
  }
  const body = JSON.stringify({
    id: `try-${Date.now()}`,
    touchpoint: 'checkout',
    nps: 3,
    comment: 'Il pagamento non funziona, attesa infinita',
  });
  process.stdout.write(`
Continuum is running (${((Date.now() - t0) / 1000).toFixed(0)} s). Tenant "${DEMO_TENANT}", API key (also in .continuum/demo.env):

  ${key}

Web console: http://127.0.0.1:${PORTS.console}/  — "Sign in" takes you to the OpenID Provider; sign in as
one of the demo users of "${DEMO_TENANT}" below (lucia lands on the logistics queue, vera only reads,
ada administers keys and users). The API key above is for scripts and curl, not for the browser.

OpenID Provider (development only): ${OIDC_ISSUER} — demo users (login, password, name, groups):
${demoUsers()}
${demo ? `A demo stream is posting feedback and calls for "${DEMO_TENANT}" (log: .continuum/logs/demo.log): past weeks first,\nthen an answer every couple of seconds; follow-up actions appear on the Actions board within a minute.\n` : ''}
Try the loop — a detractor's feedback becomes a follow-up action:

  curl -s -X POST http://127.0.0.1:${PORTS.listen}/v1/feedback -H "Authorization: Bearer ${key}" -H 'content-type: application/json' -d '${body}'
  curl -s http://127.0.0.1:${PORTS.act}/v1/actions -H "Authorization: Bearer ${key}"

Ctrl-C stops the services; \`npm run infra:down\` stops the broker and the OpenID Provider.
`);
}

process.on('SIGINT', () => stopAll('SIGTERM'));
process.on('SIGTERM', () => stopAll('SIGTERM'));
main().catch((err) => {
  process.stderr.write(`\nnpm start failed: ${err.message}\n`);
  stopAll('SIGTERM');
  process.exitCode = 1;
});
