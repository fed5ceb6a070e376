// Implicit (operational) KPIs derived from contact records rather than surveys: rates are
// proportions of contacts, durations are means of seconds. They reuse the CSAT and CES machinery;
// the names here only pin the indicator ids and units.

import type { Moments, Proportion } from './aggregates';
import { meanEstimate, oneSampleTTest, welchTTest } from './ces';
import {
  proportionEstimate,
  proportionTargetTest,
  twoProportionZTest,
  type ProportionTestResult,
} from './csat';
import type { DurationIndicatorId, RateIndicatorId } from './definitions';
import type { Estimate, TestResult } from './results';

/** Rate in percent with a Wilson interval. */
export function rateEstimate(indicator: RateIndicatorId, p: Proportion, confidence = 0.95): Estimate {
  return proportionEstimate(indicator, p, confidence);
}

/** Mean duration in seconds with a t interval. */
export function durationEstimate(indicator: DurationIndicatorId, m: Moments, confidence = 0.95): Estimate {
  return meanEstimate(indicator, m, confidence);
}

/** Rate difference current − previous, in percentage points. */
export function rateDifferenceTest(
  current: Proportion,
  previous: Proportion,
  confidence = 0.95,
): ProportionTestResult {
  return toPercent(twoProportionZTest(current, previous, confidence));
}

/** Rate minus a target given in percent, in percentage points. */
export function rateTargetTest(
  p: Proportion,
  targetPercent: number,
  confidence = 0.95,
): ProportionTestResult {
  return toPercent(proportionTargetTest(p, targetPercent / 100, confidence));
}

/** Duration difference current − previous, in seconds (Welch). */
export function durationDifferenceTest(current: Moments, previous: Moments, confidence = 0.95): TestResult {
  return welchTTest(current, previous, confidence);
}

/** Duration minus a target in seconds (one-sample t). */
export function durationTargetTest(m: Moments, targetSeconds: number, confidence = 0.95): TestResult {
  return oneSampleTTest(m, targetSeconds, confidence);
}

/** Rescale a fraction-valued test to percentage points; p and the statistic are unit-free. */
export function toPercent<T extends TestResult>(result: T): T {
  return {
    ...result,
    difference: 100 * result.difference,
    se: 100 * result.se,
    ci: [100 * result.ci[0], 100 * result.ci[1]],
  };
}
