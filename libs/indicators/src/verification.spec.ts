import { judgeVerification, recovery, type Observation, type VerifiableGap } from './verification';

const gap: VerifiableGap = {
  indicator: 'nps/v1',
  cycle: { end: '2026-11-23T00:00:00.000Z' },
  current: 10,
  delta: -20,
  ci: [-27, -13],
};
const settings = { cycles: 2, alpha: 0.05, minSample: 30 };
/** A closed cycle's value on day d of November 2026. */
const day = (d: number, value: number | null, n = 400, half = 5): Observation => ({
  cycleStart: `2026-11-${String(d).padStart(2, '0')}T00:00:00.000Z`,
  cycleEnd: `2026-11-${String(d + 1).padStart(2, '0')}T00:00:00.000Z`,
  value,
  n,
  ci: value === null ? null : [value - half, value + half],
  closed: true,
});
/** A running value of the cycle of day d, still open. */
const running = (d: number, value: number, n = 400): Observation => ({ ...day(d, value, n), closed: false });
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
    const wait: VerifiableGap = {
      ...gap,
      indicator: 'wait/mean-seconds/v1',
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

  it('verifies on the first recovering closed cycle after the gap and the resolution', () => {
    const sut = judgeVerification(gap, resolvedAt, [day(22, 35), day(23, 29)], settings);
    expect(sut).toMatchObject({
      outcome: 'verified',
      observation: { cycleStart: '2026-11-23T00:00:00.000Z' },
      watched: 1,
    });
  });

  it('never judges a running value: a favourable glance at an open cycle verifies nothing', () => {
    // Back to 29 after the first half of the 23rd, then falling: only the closing value counts.
    expect(judgeVerification(gap, resolvedAt, [running(23, 29, 200)], settings)).toEqual({
      outcome: 'watching',
      watched: 0,
    });
    expect(judgeVerification(gap, resolvedAt, [day(23, 19)], { ...settings, cycles: 1 })).toMatchObject({
      outcome: 'not-recovered',
      observation: { value: 19 },
    });
    // A bad running value does not reopen either.
    expect(
      judgeVerification(gap, resolvedAt, [running(23, 5), running(24, 5)], { ...settings, cycles: 1 }),
    ).toEqual({
      outcome: 'watching',
      watched: 0,
    });
  });

  it('reopens after the playbook’s number of closed cycles without recovery, and waits before that', () => {
    expect(judgeVerification(gap, resolvedAt, [day(23, 12)], settings)).toEqual({
      outcome: 'watching',
      watched: 1,
    });
    expect(judgeVerification(gap, resolvedAt, [day(24, 12), running(25, 30)], settings).outcome).toBe(
      'watching',
    );
    const sut = judgeVerification(gap, resolvedAt, [day(24, 12), day(25, 11), day(26, 13)], settings);
    expect(sut).toMatchObject({
      outcome: 'not-recovered',
      watched: 2,
      observation: { cycleStart: '2026-11-25T00:00:00.000Z' },
    });
    expect(judgeVerification(gap, resolvedAt, [day(24, 12)], { ...settings, cycles: 1 }).outcome).toBe(
      'not-recovered',
    );
  });

  it('judges closed cycles in order, whatever order they arrive in', () => {
    const sut = judgeVerification(gap, resolvedAt, [day(25, 28), day(24, 12)], { ...settings, cycles: 1 });
    expect(sut).toMatchObject({ outcome: 'not-recovered', observation: { value: 12 } });
  });

  it('ignores the gap cycle itself and cycles that ended before the resolution', () => {
    const late = '2026-11-25T09:00:00.000Z';
    expect(judgeVerification(gap, late, [day(22, 40), day(23, 40), day(24, 40)], settings)).toEqual({
      outcome: 'watching',
      watched: 0,
    });
  });
});
