/**
 * The chaos suite's own PostgreSQL cluster and Kafka broker, so that killing them disturbs no one
 * else's tests on the machine. PostgreSQL: a throwaway cluster made with the Debian binaries
 * (initdb, pg_ctl; trust auth) in a temporary directory, run as the `postgres` user when we are
 * root. Kafka: infra/kafka/kafka.sh on ports of its own, its data directory reset at the start
 * and kept across restarts.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ROOT, TEST_SLOT, type TestStack } from '@continuum/testing';

/** Where initdb and pg_ctl are: CHAOS_PG_BIN, else the newest Debian install, else `pg_config --bindir`. */
function pgBin(): string {
  if (process.env.CHAOS_PG_BIN) return process.env.CHAOS_PG_BIN;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(path.join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(debian, versions[0], 'bin');
  }
  const r = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (r.status === 0 && existsSync(path.join(r.stdout.trim(), 'initdb'))) return r.stdout.trim();
  throw new Error(
    'the chaos suite runs its own PostgreSQL cluster and needs the server binaries (initdb, pg_ctl): install PostgreSQL 15+ or set CHAOS_PG_BIN',
  );
}
const PG_BIN = pgBin();

function asPostgres(cmd: string, args: readonly string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, [...args]];
}

function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** As run(), without blocking the event loop: the workload keeps streaming while a node restarts. */
function runAsync(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}: ${out}`)),
    );
  });
}

export class ChaosPostgres {
  readonly port = 25432 + TEST_SLOT;
  readonly dataDir = path.join(os.tmpdir(), `continuum-chaos-pg-${25432 + TEST_SLOT}`);
  readonly url = `postgres://postgres@127.0.0.1:${25432 + TEST_SLOT}/continuum_chaos`;

  private pgCtl(args: readonly string[]): string {
    const [cmd, a] = asPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', this.dataDir, ...args]);
    return run(cmd, a);
  }

  running(): boolean {
    if (!existsSync(path.join(this.dataDir, 'PG_VERSION'))) return false;
    const [cmd, a] = asPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', this.dataDir, 'status']);
    return spawnSync(cmd, a).status === 0;
  }

  /** A fresh cluster with an empty database. */
  async init(): Promise<void> {
    if (this.running()) this.crash();
    rmSync(this.dataDir, { recursive: true, force: true });
    mkdirSync(this.dataDir, { recursive: true });
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', this.dataDir]);
    const [cmd, a] = asPostgres(path.join(PG_BIN, 'initdb'), [
      '-D',
      this.dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale',
      'C',
    ]);
    run(cmd, a);
    await this.start();
    const c = new Client({ connectionString: this.url.replace(/\/continuum_chaos$/, '/postgres') });
    await c.connect();
    await c.query('CREATE DATABASE continuum_chaos');
    await c.end();
  }

  async start(): Promise<void> {
    // fsync off: a killed server loses nothing the OS already has; only a machine crash would.
    const opts = [
      `-p ${this.port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${this.dataDir}`,
      '-c fsync=off',
      '-c full_page_writes=off',
      '-c max_connections=300',
      '-c shared_buffers=128MB',
    ].join(' ');
    this.pgCtl(['-o', opts, '-l', path.join(this.dataDir, 'server.log'), '-w', '-t', '120', 'start']);
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const c = new Client({ connectionString: this.url.replace(/\/continuum_chaos$/, '/postgres') });
        await c.connect();
        await c.end();
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await sleep(200);
      }
    }
  }

  /** The crash path: immediate shutdown (no checkpoint; recovery replays WAL on the next start). */
  crash(): void {
    this.pgCtl(['-m', 'immediate', '-w', 'stop']);
  }

  /** Stops the cluster and deletes it. */
  destroy(): void {
    if (this.running()) this.crash();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export class ChaosBroker {
  readonly port = 19092 + 10 * TEST_SLOT + 5;
  readonly controllerPort = 19092 + 10 * TEST_SLOT + 6;
  readonly brokers = `127.0.0.1:${19092 + 10 * TEST_SLOT + 5}`;

  private env(): NodeJS.ProcessEnv {
    return {
      KAFKA_PORT: String(this.port),
      KAFKA_CONTROLLER_PORT: String(this.controllerPort),
      KAFKA_HEAP_OPTS: process.env.CHAOS_KAFKA_HEAP_OPTS ?? '-Xms256m -Xmx640m',
      KAFKA_START_TIMEOUT: '180',
    };
  }

  private kafkaSh(cmd: string): string {
    return run('bash', ['infra/kafka/kafka.sh', cmd], this.env());
  }

  private pidFile(): string {
    const cache =
      process.env.CONTINUUM_CACHE ??
      path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'continuum');
    return path.join(cache, `kafka-data-${this.port}`, 'broker.pid');
  }

  /** An empty broker. */
  reset(): void {
    this.kafkaSh('reset');
    this.kafkaSh('start');
  }

  start(): void {
    this.kafkaSh('start');
  }

  /** kill -9 of the broker JVM; its data directory stays. */
  async crash(): Promise<void> {
    const pid = Number(readFileSync(this.pidFile(), 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no broker pid in ${this.pidFile()}`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    for (let i = 0; i < 200; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await sleep(100);
    }
  }

  stop(): void {
    this.kafkaSh('stop');
  }

  stack(pg: ChaosPostgres): TestStack {
    return { kafkaBrokers: this.brokers, databaseUrl: pg.url, mode: 'local' };
  }
}

/**
 * The three-node KRaft cluster of `CHAOS_MODE=brokers`: infra/kafka/kafka.sh with KAFKA_NODES=3 on
 * the slot's ports +2…+7 (node i: client port +2i, controller +2i+1), replication factor 3 and
 * min ISR 2. Nodes are killed (kill -9) and restarted one at a time; their data stays.
 */
export class ChaosKafkaCluster {
  readonly nodes = 3;
  readonly basePort = 19092 + 10 * TEST_SLOT + 2;
  readonly replicationFactor = 3;
  readonly brokers = Array.from({ length: 3 }, (_, i) => `127.0.0.1:${this.basePort + 2 * i}`).join(',');

  private env(): NodeJS.ProcessEnv {
    return {
      KAFKA_NODES: String(this.nodes),
      KAFKA_PORT: String(this.basePort),
      KAFKA_CONTROLLER_PORT: String(this.basePort + 1),
      KAFKA_HEAP_OPTS: process.env.CHAOS_KAFKA_HEAP_OPTS ?? '-Xms192m -Xmx512m',
      KAFKA_START_TIMEOUT: '240',
    };
  }

  private kafkaSh(...args: string[]): string {
    return run('bash', ['infra/kafka/kafka.sh', ...args], this.env());
  }

  /** An empty cluster, every node up and registered. */
  reset(): void {
    this.kafkaSh('reset');
    this.kafkaSh('start');
  }

  /** kill -9 of node `node` (1…3); its data directory stays. */
  crash(node: number): Promise<string> {
    return runAsync('bash', ['infra/kafka/kafka.sh', 'kill', String(node)], this.env());
  }

  /** Starts node `node` and waits until it answers and the cluster lists every node. */
  startNode(node: number): Promise<string> {
    return runAsync('bash', ['infra/kafka/kafka.sh', 'start', String(node)], this.env());
  }

  stop(): void {
    this.kafkaSh('stop');
  }

  stack(pg: ChaosPostgres): TestStack {
    return { kafkaBrokers: this.brokers, databaseUrl: pg.url, mode: 'local' };
  }
}

/** Migrates every schema and creates the catalogue's topics on the chaos stack (the build is the global setup's). */
export function migrate(stack: TestStack, replicationFactor = 1): void {
  const env = {
    DATABASE_URL: stack.databaseUrl,
    KAFKA_BROKERS: stack.kafkaBrokers,
    KAFKA_REPLICATION_FACTOR: String(replicationFactor),
  };
  run('node', ['tools/run.js', 'dist/tools/cli.js', 'migrate'], env);
  run('node', ['tools/run.js', 'dist/tools/cli.js', 'topics'], env);
  for (const svc of ['listen', 'measure', 'act']) {
    run('node', ['tools/run.js', `dist/services/${svc}/src/main.js`, 'migrate'], env);
  }
}
