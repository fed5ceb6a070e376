/** The response funnel: validating a status, and from counted statuses to the funnel and its rate. Pure. */
import { type IndicatorValue, type InvitationStatus, type InvitationStatusV1 } from '@continuum/contracts';
import { estimateIndicator, proportion } from '@continuum/indicators';
import { round } from '../aggregation/metrics';

/**
 * Why a status event cannot be counted, or null: the rule across fields its JSON Schema (applied
 * by decodeEvents, with the tenant) cannot say.
 */
export function statusProblem(d: InvitationStatusV1): string | null {
  if (d.status === 'skipped' ? !d.reason : d.reason !== null)
    return 'reason: reason is required on skipped statuses, null on the others';
  return null;
}

/** One grouped count: invitations of a cycle × touchpoint × channel in a status (and reason). */
export interface StatusCount {
  readonly cycleLength: string;
  readonly cycleStart: string;
  readonly cycleEnd: string;
  readonly touchpoint: string | null;
  readonly channel: string | null;
  readonly status: InvitationStatus;
  readonly reason: string | null;
  readonly count: number;
  /** Of the answered ones, those also delivered (the response rate's numerator). */
  readonly answeredDelivered: number;
}

export interface FunnelItem {
  readonly cycle: { readonly length: string; readonly start: string; readonly end: string };
  readonly touchpoint: string | null;
  readonly channel: string | null;
  readonly invited: number;
  readonly skipped: number;
  readonly skippedByReason: Readonly<Record<string, number>>;
  readonly delivered: number;
  readonly bounced: number;
  readonly failed: number;
  readonly opened: number;
  readonly answered: number;
  readonly responseRate: IndicatorValue;
}

/**
 * `response/rate/v1`: of the invitations delivered, the share answered (both counted in the
 * cycle the invitation was judged in); null with n = 0 when none was delivered.
 */
export function responseRate(answeredDelivered: number, delivered: number): IndicatorValue {
  if (delivered === 0) return { indicator: 'response/rate/v1', n: 0, value: null, ci: null };
  const e = estimateIndicator('response/rate/v1', proportion(answeredDelivered, delivered));
  return {
    indicator: e.indicator,
    n: e.n,
    value: e.value === null ? null : round(e.value),
    ci: e.ci ? [round(e.ci[0]), round(e.ci[1])] : null,
  };
}

/** Groups counts into one funnel per cycle × touchpoint × channel, in cycle order. */
export function funnels(counts: readonly StatusCount[]): FunnelItem[] {
  const groups = new Map<string, StatusCount[]>();
  for (const c of counts) {
    const k = JSON.stringify([c.cycleStart, c.cycleLength, c.touchpoint, c.channel]);
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  const items = [...groups.values()].map((g): FunnelItem => {
    const n = (s: InvitationStatus) => g.filter((c) => c.status === s).reduce((a, c) => a + c.count, 0);
    const skippedByReason: Record<string, number> = {};
    for (const c of g.filter((x) => x.status === 'skipped'))
      skippedByReason[c.reason ?? 'unknown'] = (skippedByReason[c.reason ?? 'unknown'] ?? 0) + c.count;
    const answeredDelivered = g.reduce((a, c) => a + c.answeredDelivered, 0);
    return {
      cycle: { length: g[0].cycleLength, start: g[0].cycleStart, end: g[0].cycleEnd },
      touchpoint: g[0].touchpoint,
      channel: g[0].channel,
      invited: n('invited'),
      skipped: n('skipped'),
      skippedByReason,
      delivered: n('delivered'),
      bounced: n('bounced'),
      failed: n('failed'),
      opened: n('opened'),
      answered: n('answered'),
      responseRate: responseRate(answeredDelivered, n('delivered')),
    };
  });
  const key = (i: FunnelItem) => `${i.cycle.start} ${i.touchpoint ?? ''} ${i.channel ?? ''}`;
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
