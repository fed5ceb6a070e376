// Special functions and distributions the tests need. Written here rather than pulled from npm
// because they are small and we want to control accuracy in the tails (p-values near 1e-10 matter
// when thousands of hypotheses go through Benjamini–Hochberg).

const EPS = 1e-16;
const FPMIN = 1e-300;
const MAX_ITERATIONS = 10_000;
const LN_SQRT_PI = 0.5 * Math.log(Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Above this many degrees of freedom the t distribution is the normal to well under 1e-6. */
const T_AS_NORMAL_DF = 1e7;

// Lanczos approximation, g = 7, n = 9: ~15 significant digits for x > 0.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  // Reflection keeps the series in its accurate range.
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for I_x(a, b) by modified Lentz (Numerical Recipes `betacf`). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    // Even step.
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    // Odd step.
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return h;
  }
  throw new Error(`betaContinuedFraction did not converge (a=${a}, b=${b}, x=${x})`);
}

/** Regularized incomplete beta I_x(a, b), 0 ≤ x ≤ 1, a, b > 0. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) throw new RangeError(`incomplete beta needs a, b > 0, got a=${a}, b=${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`incomplete beta needs 0 ≤ x ≤ 1, got ${x}`);
  if (x === 0) return 0;
  if (x === 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The fraction converges fast only on this side of the mean; use symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** erfc(x) for x ≥ 0 as Q(½, x²), the regularized upper incomplete gamma: accurate deep in the tail. */
function erfcNonNegative(x: number): number {
  const y = x * x;
  if (y < 1.5) {
    // Series for P(½, y); Q = 1 − P is safe here because Q ≥ erfc(√1.5) ≈ 0.08.
    let ap = 0.5;
    let del = 1 / 0.5;
    let sum = del;
    for (let n = 1; n <= MAX_ITERATIONS; n++) {
      ap += 1;
      del *= y / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    return 1 - sum * Math.exp(-y + 0.5 * Math.log(y) - LN_SQRT_PI);
  }
  // Continued fraction for Q(½, y) by modified Lentz.
  let b = y + 0.5;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - 0.5);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-y + 0.5 * Math.log(y) - LN_SQRT_PI) * h;
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  const tail = 0.5 * erfcNonNegative(Math.abs(x) / Math.SQRT2);
  return x < 0 ? tail : 1 - tail;
}

/** Two-sided p-value of a standard normal statistic, 2·Φ(−|z|), without cancellation. */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (!Number.isFinite(z)) return 0;
  return erfcNonNegative(Math.abs(z) / Math.SQRT2);
}

// Acklam's rational approximation (relative error < 1.15e-9), then one Halley step on the accurate
// CDF above, which brings it to full double precision.
const ACKLAM_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const ACKLAM_B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
];
const ACKLAM_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const ACKLAM_P_LOW = 0.02425;

function polynomial(coefficients: readonly number[], x: number): number {
  return coefficients.reduce((acc, c) => acc * x + c, 0);
}

/** Standard normal quantile Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile needs 0 ≤ p ≤ 1, got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let x: number;
  if (p < ACKLAM_P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = polynomial(ACKLAM_C, q) / (polynomial(ACKLAM_D, q) * q + 1);
  } else if (p <= 1 - ACKLAM_P_LOW) {
    const q = p - 0.5;
    const r = q * q;
    x = (polynomial(ACKLAM_A, r) * q) / (polynomial(ACKLAM_B, r) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x = -polynomial(ACKLAM_C, q) / (polynomial(ACKLAM_D, q) * q + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * SQRT_2PI * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Two-sided critical value z such that P(|Z| ≤ z) = confidence. */
export function zCritical(confidence: number): number {
  assertConfidence(confidence);
  return -normalQuantile((1 - confidence) / 2);
}

export function assertConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
}

function assertDf(df: number): void {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${df}`);
}

/** P(T > |t|) for Student's t with df degrees of freedom: ½·I_{df/(df+t²)}(df/2, ½). */
function studentTUpperTail(t: number, df: number): number {
  if (df > T_AS_NORMAL_DF) return 0.5 * normalTwoSidedP(t);
  return 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** Student t CDF; df may be fractional (Welch) or Infinity (normal). */
export function studentTCdf(t: number, df: number): number {
  assertDf(df);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = studentTUpperTail(t, df);
  return t > 0 ? 1 - tail : tail;
}

/** Two-sided p-value 2·P(T > |t|), computed directly so tiny p-values keep their precision. */
export function studentTTwoSidedP(t: number, df: number): number {
  assertDf(df);
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return 0;
  return 2 * studentTUpperTail(t, df);
}

/**
 * |t| with P(T > |t|) = q by Newton's method from the normal quantile (Cornish–Fisher-corrected
 * for df ≥ 10). The tail is convex and decreasing in t > 0, so the iterates settle
 * quadratically: a few tail evaluations instead of bisection's ~50. null when they do not
 * settle quickly (tiny df, extreme q): bisect instead.
 */
function studentTQuantileNewton(q: number, df: number): number | null {
  const logDensityConstant = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  const z = -normalQuantile(q);
  if (!(z > 0) || !Number.isFinite(z)) return null;
  // Cornish–Fisher start (Abramowitz & Stegun 26.7.5) where it is close: one or two steps left.
  let t = df >= 10 ? z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df) : z;
  for (let i = 0; i < 30; i++) {
    const density = Math.exp(logDensityConstant - ((df + 1) / 2) * Math.log1p((t * t) / df));
    const step = (studentTUpperTail(t, df) - q) / density;
    if (!Number.isFinite(step)) return null;
    t += step;
    // The tail itself is accurate to ~1e-15 relative; below 1e-14 the steps are its noise.
    if (Math.abs(step) <= 1e-14 * t) return t;
  }
  return null;
}

/** Student t quantile: Newton's method, or bracketing and bisection on the tail (robust for any df > 0). */
export function studentTQuantile(p: number, df: number): number {
  assertDf(df);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTQuantile needs 0 ≤ p ≤ 1, got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df > T_AS_NORMAL_DF) return normalQuantile(p);
  const tailProbability = p < 0.5 ? p : 1 - p;
  const newton = studentTQuantileNewton(tailProbability, df);
  if (newton !== null) return p < 0.5 ? -newton : newton;
  // |t| quantiles exceed the normal ones, so start there and double until bracketed.
  let lo = 0;
  let hi = Math.max(1, -normalQuantile(tailProbability));
  while (studentTUpperTail(hi, df) > tailProbability) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTUpperTail(mid, df) > tailProbability) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  return p < 0.5 ? -t : t;
}

// The quantile is ~50 bisection steps of the incomplete beta; intervals of means ask for the same
// (confidence, integer df) pairs again and again (a cycle close asks ~10,000 times), so exact
// answers are remembered. Bounded; a pure cache, results are bit-identical.
const T_CRITICAL_MEMO = new Map<string, number>();
const T_CRITICAL_MEMO_SIZE = 4096;

/** Two-sided critical value of Student's t for a confidence level. */
export function tCritical(confidence: number, df: number): number {
  assertConfidence(confidence);
  const key = `${confidence}|${df}`;
  const hit = T_CRITICAL_MEMO.get(key);
  if (hit !== undefined) return hit;
  const t = -studentTQuantile((1 - confidence) / 2, df);
  if (T_CRITICAL_MEMO.size >= T_CRITICAL_MEMO_SIZE) T_CRITICAL_MEMO.clear();
  T_CRITICAL_MEMO.set(key, t);
  return t;
}

/** Binomial probability mass P(X = k), X ~ Bin(n, p). */
export function binomialPmf(k: number, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  if (!Number.isInteger(k) || k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  const logChoose = logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
  return Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/**
 * Exact two-sided binomial test p-value: the total probability of outcomes no more likely than the
 * observed one (the "minimum likelihood" rule used by R's binom.test, with the same 1e-7 slack so
 * that ties computed with rounding error still count).
 */
export function binomialTwoSidedP(successes: number, trials: number, p0: number): number {
  const observed = binomialPmf(successes, trials, p0);
  let total = 0;
  for (let k = 0; k <= trials; k++) {
    const pk = binomialPmf(k, trials, p0);
    if (pk <= observed * (1 + 1e-7)) total += pk;
  }
  return Math.min(1, total);
}
