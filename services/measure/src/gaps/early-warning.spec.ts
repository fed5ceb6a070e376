import {
  emptyHistogram,
  mergeState,
  NPS_DOMAIN,
  type Histogram,
  type IndicatorState,
} from '@continuum/indicators';
import { EMPTY_EARLY_WARNING, earlyWarningStep, type EarlyWarningState } from './early-warning';

function nps(promoters: number, passives: number, detractors: number): Histogram {
  const counts = new Array<number>(11).fill(0);
  counts[10] = promoters;
  counts[8] = passives;
  counts[3] = detractors;
  return { ...emptyHistogram(NPS_DOMAIN), counts };
}

const options = { pointSize: 30, minSample: 30, alpha: 0.05 };
const baseline = nps(110, 60, 30); // +40, n = 200

/** Feeds slices one by one, as successive passes over a growing cell would. */
function run(slices: Histogram[]) {
  let cumulative: IndicatorState | null = null;
  let state: EarlyWarningState = EMPTY_EARLY_WARNING;
  const fired: number[] = [];
  slices.forEach((s, i) => {
    cumulative = cumulative ? mergeState(cumulative, s) : s;
    const step = earlyWarningStep('nps/v1', cumulative, baseline, state, options);
    if (step.next) state = step.next;
    if (step.warning) fired.push(i + 1);
  });
  return { state, fired };
}

describe('earlyWarningStep', () => {
  const sut = earlyWarningStep;

  it('stays quiet while the open cycle runs like the previous one', () => {
    const { state, fired } = run(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? nps(17, 9, 4) : nps(16, 10, 4))),
    );
    expect(fired).toEqual([]);
    expect(state.points).toHaveLength(12);
    expect(state.signalled).toBe(false);
  });

  it('warns once when the running NPS collapses, with the EWMA evidence', () => {
    const slices = [nps(16, 9, 5), nps(17, 9, 4), nps(4, 6, 20), nps(3, 7, 20), nps(2, 8, 20), nps(3, 5, 22)];
    const { state, fired } = run(slices);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toBeGreaterThanOrEqual(3);
    expect(state.signalled).toBe(true);

    const cumulative = slices.slice(0, fired[0]).reduce((a, b) => mergeState(a, b) as Histogram);
    const before = run(slices.slice(0, fired[0] - 1)).state;
    const step = sut('nps/v1', cumulative, baseline, before, options);
    expect(step.warning!.signal).toMatchObject({ method: 'ewma', lambda: 0.2, limit: 3, points: fired[0] });
    expect(step.warning!.signal.ewma).toBeLessThan(step.warning!.signal.bound);
    expect(step.warning!.running).toMatchObject({ kind: 'vs-previous', previous: 40, direction: 'worse' });
  });

  it('waits for a full slice, and needs a baseline with the minimum sample', () => {
    expect(sut('nps/v1', nps(5, 5, 5), baseline, EMPTY_EARLY_WARNING, options)).toEqual({
      next: null,
      warning: null,
    });
    expect(sut('nps/v1', nps(0, 0, 60), nps(5, 5, 5), EMPTY_EARLY_WARNING, options)).toEqual({
      next: null,
      warning: null,
    });
  });
});
