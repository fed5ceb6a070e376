import {
  binomialPmf,
  binomialTwoSidedP,
  logGamma,
  normalCdf,
  normalQuantile,
  normalTwoSidedP,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTQuantile,
  studentTTwoSidedP,
  tCritical,
  zCritical,
} from './stats';

describe('logGamma', () => {
  const sut = logGamma;

  it('matches closed forms', () => {
    expect(sut(1)).toBeCloseTo(0, 14);
    expect(sut(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14); // Γ(½) = √π
    expect(sut(10)).toBeCloseTo(Math.log(362880), 12); // Γ(10) = 9!
    expect(sut(0.1)).toBeCloseTo(Math.log(9.513507698668732), 13); // Γ(0.1), reflection branch
  });

  it('rejects non-positive arguments', () => {
    expect(() => sut(0)).toThrow(RangeError);
  });
});

describe('regularizedIncompleteBeta', () => {
  const sut = regularizedIncompleteBeta;

  it('matches closed forms', () => {
    expect(sut(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 14); // I_x(a, 1) = x^a
    expect(sut(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 14); // I_x(1, b) = 1 − (1 − x)^b
    expect(sut(0.5, 7.3, 7.3)).toBeCloseTo(0.5, 14); // symmetry
    // I_0.4(2, 3) = P(Bin(4, 0.4) ≥ 2) = 0.3456 + 0.1536 + 0.0256
    expect(sut(0.4, 2, 3)).toBeCloseTo(0.5248, 14);
    expect(sut(0, 2, 3)).toBe(0);
    expect(sut(1, 2, 3)).toBe(1);
  });

  it('rejects arguments outside the domain', () => {
    expect(() => sut(1.1, 2, 3)).toThrow(RangeError);
    expect(() => sut(0.5, 0, 3)).toThrow(RangeError);
  });
});

describe('normalCdf', () => {
  const sut = normalCdf;

  it('matches table values', () => {
    expect(sut(0)).toBe(0.5);
    expect(sut(1)).toBeCloseTo(0.8413447460685429, 15);
    expect(sut(1.96)).toBeCloseTo(0.9750021048517795, 15);
    expect(sut(-3)).toBeCloseTo(0.0013498980316301, 15);
  });

  it('keeps relative precision deep in the lower tail', () => {
    // Φ(−8) = 6.220960574271784e-16 (Abramowitz & Stegun 26.2, extended tables)
    expect(sut(-8) / 6.220960574271784e-16).toBeCloseTo(1, 12);
    expect(normalTwoSidedP(-8) / (2 * 6.220960574271784e-16)).toBeCloseTo(1, 12);
    expect(sut(-40)).toBe(0);
  });

  it('handles infinities and NaN', () => {
    expect(sut(Infinity)).toBe(1);
    expect(sut(-Infinity)).toBe(0);
    expect(sut(NaN)).toBeNaN();
  });
});

describe('normalQuantile', () => {
  const sut = normalQuantile;

  it('matches table values', () => {
    expect(sut(0.975)).toBeCloseTo(1.959964, 6);
    expect(sut(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(sut(0.025)).toBeCloseTo(-1.959963984540054, 14);
    expect(sut(0.95)).toBeCloseTo(1.6448536269514722, 14);
    expect(sut(0.5)).toBe(0);
    expect(sut(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(zCritical(0.99)).toBeCloseTo(2.5758293035489004, 13);
  });

  it('inverts normalCdf across the range', () => {
    for (const p of [1e-300, 1e-12, 0.001, 0.02, 0.3, 0.7, 0.98, 0.999999]) {
      expect(normalCdf(sut(p)) / p).toBeCloseTo(1, 12);
    }
  });

  it('maps the ends to infinities and rejects probabilities outside [0, 1]', () => {
    expect(sut(0)).toBe(-Infinity);
    expect(sut(1)).toBe(Infinity);
    expect(() => sut(1.5)).toThrow(RangeError);
    expect(() => sut(NaN)).toThrow(RangeError);
  });
});

describe('studentTCdf', () => {
  const sut = studentTCdf;

  it('matches t-table values', () => {
    expect(sut(2.228, 10)).toBeCloseTo(0.975, 4); // t_{0.975, 10} = 2.228
    expect(sut(12.706, 1)).toBeCloseTo(0.975, 4); // t_{0.975, 1} = 12.706
    expect(sut(2.042, 30)).toBeCloseTo(0.975, 4); // t_{0.975, 30} = 2.042
    expect(sut(-2.763, 28)).toBeCloseTo(0.005, 4); // t_{0.995, 28} = 2.763
    expect(sut(0, 5)).toBe(0.5);
  });

  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    for (const t of [-30, -2.5, -0.3, 0.7, 4, 100]) {
      expect(sut(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 14); // Cauchy
      expect(sut(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 14);
    }
  });

  it('approaches the normal for huge df and accepts fractional df', () => {
    expect(sut(1.96, 1e9)).toBeCloseTo(normalCdf(1.96), 12);
    expect(sut(1.96, 1e5)).toBeCloseTo(normalCdf(1.96), 5);
    const p = sut(-2.455356398286006, 24.988529290231416);
    expect(p).toBeGreaterThan(0.0106);
    expect(p).toBeLessThan(0.0107);
  });

  it('computes tiny two-sided p-values without cancellation', () => {
    // df = 1: P(|T| > t) = 1 − 2·atan(t)/π = 2·atan(1/t)/π
    expect(studentTTwoSidedP(1e8, 1) / ((2 * Math.atan(1e-8)) / Math.PI)).toBeCloseTo(1, 10);
  });

  it('rejects non-positive degrees of freedom', () => {
    expect(() => sut(1, 0)).toThrow(RangeError);
  });
});

describe('studentTQuantile', () => {
  const sut = studentTQuantile;

  it('matches t-table values', () => {
    expect(sut(0.975, 10)).toBeCloseTo(2.228138851986274, 10);
    expect(sut(0.995, 1)).toBeCloseTo(63.65674116287153, 8);
    expect(sut(0.025, 30)).toBeCloseTo(-2.0422724563012378, 10);
    expect(tCritical(0.95, 10)).toBeCloseTo(2.228138851986274, 10);
    expect(sut(0.5, 3)).toBe(0);
  });

  it('inverts studentTCdf, also for fractional df', () => {
    for (const df of [1, 2.5, 9.9047, 60, 5000]) {
      for (const p of [0.001, 0.1, 0.6, 0.99]) expect(studentTCdf(sut(p, df), df)).toBeCloseTo(p, 12);
    }
  });

  it('keeps relative precision in far tails and at tiny df (Newton or its bisection fallback)', () => {
    for (const df of [0.3, 0.5, 1, 1.7, 3, 7.2, 29.5, 158.3, 1e4]) {
      for (const p of [1e-12, 1e-6, 1e-3, 0.025, 0.2, 0.45]) {
        const t = sut(p, df);
        expect(t).toBeLessThan(0);
        expect(Math.abs(studentTCdf(t, df) - p) / p).toBeLessThan(1e-9);
      }
    }
  });
});

describe('binomial', () => {
  it('gives the probability mass', () => {
    expect(binomialPmf(2, 4, 0.4)).toBeCloseTo(0.3456, 14);
    expect(binomialPmf(0, 3, 0)).toBe(1);
    expect(binomialPmf(5, 4, 0.4)).toBe(0);
  });

  it('gives the exact two-sided p-value by the minimum-likelihood rule', () => {
    const sut = binomialTwoSidedP;
    // 0 of 5 at p = ½: outcomes 0 and 5 are the least likely, 2·(1/32)
    expect(sut(0, 5, 0.5)).toBeCloseTo(0.0625, 14);
    // 3 of 20 at p = 0.4: pmf(3) = 0.012350, and pmf(k) ≤ pmf(3) exactly for k ≤ 3 and k ≥ 14,
    // so p = P(X ≤ 3) + P(X ≥ 14) = 0.015961 + 0.006466 (the rule of R's binom.test)
    expect(sut(3, 20, 0.4)).toBeCloseTo(0.022427038142043, 12);
    expect(sut(8, 20, 0.4)).toBeCloseTo(1, 12);
  });
});
