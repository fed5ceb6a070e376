/**
 * The web console: `node dist/services/console/src/main.js` (port CONSOLE_PORT, default 3000);
 * `… main.js migrate` creates or updates its schema (sessions).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createDataSource, migrate, TenantDirectory } from '@continuum/persistence';
import { bearerVerifier } from '@continuum/platform';
import { CONSOLE_MIGRATIONS } from '../migrations';
import { loadConsoleConfig } from './console.config';
import { LiveHub } from './live';
import { log } from './log';
import { RelyingParty } from './oidc';
import { ConsoleServer } from './server';
import { SessionStore } from './sessions';

function root(): string {
  for (let d = __dirname; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'nx.json'))) return d;
    if (path.dirname(d) === d) return process.cwd();
  }
}

async function main(): Promise<void> {
  const config = loadConsoleConfig(process.env, root());
  const ds = createDataSource({
    url: config.databaseUrl,
    schema: 'console',
    applicationName: 'console',
    migrations: CONSOLE_MIGRATIONS,
    poolSize: 4,
  });
  if (process.argv[2] === 'migrate') {
    const done = await migrate(ds);
    log('log', done.length ? `applied ${done.join(', ')}` : 'console schema up to date');
    return;
  }
  await ds.initialize();
  const live = new LiveHub(config.kafkaBrokers);
  const sessions = config.oidc
    ? new SessionStore(ds, config.sessionIdleSeconds, config.sessionMaxSeconds)
    : null;
  const rp = config.oidc
    ? new RelyingParty(config.oidc, `${config.publicUrl}/auth/callback`, `${config.publicUrl}/`)
    : null;
  const verifier = config.oidc
    ? bearerVerifier({ ...config.auth, AUTH_ISSUER: config.auth.AUTH_ISSUER ?? config.oidc.issuer })
    : null;
  const server = new ConsoleServer(config, {
    directory: new TenantDirectory(ds),
    live,
    sessions,
    rp,
    bearer: verifier,
  });
  await server.listen();
  log('log', `console listening on http://${config.host}:${config.port}`, {
    upstreams: config.upstreams,
    publicUrl: config.publicUrl,
    issuer: config.oidc?.issuer ?? null,
  });
  if (!config.oidc) log('warn', 'no identity provider configured: people cannot sign in to the console');
  await live.start();
  const prune = sessions
    ? setInterval(() => {
        sessions
          .prune()
          .catch((err: unknown) => log('warn', 'session pruning failed', { error: String(err) }));
      }, 60_000)
    : null;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (prune) clearInterval(prune);
    await live.stop();
    await server.close();
    await ds.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  log('error', `console failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
