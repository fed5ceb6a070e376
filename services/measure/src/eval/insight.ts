/**
 * The insight harness (issue 21): seeded simulated tenants run through the project's own code —
 * `evaluateCycle` for closed-cycle gaps, `earlyWarningScan` (new) and the EWMA step it replaced
 * (old) for early warnings, `judgeVerification` (new) and the judge it replaced (old) for
 * verification — to measure false alarms, false discovery rate, power and detection delay.
 * Pure and deterministic for a seed; `insight.eval.ts` prints the tables.
 *
 * A tenant: T touchpoints in G stages and the journey; every answer carries NPS, CSAT and CES;
 * cells are scope × indicator (3·(T + G + 1)). Each touchpoint has its own answer distributions,
 * the same in both cycles unless a change is planted: an NPS drop of Δ points moves Δ/200 of the
 * answers from promoters to detractors for the whole open cycle. A stage or the journey counts
 * as changed when one of its touchpoints is; a warning or gap on a cell that did not change is a
 * false one. The open cycle arrives in `looks` equal parts; early warnings look after each.
 */
import type { Scope } from '@continuum/contracts';
import {
  benjaminiHochberg,
  dropEvidence,
  emptyHistogram,
  INDICATORS as DEFINITIONS,
  normalCdf,
  perAnswerSummary,
  estimateIndicator,
  evaluateGap,
  judgeVerification,
  mergeState,
  npsCounts,
  normalQuantile,
  seededRandom,
  CES_DOMAIN,
  CSAT_DOMAIN,
  NPS_DOMAIN,
  type Histogram,
  type IndicatorId,
  type IndicatorState,
  type Observation,
  type ScoreDomain,
  type VerifiableGap,
} from '@continuum/indicators';
import { scopeKey } from '../aggregation/cells';
import { earlyWarningScan, warningKey, watchedCells, type WatchedCell } from '../gaps/early-warning';
import { evaluateCycle, type ScopeStates } from '../gaps/evaluation';
import type { TenantSettings } from '../journey/journey.settings';
import { EMPTY_EARLY_WARNING, earlyWarningStep, type EarlyWarningState } from './legacy-early-warning';
import { legacyJudge } from './legacy-verification';

type Random = () => number;
const INDICATORS = ['nps/v1', 'csat/top2box-5/v1', 'ces/mean-7/v1'] as const;
type SimIndicator = (typeof INDICATORS)[number];
const DOMAINS: Record<SimIndicator, ScoreDomain> = {
  'nps/v1': NPS_DOMAIN,
  'csat/top2box-5/v1': CSAT_DOMAIN,
  'ces/mean-7/v1': CES_DOMAIN,
};

interface Touchpoint {
  readonly id: string;
  readonly stage: string;
  readonly probs: Record<SimIndicator, number[]>;
}

export interface TenantShape {
  readonly touchpoints: number;
  readonly stages: number;
}

/** NPS answer probabilities with promoter share p and detractor share d (scores within a class weighted). */
function npsProbs(p: number, d: number): number[] {
  const passives = 1 - p - d;
  const detractorWeights = [1, 1, 1, 2, 3, 4, 5];
  const w = detractorWeights.reduce((a, b) => a + b, 0);
  return [...detractorWeights.map((x) => (d * x) / w), passives * 0.4, passives * 0.6, p * 0.45, p * 0.55];
}

function normalise(xs: number[]): number[] {
  const total = xs.reduce((a, b) => a + b, 0);
  return xs.map((x) => x / total);
}

function makeTenant(shape: TenantShape, random: Random): Touchpoint[] {
  return Array.from({ length: shape.touchpoints }, (_, i) => {
    const p = 0.35 + 0.25 * random();
    const d = 0.1 + 0.2 * random();
    const top = 0.55 + 0.3 * random();
    const easy = 0.4 + 0.3 * random();
    return {
      id: `tp-${i}`,
      stage: `stage-${i % shape.stages}`,
      probs: {
        'nps/v1': npsProbs(p, d),
        'csat/top2box-5/v1': normalise([0.06, 0.08, 0.85 - top, top * 0.45, top * 0.55]),
        'ces/mean-7/v1': normalise([0.04, 0.06, 0.1, 0.5 - easy, easy * 0.3, easy * 0.4, easy * 0.3]),
      },
    };
  });
}

/** The NPS probabilities after a drop of `points`: points/200 of the answers turn from promoters to detractors. */
function dropped(probs: number[], points: number): number[] {
  const shift = points / 200;
  const promoters = probs[9] + probs[10];
  const detractors = probs.slice(0, 7).reduce((a, b) => a + b, 0);
  return probs.map((x, score) =>
    score >= 9 ? x * (1 - shift / promoters) : score <= 6 ? x * (1 + shift / detractors) : x,
  );
}

/** Counts of n answers drawn from `probs` (a multinomial sample). */
function sample(probs: readonly number[], n: number, random: Random): number[] {
  const counts = new Array<number>(probs.length).fill(0);
  const cumulative: number[] = [];
  probs.reduce((acc, p, i) => (cumulative[i] = acc + p), 0);
  for (let k = 0; k < n; k++) {
    const u = random() * cumulative[cumulative.length - 1];
    let i = 0;
    while (i < cumulative.length - 1 && u >= cumulative[i]) i++;
    counts[i]++;
  }
  return counts;
}

const histogram = (domain: ScoreDomain, counts: number[]): Histogram => ({
  ...emptyHistogram(domain),
  counts,
});
const JOURNEY: Scope = { kind: 'journey', id: '*' };

/** Per touchpoint and indicator cumulative states, rolled up to stages and the journey. */
function cycleStates(
  tenant: readonly Touchpoint[],
  perTouchpoint: ReadonlyMap<string, Record<SimIndicator, Histogram>>,
): Map<string, ScopeStates> {
  const out = new Map<string, ScopeStates>();
  const add = (scope: Scope, indicator: SimIndicator, h: Histogram) => {
    const k = scopeKey(scope);
    let entry = out.get(k);
    if (!entry) out.set(k, (entry = { scope, states: new Map<IndicatorId, IndicatorState>() }));
    const states = entry.states as Map<IndicatorId, IndicatorState>;
    const before = states.get(indicator);
    states.set(indicator, before ? mergeState(before, h) : h);
  };
  for (const t of tenant) {
    const hs = perTouchpoint.get(t.id);
    if (!hs) continue;
    for (const indicator of INDICATORS) {
      add({ kind: 'touchpoint', id: t.id }, indicator, hs[indicator]);
      add({ kind: 'stage', id: t.stage }, indicator, hs[indicator]);
      add(JOURNEY, indicator, hs[indicator]);
    }
  }
  return out;
}

function settingsOf(tenant: readonly Touchpoint[]): TenantSettings {
  return {
    tenantId: 'sim',
    version: 1,
    cycle: 'day',
    timeZone: 'UTC',
    targets: [],
    touchpoints: new Map(tenant.map((t) => [t.id, { stage: t.stage, channel: null, owner: null }])),
    stageOwners: new Map(),
  };
}

export interface ScenarioSpec {
  /** Answers per touchpoint per cycle. */
  readonly n: number;
  /** Planted NPS drop in points (0: a null stream). */
  readonly drop: number;
  /** Share of touchpoints with the planted drop. */
  readonly share: number;
}

export interface SimOptions {
  readonly shape: TenantShape;
  /** Tenant cycles simulated per scenario. */
  readonly replicates: number;
  readonly looks: number;
  readonly seed: number;
  readonly minSample: number;
  readonly fdr: number;
  readonly tau: number;
  /** Closed-cycle gaps: per-comparison alpha and BH level. */
  readonly gapAlpha: number;
  readonly gapFdr: number;
}

export interface MethodFigures {
  readonly cellCycles: number;
  readonly falseAlarms: number;
  /** Mean over tenant cycles of false ÷ max(1, all). */
  readonly fdr: number;
  /** Planted touchpoint NPS cells flagged, ÷ planted. */
  readonly power: number | null;
  /** Median share of the cycle's answers seen when a planted cell was flagged. */
  readonly medianDelay: number | null;
  readonly flagged: number;
}

export interface ScenarioResult {
  readonly spec: ScenarioSpec;
  readonly cells: number;
  readonly planted: number;
  readonly warningsOld: MethodFigures;
  readonly warningsNew: MethodFigures;
  /**
   * References, not methods: one-sided fixed-sample z tests per cell on the whole open cycle at its
   * close — with BH at the early warnings' q (no early warning with that FDR can expect to do much
   * better having seen at most the same answers), and at α 0.01 per cell with no control across cells.
   */
  readonly closingBh: MethodFigures;
  readonly closingPerCell: MethodFigures;
  readonly gaps: MethodFigures;
}

class Tally {
  cellCycles = 0;
  falseAlarms = 0;
  flagged = 0;
  planted = 0;
  detected = 0;
  readonly fdps: number[] = [];
  readonly delays: number[] = [];

  cycle(
    cells: number,
    flagged: readonly { key: string; look: number }[],
    changed: ReadonlySet<string>,
    planted: ReadonlySet<string>,
    looks: number,
  ): void {
    this.cellCycles += cells;
    const falses = flagged.filter((f) => !changed.has(f.key)).length;
    this.falseAlarms += falses;
    this.flagged += flagged.length;
    this.fdps.push(flagged.length === 0 ? 0 : falses / flagged.length);
    this.planted += planted.size;
    for (const f of flagged) {
      if (!planted.has(f.key)) continue;
      this.detected++;
      this.delays.push(f.look / looks);
    }
  }

  figures(): MethodFigures {
    return {
      cellCycles: this.cellCycles,
      falseAlarms: this.falseAlarms,
      fdr: mean(this.fdps),
      power: this.planted === 0 ? null : this.detected / this.planted,
      medianDelay: median(this.delays),
      flagged: this.flagged,
    };
  }
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function drawCycle(
  tenant: readonly Touchpoint[],
  n: number,
  random: Random,
  probsOf: (t: Touchpoint, indicator: SimIndicator) => number[],
): Map<string, Record<SimIndicator, Histogram>> {
  return new Map(
    tenant.map((t) => [
      t.id,
      Object.fromEntries(
        INDICATORS.map((i) => [i, histogram(DOMAINS[i], sample(probsOf(t, i), n, random))]),
      ) as Record<SimIndicator, Histogram>,
    ]),
  );
}

function addCycles(
  a: ReadonlyMap<string, Record<SimIndicator, Histogram>>,
  b: ReadonlyMap<string, Record<SimIndicator, Histogram>>,
): Map<string, Record<SimIndicator, Histogram>> {
  const out = new Map<string, Record<SimIndicator, Histogram>>();
  for (const [id, hs] of b) {
    const before = a.get(id);
    out.set(
      id,
      before
        ? (Object.fromEntries(
            INDICATORS.map((i) => [i, mergeState(before[i], hs[i]) as Histogram]),
          ) as Record<SimIndicator, Histogram>)
        : hs,
    );
  }
  return out;
}

/**
 * One-sided p-values of "worse than the baseline" for each cell of the family on the open cycle's
 * answers so far, with the early warnings' variance and minimum effect (a cell short of it gets 1).
 */
function closingTests(family: readonly WatchedCell[], minSample: number): { key: string; p: number }[] {
  return family.map((cell) => {
    const key = warningKey(cell.scope, cell.indicator);
    const base = perAnswerSummary(cell.indicator, cell.baseline);
    const now = cell.current === null ? null : perAnswerSummary(cell.indicator, cell.current);
    if (base === null || now === null || now.n < minSample || base.n < minSample) return { key, p: 1 };
    const def = DEFINITIONS[cell.indicator];
    const evidence = dropEvidence(cell.indicator, now, base, def.minimumEffect);
    const worse = (def.direction === 'higher-is-better' ? -1 : 1) * evidence.delta;
    if (worse < def.minimumEffect) return { key, p: 1 };
    return { key, p: normalCdf(-worse / Math.sqrt(evidence.variance)) };
  });
}

/** One scenario: `replicates` tenant cycles, each a baseline cycle and an open cycle that closes. */
export function runScenario(spec: ScenarioSpec, o: SimOptions): ScenarioResult {
  const random = seededRandom(o.seed ^ (spec.n * 7919) ^ (spec.drop * 104729) ^ Math.round(spec.share * 1e4));
  const tallies = {
    old: new Tally(),
    new: new Tally(),
    closingBh: new Tally(),
    closingPerCell: new Tally(),
    gaps: new Tally(),
  };
  let cells = 0;
  let plantedTotal = 0;
  for (let r = 0; r < o.replicates; r++) {
    const tenant = makeTenant(o.shape, random);
    const settings = settingsOf(tenant);
    const plantedTps = new Set(tenant.filter(() => spec.drop > 0 && random() < spec.share).map((t) => t.id));
    const changed = new Set<string>();
    const planted = new Set<string>();
    for (const t of tenant) {
      if (!plantedTps.has(t.id)) continue;
      planted.add(warningKey({ kind: 'touchpoint', id: t.id }, 'nps/v1'));
      changed.add(warningKey({ kind: 'touchpoint', id: t.id }, 'nps/v1'));
      changed.add(warningKey({ kind: 'stage', id: t.stage }, 'nps/v1'));
      changed.add(warningKey(JOURNEY, 'nps/v1'));
    }
    plantedTotal += planted.size;
    const baselineRaw = drawCycle(tenant, spec.n, random, (t, i) => t.probs[i]);
    const previous = cycleStates(tenant, baselineRaw);
    const probsNow = (t: Touchpoint, i: SimIndicator) =>
      i === 'nps/v1' && plantedTps.has(t.id) ? dropped(t.probs[i], spec.drop) : t.probs[i];

    let cumulative = new Map<string, Record<SimIndicator, Histogram>>();
    const warnedNew = new Map<string, number>();
    const warnedOld = new Map<string, number>();
    const charts = new Map<string, EarlyWarningState>();
    let familySize = 0;
    let lastFamily: WatchedCell[] = [];
    for (let look = 1; look <= o.looks; look++) {
      const part = Math.round((spec.n * look) / o.looks) - Math.round((spec.n * (look - 1)) / o.looks);
      cumulative = addCycles(cumulative, drawCycle(tenant, part, random, probsNow));
      const current = cycleStates(tenant, cumulative);

      // New: the family scan, as the service runs it.
      const family = watchedCells(previous, current, new Set(warnedNew.keys()), o.minSample);
      familySize = family.length;
      lastFamily = family;
      const scan = earlyWarningScan(family, { minSample: o.minSample, fdr: o.fdr, tau: o.tau });
      for (const w of scan.warnings) warnedNew.set(warningKey(w.scope, w.indicator), look);

      // Old: one EWMA chart per cell, slices of ≥ 30 answers in arrival order.
      for (const cell of family) {
        const key = warningKey(cell.scope, cell.indicator);
        if (!cell.current) continue;
        const step = earlyWarningStep(
          cell.indicator,
          cell.current,
          cell.baseline,
          charts.get(key) ?? EMPTY_EARLY_WARNING,
          {
            pointSize: 30,
            minSample: o.minSample,
            alpha: 0.05,
          },
        );
        if (step.next) charts.set(key, step.next);
        if (step.warning && !warnedOld.has(key)) warnedOld.set(key, look);
      }
    }
    cells += familySize;
    const list = (m: Map<string, number>) => [...m].map(([key, look]) => ({ key, look }));
    tallies.new.cycle(familySize, list(warnedNew), changed, planted, o.looks);
    tallies.old.cycle(familySize, list(warnedOld), changed, planted, o.looks);
    const closing = closingTests(lastFamily, o.minSample);
    const atClose = (flags: readonly boolean[]) =>
      closing.filter((_, i) => flags[i]).map((c) => ({ key: c.key, look: o.looks }));
    const pValues = closing.map((c) => c.p);
    tallies.closingBh.cycle(
      familySize,
      atClose(benjaminiHochberg(pValues, o.fdr).rejected),
      changed,
      planted,
      o.looks,
    );
    tallies.closingPerCell.cycle(
      familySize,
      atClose(pValues.map((p) => p <= 0.01)),
      changed,
      planted,
      o.looks,
    );

    // Closed-cycle gaps: the evaluation the cycle close runs, at the cycle's end.
    const evaluation = evaluateCycle({ current: cycleStates(tenant, cumulative), previous }, settings, {
      minSample: o.minSample,
      alpha: o.gapAlpha,
      fdr: o.gapFdr,
    });
    // A journey or stage gap explained by its touchpoints' gaps is carried by them: count the carriers.
    const gapKeys = evaluation.findings.map((f) => ({
      key: warningKey(f.scope, f.indicator),
      look: o.looks,
    }));
    tallies.gaps.cycle(familySize, gapKeys, changed, planted, o.looks);
  }
  return {
    spec,
    cells: Math.round(cells / Math.max(1, o.replicates)),
    planted: plantedTotal,
    warningsOld: tallies.old.figures(),
    warningsNew: tallies.new.figures(),
    closingBh: tallies.closingBh.figures(),
    closingPerCell: tallies.closingPerCell.figures(),
    gaps: tallies.gaps.figures(),
  };
}

// ---- Verification -------------------------------------------------------------------------

export type RecoveryPath = 'none' | 'whole-cycle' | 'first-half';

export interface VerificationResult {
  readonly path: RecoveryPath;
  readonly n: number;
  readonly actions: number;
  readonly verifiedOld: number;
  readonly verifiedNew: number;
  /** Median share of the cycle's answers seen when the action was verified. */
  readonly delayOld: number | null;
  readonly delayNew: number | null;
}

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 5);
const iso = (t: number) => new Date(t).toISOString();

/**
 * Resolved actions on a touchpoint whose NPS fell 20 points (n answers per cycle): in the cycle
 * after the resolution the NPS stays at the gap's level ('none'), is back at the previous level
 * for the whole cycle ('whole-cycle'), or is back for the first half and then falls again
 * ('first-half'). Running values are published after each look, the closing one at the end.
 */
export function runVerification(
  path: RecoveryPath,
  n: number,
  actions: number,
  looks: number,
  seed: number,
): VerificationResult {
  const random = seededRandom(seed ^ (n * 31) ^ path.length);
  const settings = { cycles: 1, alpha: 0.05, minSample: 30 };
  let verifiedOld = 0;
  let verifiedNew = 0;
  const delaysOld: number[] = [];
  const delaysNew: number[] = [];
  for (let a = 0; a < actions; a++) {
    const p = 0.45 + 0.1 * random();
    const d = 0.15 + 0.05 * random();
    const before = npsProbs(p, d);
    const low = dropped(before, 20);
    const previous = histogram(NPS_DOMAIN, sample(before, n, random));
    const gapCycle = histogram(NPS_DOMAIN, sample(low, n, random));
    const g = evaluateGap({
      indicator: 'nps/v1',
      kind: 'vs-previous',
      current: gapCycle,
      previous,
      minSample: 30,
    });
    if (g.delta === null || g.ci === null || g.current === null || g.direction !== 'worse') continue;
    const gap: VerifiableGap = {
      indicator: 'nps/v1',
      current: g.current,
      delta: g.delta,
      ci: g.ci,
      cycle: { end: iso(BASE) },
    };
    const resolvedAt = iso(BASE + DAY / 24);
    let cumulative = histogram(NPS_DOMAIN, new Array<number>(11).fill(0));
    const observations: Observation[] = [];
    let oldAt: number | null = null;
    let newAt: number | null = null;
    for (let look = 1; look <= looks; look++) {
      const firstHalf = look <= looks / 2;
      const probs = path === 'whole-cycle' || (path === 'first-half' && firstHalf) ? before : low;
      const part = Math.round((n * look) / looks) - Math.round((n * (look - 1)) / looks);
      cumulative = mergeState(cumulative, histogram(NPS_DOMAIN, sample(probs, part, random))) as Histogram;
      const e = estimateIndicator('nps/v1', cumulative);
      const last = look === looks;
      observations.push({
        cycleStart: iso(BASE),
        cycleEnd: iso(BASE + DAY),
        value: e.value,
        n: e.n,
        ci: e.ci,
        closed: last,
      });
      // The clock: within the cycle while it is open, after its end when it closes.
      const now = new Date(last ? BASE + DAY + 3600_000 : BASE + (DAY * look) / looks);
      if (oldAt === null && legacyJudge(gap, resolvedAt, observations, settings, now).outcome === 'verified')
        oldAt = look;
      if (newAt === null && judgeVerification(gap, resolvedAt, observations, settings).outcome === 'verified')
        newAt = look;
    }
    if (oldAt !== null) {
      verifiedOld++;
      delaysOld.push(oldAt / looks);
    }
    if (newAt !== null) {
      verifiedNew++;
      delaysNew.push(newAt / looks);
    }
  }
  return {
    path,
    n,
    actions,
    verifiedOld,
    verifiedNew,
    delayOld: median(delaysOld),
    delayNew: median(delaysNew),
  };
}

// ---- The power formula --------------------------------------------------------------------

/**
 * Answers per cycle (each side) a two-sided z test at `alpha` needs to detect an NPS drop of
 * `drop` points with probability `power`: n = (z₁₋α/₂ + z_power)²·(v₀ + v₁)/Δ², the per-answer
 * variances v = p + d − (p − d)² of the two cycles, in points².
 */
export function npsSampleSize(before: readonly number[], drop: number, alpha: number, power: number): number {
  const after = dropped([...before], drop);
  const v = (probs: readonly number[]) => {
    const counts = probs.map((x) => Math.round(x * 1e6));
    const c = npsCounts(histogram(NPS_DOMAIN, counts));
    const p = c.promoters / c.n;
    const d = c.detractors / c.n;
    return 1e4 * (p + d - (p - d) ** 2);
  };
  const z = -normalQuantile(alpha / 2) + normalQuantile(power);
  return Math.ceil((z * z * (v(before) + v(after))) / (drop * drop));
}

/** A typical touchpoint of the simulated tenants (promoters 47.5 %, detractors 20 %). */
export const TYPICAL_NPS = npsProbs(0.475, 0.2);

export const _forTests = { dropped, npsProbs, sample };
