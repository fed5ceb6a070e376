import { cusum, ewma, standardise } from './early-warning';

describe('ewma', () => {
  const sut = ewma;

  it('reproduces the NIST/SEMATECH e-Handbook EWMA example (§6.3.2.4)', () => {
    // Target 50, s = 2.0539, λ = 0.3, L = 3; the handbook lists the EWMA values to two decimals
    // and the (asymptotic) limits 50 ± 3·0.4201·2.0539 = 47.4115 / 52.5884; no point signals.
    const data = [
      52.0, 47.0, 53.0, 49.3, 50.1, 47.0, 51.0, 50.1, 51.2, 50.5, 49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6,
      52.4, 53.6, 52.1,
    ];
    const nist = [
      50.6, 49.52, 50.56, 50.18, 50.16, 49.21, 49.75, 49.85, 50.26, 50.33, 50.11, 49.36, 49.52, 50.05, 49.38,
      49.92, 50.73, 51.23, 51.94, 51.99,
    ];
    const points = sut(standardise(data, 50, 2.0539), { lambda: 0.3, L: 3 });
    points.forEach((point, i) => expect(50 + 2.0539 * point.ewma).toBeCloseTo(nist[i], 2));
    expect(50 + 2.0539 * points[19].upper).toBeCloseTo(52.5884, 3);
    expect(50 + 2.0539 * points[19].lower).toBeCloseTo(47.4115, 3);
    expect(points.every((p) => p.signal === null)).toBe(true);
  });

  it('uses the exact time-varying σ_E, which starts at λ and rises to √(λ/(2−λ))', () => {
    const points = sut([0, 0, 0], { lambda: 0.2 });
    expect(points[0].sigma).toBeCloseTo(0.2, 15); // √(λ/(2−λ)·(1−(1−λ)²)) = λ
    expect(points[1].sigma).toBeCloseTo(Math.sqrt((0.2 / 1.8) * (1 - 0.8 ** 4)), 15);
    expect(sut(new Array<number>(200).fill(0))[199].sigma).toBeCloseTo(Math.sqrt(0.2 / 1.8), 15);
  });

  it('signals a sustained 1.5σ shift on the fifth shifted point (λ = 0.2, L = 3)', () => {
    // After k shifted points E = 1.5·(1 − 0.8^k): k = 4 → 0.8856, k = 5 → 1.0085 > 3·σ_E ≈ 1.0.
    const points = sut([...new Array<number>(20).fill(0), ...new Array<number>(6).fill(1.5)]);
    expect(points.findIndex((p) => p.signal !== null)).toBe(24);
    expect(points[24].signal).toBe('above');
    expect(points[24].ewma).toBeCloseTo(1.5 * (1 - 0.8 ** 5), 14);
  });

  it('rejects invalid parameters and points', () => {
    expect(() => sut([0], { lambda: 0 })).toThrow(RangeError);
    expect(() => sut([0], { L: -1 })).toThrow(RangeError);
    expect(() => sut([NaN])).toThrow(RangeError);
  });
});

describe('cusum', () => {
  const sut = cusum;

  it('accumulates S_hi and S_lo by hand-checked steps (k = 0.5, h = 5)', () => {
    const points = sut([0.2, 1.5, 2.0, -0.4, 1.8, 2.2, -3, -3, -3, 0]);
    // S_hi: 0, 1.0, 2.5, 1.6, 2.9, 4.6, 1.1, 0, 0, 0
    [0, 1, 2.5, 1.6, 2.9, 4.6, 1.1, 0, 0, 0].forEach((s, i) => expect(points[i].high).toBeCloseTo(s, 12));
    // S_lo: zero until the −3s: 2.5, 5.0 (not > h), 7.5 (signal), 7.0
    [0, 0, 0, 0, 0, 0, 2.5, 5, 7.5, 7].forEach((s, i) => expect(points[i].low).toBeCloseTo(s, 12));
    expect(points.map((p) => p.signal)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      'below',
      'below',
    ]);
  });

  it('signals a 1σ upward shift on the eleventh shifted point', () => {
    // Each shifted point adds 1 − k = 0.5: 5.0 after ten (not > 5), 5.5 after eleven.
    const points = sut([...new Array<number>(10).fill(0), ...new Array<number>(12).fill(1)]);
    expect(points.findIndex((p) => p.signal === 'above')).toBe(20);
  });

  it('rejects invalid parameters', () => {
    expect(() => sut([0], { h: 0 })).toThrow(RangeError);
    expect(() => sut([0], { k: -1 })).toThrow(RangeError);
    expect(() => standardise([1], 0, 0)).toThrow(RangeError);
  });
});
