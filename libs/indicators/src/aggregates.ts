// Mergeable aggregate state: plain JSON data, immutable, every field an integer.
//
// Why integers: floating-point addition is not associative, so merging batches in a different order
// could change the last bits of a sum and make two replicas disagree. Counts are integers already;
// Moments rounds each observation onto a fixed grid (1/scale) and keeps integer sums, so every merge
// is exact and any split of a stream, merged in any order, yields the identical state. We check the
// sums stay below 2^53 and throw rather than silently lose exactness. Variance is then computed from
// the exact sums with BigInt (see momentsSummary), so the textbook cancellation problem of
// Σx² − (Σx)²/n does not arise; no shift or Welford/Chan update is needed.

import { INDICATORS, INDICATOR_IDS, type IndicatorId, type KindOf, type ScoreDomain } from './definitions';

export interface Histogram {
  readonly kind: 'histogram';
  readonly min: number;
  readonly max: number;
  /** counts[i] = number of observations of score min + i. */
  readonly counts: readonly number[];
}

export interface Proportion {
  readonly kind: 'proportion';
  readonly successes: number;
  readonly trials: number;
}

/** Sums in grid units u = round(x·scale): n, Σu, Σu², min u, max u (null while empty). */
export interface Moments {
  readonly kind: 'mean';
  readonly scale: number;
  readonly n: number;
  readonly sum: number;
  readonly sumSq: number;
  readonly min: number | null;
  readonly max: number | null;
}

export interface Count {
  readonly kind: 'count';
  readonly n: number;
}

export type IndicatorState = Histogram | Proportion | Moments | Count;

export interface StateByKind {
  readonly histogram: Histogram;
  readonly proportion: Proportion;
  readonly mean: Moments;
  readonly count: Count;
}

export type StateOf<K extends IndicatorId> = StateByKind[KindOf<K>];

function safeAdd(a: number, b: number, what: string): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError(`${what} exceeds the exact integer range`);
  return sum;
}

// ---- Histogram -------------------------------------------------------------------------------

export function emptyHistogram(domain: ScoreDomain): Histogram {
  const { min, max } = domain;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) {
    throw new RangeError(`invalid histogram domain ${min}..${max}`);
  }
  return { kind: 'histogram', min, max, counts: new Array<number>(max - min + 1).fill(0) };
}

export function addHistogram(h: Histogram, score: number): Histogram {
  if (!Number.isInteger(score) || score < h.min || score > h.max) {
    throw new RangeError(`score ${score} is not an integer in ${h.min}..${h.max}`);
  }
  const counts = h.counts.slice();
  counts[score - h.min] = safeAdd(counts[score - h.min], 1, 'histogram count');
  return { ...h, counts };
}

export function mergeHistogram(a: Histogram, b: Histogram): Histogram {
  if (a.min !== b.min || a.max !== b.max) {
    throw new RangeError(`cannot merge histograms over ${a.min}..${a.max} and ${b.min}..${b.max}`);
  }
  return { ...a, counts: a.counts.map((c, i) => safeAdd(c, b.counts[i], 'histogram count')) };
}

export function histogramTotal(h: Histogram): number {
  return h.counts.reduce((sum, c) => sum + c, 0);
}

/** Number of observations with score in [from, to]. */
export function histogramCountBetween(h: Histogram, from: number, to: number): number {
  let total = 0;
  for (let score = Math.max(from, h.min); score <= Math.min(to, h.max); score++)
    total += h.counts[score - h.min];
  return total;
}

export function assertHistogramDomain(h: Histogram, domain: ScoreDomain, what: string): void {
  if (
    h.kind !== 'histogram' ||
    h.min !== domain.min ||
    h.max !== domain.max ||
    h.counts.length !== domain.max - domain.min + 1
  ) {
    throw new RangeError(`${what} needs a histogram over ${domain.min}..${domain.max}`);
  }
}

// ---- Proportion ------------------------------------------------------------------------------

export function emptyProportion(): Proportion {
  return { kind: 'proportion', successes: 0, trials: 0 };
}

export function addProportion(p: Proportion, success: boolean): Proportion {
  return {
    kind: 'proportion',
    successes: safeAdd(p.successes, success ? 1 : 0, 'successes'),
    trials: safeAdd(p.trials, 1, 'trials'),
  };
}

export function mergeProportion(a: Proportion, b: Proportion): Proportion {
  return {
    kind: 'proportion',
    successes: safeAdd(a.successes, b.successes, 'successes'),
    trials: safeAdd(a.trials, b.trials, 'trials'),
  };
}

/** Build a proportion from counts (validated), e.g. from a histogram's top box. */
export function proportion(successes: number, trials: number): Proportion {
  if (
    !Number.isSafeInteger(trials) ||
    trials < 0 ||
    !Number.isSafeInteger(successes) ||
    successes < 0 ||
    successes > trials
  ) {
    throw new RangeError(`invalid proportion ${successes}/${trials}`);
  }
  return { kind: 'proportion', successes, trials };
}

// ---- Moments ---------------------------------------------------------------------------------

export function emptyMoments(scale = 1): Moments {
  if (!Number.isSafeInteger(scale) || scale < 1)
    throw new RangeError(`scale must be a positive integer, got ${scale}`);
  return { kind: 'mean', scale, n: 0, sum: 0, sumSq: 0, min: null, max: null };
}

export function addMoments(m: Moments, value: number): Moments {
  if (!Number.isFinite(value)) throw new RangeError(`observation must be finite, got ${value}`);
  const u = Math.round(value * m.scale);
  if (!Number.isSafeInteger(u * u))
    throw new RangeError(`observation ${value} is too large for scale ${m.scale}`);
  return {
    ...m,
    n: safeAdd(m.n, 1, 'n'),
    sum: safeAdd(m.sum, u, 'sum'),
    sumSq: safeAdd(m.sumSq, u * u, 'sum of squares'),
    min: m.min === null ? u : Math.min(m.min, u),
    max: m.max === null ? u : Math.max(m.max, u),
  };
}

export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.scale !== b.scale) throw new RangeError(`cannot merge moments with scales ${a.scale} and ${b.scale}`);
  return {
    kind: 'mean',
    scale: a.scale,
    n: safeAdd(a.n, b.n, 'n'),
    sum: safeAdd(a.sum, b.sum, 'sum'),
    sumSq: safeAdd(a.sumSq, b.sumSq, 'sum of squares'),
    min: a.min === null ? b.min : b.min === null ? a.min : Math.min(a.min, b.min),
    max: a.max === null ? b.max : b.max === null ? a.max : Math.max(a.max, b.max),
  };
}

/** Moments of the scores in a histogram (scale 1: scores are integers). */
export function momentsFromHistogram(h: Histogram): Moments {
  let m = emptyMoments(1);
  h.counts.forEach((count, i) => {
    if (count === 0) return;
    const score = h.min + i;
    m = mergeMoments(m, {
      kind: 'mean',
      scale: 1,
      n: count,
      sum: count * score,
      sumSq: count * score * score,
      min: score,
      max: score,
    });
  });
  return m;
}

export interface MomentsSummary {
  readonly n: number;
  /** null when n = 0. */
  readonly mean: number | null;
  /** Sample variance (n − 1 denominator); null when n < 2. */
  readonly variance: number | null;
  readonly sd: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

export function momentsSummary(m: Moments): MomentsSummary {
  const { n, scale } = m;
  const mean = n === 0 ? null : m.sum / n / scale;
  let variance: number | null = null;
  if (n >= 2) {
    // n·Σu² − (Σu)² is an exact integer; computing it in BigInt avoids catastrophic cancellation.
    const centred = BigInt(n) * BigInt(m.sumSq) - BigInt(m.sum) * BigInt(m.sum);
    variance = Number(centred) / (n * (n - 1)) / (scale * scale);
  }
  return {
    n,
    mean,
    variance,
    sd: variance === null ? null : Math.sqrt(variance),
    min: m.min === null ? null : m.min / scale,
    max: m.max === null ? null : m.max / scale,
  };
}

// ---- Count -----------------------------------------------------------------------------------

export function emptyCount(): Count {
  return { kind: 'count', n: 0 };
}

export function addCount(c: Count, increment = 1): Count {
  if (!Number.isSafeInteger(increment) || increment < 0) {
    throw new RangeError(`count increment must be a non-negative integer, got ${increment}`);
  }
  return { kind: 'count', n: safeAdd(c.n, increment, 'count') };
}

export function mergeCount(a: Count, b: Count): Count {
  return { kind: 'count', n: safeAdd(a.n, b.n, 'count') };
}

// ---- Generic state and the cell --------------------------------------------------------------

export function emptyState(id: IndicatorId): IndicatorState {
  const def = INDICATORS[id];
  switch (def.kind) {
    case 'histogram':
      return emptyHistogram(def.domain);
    case 'proportion':
      return emptyProportion();
    case 'mean':
      return emptyMoments(def.scale);
    case 'count':
      return emptyCount();
  }
}

export function mergeState(a: IndicatorState, b: IndicatorState): IndicatorState {
  switch (a.kind) {
    case 'histogram':
      if (b.kind === 'histogram') return mergeHistogram(a, b);
      break;
    case 'proportion':
      if (b.kind === 'proportion') return mergeProportion(a, b);
      break;
    case 'mean':
      if (b.kind === 'mean') return mergeMoments(a, b);
      break;
    case 'count':
      if (b.kind === 'count') return mergeCount(a, b);
      break;
  }
  throw new RangeError(`cannot merge a ${a.kind} state with a ${b.kind} state`);
}

/** All indicator states for one tenant × scope × cycle cell (the key lives with the caller). */
export type CellAggregate = { readonly [K in IndicatorId]: StateOf<K> };

/** What one observation of an indicator looks like: a score, an outcome, a value, or a count increment. */
export interface ObservationByKind {
  readonly histogram: number;
  readonly proportion: boolean;
  readonly mean: number;
  readonly count: number;
}
export type ObservationOf<K extends IndicatorId> = ObservationByKind[KindOf<K>];

function buildCell(stateFor: (id: IndicatorId) => IndicatorState): CellAggregate {
  const cell: Partial<Record<IndicatorId, IndicatorState>> = {};
  for (const id of INDICATOR_IDS) {
    const state = stateFor(id);
    if (state.kind !== INDICATORS[id].kind)
      throw new RangeError(`${id} needs a ${INDICATORS[id].kind} state`);
    cell[id] = state;
  }
  // Every key was filled with a state of the catalogue's kind, which is what CellAggregate says.
  return cell as CellAggregate;
}

export function emptyCell(): CellAggregate {
  return buildCell(emptyState);
}

/** Associative and commutative; exact (see the note at the top of this file). */
export function mergeCell(a: CellAggregate, b: CellAggregate): CellAggregate {
  return buildCell((id) => mergeState(a[id], b[id]));
}

export function addToCell<K extends IndicatorId>(
  cell: CellAggregate,
  indicator: K,
  observation: ObservationOf<K>,
): CellAggregate {
  const state: IndicatorState = cell[indicator];
  const value: unknown = observation;
  let next: IndicatorState;
  if (state.kind === 'proportion') {
    if (typeof value !== 'boolean') throw new TypeError(`${indicator} takes a boolean observation`);
    next = addProportion(state, value);
  } else {
    if (typeof value !== 'number') throw new TypeError(`${indicator} takes a numeric observation`);
    next =
      state.kind === 'histogram'
        ? addHistogram(state, value)
        : state.kind === 'mean'
          ? addMoments(state, value)
          : addCount(state, value);
  }
  return buildCell((id) => (id === indicator ? next : cell[id]));
}
