/** From a cell's stored state to indicator states and the values published and served. Pure. */
import type { IndicatorValue } from '@continuum/contracts';
import {
  emptyHistogram,
  estimateIndicator,
  INDICATOR_IDS,
  proportion,
  type Histogram,
  type IndicatorId,
  type IndicatorState,
  type Moments,
  type StateOf,
} from '@continuum/indicators';
import type { CellState } from './aggregation.repository';
import { HISTOGRAM_METRICS, MOMENT_METRICS, type HistogramMetric, type MomentMetric } from './cells';

export function toHistogram(metric: HistogramMetric, counts: ReadonlyMap<number, number>): Histogram {
  const h = emptyHistogram(HISTOGRAM_METRICS[metric].domain);
  const out = [...h.counts];
  for (const [score, n] of counts) {
    const i = score - h.min;
    if (i < 0 || i >= out.length) throw new RangeError(`${metric} score ${score} outside ${h.min}..${h.max}`);
    out[i] = n;
  }
  return { ...h, counts: out };
}

/** A typed view of a cell: indicator id → its state, for the indicators the cell has data for. */
export type IndicatorStates = ReadonlyMap<IndicatorId, IndicatorState>;

/** The state an indicator needs, from the stored metric it is computed on. */
export function indicatorStates(state: Pick<CellState, 'histograms' | 'moments'>): IndicatorStates {
  const out = new Map<IndicatorId, IndicatorState>();
  for (const metric of Object.keys(HISTOGRAM_METRICS) as HistogramMetric[]) {
    const counts = state.histograms[metric];
    if (!counts) continue;
    const { indicator } = HISTOGRAM_METRICS[metric];
    const h = toHistogram(metric, counts);
    const total = h.counts.reduce((a, b) => a + b, 0);
    if (total === 0) continue;
    if (indicator === 'responses/count/v1') out.set(indicator, { kind: 'count', n: total });
    else if (h.min === 0 && h.max === 1) out.set(indicator, proportion(h.counts[1], total));
    else out.set(indicator, h);
  }
  for (const metric of Object.keys(MOMENT_METRICS) as MomentMetric[]) {
    const m: Moments | undefined = state.moments[metric];
    if (m && m.n > 0) out.set(MOMENT_METRICS[metric].indicator, m);
  }
  return out;
}

export function stateOf<K extends IndicatorId>(states: IndicatorStates, id: K): StateOf<K> | undefined {
  // The map is filled by `indicatorStates` from the catalogue, so each id holds its own kind.
  return states.get(id) as StateOf<K> | undefined;
}

export function round(x: number, digits = 3): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

/** Every indicator of the cell, in catalogue order, each tagged with the definition id. */
export function indicatorValues(state: Pick<CellState, 'histograms' | 'moments'>): IndicatorValue[] {
  return indicatorValuesOf(indicatorStates(state));
}

export function indicatorValuesOf(states: IndicatorStates): IndicatorValue[] {
  const values: IndicatorValue[] = [];
  for (const id of INDICATOR_IDS) {
    const s = stateOf(states, id);
    if (!s) continue;
    const e = estimateIndicator(id, s);
    values.push({
      indicator: e.indicator,
      n: e.n,
      value: e.value === null ? null : round(e.value),
      ci: e.ci ? [round(e.ci[0]), round(e.ci[1])] : null,
    });
  }
  return values;
}
