// CSAT top-2-box share and the proportion machinery it shares with the operational rates.
// Intervals follow Newcombe (1998): "Two-sided confidence intervals for the single proportion"
// (Stat Med 17:857, method 3, Wilson score) and "Interval estimation for the difference between
// independent proportions" (Stat Med 17:873, method 10, hybrid score).

import {
  assertHistogramDomain,
  histogramCountBetween,
  histogramTotal,
  proportion,
  type Histogram,
  type Proportion,
} from './aggregates';
import { CSAT_DOMAIN, type IndicatorId } from './definitions';
import { zTestResult, type Estimate, type Interval, type TestResult } from './results';
import { binomialTwoSidedP, zCritical } from './stats';

/** Normal approximations are trusted when every expected count is at least this. */
export const LARGE_SAMPLE_COUNT = 10;

function assertProportion(p: Proportion, what: string): void {
  proportion(p.successes, p.trials);
  if (p.trials === 0) throw new RangeError(`${what}: no trials`);
}

/** Wilson score interval for successes/trials, as fractions (Newcombe 1998, method 3). */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  assertProportion(proportion(successes, trials), 'wilsonInterval');
  const z = zCritical(confidence);
  const z2 = z * z;
  const p = successes / trials;
  const centre = 2 * successes + z2;
  const half = z * Math.sqrt(z2 + 4 * successes * (1 - p));
  const denominator = 2 * (trials + z2);
  // At 0 and n the bound is exactly 0 or 1; pin it rather than keep rounding residue.
  const lower = successes === 0 ? 0 : Math.max(0, (centre - half) / denominator);
  const upper = successes === trials ? 1 : Math.min(1, (centre + half) / denominator);
  return [lower, upper];
}

/** Newcombe's hybrid score interval for p_a − p_b (1998, method 10), as fractions. */
export function newcombeDifferenceInterval(a: Proportion, b: Proportion, confidence = 0.95): Interval {
  const [la, ua] = wilsonInterval(a.successes, a.trials, confidence);
  const [lb, ub] = wilsonInterval(b.successes, b.trials, confidence);
  const pa = a.successes / a.trials;
  const pb = b.successes / b.trials;
  const d = pa - pb;
  return [d - Math.hypot(pa - la, ub - pb), d + Math.hypot(ua - pa, pb - lb)];
}

export interface ProportionTestResult extends TestResult {
  readonly ciMethod: 'wald' | 'newcombe' | 'wilson';
}

function isLargeSample(p: Proportion): boolean {
  const { successes, trials } = p;
  return Math.min(successes, trials - successes) >= LARGE_SAMPLE_COUNT;
}

/**
 * Two-sided z test of p_a − p_b (fractions). The test uses the pooled SE (the null says the
 * proportions are equal); the interval uses unpooled SEs, or Newcombe's method 10 when any group has
 * fewer than 10 successes or failures, where the Wald interval under-covers.
 */
export function twoProportionZTest(
  a: Proportion,
  b: Proportion,
  confidence = 0.95,
  ciMethod: 'auto' | 'wald' | 'newcombe' = 'auto',
): ProportionTestResult {
  assertProportion(a, 'twoProportionZTest(a)');
  assertProportion(b, 'twoProportionZTest(b)');
  const pa = a.successes / a.trials;
  const pb = b.successes / b.trials;
  const difference = pa - pb;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  // Both groups all-success or all-failure: no evidence of any difference.
  const statistic = sePooled === 0 ? 0 : difference / sePooled;
  const seUnpooled = Math.sqrt((pa * (1 - pa)) / a.trials + (pb * (1 - pb)) / b.trials);
  const method =
    ciMethod === 'auto' ? (isLargeSample(a) && isLargeSample(b) ? 'wald' : 'newcombe') : ciMethod;
  const half = zCritical(confidence) * seUnpooled;
  const ci: Interval =
    method === 'wald' ? [difference - half, difference + half] : newcombeDifferenceInterval(a, b, confidence);
  return {
    ...zTestResult('two-proportion-z', statistic, { difference, se: seUnpooled, ci, confidence }),
    ciMethod: method,
  };
}

/**
 * Two-sided test of p − target (fractions): one-sample z with the null SE √(p₀q₀/n) when n·p₀ and
 * n·q₀ are both ≥ 10, otherwise the exact binomial test. The interval is Wilson's, shifted by target.
 */
export function proportionTargetTest(p: Proportion, target: number, confidence = 0.95): ProportionTestResult {
  assertProportion(p, 'proportionTargetTest');
  if (!(target >= 0 && target <= 1))
    throw new RangeError(`target proportion must be in [0, 1], got ${target}`);
  const { successes, trials } = p;
  const difference = successes / trials - target;
  const se = Math.sqrt((target * (1 - target)) / trials);
  const [lo, hi] = wilsonInterval(successes, trials, confidence);
  const ci: Interval = [lo - target, hi - target];
  const large = Math.min(trials * target, trials * (1 - target)) >= LARGE_SAMPLE_COUNT;
  if (large) {
    const statistic = difference / se;
    return {
      ...zTestResult('one-sample-proportion-z', statistic, { difference, se, ci, confidence }),
      ciMethod: 'wilson',
    };
  }
  return {
    test: 'exact-binomial',
    statistic: successes,
    df: null,
    p: binomialTwoSidedP(successes, trials, target),
    difference,
    se,
    ci,
    confidence,
    ciMethod: 'wilson',
  };
}

/** A proportion as a percentage estimate with a Wilson interval. */
export function proportionEstimate(indicator: IndicatorId, p: Proportion, confidence = 0.95): Estimate {
  proportion(p.successes, p.trials);
  const base = { indicator, n: p.trials, confidence, method: 'wilson' } as const;
  if (p.trials === 0) return { ...base, value: null, se: null, ci: null };
  const share = p.successes / p.trials;
  const [lo, hi] = wilsonInterval(p.successes, p.trials, confidence);
  return {
    ...base,
    value: 100 * share,
    se: 100 * Math.sqrt((share * (1 - share)) / p.trials),
    ci: [100 * lo, 100 * hi],
  };
}

/** Top-2-box: responses of 4 or 5 on the 1–5 CSAT scale. */
export function csatTopTwoBox(h: Histogram): Proportion {
  assertHistogramDomain(h, CSAT_DOMAIN, 'CSAT');
  return proportion(histogramCountBetween(h, 4, 5), histogramTotal(h));
}

export function csatEstimate(h: Histogram, confidence = 0.95): Estimate {
  return proportionEstimate('csat/top2box-5/v1', csatTopTwoBox(h), confidence);
}
