// One entry point from a cell's state to the indicator's value, for any indicator id.

import type { CellAggregate, IndicatorState, StateOf } from './aggregates';
import { histogramMeanEstimate, meanEstimate } from './ces';
import { csatEstimate, proportionEstimate } from './csat';
import { INDICATORS, INDICATOR_IDS, type IndicatorId } from './definitions';
import { npsEstimate } from './nps';
import type { Estimate } from './results';
import { assertConfidence } from './stats';

export function estimateIndicator<K extends IndicatorId>(
  indicator: K,
  state: StateOf<K>,
  confidence = 0.95,
): Estimate {
  const id: IndicatorId = indicator;
  const s: IndicatorState = state;
  // State may come from JSON: check it matches the catalogue before trusting its shape.
  if (s.kind !== INDICATORS[id].kind)
    throw new RangeError(`${id} needs a ${INDICATORS[id].kind} state, got ${s.kind}`);
  switch (s.kind) {
    case 'histogram':
      if (id === 'nps/v1') return npsEstimate(s, confidence);
      if (id === 'csat/top2box-5/v1') return csatEstimate(s, confidence);
      return histogramMeanEstimate(id, s, confidence);
    case 'proportion':
      return proportionEstimate(id, s, confidence);
    case 'mean':
      return meanEstimate(id, s, confidence);
    case 'count':
      assertConfidence(confidence);
      return { indicator: id, n: s.n, value: s.n, se: null, ci: null, confidence, method: 'none' };
  }
}

export type CellEstimates = { readonly [K in IndicatorId]: Estimate };

export function estimateCell(cell: CellAggregate, confidence = 0.95): CellEstimates {
  const out: Partial<Record<IndicatorId, Estimate>> = {};
  for (const id of INDICATOR_IDS) out[id] = estimateIndicator(id, cell[id], confidence);
  return out as CellEstimates;
}
