// Inference that stays valid however often it is looked at: a one-sided mixture sequential
// probability ratio test (mSPRT; Robbins 1970, Johari, Pekelis & Walsh 2022) for "worse than a
// baseline that is itself an estimate", and the e-BH procedure (Wang & Ramdas 2022) that controls
// the false discovery rate across many such tests under arbitrary dependence.

import { momentsFromHistogram, momentsSummary, type IndicatorState, type Moments } from './aggregates';
import { csatTopTwoBox } from './csat';
import { INDICATORS, type TestableIndicatorId } from './definitions';
import { npsCounts } from './nps';
import { normalCdf } from './stats';

const LOG_2 = Math.log(2);
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * ln(e^{b²/2}·Φ(−b)) without overflow: Φ(−b) = φ(b)·R(b) with R Mills' ratio, evaluated by its
 * continued fraction (Abramowitz & Stegun 26.2.14) where φ(b) would underflow.
 */
function logScaledUpperTail(b: number): number {
  if (b < 5) return (b * b) / 2 + Math.log(normalCdf(-b));
  let f = b;
  for (let k = 60; k >= 1; k--) f = b + k / f;
  return -Math.log(SQRT_2PI) - Math.log(f);
}

export interface DropEvidenceInput {
  /** How much worse the current estimate is than the baseline, in the indicator's unit (> 0: worse). */
  readonly worse: number;
  /** Var(current − baseline): the current mean's variance plus the baseline mean's own. */
  readonly variance: number;
  /** Scale of the drops the test is tuned to (the mixing prior's σ), same unit. */
  readonly tau: number;
}

/**
 * ln E of the one-sided mixture SPRT for a drop. With D the current-minus-baseline difference
 * (signed so that worse is positive) and V its variance, mixing the drop δ over a half-normal
 * N(0, τ²) restricted to δ > 0 gives
 *   E = 2·(1 + τ²/V)^{−½}·e^{b²/2}·Φ(−b),  b = −D·τ/√(V(V + τ²)).
 * Under "no worse than the baseline" E is an e-process: P(E ever ≥ 1/α) ≤ α (Ville), and E
 * stopped at any stopping time has expectation ≤ 1. The baseline's own error enters V: the
 * current partial sums measured against the baseline estimate are a random walk whose drift is
 * that error, so mixing it out over its sampling distribution N(0, SE₀²) turns the test of a
 * known mean into this one with V = SE₁² + SE₀² (a likelihood ratio of the contrast path). E is
 * decreasing in D's "better" direction, so an improvement never makes a drop more likely.
 */
export function logDropEValue(input: DropEvidenceInput): number {
  const { worse, variance: v, tau } = input;
  if (!Number.isFinite(worse)) throw new RangeError(`worse must be finite, got ${worse}`);
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`variance must be > 0, got ${v}`);
  if (!(tau > 0) || !Number.isFinite(tau)) throw new RangeError(`tau must be > 0, got ${tau}`);
  const b = (-worse * tau) / Math.sqrt(v * (v + tau * tau));
  return LOG_2 - 0.5 * Math.log1p((tau * tau) / v) + logScaledUpperTail(b);
}

export function dropEValue(input: DropEvidenceInput): number {
  return Math.exp(logDropEValue(input));
}

export interface EBHOptions {
  /** Family size: every hypothesis of the family, tested or not (default: the e-values given). */
  readonly m?: number;
  /** Hypotheses rejected earlier in the same family (they count in the rejection set). */
  readonly alreadyRejected?: number;
}

export interface EBHResult {
  /** Whether each e-value is rejected now, in the input order. */
  readonly rejected: readonly boolean[];
  /** Size of the whole rejection set: the earlier ones plus those rejected now. */
  readonly rejections: number;
  /** The e-value a hypothesis needed: m/(q·rejections); Infinity when none is rejected. */
  readonly threshold: number;
}

/**
 * e-BH at level q: with the family's e-values in decreasing order e₍₁₎ ≥ e₍₂₎ ≥ …, reject the
 * k* largest, k* = max{k : e₍ₖ₎ ≥ m/(q·k)}. FDR ≤ q·m₀/m for any dependence among the e-values.
 * Hypotheses rejected earlier count as already in the set (as if their e-value were infinite):
 * when each is rejected at its own stopping time with e ≥ m/(q·|set then|) and rejections are
 * never withdrawn, every member of the final set satisfies e ≥ m/(q·|final set|), which is the
 * condition the FDR bound rests on.
 */
export function eBenjaminiHochberg(
  eValues: readonly number[],
  q: number,
  options: EBHOptions = {},
): EBHResult {
  if (!(q > 0 && q < 1)) throw new RangeError(`FDR level must be in (0, 1), got ${q}`);
  const earlier = options.alreadyRejected ?? 0;
  const m = options.m ?? eValues.length + earlier;
  if (!Number.isInteger(earlier) || earlier < 0)
    throw new RangeError(`alreadyRejected must be a non-negative integer, got ${earlier}`);
  if (!Number.isInteger(m) || m < eValues.length + earlier)
    throw new RangeError(
      `m must be an integer ≥ the hypotheses given (${eValues.length + earlier}), got ${m}`,
    );
  eValues.forEach((e) => {
    if (!(e >= 0)) throw new RangeError(`e-values must be ≥ 0, got ${e}`);
  });
  const order = eValues.map((_, i) => i).sort((i, j) => eValues[j] - eValues[i] || i - j);
  let k = earlier;
  order.forEach((index, rank) => {
    const size = earlier + rank + 1;
    if (eValues[index] >= m / (q * size)) k = size;
  });
  const rejected = new Array<boolean>(eValues.length).fill(false);
  for (let rank = 0; rank < k - earlier; rank++) rejected[order[rank]] = true;
  return { rejected, rejections: k, threshold: k > 0 ? m / (q * k) : Infinity };
}

export interface PerAnswerSummary {
  readonly n: number;
  /** The indicator's value, in its display unit. */
  readonly value: number;
  /**
   * Variance of one answer in the display unit², never 0: NPS by Rocks' adjusted Wald
   * (+¾ promoters and detractors), proportions by Agresti–Coull (+2 successes, +2 failures),
   * bounded scores floored at (range²/4)/(n + 1), durations at one grid step².
   */
  readonly variance: number;
}

function proportionSummary(successes: number, trials: number): PerAnswerSummary | null {
  if (trials === 0) return null;
  const adjusted = (successes + 2) / (trials + 4);
  return { n: trials, value: (100 * successes) / trials, variance: 1e4 * adjusted * (1 - adjusted) };
}

function meanSummary(m: Moments, floor: number): PerAnswerSummary | null {
  const s = momentsSummary(m);
  if (s.mean === null) return null;
  return { n: s.n, value: s.mean, variance: Math.max(s.variance ?? 0, floor) };
}

/** n, value and per-answer variance of a cell's state, or null when it has no answers. */
export function perAnswerSummary(
  indicator: TestableIndicatorId,
  state: IndicatorState,
): PerAnswerSummary | null {
  const def = INDICATORS[indicator];
  if (state.kind !== def.kind)
    throw new RangeError(`${indicator} needs a ${def.kind} state, got ${state.kind}`);
  switch (state.kind) {
    case 'histogram': {
      if (indicator === 'nps/v1') {
        const c = npsCounts(state);
        if (c.n === 0) return null;
        const n = c.n + 3;
        const p = (c.promoters + 0.75) / n;
        const d = (c.detractors + 0.75) / n;
        return {
          n: c.n,
          value: (100 * (c.promoters - c.detractors)) / c.n,
          variance: 1e4 * (p + d - (p - d) ** 2),
        };
      }
      if (indicator === 'csat/top2box-5/v1') {
        const p = csatTopTwoBox(state);
        return proportionSummary(p.successes, p.trials);
      }
      const m = momentsFromHistogram(state);
      return meanSummary(m, (state.max - state.min) ** 2 / 4 / (m.n + 1));
    }
    case 'proportion':
      return proportionSummary(state.successes, state.trials);
    case 'mean':
      return meanSummary(state, 1 / (state.scale * state.scale));
  }
}

export interface DropEvidence {
  /** Current − baseline in the indicator's unit (a drop is negative for higher-is-better). */
  readonly delta: number;
  /** ln E of the one-sided mSPRT for "worse than the baseline". */
  readonly logE: number;
  readonly variance: number;
  readonly tau: number;
}

/**
 * The evidence that a cell's open cycle is worse than its (closed) baseline, valid at every
 * look: the current answers' per-answer variance is the larger of the two cycles' (a change of
 * spread never inflates the evidence), the baseline's mean contributes its own variance.
 * `tau` is in the indicator's unit.
 */
export function dropEvidence(
  indicator: TestableIndicatorId,
  current: PerAnswerSummary,
  baseline: PerAnswerSummary,
  tau: number,
): DropEvidence {
  const sign = INDICATORS[indicator].direction === 'higher-is-better' ? 1 : -1;
  const delta = current.value - baseline.value;
  const variance = Math.max(current.variance, baseline.variance) / current.n + baseline.variance / baseline.n;
  return { delta, logE: logDropEValue({ worse: -sign * delta, variance, tau }), variance, tau };
}
