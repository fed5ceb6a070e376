/**
 * The chaos project brings up its own PostgreSQL cluster and broker (see infra.ts); all it needs
 * from a global setup is the build the services run from. Under `npm test` the other projects'
 * setup has built already (CONTINUUM_TEST_STACK_UP). (Global setups get no moduleNameMapper, so
 * this file imports nothing of the workspace.)
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function globalSetup(): void {
  if (process.env.CONTINUUM_TEST_STACK_UP === '1') return;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {
    cwd: path.resolve(__dirname, '..', '..'),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
