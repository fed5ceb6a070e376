/**
 * Did the actions work? For every action from a gap with a verification outcome: whether its gap
 * closed, how long from the gap to the verified closure, and the indicator points it recovered
 * per unit of its effort or cost estimate. Pure: summarises rows the repository reads.
 */
export interface OutcomeRow {
  readonly actionId: string;
  readonly owner: string;
  readonly category: string;
  readonly indicator: string;
  readonly closed: boolean;
  /** Gap detected → verified, in hours; null when not closed. */
  readonly hoursToVerified: number | null;
  /** Towards recovery, in the indicator's unit (negative: it got worse). */
  readonly pointsRecovered: number | null;
  readonly effort: number | null;
  readonly cost: number | null;
}

export interface Effectiveness {
  readonly actions: number;
  readonly closed: number;
  readonly shareClosed: number | null;
  readonly medianHoursToVerified: number | null;
  readonly pointsPerEffort: number | null;
  readonly pointsPerCost: number | null;
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const round = (x: number | null, digits = 3) =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;

function perUnit(rows: readonly OutcomeRow[], unit: 'effort' | 'cost'): number | null {
  const withUnit = rows.filter((r) => r[unit] !== null && (r[unit] ?? 0) > 0 && r.pointsRecovered !== null);
  const total = withUnit.reduce((s, r) => s + (r[unit] ?? 0), 0);
  if (total === 0) return null;
  return withUnit.reduce((s, r) => s + (r.pointsRecovered ?? 0), 0) / total;
}

export function summarise(rows: readonly OutcomeRow[]): Effectiveness {
  const closed = rows.filter((r) => r.closed);
  return {
    actions: rows.length,
    closed: closed.length,
    shareClosed: rows.length ? round(closed.length / rows.length) : null,
    medianHoursToVerified: round(median(closed.map((r) => r.hoursToVerified ?? 0)), 2),
    pointsPerEffort: round(perUnit(rows, 'effort')),
    pointsPerCost: round(perUnit(rows, 'cost'), 6),
  };
}

type Group<K extends string> = { readonly [P in K]: string } & Effectiveness;

function groupBy<K extends 'owner' | 'category' | 'indicator'>(
  rows: readonly OutcomeRow[],
  k: K,
): Group<K>[] {
  const groups = new Map<string, OutcomeRow[]>();
  for (const r of rows) groups.set(r[k], [...(groups.get(r[k]) ?? []), r]);
  return [...groups.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([key, rs]) => ({ [k]: key, ...summarise(rs) }) as Group<K>);
}

export function effectivenessReport(rows: readonly OutcomeRow[]) {
  return {
    overall: summarise(rows),
    byOwner: groupBy(rows, 'owner'),
    byCategory: groupBy(rows, 'category'),
    byIndicator: groupBy(rows, 'indicator'),
  };
}
