/**
 * The chaos project brings up its own PostgreSQL cluster and broker (see infra.ts); all it needs
 * from a global setup is the build the services run from. Under `npm test` the other projects'
 * setup has built already (CONTINUUM_TEST_STACK_UP), and the incremental build is then a no-op.
 */
import { sh } from '@continuum/testing';

export default function globalSetup(): void {
  if (process.env.CONTINUUM_TEST_STACK_UP === '1') return;
  sh('npx', ['tsc', '-p', 'tsconfig.build.json']);
}
