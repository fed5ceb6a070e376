import { benjaminiHochberg, benjaminiYekutieli } from './multiple-testing';

// Benjamini Y, Hochberg Y (1995) Controlling the false discovery rate. JRSS B 57:289–300, §4:
// the 15 p-values of a multicentre trial; at q = 0.05 the step-up rule rejects the first four.
const BH_1995 = [
  0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528,
  0.759, 1.0,
];

describe('benjaminiHochberg', () => {
  const sut = benjaminiHochberg;

  it('rejects the first four of the Benjamini & Hochberg (1995) example at q = 0.05', () => {
    // Largest k with p_(k) ≤ k·0.05/15: p_(4) = 0.0095 ≤ 0.01333, while p_(5) = 0.0201 > 0.01667 and
    // no later p_(k) gets under its threshold either.
    const { rejected } = sut(BH_1995, 0.05);
    expect(rejected).toEqual([true, true, true, true, ...new Array<boolean>(11).fill(false)]);
  });

  it('gives the adjusted p-values min_{j≥i} p_(j)·m/j', () => {
    // e.g. p_(4)·15/4 = 0.035625; p_(6)·15/6 = 0.0695 is lowered to p_(7)·15/7 = 0.063857.
    const expected = [
      0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.0638571428571, 0.0638571428571, 0.0645, 0.0765, 0.486,
      0.581181818182, 0.714875, 0.753230769231, 0.813214285714, 1,
    ];
    sut(BH_1995).adjusted.forEach((q, i) => expect(q).toBeCloseTo(expected[i], 10));
  });

  it('keeps the input order', () => {
    const shuffled = [0.4262, 0.0019, 1.0, 0.0095, 0.0001, 0.0201];
    const { adjusted, rejected } = sut(shuffled, 0.05);
    // Sorted: 0.0001, 0.0019, 0.0095, 0.0201, 0.4262, 1 → thresholds k·0.05/6; k = 4 (0.0201 ≤ 0.0333)
    expect(rejected).toEqual([false, true, false, true, true, true]);
    expect(adjusted[4]).toBeCloseTo(0.0006, 14);
    expect(adjusted[5]).toBeCloseTo(0.0201 * 1.5, 14);
  });

  it('handles the empty family and rejects invalid input', () => {
    expect(sut([])).toEqual({ adjusted: [], rejected: [] });
    expect(() => sut([0.5, 1.2])).toThrow(RangeError);
    expect(() => sut([0.5], 0)).toThrow(RangeError);
  });
});

describe('benjaminiYekutieli', () => {
  const sut = benjaminiYekutieli;

  it('is more conservative by c(15) = Σ1/i = 3.318229: rejects three of the same fifteen', () => {
    // Thresholds k·0.05/(15·3.318229) = k·0.0010045: p_(3) = 0.0019 ≤ 0.0030, p_(4) = 0.0095 > 0.0040.
    const { rejected, adjusted } = sut(BH_1995, 0.05);
    expect(rejected.filter(Boolean)).toHaveLength(3);
    expect(rejected.slice(0, 3)).toEqual([true, true, true]);
    expect(adjusted[0]).toBeCloseTo(0.0001 * 15 * 3.3182289932289937, 12);
    expect(adjusted[3]).toBeCloseTo(0.11821190788378289, 12);
    expect(adjusted[14]).toBe(1);
  });
});
