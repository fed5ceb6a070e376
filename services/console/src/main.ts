/** The web console: `node dist/services/console/src/main.js` (port CONSOLE_PORT, default 3000). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createDataSource, TenantDirectory } from '@continuum/persistence';
import { loadConsoleConfig } from './console.config';
import { LiveHub } from './live';
import { ConsoleServer } from './server';

function root(): string {
  for (let d = __dirname; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'nx.json'))) return d;
    if (path.dirname(d) === d) return process.cwd();
  }
}

function log(level: string, msg: string, extra: object = {}): void {
  process.stdout.write(
    `${JSON.stringify({ level, time: new Date().toISOString(), service: 'console', msg, ...extra })}\n`,
  );
}

async function main(): Promise<void> {
  const config = loadConsoleConfig(process.env, root());
  const ds = createDataSource({
    url: config.databaseUrl,
    schema: 'tenancy',
    applicationName: 'console',
    poolSize: 2,
  });
  await ds.initialize();
  const live = new LiveHub(config.kafkaBrokers);
  const server = new ConsoleServer(config, new TenantDirectory(ds), live);
  await server.listen();
  log('log', `console listening on http://${config.host}:${config.port}`, { upstreams: config.upstreams });
  await live.start();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
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
