/**
 * Exact arithmetic on indicator states beyond merging: the part of a state not in another
 * (a stage without one of its touchpoints; a cycle since its last checkpoint). Pure.
 */
import type { IndicatorState } from '@continuum/indicators';

/**
 * a − b, or null when b is not contained in a (some count would go negative, or the kinds
 * differ). Means lose min and max, which subtraction cannot recover.
 */
export function subtractState(a: IndicatorState, b: IndicatorState): IndicatorState | null {
  switch (a.kind) {
    case 'histogram': {
      if (b.kind !== 'histogram' || b.min !== a.min || b.max !== a.max) return null;
      const counts = a.counts.map((c, i) => c - b.counts[i]);
      return counts.some((c) => c < 0) ? null : { ...a, counts };
    }
    case 'proportion': {
      if (b.kind !== 'proportion') return null;
      const successes = a.successes - b.successes;
      const trials = a.trials - b.trials;
      return successes < 0 || trials < 0 || successes > trials
        ? null
        : { kind: 'proportion', successes, trials };
    }
    case 'mean': {
      if (b.kind !== 'mean' || b.scale !== a.scale) return null;
      const n = a.n - b.n;
      const sum = a.sum - b.sum;
      const sumSq = a.sumSq - b.sumSq;
      if (n < 0 || sumSq < 0 || (n === 0 && (sum !== 0 || sumSq !== 0))) return null;
      return { kind: 'mean', scale: a.scale, n, sum, sumSq, min: null, max: null };
    }
    case 'count':
      return b.kind === 'count' && b.n <= a.n ? { kind: 'count', n: a.n - b.n } : null;
  }
}

/** Number of observations a state holds. */
export function stateSize(s: IndicatorState): number {
  switch (s.kind) {
    case 'histogram':
      return s.counts.reduce((x, y) => x + y, 0);
    case 'proportion':
      return s.trials;
    case 'mean':
    case 'count':
      return s.n;
  }
}
