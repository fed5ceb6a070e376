/**
 * Which cells a recorded feedback counts in, and with what. Pure: the same event always gives
 * the same increments, so folding increments is exact whatever the batching.
 */
import type { CycleLength, FeedbackRecordedV1, ScopeKind } from '@continuum/contracts';
import { INDICATORS } from '@continuum/indicators';
import { cycleOf } from '@continuum/journey';

export type HistogramMetric = 'nps' | 'csat' | 'ces' | 'emoji';
export type MomentMetric = 'sentiment';

export interface Cell {
  readonly tenantId: string;
  readonly scopeKind: ScopeKind;
  readonly scopeId: string;
  readonly cycleLength: CycleLength;
  readonly cycleStart: string;
}

export interface ScoreCount extends Cell {
  readonly metric: HistogramMetric;
  readonly score: number;
  count: number;
}

/** Integer sums on the grid value × scale, as `Moments` in libs/indicators. */
export interface MomentSum extends Cell {
  readonly metric: MomentMetric;
  readonly scale: number;
  n: number;
  sum: number;
  sumSq: number;
  min: number;
  max: number;
}

export const MOMENT_SCALE: Record<MomentMetric, number> = {
  sentiment: INDICATORS['sentiment/mean/v1'].scale,
};

export interface CycleSettings {
  readonly length: CycleLength;
  readonly timeZone: string;
}

export function scopesOf(f: FeedbackRecordedV1): { kind: ScopeKind; id: string }[] {
  const scopes: { kind: ScopeKind; id: string }[] = [
    { kind: 'journey', id: '*' },
    { kind: 'touchpoint', id: f.touchpoint },
  ];
  if (f.stage) scopes.push({ kind: 'stage', id: f.stage });
  if (f.channel) scopes.push({ kind: 'channel', id: f.channel });
  for (const [k, v] of Object.entries(f.segment)) scopes.push({ kind: 'segment', id: `${k}=${v}` });
  return scopes;
}

export function cellKey(c: Cell): string {
  return [c.tenantId, c.scopeKind, c.scopeId, c.cycleLength, c.cycleStart].join('\u0000');
}

/** Folds a batch of feedback into per-cell increments (one row per cell × metric × score). */
export function foldFeedback(
  items: readonly FeedbackRecordedV1[],
  settings: (tenantId: string) => CycleSettings,
): { counts: ScoreCount[]; moments: MomentSum[] } {
  const counts = new Map<string, ScoreCount>();
  const moments = new Map<string, MomentSum>();
  for (const f of items) {
    const s = settings(f.tenantId);
    const cycleStart = cycleOf(f.occurredAt, s.length, s.timeZone).start;
    const scores: [HistogramMetric, number | null][] = [
      ['nps', f.nps],
      ['csat', f.csat],
      ['ces', f.ces],
      ['emoji', f.emoji],
    ];
    for (const scope of scopesOf(f)) {
      const cell: Cell = {
        tenantId: f.tenantId,
        scopeKind: scope.kind,
        scopeId: scope.id,
        cycleLength: s.length,
        cycleStart,
      };
      const ck = cellKey(cell);
      for (const [metric, score] of scores) {
        if (score === null) continue;
        const k = `${ck}\u0000${metric}\u0000${score}`;
        const c = counts.get(k);
        if (c) c.count += 1;
        else counts.set(k, { ...cell, metric, score, count: 1 });
      }
      if (f.sentiment !== null) {
        const scale = MOMENT_SCALE.sentiment;
        const u = Math.round(f.sentiment * scale);
        const k = `${ck}\u0000sentiment`;
        const m = moments.get(k) ?? {
          ...cell,
          metric: 'sentiment' as const,
          scale,
          n: 0,
          sum: 0,
          sumSq: 0,
          min: u,
          max: u,
        };
        m.n += 1;
        m.sum += u;
        m.sumSq += u * u;
        m.min = Math.min(m.min, u);
        m.max = Math.max(m.max, u);
        moments.set(k, m);
      }
    }
  }
  return { counts: [...counts.values()], moments: [...moments.values()] };
}
