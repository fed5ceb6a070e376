// Net Promoter Score from a 0–10 histogram.
//
// Inference uses the adjusted-Wald method of Rocks (2016), "Interval Estimation for the 'Net
// Promoter Score'", The American Statistician 70(4):365–372: add ¾ to promoters and detractors
// (3/2 to passives), i.e. n′ = n + 3. It has good coverage at small n and never collapses to a
// zero-width interval (e.g. all promoters), which the plain Wald interval does. Comparisons use the
// same adjusted quantities (Lewis & Sauro, MeasuringU, "How to Statistically Compare Two Net
// Promoter Scores"): z = (NPS′₁ − NPS′₂) / √(SE′₁² + SE′₂²).

import { assertHistogramDomain, histogramCountBetween, histogramTotal, type Histogram } from './aggregates';
import { NPS_DOMAIN } from './definitions';
import { zTestResult, type Estimate, type Interval, type TestResult } from './results';
import { zCritical } from './stats';

export interface NpsCounts {
  readonly n: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
}

export interface NpsEstimate extends Estimate, NpsCounts {
  readonly indicator: 'nps/v1';
  /** Per-respondent variance of the ±1/0 score: p + d − (p − d)²; null when n = 0. */
  readonly variance: number | null;
  /** Adjusted-Wald NPS′ = 100·(p′ − d′), the centre of the interval. */
  readonly adjustedValue: number | null;
  /** Adjusted-Wald standard error 100·√(v′/n′), used for the interval and the tests. */
  readonly seAdjusted: number | null;
}

export function npsCounts(h: Histogram): NpsCounts {
  assertHistogramDomain(h, NPS_DOMAIN, 'NPS');
  return {
    n: histogramTotal(h),
    promoters: histogramCountBetween(h, 9, 10),
    passives: histogramCountBetween(h, 7, 8),
    detractors: histogramCountBetween(h, 0, 6),
  };
}

interface Adjusted {
  readonly nps: number;
  readonly se: number;
}

/** Adjusted-Wald NPS′ and SE′ in points. */
function adjusted(c: NpsCounts): Adjusted {
  const n = c.n + 3;
  const p = (c.promoters + 0.75) / n;
  const d = (c.detractors + 0.75) / n;
  const v = p + d - (p - d) ** 2;
  return { nps: 100 * (p - d), se: 100 * Math.sqrt(v / n) };
}

const clampNps = (x: number): number => Math.min(100, Math.max(-100, x));

export function npsEstimate(h: Histogram, confidence = 0.95): NpsEstimate {
  const c = npsCounts(h);
  const z = zCritical(confidence);
  const base = { indicator: 'nps/v1', ...c, confidence, method: 'adjusted-wald' } as const;
  if (c.n === 0) {
    return {
      ...base,
      value: null,
      se: null,
      ci: null,
      variance: null,
      adjustedValue: null,
      seAdjusted: null,
    };
  }
  const p = c.promoters / c.n;
  const d = c.detractors / c.n;
  const variance = p + d - (p - d) ** 2;
  const adj = adjusted(c);
  return {
    ...base,
    value: 100 * (p - d),
    se: 100 * Math.sqrt(variance / c.n),
    ci: [clampNps(adj.nps - z * adj.se), clampNps(adj.nps + z * adj.se)],
    variance,
    adjustedValue: adj.nps,
    seAdjusted: adj.se,
  };
}

function requireResponses(c: NpsCounts, what: string): void {
  if (c.n === 0) throw new RangeError(`${what}: no responses`);
}

/** Two-sided test of NPS(a) − NPS(b), in points; `difference` is the plain difference of the scores. */
export function npsDifferenceTest(a: Histogram, b: Histogram, confidence = 0.95): TestResult {
  const ca = npsCounts(a);
  const cb = npsCounts(b);
  requireResponses(ca, 'npsDifferenceTest(a)');
  requireResponses(cb, 'npsDifferenceTest(b)');
  const adjA = adjusted(ca);
  const adjB = adjusted(cb);
  const se = Math.hypot(adjA.se, adjB.se);
  const centre = adjA.nps - adjB.nps;
  const statistic = centre / se;
  const half = zCritical(confidence) * se;
  const ci: Interval = [Math.max(-200, centre - half), Math.min(200, centre + half)];
  const difference =
    (100 * (ca.promoters - ca.detractors)) / ca.n - (100 * (cb.promoters - cb.detractors)) / cb.n;
  return zTestResult('nps-adjusted-wald-z', statistic, { difference, se, ci, confidence });
}

/** Two-sided test of NPS − target (target in points, −100..100). */
export function npsTargetTest(h: Histogram, target: number, confidence = 0.95): TestResult {
  if (!(target >= -100 && target <= 100))
    throw new RangeError(`NPS target must be in −100..100, got ${target}`);
  const c = npsCounts(h);
  requireResponses(c, 'npsTargetTest');
  const adj = adjusted(c);
  const statistic = (adj.nps - target) / adj.se;
  const half = zCritical(confidence) * adj.se;
  const ci: Interval = [clampNps(adj.nps - half) - target, clampNps(adj.nps + half) - target];
  const difference = (100 * (c.promoters - c.detractors)) / c.n - target;
  return zTestResult('nps-adjusted-wald-z', statistic, { difference, se: adj.se, ci, confidence });
}
