// Drift detection on a series of standardised points z_t = (x_t − μ₀)/σ₀, so one chart design
// serves every indicator. Definitions follow the NIST/SEMATECH e-Handbook of Statistical Methods,
// §6.3.2.3 (CUSUM) and §6.3.2.4 (EWMA).

export type Signal = 'above' | 'below' | null;

export interface EwmaOptions {
  /** Smoothing weight λ in (0, 1]; 0.2 is a common choice for detecting ~1σ shifts. */
  readonly lambda?: number;
  /** Limit width in σ_E units. */
  readonly L?: number;
}

export interface EwmaPoint {
  readonly t: number;
  readonly z: number;
  readonly ewma: number;
  /** Exact σ of the EWMA at t: √(λ/(2−λ)·(1−(1−λ)^{2t})). */
  readonly sigma: number;
  readonly lower: number;
  readonly upper: number;
  readonly signal: Signal;
}

function assertSeries(points: readonly number[]): void {
  points.forEach((z) => {
    if (!Number.isFinite(z)) throw new RangeError(`series points must be finite, got ${z}`);
  });
}

/**
 * EWMA chart, E_0 = 0, E_t = λ·z_t + (1 − λ)·E_{t−1}. The time-varying limits are tighter for the
 * first points, where the asymptotic ones would hide early shifts.
 */
export function ewma(points: readonly number[], options: EwmaOptions = {}): EwmaPoint[] {
  const lambda = options.lambda ?? 0.2;
  const L = options.L ?? 3;
  if (!(lambda > 0 && lambda <= 1)) throw new RangeError(`lambda must be in (0, 1], got ${lambda}`);
  if (!(L > 0)) throw new RangeError(`L must be > 0, got ${L}`);
  assertSeries(points);
  let e = 0;
  return points.map((z, i) => {
    const t = i + 1;
    e = lambda * z + (1 - lambda) * e;
    const sigma = Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * t)));
    const upper = L * sigma;
    const signal: Signal = e > upper ? 'above' : e < -upper ? 'below' : null;
    return { t, z, ewma: e, sigma, lower: -upper, upper, signal };
  });
}

export interface CusumOptions {
  /** Reference value (allowance) in σ units: half the shift to detect. */
  readonly k?: number;
  /** Decision interval in σ units. */
  readonly h?: number;
}

export interface CusumPoint {
  readonly t: number;
  readonly z: number;
  /** S_hi(t) = max(0, S_hi(t−1) + z_t − k). */
  readonly high: number;
  /** S_lo(t) = max(0, S_lo(t−1) − z_t − k). */
  readonly low: number;
  readonly signal: Signal;
}

/** Two-sided tabular CUSUM starting at S_hi(0) = S_lo(0) = 0; signals when a sum exceeds h. */
export function cusum(points: readonly number[], options: CusumOptions = {}): CusumPoint[] {
  const k = options.k ?? 0.5;
  const h = options.h ?? 5;
  if (!(k >= 0)) throw new RangeError(`k must be ≥ 0, got ${k}`);
  if (!(h > 0)) throw new RangeError(`h must be > 0, got ${h}`);
  assertSeries(points);
  let high = 0;
  let low = 0;
  return points.map((z, i) => {
    high = Math.max(0, high + z - k);
    low = Math.max(0, low - z - k);
    const signal: Signal = high > h ? 'above' : low > h ? 'below' : null;
    return { t: i + 1, z, high, low, signal };
  });
}

/** z_t = (x_t − mean)/sd for a baseline mean and standard deviation. */
export function standardise(values: readonly number[], mean: number, sd: number): number[] {
  if (!(sd > 0) || !Number.isFinite(sd))
    throw new RangeError(`sd must be a positive finite number, got ${sd}`);
  if (!Number.isFinite(mean)) throw new RangeError(`mean must be finite, got ${mean}`);
  return values.map((x) => (x - mean) / sd);
}
