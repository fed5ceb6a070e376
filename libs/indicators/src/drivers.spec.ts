import { keyDriverAnalysis, relativeWeights, shiftShare, symmetricEigen, type Profile } from './drivers';
import { seededRandom } from './random';

describe('shiftShare', () => {
  const sut = shiftShare;
  // Touchpoint A at +50 and B at −10; A has 100 of 400 answers (w 0.25), B 300 (w 0.75): NPS +5.

  it('a share that doubles with unchanged scores is all mix: rate and interaction 0', () => {
    // A 300 of 600 (w 0.5), B 300 (w 0.5): NPS 0.5·50 + 0.5·(−10) = +20, a change of +15.
    const a = sut({ weight: 0.25, value: 50 }, { weight: 0.5, value: 50 });
    const b = sut({ weight: 0.75, value: -10 }, { weight: 0.5, value: -10 });
    expect(a).toEqual({ mix: 12.5, rate: 0, interaction: 0 });
    expect(b).toEqual({ mix: 2.5, rate: 0, interaction: 0 });
    expect(a.mix + b.mix).toBe(15);
  });

  it('scores that change at unchanged shares are all rate', () => {
    // A falls to +20: NPS 0.25·20 + 0.75·(−10) = −2.5, a change of −7.5.
    expect(sut({ weight: 0.25, value: 50 }, { weight: 0.25, value: 20 })).toEqual({
      mix: 0,
      rate: -7.5,
      interaction: 0,
    });
    expect(sut({ weight: 0.75, value: -10 }, { weight: 0.75, value: -10 })).toEqual({
      mix: 0,
      rate: 0,
      interaction: 0,
    });
  });

  it('both at once: the three terms add up to w₁N₁ − w₀N₀', () => {
    const t = sut({ weight: 0.25, value: 50 }, { weight: 0.5, value: 20 });
    expect(t).toEqual({ mix: 12.5, rate: -7.5, interaction: -7.5 });
    expect(t.mix + t.rate + t.interaction).toBeCloseTo(0.5 * 20 - 0.25 * 50, 12);
  });

  it('a part new in this cycle, or gone from it, moved by share alone', () => {
    expect(sut(null, { weight: 0.1, value: 30 })).toEqual({ mix: 3, rate: 0, interaction: 0 });
    expect(sut({ weight: 0.2, value: 40 }, { weight: 0, value: null })).toEqual({
      mix: -8,
      rate: 0,
      interaction: 0,
    });
  });
});

describe('symmetricEigen', () => {
  it('finds the eigenpairs of a symmetric matrix', () => {
    const { values, vectors } = symmetricEigen([
      [2, 1],
      [1, 2],
    ]);
    const order = values[0] > values[1] ? [0, 1] : [1, 0];
    expect(values[order[0]]).toBeCloseTo(3, 12);
    expect(values[order[1]]).toBeCloseTo(1, 12);
    const v = [vectors[0][order[0]], vectors[1][order[0]]];
    expect(Math.abs(v[0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(v[0]).toBeCloseTo(v[1], 12);
  });
});

describe('relativeWeights', () => {
  const sut = relativeWeights;

  it('are the squared correlations when the drivers are uncorrelated', () => {
    const r = sut(
      [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
      [0.5, -0.3, 0.1],
    );
    r.weights.forEach((w, i) => expect(w).toBeCloseTo([0.25, 0.09, 0.01][i], 12));
    expect(r.r2).toBeCloseTo(0.35, 12);
  });

  it('split the R² of two correlated drivers as Johnson’s formula does, by hand', () => {
    // r₁₂ = 0.5, r_y1 = 0.6, r_y2 = 0.4: R² = (0.36 + 0.16 − 2·0.5·0.24)/(1 − 0.25) = 56/150.
    // √(1 ± r) = 1.2247…, 0.7071…; β = R^{−½}·r_xy = (0.54967, 0.26683); ε = (43/150, 13/150).
    const r = sut(
      [
        [1, 0.5],
        [0.5, 1],
      ],
      [0.6, 0.4],
    );
    expect(r.weights[0]).toBeCloseTo(43 / 150, 12);
    expect(r.weights[1]).toBeCloseTo(13 / 150, 12);
    expect(r.r2).toBeCloseTo(56 / 150, 12);
  });

  it('gives a perfectly collinear copy nothing extra', () => {
    const r = sut(
      [
        [1, 1],
        [1, 1],
      ],
      [0.6, 0.6],
    );
    expect(r.r2).toBeCloseTo(0.36, 9);
    expect(r.weights[0]).toBeCloseTo(r.weights[1], 9);
  });
});

describe('keyDriverAnalysis', () => {
  const sut = keyDriverAnalysis;
  /** y = 2·csat + ces + noise over 600 respondents; csat and ces independent. */
  function data(): Profile[] {
    const random = seededRandom(7);
    return Array.from({ length: 600 }, () => {
      const csat = 1 + Math.floor(random() * 5);
      const ces = 1 + Math.floor(random() * 7);
      const noise = Math.floor(random() * 3) - 1;
      return { y: 2 * csat + 0.5 * ces + noise, x: [csat, ces, 1], count: 1 };
    });
  }

  it('ranks the drivers by the outcome variance they account for, with bootstrap intervals', () => {
    const r = sut(data(), ['csat', 'ces', 'constant'], { resamples: 100 });
    expect(r).toMatchObject({ method: 'relative-weights', n: 600, resamples: 100, confidence: 0.95 });
    expect(r.drivers.map((d) => d.driver)).toEqual(['csat', 'ces', 'constant']);
    const [csat, ces, constant] = r.drivers;
    // var(2·csat) = 8, var(0.5·ces) = 1, var(noise) ≈ 0.67: R² ≈ 9/9.67.
    expect(r.r2).toBeGreaterThan(0.9);
    expect(csat.weight / ces.weight).toBeGreaterThan(5);
    expect(csat.weight + ces.weight + constant.weight).toBeCloseTo(r.r2, 12);
    expect(constant).toMatchObject({ weight: 0, share: 0, correlation: 0 });
    for (const d of [csat, ces]) {
      expect(d.ci[0]).toBeLessThanOrEqual(d.weight);
      expect(d.ci[1]).toBeGreaterThanOrEqual(d.weight);
      expect(d.correlation).toBeGreaterThan(0);
    }
    expect(r.r2Ci[0]).toBeLessThan(r.r2Ci[1]);
  });

  it('counts identical respondents once per count, and gives the same answer for the same data', () => {
    const rows = data();
    const grouped = new Map<string, Profile>();
    for (const p of rows) {
      const k = `${p.y}|${p.x.join(',')}`;
      const g = grouped.get(k);
      grouped.set(k, { ...p, count: (g?.count ?? 0) + 1 });
    }
    const a = sut(rows, ['csat', 'ces', 'constant'], { resamples: 20 });
    const b = sut([...grouped.values()], ['csat', 'ces', 'constant'], { resamples: 20 });
    expect(b.n).toBe(600);
    expect(b.r2).toBeCloseTo(a.r2, 12);
    expect(b.drivers[0].weight).toBeCloseTo(a.drivers[0].weight, 12);
    expect(sut(rows, ['csat', 'ces', 'constant'], { resamples: 20 })).toEqual(a);
  });

  it('refuses too few respondents or mismatched profiles', () => {
    expect(() => sut([{ y: 1, x: [1], count: 2 }], ['a'])).toThrow(RangeError);
    expect(() => sut([{ y: 1, x: [1, 2], count: 9 }], ['a'])).toThrow(RangeError);
    expect(() => sut([], [])).toThrow(RangeError);
  });
});
