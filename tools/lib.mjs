// Shared by `npm start` and `npm test`: plain Node, no dependencies, so they run before `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function step(title) {
  process.stdout.write(`\n▶ ${title}\n`);
  return Date.now();
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    cwd: ROOT,
    stdio: 'inherit',
    ...opts,
    env: { ...process.env, ...(opts.env ?? {}) },
  });
  if (r.status !== 0) {
    const err = new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
    err.exitCode = r.status ?? 1;
    throw err;
  }
}

/** Installs dependencies when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  const t = step('installing dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  process.stdout.write(`  done in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
}

export const SERVICES = ['listen', 'measure', 'act'];

export const CHROMIUM = process.env.CONTINUUM_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The console's browser tests drive Debian's Chromium (no browser download): install it when it
 * is missing (we run as root on CI and development machines), refreshing the package lists once
 * if the first attempt fails.
 */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const t = step(`installing Chromium for the browser tests (apt-get install chromium)`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  try {
    run('apt-get', ['install', '-y', '-q', 'chromium'], { env });
  } catch {
    run('apt-get', ['update', '-q'], { env });
    run('apt-get', ['install', '-y', '-q', 'chromium'], { env });
  }
  process.stdout.write(`  done in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
}
