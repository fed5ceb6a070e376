import { seededRandom } from './random';
import { dropEValue, eBenjaminiHochberg, logDropEValue } from './sequential';

/** E by brute force: the half-normal mixture of Gaussian likelihood ratios, integrated numerically. */
function integrated(worse: number, v: number, tau: number): number {
  let sum = 0;
  const step = tau / 2000;
  for (let delta = step / 2; delta < 12 * tau; delta += step) {
    const prior = (2 / (tau * Math.sqrt(2 * Math.PI))) * Math.exp(-(delta * delta) / (2 * tau * tau));
    // LR of D ~ N(δ, V) (δ = the true drop) against D ~ N(0, V), at D = worse.
    sum += prior * Math.exp((delta * worse) / v - (delta * delta) / (2 * v)) * step;
  }
  return sum;
}

describe('logDropEValue', () => {
  const sut = logDropEValue;

  it('equals the half-normal mixture of likelihood ratios, integrated numerically', () => {
    for (const [worse, v, tau] of [
      [0, 30, 15],
      [12, 30, 15],
      [-8, 30, 15],
      [20, 10, 5],
      [3, 1, 0.5],
    ]) {
      expect(Math.exp(sut({ worse, variance: v, tau }))).toBeCloseTo(integrated(worse, v, tau), 6);
    }
  });

  it('is 2/√(1 + τ²/V)·½ = 1/√(1 + τ²/V) with no difference, grows with the drop and falls with an improvement', () => {
    expect(dropEValue({ worse: 0, variance: 4, tau: 2 })).toBeCloseTo(1 / Math.sqrt(2), 12);
    const e = [-10, -2, 0, 2, 10].map((worse) => dropEValue({ worse, variance: 4, tau: 2 }));
    e.slice(1).forEach((x, i) => expect(x).toBeGreaterThan(e[i]));
    // An improvement makes E fall like 1/b (Mills' ratio), never above its value at no change.
    expect(e[0]).toBeLessThan(0.15);
  });

  it('stays finite deep in both tails', () => {
    expect(Number.isFinite(sut({ worse: -1e4, variance: 1, tau: 1 }))).toBe(true);
    expect(sut({ worse: -1e4, variance: 1, tau: 1 })).toBeLessThan(-8);
    expect(sut({ worse: 1e3, variance: 1, tau: 1 })).toBeCloseTo(
      1e6 / 4 + Math.log(2) - 0.5 * Math.log(2),
      3,
    );
  });

  it('keeps the false-alarm rate under continuous monitoring, the baseline being an estimate', () => {
    // 2,000 null cells: a baseline of 200 answers (its mean is noisy), then 400 answers looked at
    // after every fourth. Warn when E ≥ 1/α, α = 0.05; Ville's inequality allows at most 5 %.
    const random = seededRandom(21);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const sigma = 1;
    const n0 = 200;
    let alarms = 0;
    let naive = 0;
    const cells = 2000;
    for (let c = 0; c < cells; c++) {
      const baselineError = (gauss() * sigma) / Math.sqrt(n0);
      let sum = 0;
      let warned = false;
      let naiveWarned = false;
      for (let n = 1; n <= 400; n++) {
        sum += gauss() * sigma;
        if (n % 4 !== 0) continue;
        const worse = -(sum / n - baselineError);
        const withBaseline = sigma ** 2 / n + sigma ** 2 / n0;
        if (!warned && sut({ worse, variance: withBaseline, tau: 0.3 }) >= Math.log(20)) warned = true;
        // The same test treating the baseline as a known mean.
        if (!naiveWarned && sut({ worse, variance: sigma ** 2 / n, tau: 0.3 }) >= Math.log(20))
          naiveWarned = true;
      }
      if (warned) alarms++;
      if (naiveWarned) naive++;
    }
    expect(alarms / cells).toBeLessThanOrEqual(0.05);
    // Ignoring the baseline's error is what makes a sequential test cry wolf.
    expect(naive / cells).toBeGreaterThan(0.075);
  });

  it('rejects invalid input', () => {
    expect(() => sut({ worse: 1, variance: 0, tau: 1 })).toThrow(RangeError);
    expect(() => sut({ worse: 1, variance: 1, tau: 0 })).toThrow(RangeError);
    expect(() => sut({ worse: NaN, variance: 1, tau: 1 })).toThrow(RangeError);
  });
});

describe('eBenjaminiHochberg', () => {
  const sut = eBenjaminiHochberg;

  it('rejects the k largest with e₍ₖ₎ ≥ m/(q·k), by hand', () => {
    // m = 5, q = 0.1: thresholds 50, 25, 16.7, 12.5, 10 for k = 1..5.
    // Sorted: 60, 30, 14, 11, 0.5 → k = 2 (14 < 16.7, 11 < 12.5).
    const r = sut([14, 60, 0.5, 30, 11], 0.1);
    expect(r.rejected).toEqual([false, true, false, true, false]);
    expect(r.rejections).toBe(2);
    expect(r.threshold).toBe(25);
  });

  it('looks past a gap: the largest k that qualifies, not the first that fails', () => {
    // m = 4, q = 0.5: thresholds 8, 4, 2.67, 2. Sorted 5, 3, 3, 2.5 → k=1 fails (5 < 8), k=4 holds.
    expect(sut([5, 3, 3, 2.5], 0.5).rejected).toEqual([true, true, true, true]);
  });

  it('counts the whole family m, untested members included', () => {
    expect(sut([30], 0.1).rejected).toEqual([true]);
    expect(sut([30], 0.1, { m: 5 }).rejected).toEqual([false]);
  });

  it('counts earlier rejections in the set, which lowers the bar for the rest', () => {
    // m = 10, q = 0.1: alone, 40 needs 100; with 3 earlier rejections it needs 100/4 = 25.
    expect(sut([40], 0.1, { m: 10 }).rejected).toEqual([false]);
    const r = sut([40, 20], 0.1, { m: 10, alreadyRejected: 3 });
    expect(r.rejected).toEqual([true, true]);
    expect(r.rejections).toBe(5);
    expect(r.threshold).toBe(20);
  });

  it('rejects nothing when no e-value clears its bar', () => {
    expect(sut([1, 2, 3], 0.05)).toEqual({
      rejected: [false, false, false],
      rejections: 0,
      threshold: Infinity,
    });
  });

  it('refuses a family smaller than the hypotheses and negative e-values', () => {
    expect(() => sut([1, 2], 0.1, { m: 1 })).toThrow(RangeError);
    expect(() => sut([-1], 0.1)).toThrow(RangeError);
    expect(() => sut([1], 1)).toThrow(RangeError);
  });
});
