import { emptyHistogram, proportion } from './aggregates';
import {
  csatEstimate,
  csatTopTwoBox,
  newcombeDifferenceInterval,
  proportionEstimate,
  proportionTargetTest,
  twoProportionZTest,
  wilsonInterval,
} from './csat';
import { CSAT_DOMAIN } from './definitions';

describe('wilsonInterval', () => {
  const sut = wilsonInterval;

  // Newcombe RG (1998) Two-sided confidence intervals for the single proportion: comparison of seven
  // methods. Stat Med 17:857–872, Table II, method 3 (score interval without continuity correction).
  // 0/10 is not in that table; its limits (0, 0.2775) are the ones behind example (e) of the
  // companion paper on differences below.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [0, 10, 0, 0.2775],
  ])('reproduces Newcombe (1998): %i/%i → (%f, %f)', (x, n, lo, hi) => {
    const [lower, upper] = sut(x, n);
    expect(lower).toBeCloseTo(lo, 4);
    expect(upper).toBeCloseTo(hi, 4);
  });

  it('pins the bounds at 0 and 1 for 0/n and n/n', () => {
    expect(sut(0, 10)[0]).toBe(0);
    expect(sut(29, 29)[1]).toBe(1);
    expect(sut(29, 29)[0]).toBeCloseTo(0.8830302015002591, 12);
  });

  it('rejects impossible counts', () => {
    expect(() => sut(5, 4)).toThrow(RangeError);
    expect(() => sut(0, 0)).toThrow(RangeError);
    expect(() => sut(1.5, 4)).toThrow(RangeError);
  });
});

describe('newcombeDifferenceInterval', () => {
  // Newcombe RG (1998) Interval estimation for the difference between independent proportions:
  // comparison of eleven methods. Stat Med 17:873–890, Table II, method 10 (hybrid score).
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
  ])('reproduces Newcombe (1998): %i/%i − %i/%i → (%f, %f)', (x1, n1, x2, n2, lo, hi) => {
    const [lower, upper] = newcombeDifferenceInterval(proportion(x1, n1), proportion(x2, n2));
    expect(lower).toBeCloseTo(lo, 4);
    expect(upper).toBeCloseTo(hi, 4);
  });
});

describe('twoProportionZTest', () => {
  const sut = twoProportionZTest;

  it('uses the pooled SE for z and the unpooled SE for a large-sample interval', () => {
    // 56/70 vs 48/80: p̄ = 104/150, SE₀ = √(p̄q̄(1/70 + 1/80)) → z = 0.2/0.075467 = 2.6502
    const result = sut(proportion(56, 70), proportion(48, 80), 0.95, 'wald');
    expect(result.difference).toBeCloseTo(0.2, 14);
    expect(result.statistic).toBeCloseTo(2.6501719512585336, 10);
    expect(result.p).toBeCloseTo(0.00804508136819656, 10);
    expect(result.ci[0]).toBeCloseTo(0.05750489914903714, 10);
    expect(result.ci[1]).toBeCloseTo(0.342495100850963, 10);
  });

  it('switches to Newcombe when a group has fewer than 10 successes or failures', () => {
    const result = sut(proportion(9, 10), proportion(3, 10));
    expect(result.ciMethod).toBe('newcombe');
    expect(result.ci[0]).toBeCloseTo(0.1705, 4);
    expect(sut(proportion(56, 70), proportion(48, 80)).ciMethod).toBe('wald');
  });

  it('gives p = 1 when both groups are all successes', () => {
    expect(sut(proportion(20, 20), proportion(30, 30))).toMatchObject({ statistic: 0, p: 1 });
  });
});

describe('proportionTargetTest', () => {
  const sut = proportionTargetTest;

  it('uses the one-sample z test with the null SE for large samples', () => {
    // 75/100 vs 0.85 (n·q₀ = 15): z = (0.75 − 0.85)/√(0.85·0.15/100) = −2.8006
    const result = sut(proportion(75, 100), 0.85);
    expect(result.test).toBe('one-sample-proportion-z');
    expect(result.statistic).toBeCloseTo(-2.800560168056019, 10);
    expect(result.p).toBeCloseTo(0.005101399646004992, 10);
    expect(result.difference).toBeCloseTo(-0.1, 14);
  });

  it('uses the exact binomial test when n·p₀ or n·q₀ < 10', () => {
    expect(sut(proportion(45, 60), 0.85).test).toBe('exact-binomial'); // n·q₀ = 9
    const result = sut(proportion(3, 20), 0.4);
    expect(result.test).toBe('exact-binomial');
    expect(result.p).toBeCloseTo(0.022427038142043, 12);
    const [lo, hi] = wilsonInterval(3, 20);
    expect(result.ci).toEqual([lo - 0.4, hi - 0.4]);
  });

  it('rejects targets outside [0, 1]', () => {
    expect(() => sut(proportion(3, 20), 40)).toThrow(RangeError);
  });
});

describe('CSAT', () => {
  const h = { ...emptyHistogram(CSAT_DOMAIN), counts: [10, 20, 30, 81, 122] }; // n = 263, top-2 = 203

  it('takes 4 and 5 as the top two boxes', () => {
    expect(csatTopTwoBox(h)).toEqual(proportion(203, 263));
  });

  it('reports the share in percent with a Wilson interval', () => {
    const sut = csatEstimate(h);
    expect(sut).toMatchObject({ indicator: 'csat/top2box-5/v1', n: 263, method: 'wilson' });
    expect(sut.value).toBeCloseTo((100 * 203) / 263, 12);
    const [lo, hi] = wilsonInterval(203, 263);
    expect(sut.ci).toEqual([100 * lo, 100 * hi]);
    // The Wilson interval is symmetric under swapping successes and failures (203 ↔ 60 of 263).
    expect(sut.ci![0]).toBeCloseTo(100 * (1 - wilsonInterval(60, 263)[1]), 10);
  });

  it('returns nulls for n = 0 and rejects non-CSAT histograms', () => {
    expect(csatEstimate(emptyHistogram(CSAT_DOMAIN))).toMatchObject({ n: 0, value: null, ci: null });
    expect(() => csatEstimate(emptyHistogram({ min: 0, max: 10 }))).toThrow(RangeError);
    expect(proportionEstimate('fcr/rate/v1', proportion(0, 0)).value).toBeNull();
  });
});
