// `npm run test:chaos`: the full fault-injection run (tests/chaos) — 100,000 events and 12 faults
// by default. `--brokers` (or CHAOS_MODE=brokers; `npm run test:chaos:brokers`): the run on a
// three-node Kafka cluster with two broker kills, 20,000 events by default.
// Flags: --events N, --faults N, --seed N, --instances N, --tenants N, --stream-seconds N;
// anything else goes to jest. Prints the fault table and the run time.
import { ROOT, run, step } from './lib.mjs';

const args = process.argv.slice(2);
const brokers = args.includes('--brokers') || process.env.CHAOS_MODE === 'brokers';
const env = {
  CHAOS_MODE: brokers ? 'brokers' : (process.env.CHAOS_MODE ?? 'services'),
  CHAOS_EVENTS: process.env.CHAOS_EVENTS ?? (brokers ? '20000' : '100000'),
  CHAOS_FAULTS: process.env.CHAOS_FAULTS ?? (brokers ? '2' : '12'),
};
const rest = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--brokers') continue;
  const m = /^--(events|faults|seed|instances|tenants|stream-seconds)(?:=(.*))?$/.exec(args[i]);
  if (!m) {
    rest.push(args[i]);
    continue;
  }
  const value = m[2] ?? args[++i];
  if (!/^\d+$/.test(value ?? '')) {
    process.stderr.write(`--${m[1]} needs a whole number\n`);
    process.exit(2);
  }
  env[`CHAOS_${m[1].toUpperCase().replace('-', '_')}`] = value;
}

const started = Date.now();
step(
  `chaos: ${Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`,
);
try {
  run('npx', ['jest', '--selectProjects', 'chaos', '--runInBand', ...rest], { cwd: ROOT, env });
  process.stdout.write(`\nchaos run passed in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
} catch (err) {
  process.stderr.write(
    `\nchaos run failed after ${((Date.now() - started) / 1000).toFixed(0)} s: ${err.message}\n`,
  );
  process.exit(err.exitCode ?? 1);
}
