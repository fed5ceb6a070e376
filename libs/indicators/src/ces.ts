// Means: CES 2.0 (1–7, higher is easier), and the shared machinery for every mean indicator
// (emoji, sentiment, durations). Welch's test because cycles rarely have equal variances or sizes.

import {
  assertHistogramDomain,
  momentsFromHistogram,
  momentsSummary,
  type Histogram,
  type Moments,
} from './aggregates';
import { CES_DOMAIN, INDICATORS, type IndicatorId } from './definitions';
import type { Estimate, Interval, TestResult } from './results';
import { assertConfidence, studentTTwoSidedP, tCritical } from './stats';

/** Mean with SE s/√n and a t interval; value null for n = 0, se/ci null for n < 2. */
export function meanEstimate(indicator: IndicatorId, m: Moments, confidence = 0.95): Estimate {
  assertConfidence(confidence);
  const s = momentsSummary(m);
  const base = { indicator, n: s.n, value: s.mean, confidence, method: 't' } as const;
  if (s.mean === null || s.variance === null) return { ...base, se: null, ci: null };
  const se = Math.sqrt(s.variance / s.n);
  const half = tCritical(confidence, s.n - 1) * se;
  return { ...base, se, ci: [s.mean - half, s.mean + half] };
}

/** Mean of a score histogram (CES, emoji), checked against the indicator's domain. */
export function histogramMeanEstimate(indicator: IndicatorId, h: Histogram, confidence = 0.95): Estimate {
  const { domain } = INDICATORS[indicator];
  if (domain === null) throw new RangeError(`${indicator} is not a histogram indicator`);
  assertHistogramDomain(h, domain, indicator);
  return meanEstimate(indicator, momentsFromHistogram(h), confidence);
}

export function cesEstimate(h: Histogram, confidence = 0.95): Estimate {
  assertHistogramDomain(h, CES_DOMAIN, 'CES');
  return meanEstimate('ces/mean-7/v1', momentsFromHistogram(h), confidence);
}

interface Described {
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
}

function describe(m: Moments, what: string): Described {
  const s = momentsSummary(m);
  if (s.mean === null || s.variance === null)
    throw new RangeError(`${what}: needs at least 2 observations, got ${s.n}`);
  return { n: s.n, mean: s.mean, variance: s.variance };
}

/**
 * A t test's result for `difference` with standard error `se`. A zero SE (constant samples) means the
 * difference is either exactly null or certain: statistic 0 or ±∞ and a point interval.
 */
function tTestResult(
  test: 'welch-t' | 'one-sample-t',
  difference: number,
  se: number,
  df: number,
  confidence: number,
): TestResult {
  if (se === 0) {
    const [statistic, p] = difference === 0 ? [0, 1] : [Math.sign(difference) * Infinity, 0];
    return { test, statistic, df, p, difference, se, ci: [difference, difference], confidence };
  }
  const statistic = difference / se;
  const half = tCritical(confidence, df) * se;
  const ci: Interval = [difference - half, difference + half];
  return { test, statistic, df, p: studentTTwoSidedP(statistic, df), difference, se, ci, confidence };
}

/** Welch's unequal-variance t test of mean(a) − mean(b), Welch–Satterthwaite df. */
export function welchTTest(a: Moments, b: Moments, confidence = 0.95): TestResult {
  assertConfidence(confidence);
  const x = describe(a, 'welchTTest(a)');
  const y = describe(b, 'welchTTest(b)');
  const va = x.variance / x.n;
  const vb = y.variance / y.n;
  const se = Math.sqrt(va + vb);
  // Both samples constant: Welch's df is 0/0; fall back to the pooled df.
  const df = se === 0 ? x.n + y.n - 2 : (va + vb) ** 2 / (va ** 2 / (x.n - 1) + vb ** 2 / (y.n - 1));
  return tTestResult('welch-t', x.mean - y.mean, se, df, confidence);
}

/** One-sample t test of mean − target. */
export function oneSampleTTest(m: Moments, target: number, confidence = 0.95): TestResult {
  assertConfidence(confidence);
  if (!Number.isFinite(target)) throw new RangeError(`target must be finite, got ${target}`);
  const x = describe(m, 'oneSampleTTest');
  return tTestResult('one-sample-t', x.mean - target, Math.sqrt(x.variance / x.n), x.n - 1, confidence);
}
