/** The console's environment, checked at start-up: a bad value stops it with a clear message. */
import path from 'node:path';

export interface ConsoleConfig {
  readonly port: number;
  readonly host: string;
  readonly upstreams: Readonly<Record<Upstream, string>>;
  readonly kafkaBrokers: string;
  readonly databaseUrl: string;
  /** The built front-end (vite's output). */
  readonly webDir: string;
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

export function loadConsoleConfig(env: NodeJS.ProcessEnv, root: string): ConsoleConfig {
  const host = env.HOST || '127.0.0.1';
  return {
    port: port(env, 'CONSOLE_PORT', 3000),
    host,
    upstreams: {
      listen: url(env, 'CONSOLE_LISTEN_URL', `http://127.0.0.1:${port(env, 'LISTEN_PORT', 3001)}`),
      measure: url(env, 'CONSOLE_MEASURE_URL', `http://127.0.0.1:${port(env, 'MEASURE_PORT', 3002)}`),
      act: url(env, 'CONSOLE_ACT_URL', `http://127.0.0.1:${port(env, 'ACT_PORT', 3003)}`),
    },
    kafkaBrokers: env.KAFKA_BROKERS || '127.0.0.1:9092',
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/continuum',
    webDir: path.resolve(root, env.CONSOLE_WEB_DIR || 'dist/console-web'),
  };
}
