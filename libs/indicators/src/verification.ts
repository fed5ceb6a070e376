// Did a gap close? After the action behind a gap is resolved, the gap's scope and indicator are
// watched in the cycles that follow. Only whole cycles are judged: a cycle's value counts once
// its cycle is closed (measure publishes its closing indicators with `closed: true`). A partial
// cycle is not just noisier — its answers come from the part of the cycle seen so far (mornings,
// the first weekdays), so even an anytime-valid test on it would answer a different question.
//
// A closed cycle recovers when
//  1. its value is back at the reference (the previous cycle's level for a vs-previous gap, the
//     target for a vs-target gap) within less than the indicator's minimum effect — what is left
//     would not count as a gap — and
//  2. it is significantly better than the gap's own value: a one-sided z test of the improvement
//     at the playbook's alpha, with standard errors read from the 95% intervals (the cycle's own
//     interval, and the gap's interval of its difference, which for a vs-previous gap bounds the
//     gap value's error from above: conservative), and with at least minSample answers.
// The first recovering closed cycle verifies the action; after `cycles` closed cycles that did
// not recover it is reopened.

import { INDICATORS } from './definitions';
import { normalCdf, zCritical } from './stats';

/** What verification reads of a gap (structurally a GapDetectedV1). */
export interface VerifiableGap {
  readonly indicator: string;
  readonly current: number;
  /** current − reference. */
  readonly delta: number;
  readonly ci: readonly [number, number];
  readonly cycle: { readonly end: string };
}

export interface Observation {
  readonly cycleStart: string;
  readonly cycleEnd: string;
  readonly value: number | null;
  readonly n: number;
  readonly ci: readonly [number, number] | null;
  /** The cycle's closing value (true), or a running value of a cycle still open. */
  readonly closed: boolean;
}

export interface VerificationSettings {
  readonly cycles: number;
  readonly alpha: number;
  readonly minSample: number;
}

export interface Recovery {
  readonly recovered: boolean;
  /** Towards recovery, from the gap's value, in the indicator's unit; null without a value. */
  readonly pointsRecovered: number | null;
  readonly reference: number;
  readonly reason: string;
}

export type Verdict =
  | {
      readonly outcome: 'verified';
      readonly observation: Observation;
      readonly recovery: Recovery;
      readonly watched: number;
    }
  | {
      readonly outcome: 'not-recovered';
      readonly observation: Observation;
      readonly recovery: Recovery;
      readonly watched: number;
    }
  | { readonly outcome: 'watching'; readonly watched: number };

const Z95 = zCritical(0.95);

function minimumEffect(indicator: string): number {
  const def = (INDICATORS as Record<string, { minimumEffect: number | null } | undefined>)[indicator];
  return def?.minimumEffect ?? 0;
}

/** The cycles verification may look at: after the gap's cycle, not over before the resolution. */
export function countsForVerification(gap: VerifiableGap, resolvedAt: string, o: Observation): boolean {
  return (
    Date.parse(o.cycleStart) >= Date.parse(gap.cycle.end) && Date.parse(o.cycleEnd) > Date.parse(resolvedAt)
  );
}

export function recovery(gap: VerifiableGap, o: Observation, s: VerificationSettings): Recovery {
  // delta = current − reference, and a gap is a move in the worse direction.
  const reference = gap.current - gap.delta;
  const up = gap.delta < 0 ? 1 : -1;
  const fmt = (x: number) => String(Math.round(x * 100) / 100);
  if (o.value === null) return { recovered: false, pointsRecovered: null, reference, reason: 'no value' };
  const points = up * (o.value - gap.current);
  const base = { pointsRecovered: points, reference };
  if (o.n < s.minSample)
    return { ...base, recovered: false, reason: `n=${o.n} is below the minimum sample ${s.minSample}` };
  if (o.ci === null) return { ...base, recovered: false, reason: 'no confidence interval' };
  const shortfall = up * (reference - o.value);
  const tolerance = minimumEffect(gap.indicator);
  if (shortfall > 0 && shortfall >= tolerance) {
    return {
      ...base,
      recovered: false,
      reason: `${fmt(o.value)} is still ${fmt(shortfall)} short of the reference ${fmt(reference)}`,
    };
  }
  const seCycle = (o.ci[1] - o.ci[0]) / (2 * Z95);
  const seGap = (gap.ci[1] - gap.ci[0]) / (2 * Z95);
  const se = Math.sqrt(seCycle ** 2 + seGap ** 2);
  const p = se > 0 ? 1 - normalCdf(points / se) : points > 0 ? 0 : 1;
  if (!(p < s.alpha)) {
    return {
      ...base,
      recovered: false,
      reason: `the improvement of ${fmt(points)} over the gap's ${fmt(gap.current)} is not significant (p=${p.toPrecision(2)} ≥ ${s.alpha})`,
    };
  }
  return {
    ...base,
    recovered: true,
    reason: `${fmt(o.value)} (n=${o.n}) is back at the reference ${fmt(reference)} and ${fmt(points)} better than the gap's ${fmt(gap.current)} (one-sided p=${p.toPrecision(2)})`,
  };
}

/** The verdict on the closed cycles seen so far; running values of open cycles are never judged. */
export function judgeVerification(
  gap: VerifiableGap,
  resolvedAt: string,
  observations: readonly Observation[],
  s: VerificationSettings,
): Verdict {
  const closed = observations
    .filter((o) => o.closed && countsForVerification(gap, resolvedAt, o))
    .sort((a, b) => Date.parse(a.cycleStart) - Date.parse(b.cycleStart));
  for (const [i, o] of closed.entries()) {
    const r = recovery(gap, o, s);
    if (r.recovered) return { outcome: 'verified', observation: o, recovery: r, watched: i + 1 };
    if (i + 1 >= s.cycles) return { outcome: 'not-recovered', observation: o, recovery: r, watched: i + 1 };
  }
  return { outcome: 'watching', watched: closed.length };
}
