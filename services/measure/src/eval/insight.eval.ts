/**
 * `npm run eval:insight` — the insight harness's tables (never part of `npm test` beyond a smoke
 * run of its spec). Options: `--replicates N` (tenant cycles per row, default 20), `--looks N`
 * (early-warning looks per cycle, 20), `--seed N` (21), `--touchpoints N` (150), `--stages N`
 * (15), `--tau X`, `--fdr Q` (the early-warning settings to try; defaults are measure's).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { MeasureConfig } from '../measure.config';
import {
  npsSampleSize,
  runScenario,
  runVerification,
  TYPICAL_NPS,
  type MethodFigures,
  type RecoveryPath,
  type ScenarioResult,
  type ScenarioSpec,
  type SimOptions,
} from './insight';

// The service's own defaults: what the tables show is what measure runs.
const SERVICE = new MeasureConfig();

export interface EvalOptions extends SimOptions {
  /** Resolved actions per verification row. */
  readonly actions: number;
  /** Rows of the warnings and gaps tables (default: the standard set, see `runEval`). */
  readonly specs?: readonly ScenarioSpec[];
  /** Answers per cycle of the verification rows. */
  readonly verificationSizes?: readonly number[];
}

export function defaultOptions(over: Partial<EvalOptions> = {}): EvalOptions {
  return {
    shape: { touchpoints: 150, stages: 15 },
    replicates: 20,
    looks: 20,
    seed: 21,
    minSample: SERVICE.MEASURE_GAP_MIN_SAMPLE,
    fdr: SERVICE.MEASURE_EARLY_WARNING_FDR,
    tau: SERVICE.MEASURE_EARLY_WARNING_TAU,
    gapAlpha: SERVICE.MEASURE_GAP_ALPHA,
    gapFdr: SERVICE.MEASURE_GAP_FDR,
    actions: 400,
    ...over,
  };
}

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);
const perMille = (f: MethodFigures) => ((1000 * f.falseAlarms) / Math.max(1, f.cellCycles)).toFixed(2);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function scenarioName(s: ScenarioSpec): string {
  return s.drop === 0 ? `null, n=${s.n}` : `NPS −${s.drop} in ${pct(s.share)} of touchpoints, n=${s.n}`;
}

export interface EvalReport {
  readonly scenarios: ScenarioResult[];
  readonly verification: ReturnType<typeof runVerification>[];
  readonly gapFormulaN: number;
  readonly text: string;
}

export function runEval(o: EvalOptions, log: (line: string) => void = () => undefined): EvalReport {
  const share = 0.1;
  // BH at level q finds each of m₁ true changes among m comparisons at about q·m₁/m: the power
  // formula's alpha, with m₁ the planted touchpoint cells (their stages' and journey's left out).
  const cellsPerTenant = 3 * (o.shape.touchpoints + o.shape.stages + 1);
  const formulaAlpha = (o.gapFdr * share * o.shape.touchpoints) / cellsPerTenant;
  const gapFormulaN = npsSampleSize(TYPICAL_NPS, 20, formulaAlpha, 0.9);
  const specs: readonly ScenarioSpec[] = o.specs ?? [
    { n: 100, drop: 0, share: 0 },
    { n: 400, drop: 0, share: 0 },
    { n: 1000, drop: 0, share: 0 },
    { n: 400, drop: 10, share },
    { n: 1000, drop: 10, share },
    { n: 100, drop: 20, share },
    { n: 400, drop: 20, share },
    { n: 400, drop: 20, share: 0.5 },
    { n: 1000, drop: 20, share },
    { n: gapFormulaN, drop: 20, share },
  ];
  const scenarios: ScenarioResult[] = [];
  for (const spec of specs) {
    const started = Date.now();
    scenarios.push(runScenario(spec, o));
    log(`  ${scenarioName(spec)}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const verification = (['none', 'first-half', 'whole-cycle'] as RecoveryPath[]).flatMap((path) =>
    (o.verificationSizes ?? [100, 400]).map((n) => runVerification(path, n, o.actions, o.looks, o.seed)),
  );

  const warningRows = scenarios.flatMap((r) =>
    (
      [
        ['old: EWMA per cell (λ 0.2, L 3, 30-answer slices)', r.warningsOld],
        [`new: mSPRT (τ ${o.tau}× min. effect) + e-BH q ${o.fdr}`, r.warningsNew],
        [`reference: one z test per cell at the close, BH q ${o.fdr}`, r.closingBh],
        ['reference: one z test per cell at the close, α 0.01 each', r.closingPerCell],
      ] as const
    ).map(([method, f]) => [
      scenarioName(r.spec),
      method,
      perMille(f),
      pct(f.fdr),
      pct(f.power),
      f.medianDelay === null ? '—' : pct(f.medianDelay),
    ]),
  );
  const gapRows = scenarios.map((r) => [
    scenarioName(r.spec) + (r.spec.n === gapFormulaN ? ' (power formula)' : ''),
    perMille(r.gaps),
    pct(r.gaps.fdr),
    pct(r.gaps.power),
  ]);
  const verificationRows = verification.flatMap((v) =>
    (
      [
        ['old: any look, open cycles included', v.verifiedOld, v.delayOld],
        ['new: closed cycles only', v.verifiedNew, v.delayNew],
      ] as const
    ).map(([method, verified, delay]) => [
      {
        none: 'no recovery',
        'first-half': 'recovers in the first half only',
        'whole-cycle': 'recovers for the whole cycle',
      }[v.path],
      String(v.n),
      method,
      v.path === 'whole-cycle' ? '—' : ((1000 * verified) / v.actions).toFixed(1),
      v.path === 'whole-cycle' ? pct(verified / v.actions) : '—',
      delay === null ? '—' : pct(delay),
    ]),
  );
  const cells = scenarios[0]?.cells ?? 0;
  const text = [
    `Tenant: ${o.shape.touchpoints} touchpoints in ${o.shape.stages} stages and the journey, each answer with NPS, CSAT and CES: ${cells} cells per cycle; ${o.replicates} tenant cycles per row; the open cycle seen in ${o.looks} looks; seed ${o.seed}.`,
    '',
    'Early warnings (open cycle, every look) — false alarms per 1,000 cells per cycle; FDR; power = planted touchpoint NPS drops warned before the cycle closes; delay = median share of the cycle seen when warned',
    table(['scenario', 'method', 'false alarms / 1,000 cells', 'FDR', 'power', 'median delay'], warningRows),
    '',
    `Closed-cycle gaps (unchanged method: z / Welch tests vs previous cycle, BH q ${o.gapFdr} across the tenant's comparisons, minimum effect) — the power formula (two-sided z, per-answer variances of a typical touchpoint before and after) asks n = ${gapFormulaN} answers per cycle for an NPS drop of 20 at 90 % power and alpha = q·m₁/m = ${formulaAlpha.toPrecision(2)} (m₁ planted cells of m)`,
    table(['scenario', 'false gaps / 1,000 cells', 'FDR', 'power'], gapRows),
    '',
    `Verification — ${o.actions} resolved actions per row on a touchpoint whose NPS fell 20 points; playbook cycles 1, alpha 0.05, minimum sample 30; running values after each of ${o.looks} looks, the closing value at the end`,
    table(
      ['metric after the fix', 'n / cycle', 'method', 'false verifications / 1,000', 'power', 'median delay'],
      verificationRows,
    ),
  ].join('\n');
  return { scenarios, verification, gapFormulaN, text };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      replicates: { type: 'string' },
      looks: { type: 'string' },
      seed: { type: 'string' },
      touchpoints: { type: 'string' },
      stages: { type: 'string' },
      tau: { type: 'string' },
      fdr: { type: 'string' },
      actions: { type: 'string' },
    },
  });
  const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
  const base = defaultOptions();
  const o = defaultOptions({
    replicates: num(values.replicates, base.replicates),
    looks: num(values.looks, base.looks),
    seed: num(values.seed, base.seed),
    shape: { touchpoints: num(values.touchpoints, 150), stages: num(values.stages, 15) },
    tau: num(values.tau, base.tau),
    fdr: num(values.fdr, base.fdr),
    actions: num(values.actions, base.actions),
  });
  const started = Date.now();
  process.stdout.write('insight harness (issue 21): running…\n');
  const report = runEval(o, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`\n${report.text}\n\n(${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}

// Run when started as the entry (tools/run.js puts the entry in argv[1]), not when imported by its spec.
if (/insight\.eval\.js$/.test(process.argv[1] ?? '')) main();
