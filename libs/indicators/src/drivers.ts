// What moved a score: the shift-share of a change across the parts of a whole, and a
// respondent-level key-driver analysis (Johnson's relative weights, with a bootstrap interval).

import { seededRandom } from './random';

// ---- Shift-share ----------------------------------------------------------------------------

export interface SharePart {
  /** Share of the whole's answers (0–1); 0 when the part had none. */
  readonly weight: number;
  /** The part's score; null when it had no answers. */
  readonly value: number | null;
}

export interface ShiftShareTerms {
  /** (w₁ − w₀)·N₀: the part's share changed, at its old score. */
  readonly mix: number;
  /** w₀·(N₁ − N₀): the part's score changed, at its old share. */
  readonly rate: number;
  /** (w₁ − w₀)·(N₁ − N₀): both at once. */
  readonly interaction: number;
}

/**
 * Shift-share of one part, for a whole whose score is Σ wᵢ·Nᵢ: mix + rate + interaction =
 * w₁N₁ − w₀N₀, so the parts' terms add up exactly to the whole's change. A part absent from one
 * cycle moved only by share: its score then stands for the missing one (all mix).
 */
export function shiftShare(before: SharePart | null, after: SharePart | null): ShiftShareTerms {
  const w0 = before?.value == null ? 0 : before.weight;
  const w1 = after?.value == null ? 0 : after.weight;
  const n0 = before?.value ?? after?.value ?? 0;
  const n1 = after?.value ?? n0;
  const z = (x: number) => (x === 0 ? 0 : x); // no −0 in answers
  return { mix: z((w1 - w0) * n0), rate: z(w0 * (n1 - n0)), interaction: z((w1 - w0) * (n1 - n0)) };
}

// ---- Relative weights -----------------------------------------------------------------------

/** Eigenvalues and unit eigenvectors (columns) of a symmetric matrix, by cyclic Jacobi rotations. */
export function symmetricEigen(a: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const m = a.map((row) => [...row]);
  const v: number[][] = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += m[i][j] * m[i][j];
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(m[p][q]) < 1e-300) continue;
        const theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k][p];
          const mkq = m[k][q];
          m[k][p] = c * mkp - s * mkq;
          m[k][q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p][k];
          const mqk = m[q][k];
          m[p][k] = c * mpk - s * mqk;
          m[q][k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: m.map((row, i) => row[i]), vectors: v };
}

export interface RelativeWeights {
  /** R² of the regression of the outcome on every driver. */
  readonly r2: number;
  /** Each driver's raw relative weight: its share of R² (they sum to R²). */
  readonly weights: number[];
}

/**
 * Johnson's relative weights (Multivariate Behavioral Research 35:1, 2000) from a correlation
 * matrix: with Rxx = VΛV′, regress the outcome on the orthogonal Z = X·Rxx^{−½}
 * (β = Rxx^{−½}·rxy) and give each driver ε_j = Σₖ (Rxx^{½})ⱼₖ²·βₖ². Correlated drivers share
 * the variance they explain together; Σ ε = R². Collinear directions (eigenvalue ~ 0) explain
 * nothing (pseudo-inverse).
 */
export function relativeWeights(
  rxx: readonly (readonly number[])[],
  rxy: readonly number[],
): RelativeWeights {
  const k = rxy.length;
  const { values, vectors } = symmetricEigen(rxx);
  const top = Math.max(...values.map(Math.abs), 0);
  const root = values.map((x) => (x > 1e-10 * top ? Math.sqrt(x) : 0));
  // R^{½} = V·diag(√λ)·V′ and β = V·diag(1/√λ)·V′·rxy.
  const half = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) =>
      vectors[i].reduce((s, _x, c) => s + vectors[i][c] * root[c] * vectors[j][c], 0),
    ),
  );
  const projected = Array.from({ length: k }, (_, c) =>
    vectors.reduce((s, row, i) => s + row[c] * rxy[i], 0),
  );
  const beta = Array.from({ length: k }, (_, i) =>
    projected.reduce((s, pc, c) => s + (root[c] > 0 ? (vectors[i][c] * pc) / root[c] : 0), 0),
  );
  const weights = Array.from({ length: k }, (_, j) =>
    half[j].reduce((s, h, c) => s + h * h * beta[c] * beta[c], 0),
  );
  return { r2: weights.reduce((a, b) => a + b, 0), weights };
}

/** A distinct respondent profile and how many respondents have it. */
export interface Profile {
  /** The outcome (e.g. the 0–10 recommendation score). */
  readonly y: number;
  /** The drivers, in the order of `names`. */
  readonly x: readonly number[];
  readonly count: number;
}

export interface KeyDriver {
  readonly driver: string;
  /** Raw relative weight: the part of the outcome's variance the driver accounts for. */
  readonly weight: number;
  /** weight ÷ R². */
  readonly share: number;
  /** Bootstrap percentile interval of `weight`. */
  readonly ci: readonly [number, number];
  /** Correlation with the outcome (its sign says which way the driver pulls). */
  readonly correlation: number;
}

export interface KeyDriverAnalysis {
  readonly method: 'relative-weights';
  readonly n: number;
  readonly r2: number;
  readonly r2Ci: readonly [number, number];
  readonly resamples: number;
  readonly confidence: number;
  readonly drivers: KeyDriver[];
}

interface Moments {
  readonly n: number;
  readonly corr: number[][];
  readonly sd: number[];
}

/** Correlations of (y, x₁…x_k) from profiles weighted by `w`; sd 0 columns give correlation 0. */
function correlations(profiles: readonly Profile[], w: ArrayLike<number>, k: number): Moments {
  const d = k + 1;
  let n = 0;
  const mean = new Array<number>(d).fill(0);
  profiles.forEach((p, i) => {
    const wi = w[i];
    if (wi === 0) return;
    n += wi;
    mean[0] += wi * p.y;
    for (let j = 0; j < k; j++) mean[j + 1] += wi * p.x[j];
  });
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const z = new Array<number>(d);
  profiles.forEach((p, i) => {
    const wi = w[i];
    if (wi === 0) return;
    z[0] = p.y - mean[0];
    for (let j = 0; j < k; j++) z[j + 1] = p.x[j] - mean[j + 1];
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[a][b] += wi * z[a] * z[b];
  });
  const sd = cov.map((row, a) => Math.sqrt(row[a] / n));
  const corr = Array.from({ length: d }, (_, a) =>
    Array.from({ length: d }, (_, b) => {
      if (a === b) return 1;
      const c = a < b ? cov[a][b] : cov[b][a];
      return sd[a] > 0 && sd[b] > 0 ? c / n / (sd[a] * sd[b]) : 0;
    }),
  );
  return { n, corr, sd };
}

function weightsOf(m: Moments): RelativeWeights {
  const k = m.corr.length - 1;
  const rxx = Array.from({ length: k }, (_, i) => m.corr[i + 1].slice(1));
  const rxy = Array.from({ length: k }, (_, i) => m.corr[0][i + 1]);
  return relativeWeights(rxx, rxy);
}

function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

/**
 * Relative weights of `names` on the outcome over the respondents' profiles, with percentile
 * intervals from `resamples` bootstrap resamples of the respondents (seeded: the same data gives
 * the same answer). Drivers without variance get weight 0.
 */
export function keyDriverAnalysis(
  profiles: readonly Profile[],
  names: readonly string[],
  o: { resamples?: number; confidence?: number; seed?: number } = {},
): KeyDriverAnalysis {
  const k = names.length;
  const confidence = o.confidence ?? 0.95;
  const resamples = o.resamples ?? 200;
  if (k === 0) throw new RangeError('key-driver analysis needs at least one driver');
  profiles.forEach((p) => {
    if (p.x.length !== k) throw new RangeError(`each profile needs ${k} driver values`);
    if (!Number.isInteger(p.count) || p.count < 0)
      throw new RangeError('profile counts must be integers ≥ 0');
  });
  const counts = profiles.map((p) => p.count);
  const n = counts.reduce((a, b) => a + b, 0);
  if (n < k + 2) throw new RangeError(`key-driver analysis needs more than ${k + 1} respondents, got ${n}`);
  const full = correlations(profiles, counts, k);
  const point = weightsOf(full);

  const random = seededRandom(o.seed ?? 21);
  const cumulative: number[] = [];
  counts.reduce((acc, c, i) => (cumulative[i] = acc + c), 0);
  const draws: number[][] = Array.from({ length: k }, () => []);
  const r2s: number[] = [];
  const w = new Float64Array(profiles.length);
  for (let b = 0; b < resamples; b++) {
    w.fill(0);
    for (let i = 0; i < n; i++) {
      const u = random() * n;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      w[lo] += 1;
    }
    const rw = weightsOf(correlations(profiles, w, k));
    rw.weights.forEach((x, j) => draws[j].push(x));
    r2s.push(rw.r2);
  }
  const tail = (1 - confidence) / 2;
  const interval = (xs: number[]): [number, number] => {
    if (xs.length === 0) return [NaN, NaN];
    const s = [...xs].sort((a, b) => a - b);
    return [quantile(s, tail), quantile(s, 1 - tail)];
  };
  const drivers = names.map((driver, j): KeyDriver => ({
    driver,
    weight: point.weights[j],
    share: point.r2 > 0 ? point.weights[j] / point.r2 : 0,
    ci: interval(draws[j]),
    correlation: full.corr[0][j + 1],
  }));
  drivers.sort((a, b) => b.weight - a.weight || (a.driver < b.driver ? -1 : 1));
  return { method: 'relative-weights', n, r2: point.r2, r2Ci: interval(r2s), resamples, confidence, drivers };
}
