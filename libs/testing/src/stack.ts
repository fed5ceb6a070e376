/**
 * The test stack's addresses and the commands that bring it up. Integration and end-to-end runs
 * get their own broker (127.0.0.1:19092, a fresh data directory each run) and their own
 * database (`continuum_test`, recreated each run), so they never see `npm start`'s data.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The repository root (where nx.json is), from the sources or from their build under dist/. */
export const ROOT = ((): string => {
  for (let d = __dirname; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'nx.json'))) return d;
    if (path.dirname(d) === d) return path.resolve(__dirname, '..', '..', '..');
  }
})();
const STATE = path.join(ROOT, '.continuum', 'test-stack.json');

export interface TestStack {
  readonly kafkaBrokers: string;
  readonly databaseUrl: string;
  /** The local OpenID Provider's issuer (infra/oidc), started by the global setup. */
  readonly oidcIssuer?: string;
  readonly mode: 'local' | 'docker' | 'external';
}

/**
 * CONTINUUM_TEST_SLOT (0–9) shifts every port and names its own database, so several checkouts
 * on one machine can run their suites at once without sharing a broker, a database or a port.
 */
export const TEST_SLOT = Number(process.env.CONTINUUM_TEST_SLOT ?? '0');
if (!Number.isInteger(TEST_SLOT) || TEST_SLOT < 0 || TEST_SLOT > 9)
  throw new Error('CONTINUUM_TEST_SLOT must be 0–9');

/** The test stack's own OpenID Provider (infra/oidc/oidc.sh), beside its own broker. */
export const TEST_OIDC_PORT = 19400 + 10 * TEST_SLOT;
export const TEST_OIDC_ISSUER = `http://127.0.0.1:${TEST_OIDC_PORT}`;

export const LOCAL_TEST_STACK: TestStack = {
  kafkaBrokers: `127.0.0.1:${19092 + 10 * TEST_SLOT}`,
  databaseUrl: `postgres://postgres@127.0.0.1:5432/continuum_test${TEST_SLOT ? `_${TEST_SLOT}` : ''}`,
  oidcIssuer: TEST_OIDC_ISSUER,
  mode: 'local',
};

/**
 * act's key for webhook secrets at rest in the test stack: generated once per checkout and slot
 * (never committed), so every act a test run starts opens what another sealed.
 */
export function testActSecretKey(): string {
  return slotSecret('act-secret');
}

/** A file under .continuum for this slot, written once by `create` (racing processes keep the first). */
function slotFile(name: string, extension: string, create: () => string): string {
  const file = path.join(ROOT, '.continuum', `test-${name}-${TEST_SLOT}.${extension}`);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, create(), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return readFileSync(file, 'utf8');
}

/** 32 random bytes, base64, kept per checkout and slot (never committed). */
function slotSecret(name: string): string {
  return slotFile(name, 'key', () => randomBytes(32).toString('base64')).trim();
}

/**
 * The test slot's dead-letter key pair: services seal originals under the public half, the
 * replay CLI opens them with the private half. Kept outside the repository's tracked files.
 */
export function testDlqKeys(): { publicKey: string; privateKey: string } {
  const pair = slotFile('dlq-keys', 'json', () =>
    JSON.stringify(
      generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      }),
    ),
  );
  return JSON.parse(pair) as { publicKey: string; privateKey: string };
}

/** The secret listen signs survey links with and collect verifies them with (tests sign forgeries with others). */
export function testCollectTokenSecret(): string {
  return slotSecret('collect-secret');
}

export function saveStack(s: TestStack): void {
  mkdirSync(path.dirname(STATE), { recursive: true });
  writeFileSync(STATE, JSON.stringify(s));
}

/** What the global setup brought up, as it saved it (the environment may name it 'external'). */
export function savedStack(): TestStack | null {
  return existsSync(STATE) ? (JSON.parse(readFileSync(STATE, 'utf8')) as TestStack) : null;
}

/** The stack the global setup brought up; tests read it from here or from the environment. */
export function testStack(): TestStack {
  const env = process.env;
  if (env.CONTINUUM_TEST_KAFKA_BROKERS && env.CONTINUUM_TEST_DATABASE_URL) {
    return {
      kafkaBrokers: env.CONTINUUM_TEST_KAFKA_BROKERS,
      databaseUrl: env.CONTINUUM_TEST_DATABASE_URL,
      oidcIssuer: env.CONTINUUM_TEST_OIDC_ISSUER ?? TEST_OIDC_ISSUER,
      mode: 'external',
    };
  }
  if (existsSync(STATE)) return JSON.parse(readFileSync(STATE, 'utf8')) as TestStack;
  return LOCAL_TEST_STACK;
}

export function dockerAvailable(): boolean {
  if (process.env.CONTINUUM_TEST_INFRA === 'local') return false;
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export function sh(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): void {
  execFileSync(cmd, args, {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
  });
}

export function localKafkaEnv(): NodeJS.ProcessEnv {
  return {
    KAFKA_PORT: String(19092 + 10 * TEST_SLOT),
    KAFKA_CONTROLLER_PORT: String(19093 + 10 * TEST_SLOT),
  };
}

/** Compiles (incrementally), builds the console's front-end, migrates every schema, creates the topics. */
export function buildAndMigrate(s: TestStack): void {
  sh('npx', ['tsc', '-p', 'tsconfig.build.json']);
  sh('npm', ['run', '--silent', 'build:console']);
  const env = { DATABASE_URL: s.databaseUrl, KAFKA_BROKERS: s.kafkaBrokers };
  sh('node', ['tools/run.js', 'dist/tools/cli.js', 'migrate'], env);
  sh('node', ['tools/run.js', 'dist/tools/cli.js', 'topics'], env);
  for (const svc of ['listen', 'measure', 'act', 'console', 'collect']) {
    sh('node', ['tools/run.js', `dist/services/${svc}/src/main.js`, 'migrate'], {
      ...env,
      ...(svc === 'act' ? { ACT_SECRET_KEY: testActSecretKey() } : {}),
      ...(svc === 'collect' ? { COLLECT_TOKEN_SECRET: testCollectTokenSecret() } : {}),
    });
  }
}

/** A benchmark's own stack on the slot: a fresh broker, the database recreated, built and migrated. */
export function freshLocalStack(s: TestStack): void {
  sh('bash', ['infra/kafka/kafka.sh', 'reset'], localKafkaEnv());
  sh('bash', ['infra/kafka/kafka.sh', 'start'], localKafkaEnv());
  sh('bash', ['infra/postgres/postgres.sh', 'recreate', s.databaseUrl]);
  saveStack(s);
  buildAndMigrate(s);
}
