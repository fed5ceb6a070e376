/** From a cell's stored state to the indicator values published and served. Pure. */
import type { IndicatorValue } from '@continuum/contracts';
import {
  emptyHistogram,
  estimateIndicator,
  INDICATORS,
  type Histogram,
  type IndicatorId,
} from '@continuum/indicators';
import type { CellState } from './aggregation.repository';
import type { HistogramMetric } from './cells';

export const HISTOGRAM_INDICATORS: Record<
  HistogramMetric,
  IndicatorId & ('nps/v1' | 'csat/top2box-5/v1' | 'ces/mean-7/v1' | 'emoji/mean-5/v1')
> = {
  nps: 'nps/v1',
  csat: 'csat/top2box-5/v1',
  ces: 'ces/mean-7/v1',
  emoji: 'emoji/mean-5/v1',
};

export function toHistogram(metric: HistogramMetric, counts: ReadonlyMap<number, number>): Histogram {
  const def = INDICATORS[HISTOGRAM_INDICATORS[metric]];
  const h = emptyHistogram(def.domain);
  const out = [...h.counts];
  for (const [score, n] of counts) {
    const i = score - h.min;
    if (i < 0 || i >= out.length) throw new RangeError(`${metric} score ${score} outside ${h.min}..${h.max}`);
    out[i] = n;
  }
  return { ...h, counts: out };
}

function round(x: number | null, digits = 3): number | null {
  return x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;
}

export function indicatorValues(state: CellState): IndicatorValue[] {
  const values: IndicatorValue[] = [];
  for (const metric of Object.keys(HISTOGRAM_INDICATORS) as HistogramMetric[]) {
    const counts = state.histograms[metric];
    if (!counts) continue;
    const e = estimateIndicator(HISTOGRAM_INDICATORS[metric], toHistogram(metric, counts));
    values.push({
      indicator: e.indicator,
      n: e.n,
      value: round(e.value),
      ci: e.ci ? [round(e.ci[0])!, round(e.ci[1])!] : null,
    });
  }
  const sentiment = state.moments.sentiment;
  if (sentiment) {
    const e = estimateIndicator('sentiment/mean/v1', sentiment);
    values.push({
      indicator: e.indicator,
      n: e.n,
      value: round(e.value),
      ci: e.ci ? [round(e.ci[0])!, round(e.ci[1])!] : null,
    });
  }
  return values;
}
