import type { GapDetectedV1 } from '@continuum/contracts';
import { judge, recovery, type Observation } from './verification.rules';

const gap: GapDetectedV1 = {
  tenantId: 'acme',
  gapKey: 'k',
  kind: 'vs-previous',
  scope: { kind: 'touchpoint', id: 'checkout' },
  indicator: 'nps/v1',
  cycle: { length: 'day', start: '2026-11-22T00:00:00.000Z', end: '2026-11-23T00:00:00.000Z' },
  previous: 30,
  current: 10,
  nPrevious: 400,
  nCurrent: 400,
  delta: -20,
  ci: [-27, -13],
  p: 0.0001,
  q: 0.001,
  target: null,
  stage: 'buy',
  owner: 'payments',
  themes: [],
  sampleComments: [],
};
const settings = { cycles: 2, alpha: 0.05, minSample: 30 };
const day = (d: number, value: number | null, n = 400, half = 5): Observation => ({
  cycleStart: `2026-11-${String(d).padStart(2, '0')}T00:00:00.000Z`,
  cycleEnd: `2026-11-${String(d + 1).padStart(2, '0')}T00:00:00.000Z`,
  value,
  n,
  ci: value === null ? null : [value - half, value + half],
});
const resolvedAt = '2026-11-23T09:00:00.000Z';

describe('gap verification', () => {
  it('recovers when back within the minimum effect of the previous level and significantly above the gap', () => {
    expect(recovery(gap, day(24, 28), settings)).toMatchObject({
      recovered: true,
      pointsRecovered: 18,
      reference: 30,
    });
  });

  it('does not recover when still short of the reference, on too small a sample, or without significance', () => {
    expect(recovery(gap, day(24, 22), settings)).toMatchObject({
      recovered: false,
      reason: '22 is still 8 short of the reference 30',
    });
    expect(recovery(gap, day(24, 29, 10), settings).reason).toBe('n=10 is below the minimum sample 30');
    const noisy = recovery(gap, day(24, 26, 40, 60), settings);
    expect(noisy.recovered).toBe(false);
    expect(noisy.reason).toMatch(/is not significant/);
  });

  it('works the other way round for lower-is-better indicators and against targets', () => {
    const wait: GapDetectedV1 = {
      ...gap,
      indicator: 'wait/mean-seconds/v1',
      kind: 'vs-target',
      previous: null,
      target: 60,
      current: 90,
      delta: 30,
      ci: [20, 40],
    };
    expect(recovery(wait, day(24, 55, 400, 3), settings)).toMatchObject({
      recovered: true,
      pointsRecovered: 35,
      reference: 60,
    });
    expect(recovery(wait, day(24, 80, 400, 3), settings).recovered).toBe(false);
  });

  it('verifies on the first recovering cycle after the gap and the resolution', () => {
    const sut = judge(
      gap,
      resolvedAt,
      [day(22, 35), day(23, 29)],
      settings,
      new Date('2026-11-23T12:00:00Z'),
    );
    expect(sut).toMatchObject({
      outcome: 'verified',
      observation: { cycleStart: '2026-11-23T00:00:00.000Z' },
    });
  });

  it('reopens after the playbook’s number of completed cycles without recovery, and waits before that', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(judge(gap, resolvedAt, [day(23, 12)], settings, now)).toEqual({ outcome: 'watching', watched: 1 });
    // The 25th is not over yet, so only one cycle is complete.
    expect(judge(gap, resolvedAt, [day(24, 12), day(25, 11)], settings, now).outcome).toBe('watching');
    const sut = judge(gap, resolvedAt, [day(24, 12), day(25, 11), day(26, 13)], settings, now);
    expect(sut).toMatchObject({
      outcome: 'not-recovered',
      watched: 2,
      observation: { cycleStart: '2026-11-25T00:00:00.000Z' },
    });
    expect(judge(gap, resolvedAt, [day(24, 12)], { ...settings, cycles: 1 }, now).outcome).toBe(
      'not-recovered',
    );
  });

  it('ignores the gap cycle itself and cycles that ended before the resolution', () => {
    const late = '2026-11-25T09:00:00.000Z';
    expect(
      judge(gap, late, [day(22, 40), day(23, 40), day(24, 40)], settings, new Date('2026-11-26T00:00:00Z')),
    ).toEqual({
      outcome: 'watching',
      watched: 0,
    });
  });
});
