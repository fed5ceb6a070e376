import { addMoments, emptyMoments, proportion } from './aggregates';
import {
  durationEstimate,
  durationTargetTest,
  rateDifferenceTest,
  rateEstimate,
  rateTargetTest,
} from './rates';

describe('rates', () => {
  it('reports a rate in percent with a Wilson interval', () => {
    const sut = rateEstimate('abandonment/rate/v1', proportion(81, 263));
    expect(sut.value).toBeCloseTo(30.79847908745247, 12);
    expect(sut.ci![0]).toBeCloseTo(25.53, 2); // Newcombe (1998): 81/263 → (0.2553, 0.3662)
    expect(sut.ci![1]).toBeCloseTo(36.62, 2);
  });

  it('tests a rate change in percentage points', () => {
    // 30/200 vs 50/200: p̄ = 0.2, z = −0.10/√(0.2·0.8·2/200) = −2.5
    const sut = rateDifferenceTest(proportion(30, 200), proportion(50, 200));
    expect(sut.difference).toBeCloseTo(-10, 12);
    expect(sut.statistic).toBeCloseTo(-2.5, 12);
    expect(sut.p).toBeCloseTo(0.012419330651552265, 12);
    expect(sut.ci[0]).toBeCloseTo(-17.77836592260434, 10); // −10 − 1.959964·100·√(.15·.85/200 + .25·.75/200)
  });

  it('tests a rate against a target given in percent', () => {
    // 60/500 = 12 % vs 8 %: z = 0.04/√(0.08·0.92/500) = 3.2969
    const sut = rateTargetTest(proportion(60, 500), 8);
    expect(sut.test).toBe('one-sample-proportion-z');
    expect(sut.difference).toBeCloseTo(4, 12);
    expect(sut.statistic).toBeCloseTo(3.2969023669789346, 10);
    expect(sut.p).toBeCloseTo(0.0009775747711928437, 12);
  });
});

describe('durations', () => {
  // 100 waits alternating 65 s and 85 s: mean 75 s, s² = 100·100/99.
  const waits = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 65 : 85)).reduce(
    addMoments,
    emptyMoments(1),
  );

  it('reports the mean in seconds', () => {
    const sut = durationEstimate('wait/mean-seconds/v1', waits);
    expect(sut.value).toBe(75);
    expect(sut.se).toBeCloseTo(Math.sqrt(100 / 99), 14);
  });

  it('tests the mean against a target in seconds', () => {
    // t = 15/√(100/99) = 14.9248, df 99
    const sut = durationTargetTest(waits, 60);
    expect(sut.statistic).toBeCloseTo(14.924811556599298, 10);
    expect(sut.p).toBeLessThan(1e-20);
  });
});
