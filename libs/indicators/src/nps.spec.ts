import { emptyHistogram, type Histogram } from './aggregates';
import { CSAT_DOMAIN } from './definitions';
import { npsCounts, npsDifferenceTest, npsEstimate, npsTargetTest } from './nps';

/** An NPS histogram with the given counts of promoters (10s), passives (8s) and detractors (3s). */
function nps(promoters: number, passives: number, detractors: number): Histogram {
  const counts = new Array<number>(11).fill(0);
  counts[10] = promoters;
  counts[8] = passives;
  counts[3] = detractors;
  return { ...emptyHistogram({ min: 0, max: 10 }), counts };
}

describe('npsEstimate', () => {
  const sut = npsEstimate;

  it('computes NPS, variance, SE and the adjusted-Wald interval of a known distribution', () => {
    // Scores 0..10 with counts 2,1,2,3,4,3,5 | 10,20 | 25,25: 20 detractors, 30 passives, 50 promoters.
    const h: Histogram = {
      ...emptyHistogram({ min: 0, max: 10 }),
      counts: [2, 1, 2, 3, 4, 3, 5, 10, 20, 25, 25],
    };
    const result = sut(h);
    expect(result).toMatchObject({
      indicator: 'nps/v1',
      n: 100,
      promoters: 50,
      passives: 30,
      detractors: 20,
    });
    expect(result.value).toBeCloseTo(30, 12); // 100·(0.5 − 0.2)
    expect(result.variance).toBeCloseTo(0.61, 14); // 0.5 + 0.2 − 0.3²
    expect(result.se).toBeCloseTo(7.810249675906654, 12); // 100·√(0.61/100)
    // Adjusted: n′ = 103, p′ = 50.75/103, d′ = 20.75/103 → NPS′ = 29.1262, SE′ = 100·√(v′/n′) = 7.6915
    expect(result.adjustedValue).toBeCloseTo(29.126213592233007, 12);
    expect(result.seAdjusted).toBeCloseTo(7.6915104218147565, 12);
    expect(result.ci![0]).toBeCloseTo(14.051130178761605, 10); // NPS′ ∓ 1.959964·SE′
    expect(result.ci![1]).toBeCloseTo(44.20129700570441, 10);
  });

  it('returns nulls for n = 0', () => {
    expect(sut(nps(0, 0, 0))).toMatchObject({ n: 0, value: null, se: null, ci: null, variance: null });
  });

  it('gives a non-degenerate interval when everyone is a promoter', () => {
    const result = sut(nps(50, 0, 0));
    expect(result.value).toBe(100);
    expect(result.variance).toBe(0);
    expect(result.se).toBe(0); // the plain Wald SE collapses…
    // …the adjusted one does not: p′ = 50.75/53, d′ = 0.75/53, SE′ = 100·√(v′/53) = 3.9262
    expect(result.seAdjusted).toBeCloseTo(3.9262463035924156, 12);
    expect(result.ci![0]).toBeCloseTo(86.64432129203477, 10);
    expect(result.ci![1]).toBe(100); // clamped to the scale
  });

  it('rejects a histogram over the wrong domain', () => {
    expect(() => sut(emptyHistogram(CSAT_DOMAIN))).toThrow(RangeError);
  });
});

describe('npsDifferenceTest', () => {
  const sut = npsDifferenceTest;
  const before = nps(110, 60, 30); // n = 200, NPS +40

  it('finds a fall from +40 to −10 at n = 200 highly significant', () => {
    const after = nps(60, 60, 80); // n = 200, NPS −10
    const result = sut(after, before);
    expect(result.test).toBe('nps-adjusted-wald-z');
    expect(result.difference).toBeCloseTo(-50, 12);
    // NPS′ −9.8522 vs 39.4089: z = −49.2611/7.7811 = −6.3309, p = 2.438e-10
    expect(result.statistic).toBeCloseTo(-6.330858129415074, 10);
    expect(result.p).toBeLessThan(1e-6);
    expect(result.p / 2.43801437642397e-10).toBeCloseTo(1, 6);
    expect(result.ci[0]).toBeCloseTo(-64.51177298749202, 9);
    expect(result.ci[1]).toBeCloseTo(-34.01039450019269, 9);
  });

  it('does not flag a wobble from 40 to 36 at n = 200', () => {
    const after = nps(104, 64, 32); // n = 200, NPS +36
    const result = sut(after, before);
    expect(result.difference).toBeCloseTo(-4, 12);
    expect(result.statistic).toBeCloseTo(-0.5370023031587121, 10);
    expect(result.p).toBeCloseTo(0.5912660231454718, 10);
    expect(result.ci[0]).toBeLessThan(0);
    expect(result.ci[1]).toBeGreaterThan(0);
  });

  it('is antisymmetric', () => {
    const after = nps(60, 60, 80);
    expect(sut(before, after).statistic).toBeCloseTo(-sut(after, before).statistic, 12);
  });

  it('rejects an empty side', () => {
    expect(() => sut(nps(0, 0, 0), before)).toThrow(RangeError);
  });
});

describe('npsTargetTest', () => {
  it('tests NPS′ against a target with the adjusted SE', () => {
    const h = nps(50, 30, 20); // NPS 30, NPS′ 29.1262, SE′ 7.6915
    const result = npsTargetTest(h, 40);
    expect(result.difference).toBeCloseTo(-10, 12);
    expect(result.statistic).toBeCloseTo(-1.413738760195478, 10); // (29.1262 − 40)/7.6915
    expect(result.p).toBeCloseTo(0.15743862030997313, 10);
    expect(result.ci[0]).toBeCloseTo(14.051130178761605 - 40, 10);
  });

  it('rejects targets off the NPS scale', () => {
    expect(() => npsTargetTest(nps(1, 0, 0), 120)).toThrow(RangeError);
  });
});

describe('npsCounts', () => {
  it('puts 9–10 in promoters, 7–8 in passives and 0–6 in detractors', () => {
    const h: Histogram = {
      ...emptyHistogram({ min: 0, max: 10 }),
      counts: [1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
    };
    expect(npsCounts(h)).toEqual({ n: 6, promoters: 2, passives: 2, detractors: 2 });
  });
});
