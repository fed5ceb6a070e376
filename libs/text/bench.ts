/**
 * Micro-benchmark for the per-comment path the listen service runs (not a test).
 *
 *   npx tsc -p libs/text/tsconfig.bench.json && node tmp/bench/libs/text/bench.js
 *
 * Compiles to tmp/ (git-ignored); run from the repository root so node_modules resolves.
 * Prints comments/s and µs per comment for analyzeComment and for each stage on its own, by the
 * wall clock and by CPU time; on a shared machine the CPU figure is the one to compare.
 */
import { analyzeComment, detectLanguage, detectThemes, redactPii, scoreSentiment } from './src/index';
import { HARD_DEV } from './src/eval/hard-dev';
import { HARD_HOLDOUT } from './src/eval/hard-holdout';
import { LABELLED } from './src/eval/labelled';

// Every labelled comment plus longer ones carrying PII, so the phone/card paths are exercised.
const corpus: string[] = [
  ...[...LABELLED, ...HARD_DEV, ...HARD_HOLDOUT].map((c) => c.text),
  "Buongiorno, ho chiamato tre volte: attesa di 40 minuti, poi la linea è caduta. Il mio numero è 333 1234567, l'ordine 4589123 del 12/03/2024 da € 49,90 non è ancora arrivato. Rimborso su IBAN IT60X0542811101000000123456 per favore.",
  'Agent was rude, hung up on me twice. Call me on +44 20 7946 0958 or email jane.doe@example.com. Order 123456, card 4111 1111 1111 1111 was charged £129.99 twice.',
  "Servizio clienti pessimo, nessuno sa niente, mi hanno trasferito da un reparto all'altro. CF RSSMRA85T10H501O, contratto 0212345678.",
];

function bench(name: string, fn: (text: string) => unknown, minMs = 1500): void {
  // Warm-up (lazy init, JIT): by time, since optimising compilers run on background threads and
  // their CPU would otherwise land in the first figure.
  const warm = Date.now();
  for (let i = 0; i < 2000 || Date.now() - warm < 2000; i++) fn(corpus[i % corpus.length]);
  let n = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const t of corpus) fn(t);
    n += corpus.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const perSecond = (n / elapsed) * 1000;
  console.log(
    `${name.padEnd(16)} ${Math.round(perSecond).toLocaleString('en').padStart(9)} comments/s  ${((elapsed * 1000) / n).toFixed(1).padStart(7)} µs/comment  ${((cpuMs * 1000) / n).toFixed(1).padStart(7)} µs CPU/comment`,
  );
}

console.log(
  `corpus: ${corpus.length} comments, mean ${Math.round(corpus.join('').length / corpus.length)} chars; node ${process.version}`,
);
bench('analyzeComment', (t) => analyzeComment(t));
bench('redactPii', (t) => redactPii(t));
bench('detectLanguage', (t) => detectLanguage(t));
bench('scoreSentiment', (t) => scoreSentiment(t, 'it'));
bench('detectThemes', (t) => detectThemes(t, 'it'));
