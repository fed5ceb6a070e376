// False discovery rate control across the many scope × indicator tests of one tenant cycle.
// Benjamini & Hochberg (1995, JRSS B 57:289) assumes independent or positively dependent tests;
// Benjamini & Yekutieli (2001, Ann. Stat. 29:1165) holds under any dependence at the cost of the
// factor c(m) = Σ 1/i.

export interface MultipleTestingResult {
  /** Adjusted p-values (q-values), in the input order. */
  readonly adjusted: readonly number[];
  /** Whether each hypothesis is rejected at the requested level, in the input order. */
  readonly rejected: readonly boolean[];
}

function stepUp(pValues: readonly number[], q: number, c: number): MultipleTestingResult {
  if (!(q > 0 && q < 1)) throw new RangeError(`FDR level must be in (0, 1), got ${q}`);
  pValues.forEach((p) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-values must be in [0, 1], got ${p}`);
  });
  const m = pValues.length;
  // Ranks by ascending p; ties keep input order so the result is deterministic.
  const order = pValues.map((_, i) => i).sort((i, j) => pValues[i] - pValues[j] || i - j);

  // Rejection by the step-up rule itself (largest k with p_(k) ≤ k·q/(m·c)), not via the adjusted
  // values, so boundary cases follow the published definition exactly.
  let k = 0;
  order.forEach((index, rank) => {
    if (pValues[index] <= ((rank + 1) * q) / (m * c)) k = rank + 1;
  });

  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank];
    running = Math.min(running, (pValues[index] * m * c) / (rank + 1));
    adjusted[index] = running;
  }
  const rejected = new Array<boolean>(m).fill(false);
  for (let rank = 0; rank < k; rank++) rejected[order[rank]] = true;
  return { adjusted, rejected };
}

export function benjaminiHochberg(pValues: readonly number[], q = 0.05): MultipleTestingResult {
  return stepUp(pValues, q, 1);
}

export function benjaminiYekutieli(pValues: readonly number[], q = 0.05): MultipleTestingResult {
  let c = 0;
  for (let i = 1; i <= pValues.length; i++) c += 1 / i;
  return stepUp(pValues, q, Math.max(c, 1));
}
