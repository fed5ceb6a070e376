import {
  addHistogram,
  addMoments,
  addProportion,
  addToCell,
  emptyCell,
  emptyHistogram,
  emptyMoments,
  emptyProportion,
  histogramTotal,
  mergeCell,
  mergeHistogram,
  mergeMoments,
  mergeProportion,
  momentsFromHistogram,
  momentsSummary,
  type CellAggregate,
} from './aggregates';
import { INDICATORS, INDICATOR_IDS, NPS_DOMAIN, CSAT_DOMAIN, type IndicatorId } from './definitions';
import { seededRandom } from './random';

type Observation = { [K in IndicatorId]: { id: K; value: number | boolean } }[IndicatorId];

function randomObservation(rand: () => number): Observation {
  const id = INDICATOR_IDS[Math.floor(rand() * INDICATOR_IDS.length)];
  const def = INDICATORS[id];
  switch (def.kind) {
    case 'histogram':
      return { id, value: def.domain.min + Math.floor(rand() * (def.domain.max - def.domain.min + 1)) };
    case 'proportion':
      return { id, value: rand() < 0.3 };
    case 'mean':
      // Non-integer values on purpose: sentiment in [−1, 1], durations up to an hour with fractions.
      return { id, value: def.scale === 1000 ? 2 * rand() - 1 : rand() * rand() * 3600 };
    case 'count':
      return { id, value: 1 };
  }
}

function fold(observations: readonly Observation[]): CellAggregate {
  // The generator pairs each id with a value of the right kind; addToCell re-checks at runtime.
  return observations.reduce((cell, o) => addToCell(cell, o.id, o.value as never), emptyCell());
}

describe('merging is exact, associative and commutative', () => {
  it('gives the identical state for any split of a stream merged in any order', () => {
    const rand = seededRandom(20240917);
    for (let trial = 0; trial < 150; trial++) {
      const stream = Array.from({ length: 50 + Math.floor(rand() * 250) }, () => randomObservation(rand));
      const expected = fold(stream);

      // Random cut points split the stream into batches, each folded on its own.
      const batches: CellAggregate[] = [];
      let start = 0;
      while (start < stream.length) {
        const end = start + 1 + Math.floor(rand() * 40);
        batches.push(fold(stream.slice(start, end)));
        start = end;
      }
      // Merge random pairs in random argument order until one state is left: a random merge tree.
      while (batches.length > 1) {
        const i = Math.floor(rand() * batches.length);
        const [a] = batches.splice(i, 1);
        const j = Math.floor(rand() * batches.length);
        batches[j] = rand() < 0.5 ? mergeCell(a, batches[j]) : mergeCell(batches[j], a);
      }

      expect(batches[0]).toStrictEqual(expected);
    }
  });

  it('has the empty cell as identity and survives a JSON round trip unchanged', () => {
    const rand = seededRandom(7);
    const cell = fold(Array.from({ length: 200 }, () => randomObservation(rand)));
    expect(mergeCell(emptyCell(), cell)).toStrictEqual(cell);
    expect(JSON.parse(JSON.stringify(cell))).toStrictEqual(cell);
  });
});

describe('Histogram', () => {
  it('counts scores per integer bucket of a fixed domain', () => {
    let sut = emptyHistogram(NPS_DOMAIN);
    for (const score of [0, 10, 10, 7]) sut = addHistogram(sut, score);
    expect(sut.counts).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 2]);
    expect(histogramTotal(sut)).toBe(4);
  });

  it.each([11, -1, 3.5, NaN, Infinity])('rejects the invalid NPS score %p', (score) => {
    expect(() => addHistogram(emptyHistogram(NPS_DOMAIN), score)).toThrow(RangeError);
  });

  it('rejects 0 and 6 on the 1–5 CSAT scale', () => {
    expect(() => addHistogram(emptyHistogram(CSAT_DOMAIN), 0)).toThrow(RangeError);
    expect(() => addHistogram(emptyHistogram(CSAT_DOMAIN), 6)).toThrow(RangeError);
  });

  it('refuses to merge different domains', () => {
    expect(() => mergeHistogram(emptyHistogram(NPS_DOMAIN), emptyHistogram(CSAT_DOMAIN))).toThrow(RangeError);
  });

  it('is immutable', () => {
    const before = emptyHistogram(CSAT_DOMAIN);
    addHistogram(before, 5);
    expect(before.counts).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('Proportion', () => {
  it('counts successes and trials', () => {
    const sut = mergeProportion(
      addProportion(addProportion(emptyProportion(), true), false),
      addProportion(emptyProportion(), true),
    );
    expect(sut).toEqual({ kind: 'proportion', successes: 2, trials: 3 });
  });
});

describe('Moments', () => {
  it('summarises mean, sample variance, min and max', () => {
    // Classic example: 2, 4, 4, 4, 5, 5, 7, 9 has mean 5 and Σ(x − x̄)² = 32, so s² = 32/7.
    const sut = [2, 4, 4, 4, 5, 5, 7, 9].reduce(addMoments, emptyMoments());
    expect(momentsSummary(sut)).toEqual({
      n: 8,
      mean: 5,
      variance: 32 / 7,
      sd: Math.sqrt(32 / 7),
      min: 2,
      max: 9,
    });
  });

  it('keeps the variance exact when the mean dwarfs the spread', () => {
    // 2000 values cycling 10⁶ + {1, 2, 4, 7, 3}: deviations from 10⁶ + 3.4 square to 21.2 per cycle,
    // so s² = 400·21.2/1999 = 8480/1999. (Σu)² ≈ 4·10¹⁸ is not representable in a double, and the
    // naive (Σu² − (Σu)²/n)/(n − 1) gives 4.24225 (off by 3·10⁻⁵); the BigInt path is exact.
    const sut = Array.from({ length: 2000 }, (_, i) => 1e6 + [1, 2, 4, 7, 3][i % 5]).reduce(
      addMoments,
      emptyMoments(),
    );
    expect(momentsSummary(sut).variance).toBe(8480 / 1999);
    expect(momentsSummary(sut).mean).toBe(1e6 + 3.4);
  });

  it('rounds observations onto the grid of its scale', () => {
    const sut = [0.1234, -0.5, 0.9996].reduce(addMoments, emptyMoments(1000));
    expect(sut).toMatchObject({
      n: 3,
      sum: 123 - 500 + 1000,
      sumSq: 123 ** 2 + 500 ** 2 + 1000 ** 2,
      min: -500,
      max: 1000,
    });
    expect(momentsSummary(sut).mean).toBeCloseTo(623 / 3000, 15);
  });

  it('reports undefined statistics as null for n = 0 and n = 1', () => {
    expect(momentsSummary(emptyMoments())).toEqual({
      n: 0,
      mean: null,
      variance: null,
      sd: null,
      min: null,
      max: null,
    });
    expect(momentsSummary(addMoments(emptyMoments(), 3))).toMatchObject({ n: 1, mean: 3, variance: null });
  });

  it('throws instead of losing exactness', () => {
    expect(() => addMoments(emptyMoments(), 1e8)).toThrow(RangeError); // u² = 10¹⁶ > 2⁵³
    const big = { ...addMoments(emptyMoments(), 9e7), sumSq: 9e15 };
    expect(() => addMoments(big, 9e7)).toThrow(RangeError);
    expect(() => addMoments(emptyMoments(), NaN)).toThrow(RangeError);
    expect(() => mergeMoments(emptyMoments(1), emptyMoments(1000))).toThrow(RangeError);
  });

  it('derives from a histogram', () => {
    const h = [1, 1, 7, 7].reduce(addHistogram, emptyHistogram({ min: 1, max: 7 }));
    expect(momentsSummary(momentsFromHistogram(h))).toEqual({
      n: 4,
      mean: 4,
      variance: 12,
      sd: Math.sqrt(12),
      min: 1,
      max: 7,
    });
  });
});

describe('CellAggregate', () => {
  it('starts empty with each indicator in its catalogue kind', () => {
    const sut = emptyCell();
    for (const id of INDICATOR_IDS) expect(sut[id].kind).toBe(INDICATORS[id].kind);
    expect(sut['nps/v1']).toEqual({ kind: 'histogram', min: 0, max: 10, counts: new Array(11).fill(0) });
    expect(sut['sentiment/mean/v1']).toMatchObject({ kind: 'mean', scale: 1000, n: 0 });
  });

  it('adds one observation to one indicator only', () => {
    const sut = addToCell(addToCell(emptyCell(), 'fcr/rate/v1', true), 'responses/count/v1', 1);
    expect(sut['fcr/rate/v1']).toEqual({ kind: 'proportion', successes: 1, trials: 1 });
    expect(sut['responses/count/v1']).toEqual({ kind: 'count', n: 1 });
    expect(sut['transfer/rate/v1']).toEqual({ kind: 'proportion', successes: 0, trials: 0 });
  });

  it('rejects observations of the wrong type or range', () => {
    expect(() => addToCell(emptyCell(), 'fcr/rate/v1', 1 as never)).toThrow(TypeError);
    expect(() => addToCell(emptyCell(), 'ces/mean-7/v1', 8)).toThrow(RangeError);
  });

  it('refuses to merge a cell whose state does not match the catalogue', () => {
    const broken = { ...emptyCell(), 'nps/v1': emptyProportion() } as unknown as CellAggregate;
    expect(() => mergeCell(broken, emptyCell())).toThrow(RangeError);
  });
});
