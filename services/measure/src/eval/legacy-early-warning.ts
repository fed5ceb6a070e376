/**
 * Early warnings as they were before issue 21, kept only so the insight harness can show old and
 * new side by side (not used by the service; its published signals are still readable as
 * `EwmaSignal`). Early warning within an open cycle. The cycle's answers are cut, in arrival order, into
 * slices of at least `pointSize` observations (each pass takes what arrived since the last
 * checkpoint). Each slice's value is standardised against the previous cycle's value,
 * z = ±(x − μ₀)/√(SEₓ² + SE₀²), signed so that negative means worse, and fed to an EWMA chart
 * (NIST/SEMATECH §6.3.2.4, λ and L configurable). A warning fires once per cell when the chart
 * crosses its lower limit and the running value is worse than the previous cycle by at least
 * the indicator's minimum effect. Pure.
 */
import type { EwmaSignal } from '@continuum/contracts';
import {
  estimateIndicator,
  evaluateGap,
  ewma,
  INDICATORS,
  type GapCandidate,
  type IndicatorState,
  type StateOf,
  type TestableIndicatorId,
} from '@continuum/indicators';
import { stateSize, subtractState } from '../gaps/states';

export interface EarlyWarningState {
  /** Standardised slice values so far (negative = worse than the previous cycle). */
  readonly points: readonly number[];
  /** The cumulative state at the last slice. */
  readonly checkpoint: IndicatorState | null;
  readonly signalled: boolean;
}

export interface EarlyWarningOptions {
  readonly pointSize: number;
  readonly minSample: number;
  readonly alpha: number;
  readonly lambda?: number;
  readonly limit?: number;
}

export interface EarlyWarningStep {
  /** The state to store; null when nothing changed. */
  readonly next: EarlyWarningState | null;
  /** Present when the warning fires now. */
  readonly warning: { readonly signal: EwmaSignal; readonly running: GapCandidate } | null;
}

export const EMPTY_EARLY_WARNING: EarlyWarningState = { points: [], checkpoint: null, signalled: false };

export function earlyWarningStep(
  indicator: TestableIndicatorId,
  current: IndicatorState,
  baseline: IndicatorState | null,
  state: EarlyWarningState,
  o: EarlyWarningOptions,
): EarlyWarningStep {
  const none: EarlyWarningStep = { next: null, warning: null };
  if (!baseline || stateSize(baseline) < o.minSample || current.kind === 'count') return none;
  const slice = state.checkpoint ? subtractState(current, state.checkpoint) : current;
  // The cell shrank or changed shape (cannot happen with add-only cells): start over from here.
  if (slice === null) return { next: { ...state, checkpoint: current }, warning: null };
  if (stateSize(slice) < o.pointSize) return none;

  const x = estimateIndicator(indicator, slice as StateOf<typeof indicator>);
  const b = estimateIndicator(indicator, baseline as StateOf<typeof indicator>);
  if (x.value === null || b.value === null || x.se === null || b.se === null) {
    return { next: { ...state, checkpoint: current }, warning: null };
  }
  const se = Math.hypot(x.se, b.se);
  if (!(se > 0)) return { next: { ...state, checkpoint: current }, warning: null };
  const sign = INDICATORS[indicator].direction === 'higher-is-better' ? 1 : -1;
  const points = [...state.points, (sign * (x.value - b.value)) / se];
  const lambda = o.lambda ?? 0.2;
  const limit = o.limit ?? 3;
  const chart = ewma(points, { lambda, L: limit });
  const last = chart[chart.length - 1];
  const next: EarlyWarningState = { points, checkpoint: current, signalled: state.signalled };
  if (state.signalled || last.signal !== 'below') return { next, warning: null };

  const running = evaluateGap({
    indicator,
    kind: 'vs-previous',
    current: current as StateOf<typeof indicator>,
    previous: baseline as StateOf<typeof indicator>,
    minSample: o.minSample,
    alpha: o.alpha,
  });
  const worseEnough =
    running.status !== 'insufficient-sample' &&
    running.direction === 'worse' &&
    running.delta !== null &&
    Math.abs(running.delta) + 1e-9 >= running.minimumEffect;
  if (!worseEnough) return { next, warning: null };
  return {
    next: { ...next, signalled: true },
    warning: {
      signal: {
        method: 'ewma',
        lambda,
        limit,
        points: points.length,
        ewma: Math.round(last.ewma * 1000) / 1000,
        bound: Math.round(last.lower * 1000) / 1000,
      },
      running,
    },
  };
}
