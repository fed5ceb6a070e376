// Result shapes shared by the estimators and the tests.

import type { IndicatorId } from './definitions';
import { normalTwoSidedP } from './stats';

export type Interval = readonly [number, number];

export type IntervalMethod = 'adjusted-wald' | 'wilson' | 't' | 'none';

/** A computed indicator value for one cell, in the indicator's display unit. */
export interface Estimate {
  readonly indicator: IndicatorId;
  readonly n: number;
  /** null when there are no observations. */
  readonly value: number | null;
  /** Standard error of value; null when it cannot be estimated (n = 0, or n < 2 for means). */
  readonly se: number | null;
  readonly ci: Interval | null;
  readonly confidence: number;
  readonly method: IntervalMethod;
}

export type TestName =
  | 'nps-adjusted-wald-z'
  | 'two-proportion-z'
  | 'one-sample-proportion-z'
  | 'exact-binomial'
  | 'welch-t'
  | 'one-sample-t';

/** A two-sided test of a − b (or of x − target), with a confidence interval for that difference. */
export interface TestResult {
  readonly test: TestName;
  /** z or t; for the exact binomial test, the observed number of successes. */
  readonly statistic: number;
  /** Degrees of freedom for t tests, null otherwise. */
  readonly df: number | null;
  /** Two-sided p-value. */
  readonly p: number;
  readonly difference: number;
  readonly se: number;
  readonly ci: Interval;
  readonly confidence: number;
}

/** A z test's result: no degrees of freedom, the two-sided p of the standard normal. */
export function zTestResult(
  test: TestName,
  statistic: number,
  rest: Pick<TestResult, 'difference' | 'se' | 'ci' | 'confidence'>,
): TestResult {
  return { test, statistic, df: null, p: normalTwoSidedP(statistic), ...rest };
}
