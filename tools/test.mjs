// `npm test`: lint, format check, type-check, build, then every jest tier (unit, integration,
// end-to-end, and the short form of the chaos suite) against a real broker and database brought
// up by the jest global setup (the chaos suite brings up its own, see tests/chaos/infra.ts).
// Extra arguments go to jest, e.g. `npm test -- --selectProjects unit`.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureChromium, ensureDependencies, ROOT, run, step } from './lib.mjs';

const started = Date.now();
try {
  ensureDependencies();
  ensureChromium();
  step('lint (eslint, module boundaries)');
  // The boundary rule reads Nx's project graph; build it first or the rule has nothing to check.
  run('npx', ['nx', 'show', 'projects'], { env: { NX_DAEMON: 'false' }, stdio: 'ignore' });
  run('npx', ['eslint', '.', '--max-warnings=0'], { env: { NX_DAEMON: 'false' } });
  step('format (prettier --check)');
  run('npx', ['prettier', '--check', '--log-level', 'warn', '.']);
  step('type-check (tsc --noEmit)');
  run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  run('npx', ['tsc', '-p', 'services/console/web/tsconfig.json']);
  step('build (tsc, console front-end with vite)');
  run('npx', ['tsc', '-p', 'tsconfig.build.json']);
  run('npm', ['run', '--silent', 'build:console']);
  step('jest: unit, integration, e2e');
  mkdirSync(path.join(ROOT, 'tmp'), { recursive: true });
  // In band: the end-to-end files start services on fixed test ports, one file at a time.
  run('npx', [
    'jest',
    '--runInBand',
    '--json',
    '--outputFile=tmp/jest-results.json',
    ...process.argv.slice(2),
  ]);
  process.stdout.write(`\nnpm test passed in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
} catch (err) {
  process.stderr.write(
    `\nnpm test failed after ${((Date.now() - started) / 1000).toFixed(0)} s: ${err.message}\n`,
  );
  process.exit(err.exitCode ?? 1);
}
