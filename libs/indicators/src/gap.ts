// Gap detection: is an indicator for one scope worse than last cycle, or than its target, by more
// than chance and by enough to matter? evaluateGap answers for one comparison; selectGaps controls
// the false discovery rate across every comparison of a tenant's cycle.

import {
  assertHistogramDomain,
  momentsFromHistogram,
  momentsSummary,
  type Histogram,
  type IndicatorState,
  type Moments,
  type Proportion,
  type StateOf,
} from './aggregates';
import { oneSampleTTest, welchTTest } from './ces';
import { csatTopTwoBox } from './csat';
import { INDICATORS, NPS_DOMAIN, type TestableIndicatorId } from './definitions';
import { benjaminiHochberg } from './multiple-testing';
import { npsCounts, npsDifferenceTest, npsTargetTest } from './nps';
import { rateDifferenceTest, rateTargetTest } from './rates';
import type { Interval, TestName, TestResult } from './results';

export type GapKind = 'vs-previous' | 'vs-target';
export type GapDirection = 'worse' | 'better';
export type GapStatus = 'insufficient-sample' | 'not-significant' | 'below-minimum-effect' | 'candidate';

export interface GapTarget {
  /** In the indicator's display unit (NPS points, percent, score, seconds). */
  readonly value: number;
  /** Defaults from the indicator: at-least when higher is better, at-most otherwise. */
  readonly direction?: 'at-least' | 'at-most';
}

export const DEFAULT_MIN_SAMPLE = 30;
export const DEFAULT_ALPHA = 0.05;

interface GapInputBase<K extends TestableIndicatorId> {
  readonly indicator: K;
  readonly current: StateOf<K>;
  /** Previous cycle's state; null or absent when there was none. */
  readonly previous?: StateOf<K> | null;
  /** Minimum observations per compared side (default 30; means need at least 2 regardless). */
  readonly minSample?: number;
  /** Practical minimum |delta| in display units (default from the catalogue). */
  readonly minimumEffect?: number;
  /** Per-comparison significance level for `status`, and 1 − confidence of `ci` (default 0.05). */
  readonly alpha?: number;
}

export type GapInput<K extends TestableIndicatorId = TestableIndicatorId> = GapInputBase<K> &
  ({ readonly kind: 'vs-previous' } | { readonly kind: 'vs-target'; readonly target: GapTarget });

export interface GapCandidate {
  readonly indicator: TestableIndicatorId;
  readonly kind: GapKind;
  /** Values in display units; null where there is no data. */
  readonly previous: number | null;
  readonly current: number | null;
  readonly target: number | null;
  readonly nPrevious: number | null;
  readonly nCurrent: number;
  /** current − previous (vs-previous) or current − target (vs-target). */
  readonly delta: number | null;
  readonly ci: Interval | null;
  /** Two-sided, unadjusted; null when no test was run. */
  readonly p: number | null;
  readonly direction: GapDirection | null;
  readonly test: TestName | null;
  readonly status: GapStatus;
  readonly minimumEffect: number;
}

export interface SelectedGap extends GapCandidate {
  /** Benjamini–Hochberg adjusted p-value within the family passed to selectGaps. */
  readonly pAdjusted: number;
}

// A state reduced to what the tests need.
type Sample =
  | { readonly type: 'nps'; readonly h: Histogram }
  | { readonly type: 'proportion'; readonly p: Proportion }
  | { readonly type: 'mean'; readonly m: Moments };

function toSample(indicator: TestableIndicatorId, state: IndicatorState): Sample {
  const def = INDICATORS[indicator];
  if (state.kind !== def.kind)
    throw new RangeError(`${indicator} needs a ${def.kind} state, got ${state.kind}`);
  switch (state.kind) {
    case 'histogram':
      if (indicator === 'nps/v1') {
        assertHistogramDomain(state, NPS_DOMAIN, indicator);
        return { type: 'nps', h: state };
      }
      if (indicator === 'csat/top2box-5/v1') return { type: 'proportion', p: csatTopTwoBox(state) };
      if (def.domain === null) throw new RangeError(`${indicator} has no score domain`);
      assertHistogramDomain(state, def.domain, indicator);
      return { type: 'mean', m: momentsFromHistogram(state) };
    case 'proportion':
      return { type: 'proportion', p: state };
    case 'mean':
      return { type: 'mean', m: state };
  }
}

function sampleSize(s: Sample): number {
  switch (s.type) {
    case 'nps':
      return npsCounts(s.h).n;
    case 'proportion':
      return s.p.trials;
    case 'mean':
      return s.m.n;
  }
}

function sampleValue(s: Sample): number | null {
  switch (s.type) {
    case 'nps': {
      const c = npsCounts(s.h);
      return c.n === 0 ? null : (100 * (c.promoters - c.detractors)) / c.n;
    }
    case 'proportion':
      return s.p.trials === 0 ? null : (100 * s.p.successes) / s.p.trials;
    case 'mean':
      return momentsSummary(s.m).mean;
  }
}

function compare(current: Sample, previous: Sample, confidence: number): TestResult {
  if (current.type === 'nps' && previous.type === 'nps')
    return npsDifferenceTest(current.h, previous.h, confidence);
  if (current.type === 'proportion' && previous.type === 'proportion') {
    return rateDifferenceTest(current.p, previous.p, confidence);
  }
  if (current.type === 'mean' && previous.type === 'mean')
    return welchTTest(current.m, previous.m, confidence);
  throw new RangeError('cannot compare samples of different kinds');
}

function againstTarget(current: Sample, target: number, confidence: number): TestResult {
  switch (current.type) {
    case 'nps':
      return npsTargetTest(current.h, target, confidence);
    case 'proportion':
      return rateTargetTest(current.p, target, confidence);
    case 'mean':
      return oneSampleTTest(current.m, target, confidence);
  }
}

function directionOf(delta: number | null, worseWhenNegative: boolean): GapDirection | null {
  if (delta === null || delta === 0) return null;
  return delta < 0 === worseWhenNegative ? 'worse' : 'better';
}

// Deltas like 100·(a/n − b/m) carry rounding residue; don't let it flip an exact threshold.
const EFFECT_TOLERANCE = 1e-9;

function meetsMinimumEffect(c: GapCandidate): boolean {
  return c.delta !== null && Math.abs(c.delta) + EFFECT_TOLERANCE >= c.minimumEffect;
}

export function evaluateGap<K extends TestableIndicatorId>(input: GapInput<K>): GapCandidate {
  const indicator: TestableIndicatorId = input.indicator;
  const def = INDICATORS[indicator];
  const alpha = input.alpha ?? DEFAULT_ALPHA;
  const minimumEffect = input.minimumEffect ?? def.minimumEffect;
  const minSample = input.minSample ?? DEFAULT_MIN_SAMPLE;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!(minimumEffect >= 0)) throw new RangeError(`minimumEffect must be ≥ 0, got ${minimumEffect}`);
  if (!Number.isInteger(minSample) || minSample < 1)
    throw new RangeError(`minSample must be a positive integer, got ${minSample}`);

  const current = toSample(indicator, input.current);
  const previous = input.previous ? toSample(indicator, input.previous) : null;
  const required = current.type === 'mean' ? Math.max(minSample, 2) : minSample;
  const nCurrent = sampleSize(current);
  const nPrevious = previous === null ? null : sampleSize(previous);
  const currentValue = sampleValue(current);
  const previousValue = previous === null ? null : sampleValue(previous);

  const confidence = 1 - alpha;
  let target: number | null = null;
  let reference: number | null;
  let worseWhenNegative: boolean;
  let run: (() => TestResult) | null = null;
  if (input.kind === 'vs-target') {
    const goal = input.target.value;
    if (!Number.isFinite(goal)) throw new RangeError(`target must be finite, got ${goal}`);
    target = reference = goal;
    const atLeast =
      (input.target.direction ?? (def.direction === 'higher-is-better' ? 'at-least' : 'at-most')) ===
      'at-least';
    worseWhenNegative = atLeast;
    if (nCurrent >= required) run = () => againstTarget(current, goal, confidence);
  } else {
    reference = previousValue;
    worseWhenNegative = def.direction === 'higher-is-better';
    if (previous !== null && nCurrent >= required && (nPrevious ?? 0) >= required) {
      run = () => compare(current, previous, confidence);
    }
  }

  const delta = currentValue === null || reference === null ? null : currentValue - reference;
  const common = {
    indicator,
    kind: input.kind,
    previous: previousValue,
    current: currentValue,
    target,
    nPrevious,
    nCurrent,
    minimumEffect,
  };
  if (run === null) {
    return {
      ...common,
      delta,
      ci: null,
      p: null,
      direction: directionOf(delta, worseWhenNegative),
      test: null,
      status: 'insufficient-sample',
    };
  }

  const result = run();
  // The test's own difference equals delta up to rounding; report the test's, which matches its CI.
  const candidate: GapCandidate = {
    ...common,
    delta: result.difference,
    ci: result.ci,
    p: result.p,
    direction: directionOf(result.difference, worseWhenNegative),
    test: result.test,
    status: 'candidate',
  };
  if (!(result.p < alpha)) return { ...candidate, status: 'not-significant' };
  if (!meetsMinimumEffect(candidate)) return { ...candidate, status: 'below-minimum-effect' };
  return candidate;
}

/**
 * Applies Benjamini–Hochberg at level q across every tested candidate (those with a p-value form
 * the family, better-direction ones included, since they were tested too) and keeps the worse-
 * direction gaps that are rejected and at least the minimum effect. Input order is preserved.
 */
export function selectGaps(candidates: readonly GapCandidate[], q = 0.05): SelectedGap[] {
  const tested = candidates.filter((c): c is GapCandidate & { p: number } => c.p !== null);
  const { adjusted, rejected } = benjaminiHochberg(
    tested.map((c) => c.p),
    q,
  );
  return tested
    .map((c, i) => ({ ...c, status: 'candidate' as const, pAdjusted: adjusted[i], rejected: rejected[i] }))
    .filter((c) => c.rejected && c.direction === 'worse' && meetsMinimumEffect(c))
    .map(({ rejected: _rejected, ...gap }) => gap);
}
