import { addMoments, emptyHistogram, emptyMoments, type Moments } from './aggregates';
import { cesEstimate, histogramMeanEstimate, meanEstimate, oneSampleTTest, welchTTest } from './ces';
import { CES_DOMAIN, NPS_DOMAIN } from './definitions';

// Data with one decimal go on a 0.1 grid (scale 10), so the sums are exact.
const moments = (values: readonly number[], scale = 10): Moments =>
  values.reduce(addMoments, emptyMoments(scale));

describe('welchTTest', () => {
  const sut = welchTTest;

  // Wikipedia, "Welch's t-test", § Examples (three pairs of samples). The article reports rounded
  // results (t = −2.46, ν ≈ 25.0, p = 0.021; t = −1.57, ν ≈ 9.9, p = 0.149; t = −2.22, ν ≈ 24.5,
  // p = 0.036). The precise values below were recomputed by hand from the samples' means and
  // variances, e.g. example 1: x̄₁ = 20.82, s₁² = 7.867429, x̄₂ = 22.986667, s₂² = 3.812667, n = 15
  // each → SE = √(s₁²/15 + s₂²/15) = 0.882425, t = −2.166667/0.882425 = −2.455356,
  // ν = SE⁴ / ((s₁²/15)²/14 + (s₂²/15)²/14) = 24.9885.
  it('reproduces example 1 (equal n, unequal variances)', () => {
    const a = moments([
      27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4,
    ]);
    const b = moments([
      27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4,
    ]);
    const result = sut(a, b);
    expect(result.test).toBe('welch-t');
    expect(result.difference).toBeCloseTo(20.82 - 22.98666666666667, 12);
    expect(result.statistic).toBeCloseTo(-2.455356398286006, 9);
    expect(result.df).toBeCloseTo(24.988529290231416, 9);
    expect(result.p).toBeCloseTo(0.021378001462866992, 9);
    expect(result.ci[0]).toBeCloseTo(-3.984096267140929, 8);
    expect(result.ci[1]).toBeCloseTo(-0.3492370661924069, 8);
  });

  it.each([
    {
      example: 'example 2 (unequal n, unequal variances)',
      a: [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8],
      b: [
        21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5,
        23.5, 21.5, 21.8,
      ],
      expected: { statistic: -1.5654335235985037, df: 9.904741248650831, p: 0.14884169660532817 },
    },
    {
      example: 'example 3',
      a: [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0],
      b: [
        28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3,
        20.4, 23.9, 13.3,
      ],
      expected: { statistic: -2.225512039969852, df: 24.524634944257343, p: 0.035484530830010394 },
    },
  ])('reproduces $example', ({ a, b, expected }) => {
    const result = sut(moments(a), moments(b));
    expect(result.statistic).toBeCloseTo(expected.statistic, 9);
    expect(result.df).toBeCloseTo(expected.df, 9);
    expect(result.p).toBeCloseTo(expected.p, 9);
  });

  it('handles samples with zero variance', () => {
    expect(sut(moments([7, 7, 7]), moments([7, 7]))).toMatchObject({ statistic: 0, p: 1, df: 3 });
    expect(sut(moments([7, 7, 7]), moments([6, 6]))).toMatchObject({ statistic: Infinity, p: 0 });
  });

  it('needs two observations per side', () => {
    expect(() => sut(moments([1]), moments([1, 2]))).toThrow(RangeError);
  });
});

describe('oneSampleTTest', () => {
  it('tests the mean against a target', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: x̄ = 5, s² = 32/7, SE = √(32/56) = 0.755929; t = (5 − 4)/SE = 1.322876, df 7
    const result = oneSampleTTest(moments([2, 4, 4, 4, 5, 5, 7, 9], 1), 4);
    expect(result).toMatchObject({ test: 'one-sample-t', df: 7, difference: 1 });
    expect(result.statistic).toBeCloseTo(1.3228756555322954, 12);
    expect(result.p).toBeCloseTo(0.22745281805976297, 10); // t table: P(|T₇| > 1.415) = 0.2, so p > 0.2
    // CI of x̄ − 4: ±t_{0.975,7}·SE = ±2.364624·0.755929
    expect(result.ci[0]).toBeCloseTo(3.21251208176379 - 4, 10);
    expect(result.ci[1]).toBeCloseTo(6.787487918236209 - 4, 10);
  });
});

describe('cesEstimate', () => {
  const sut = cesEstimate;

  it('gives the mean, SE and t interval on the 1–7 scale', () => {
    // one 3, two 4s, three 5s, two 6s, two 7s: x̄ = 5.2, s² = 15.6/9 = 1.7333, SE = 0.416333
    const h = { ...emptyHistogram(CES_DOMAIN), counts: [0, 0, 1, 2, 3, 2, 2] };
    const result = sut(h);
    expect(result).toMatchObject({ indicator: 'ces/mean-7/v1', n: 10, method: 't' });
    expect(result.value).toBeCloseTo(5.2, 14);
    expect(result.se).toBeCloseTo(0.41633319989322654, 13);
    expect(result.ci![0]).toBeCloseTo(4.258188869750841, 10); // 5.2 ∓ t_{0.975,9}·SE, t = 2.262157
    expect(result.ci![1]).toBeCloseTo(6.14181113024916, 10);
  });

  it('returns nulls for n = 0 and an SE-less mean for n = 1', () => {
    expect(sut(emptyHistogram(CES_DOMAIN))).toMatchObject({ n: 0, value: null, se: null, ci: null });
    const one = { ...emptyHistogram(CES_DOMAIN), counts: [0, 0, 0, 0, 0, 0, 1] };
    expect(sut(one)).toMatchObject({ n: 1, value: 7, se: null, ci: null });
  });

  it('rejects histograms over another domain', () => {
    expect(() => sut(emptyHistogram(NPS_DOMAIN))).toThrow(RangeError);
    expect(() => histogramMeanEstimate('emoji/mean-5/v1', emptyHistogram(CES_DOMAIN))).toThrow(RangeError);
    expect(() => histogramMeanEstimate('wait/mean-seconds/v1', emptyHistogram(CES_DOMAIN))).toThrow(
      RangeError,
    );
  });
});

describe('meanEstimate', () => {
  it('works in the grid of the moments', () => {
    const result = meanEstimate('sentiment/mean/v1', moments([0.25, -0.5, 0.75], 1000));
    expect(result.value).toBeCloseTo(1 / 6, 14);
    // Σ(x − x̄)² = (1/12)² + (2/3)² + (7/12)² = 19/24, s² = 19/48, SE = √(19/144) = √19/12
    expect(result.se).toBeCloseTo(Math.sqrt(19) / 12, 14);
  });
});
