/**
 * The evaluation of a closed cycle: every scope × indicator against the previous cycle and its
 * targets, with Benjamini–Hochberg across all comparisons of the tenant's cycle. Pure.
 *
 * A gap at the journey or at a stage that is wholly accounted for by gaps of touchpoints nested
 * in it is not reported on its own: its state minus those touchpoints' states is tested again,
 * and when the rest shows no gap the touchpoints' gaps carry it in `explains`. Channel and
 * segment scopes cut across touchpoints (a touchpoint's answers come from many channels and
 * segments), so they are always reported on their own.
 */
import type { GapComparison, Scope } from '@continuum/contracts';
import {
  benjaminiHochberg,
  evaluateGap,
  INDICATOR_IDS,
  isTestableIndicatorId,
  INDICATORS,
  type GapCandidate,
  type IndicatorState,
  type StateOf,
  type TestableIndicatorId,
} from '@continuum/indicators';
import type { TenantSettings } from '../journey/journey.settings';
import { scopeKey } from '../aggregation/cells';
import type { CellState } from '../aggregation/aggregation.repository';
import { indicatorStates, type IndicatorStates } from '../aggregation/metrics';
import { subtractState } from './states';

export const TESTABLE_INDICATORS = INDICATOR_IDS.filter(isTestableIndicatorId);

export interface EvaluationOptions {
  readonly minSample: number;
  /** Per-comparison level (confidence intervals are 1 − alpha). */
  readonly alpha: number;
  /** Benjamini–Hochberg false discovery rate across the tenant's cycle. */
  readonly fdr: number;
}

export interface ScopeStates {
  readonly scope: Scope;
  readonly states: IndicatorStates;
}

export interface CycleData {
  /** scopeKey → states, for the cycle evaluated and the one before it. */
  readonly current: ReadonlyMap<string, ScopeStates>;
  readonly previous: ReadonlyMap<string, ScopeStates>;
}

/** A cycle's stored cells as indicator states per scope. */
export function scopeStates(cells: ReadonlyMap<string, CellState>): Map<string, ScopeStates> {
  const out = new Map<string, ScopeStates>();
  for (const [k, s] of cells) {
    out.set(k, { scope: { kind: s.cell.scopeKind, id: s.cell.scopeId }, states: indicatorStates(s) });
  }
  return out;
}

/** One comparison as tested, with its place in the tenant's family. */
interface Tested {
  readonly candidate: GapCandidate;
  q: number | null;
  selected: boolean;
}

export interface Finding {
  readonly scope: Scope;
  readonly indicator: TestableIndicatorId;
  /** The comparison the gap is reported by: vs-previous when that is a gap, else vs-target. */
  readonly primary: GapCandidate;
  readonly q: number;
  readonly previous: GapCandidate | null;
  readonly target: number | null;
  readonly comparisons: readonly GapComparison[];
  readonly explains: Scope[];
}

export interface Evaluation {
  readonly findings: Finding[];
  /** Comparisons that had enough data to be tested (the BH family size). */
  readonly tested: number;
  readonly comparisons: number;
  /** Journey and stage gaps accounted for by touchpoint gaps (not reported on their own). */
  readonly explained: number;
}

type TestableState = StateOf<TestableIndicatorId>;

/** Counts are volumes, never tested; every other state kind is. */
function testable(s: IndicatorState): TestableState {
  if (s.kind === 'count') throw new RangeError('a count is not a testable state');
  return s;
}

// Deltas like 100·(a/n − b/m) carry rounding residue; don't let it flip an exact threshold.
const EFFECT_TOLERANCE = 1e-9;

function statusOf(t: Tested): GapComparison['status'] {
  const c = t.candidate;
  if (t.selected) return 'gap';
  if (c.status === 'insufficient-sample') return 'insufficient-sample';
  if (c.direction === 'better' && c.status === 'candidate') return 'better';
  if (c.status === 'below-minimum-effect') return 'below-minimum-effect';
  return 'not-significant';
}

function comparisonOf(t: Tested): GapComparison {
  const c = t.candidate;
  return {
    kind: c.kind,
    reference: c.kind === 'vs-target' ? c.target : c.previous,
    delta: c.delta,
    ci: c.ci,
    p: c.p,
    q: t.q,
    test: c.test,
    status: statusOf(t),
  };
}

function tryEvaluate(run: () => GapCandidate): GapCandidate | null {
  try {
    return run();
  } catch (err) {
    // A target outside the indicator's range (e.g. NPS 150) cannot be tested; it is skipped.
    if (err instanceof RangeError) return null;
    throw err;
  }
}

function compareScope(
  indicator: TestableIndicatorId,
  current: IndicatorState,
  previous: IndicatorState | null,
  targets: TenantSettings['targets'],
  o: EvaluationOptions,
): GapCandidate[] {
  const common = { indicator, current: testable(current), minSample: o.minSample, alpha: o.alpha } as const;
  const out: GapCandidate[] = [];
  const vsPrevious = tryEvaluate(() =>
    evaluateGap({ ...common, kind: 'vs-previous', previous: previous && testable(previous) }),
  );
  if (vsPrevious) out.push(vsPrevious);
  for (const t of targets) {
    const vsTarget = tryEvaluate(() =>
      evaluateGap({ ...common, kind: 'vs-target', target: { value: t.value, direction: t.direction } }),
    );
    if (vsTarget) out.push(vsTarget);
  }
  return out;
}

/** Is this comparison, on the part of a scope outside some touchpoints, still a gap? */
function residualIsGap(
  kind: GapCandidate['kind'],
  parent: Finding,
  data: CycleData,
  children: readonly Finding[],
  settings: TenantSettings,
  o: EvaluationOptions,
): boolean {
  const key = scopeKey(parent.scope);
  const minus = (whole: IndicatorState | undefined, parts: (IndicatorState | undefined)[]) => {
    let rest: IndicatorState | null = whole ?? null;
    for (const p of parts) if (rest && p) rest = subtractState(rest, p);
    return rest;
  };
  const current = minus(
    data.current.get(key)?.states.get(parent.indicator),
    children.map((c) => data.current.get(scopeKey(c.scope))?.states.get(parent.indicator)),
  );
  // Not exactly separable (the journey map changed within the cycle): keep the broad gap.
  if (current === null) return true;
  let residual: GapCandidate | null;
  if (kind === 'vs-previous') {
    const previousWhole = data.previous.get(key)?.states.get(parent.indicator);
    const previous = minus(
      previousWhole,
      children.map((c) => data.previous.get(scopeKey(c.scope))?.states.get(parent.indicator)),
    );
    if (previousWhole && previous === null) return true;
    residual = tryEvaluate(() =>
      evaluateGap({
        indicator: parent.indicator,
        kind: 'vs-previous',
        current: testable(current),
        previous: previous && testable(previous),
        minSample: o.minSample,
        alpha: o.alpha,
      }),
    );
  } else {
    const targets = settings.targets.filter(
      (t) => t.indicator === parent.indicator && scopeKey(t.scope) === key,
    );
    return targets.some((t) => {
      const r = tryEvaluate(() =>
        evaluateGap({
          indicator: parent.indicator,
          kind: 'vs-target',
          current: testable(current),
          target: { value: t.value, direction: t.direction },
          minSample: o.minSample,
          alpha: o.alpha,
        }),
      );
      return r !== null && r.status === 'candidate' && r.direction === 'worse';
    });
  }
  return residual !== null && residual.status === 'candidate' && residual.direction === 'worse';
}

export function evaluateCycle(data: CycleData, settings: TenantSettings, o: EvaluationOptions): Evaluation {
  // 1. Every comparison, in a deterministic order.
  const groups: { scope: Scope; indicator: TestableIndicatorId; tests: Tested[] }[] = [];
  for (const key of [...data.current.keys()].sort()) {
    const { scope, states } = data.current.get(key)!;
    const before = data.previous.get(key)?.states;
    for (const indicator of TESTABLE_INDICATORS) {
      const current = states.get(indicator);
      if (!current) continue;
      const targets = settings.targets.filter((t) => t.indicator === indicator && scopeKey(t.scope) === key);
      const candidates = compareScope(indicator, current, before?.get(indicator) ?? null, targets, o);
      groups.push({
        scope,
        indicator,
        tests: candidates.map((candidate) => ({ candidate, q: null, selected: false })),
      });
    }
  }

  // 2. Benjamini–Hochberg across the tenant's cycle; a gap is a rejected, worse, big-enough change.
  const family = groups.flatMap((g) => g.tests).filter((t) => t.candidate.p !== null);
  const bh = benjaminiHochberg(
    family.map((t) => t.candidate.p!),
    o.fdr,
  );
  family.forEach((t, i) => {
    const c = t.candidate;
    t.q = bh.adjusted[i];
    t.selected =
      bh.rejected[i] &&
      c.direction === 'worse' &&
      c.delta !== null &&
      Math.abs(c.delta) + EFFECT_TOLERANCE >= c.minimumEffect;
  });

  // 3. One finding per scope × indicator with a gap.
  const findings: Finding[] = [];
  for (const g of groups) {
    const gaps = g.tests.filter((t) => t.selected);
    if (gaps.length === 0) continue;
    const primary = gaps.find((t) => t.candidate.kind === 'vs-previous') ?? gaps[0];
    const previous = g.tests.find((t) => t.candidate.kind === 'vs-previous')?.candidate ?? null;
    const target = g.tests.find((t) => t.candidate.kind === 'vs-target')?.candidate.target ?? null;
    findings.push({
      scope: g.scope,
      indicator: g.indicator,
      primary: primary.candidate,
      q: primary.q!,
      previous,
      target,
      comparisons: g.tests.map(comparisonOf),
      explains: [],
    });
  }

  // 4. Journey and stage gaps that their touchpoints' gaps account for.
  const touchpointFindings = findings.filter((f) => f.scope.kind === 'touchpoint');
  const explained = new Set<Finding>();
  for (const f of findings) {
    if (f.scope.kind !== 'journey' && f.scope.kind !== 'stage') continue;
    const children = touchpointFindings.filter(
      (c) =>
        c.indicator === f.indicator &&
        (f.scope.kind === 'journey' || settings.touchpoints.get(c.scope.id)?.stage === f.scope.id),
    );
    if (children.length === 0) continue;
    const kinds = f.comparisons.filter((c) => c.status === 'gap').map((c) => c.kind);
    if (kinds.some((k) => residualIsGap(k, f, data, children, settings, o))) continue;
    explained.add(f);
    for (const c of children) c.explains.push(f.scope);
  }

  return {
    findings: findings.filter((f) => !explained.has(f)),
    tested: family.length,
    comparisons: groups.reduce((n, g) => n + g.tests.length, 0),
    explained: explained.size,
  };
}

export function indicatorDirection(id: TestableIndicatorId): 'higher-is-better' | 'lower-is-better' {
  return INDICATORS[id].direction;
}
