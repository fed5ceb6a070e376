/**
 * Verification as it was before issue 21, kept only so the insight harness can show old and new
 * side by side: every observation counted, running values of open cycles included — the first
 * favourable look verified; a cycle was complete when its end had passed or a later cycle had
 * been seen. `recovery` itself is unchanged (libs/indicators). Not used by the service.
 */
import {
  countsForVerification,
  recovery,
  type Observation,
  type VerifiableGap,
  type VerificationSettings,
  type Verdict,
} from '@continuum/indicators';

export function legacyJudge(
  gap: VerifiableGap,
  resolvedAt: string,
  observations: readonly Observation[],
  s: VerificationSettings,
  now: Date,
): Verdict {
  const seen = observations
    .filter((o) => countsForVerification(gap, resolvedAt, o))
    .sort((a, b) => Date.parse(a.cycleStart) - Date.parse(b.cycleStart));
  const latestStart = seen.length ? Date.parse(seen[seen.length - 1].cycleStart) : -Infinity;
  const complete = (o: Observation) =>
    Date.parse(o.cycleEnd) <= now.getTime() || latestStart >= Date.parse(o.cycleEnd);
  for (const o of seen) {
    const r = recovery(gap, o, s);
    if (r.recovered) return { outcome: 'verified', observation: o, recovery: r, watched: seen.length };
  }
  const failed = seen.filter(complete);
  if (failed.length >= s.cycles) {
    const last = failed[failed.length - 1];
    return {
      outcome: 'not-recovered',
      observation: last,
      recovery: recovery(gap, last, s),
      watched: failed.length,
    };
  }
  return { outcome: 'watching', watched: seen.length };
}
