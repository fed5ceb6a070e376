import {
  addMoments,
  emptyHistogram,
  emptyMoments,
  proportion,
  type Histogram,
  type Moments,
  type StateOf,
} from './aggregates';
import { CSAT_DOMAIN, EMOJI_DOMAIN, NPS_DOMAIN, type TestableIndicatorId } from './definitions';
import { evaluateGap, selectGaps, type GapCandidate } from './gap';

function nps(promoters: number, passives: number, detractors: number): Histogram {
  const counts = new Array<number>(11).fill(0);
  counts[10] = promoters;
  counts[8] = passives;
  counts[3] = detractors;
  return { ...emptyHistogram(NPS_DOMAIN), counts };
}

/** A CSAT histogram with `top` answers of 5 and the rest 2. */
function csat(top: number, n: number): Histogram {
  return { ...emptyHistogram(CSAT_DOMAIN), counts: [0, n - top, 0, 0, top] };
}

const alternating = (a: number, b: number, n: number): Moments =>
  Array.from({ length: n }, (_, i) => (i % 2 === 0 ? a : b)).reduce(addMoments, emptyMoments(1));

describe('evaluateGap', () => {
  const sut = evaluateGap;
  /** The change of `indicator` from the previous cycle to this one. */
  const vsPrevious = <K extends TestableIndicatorId>(
    indicator: K,
    previous: StateOf<K> | null,
    current: StateOf<K>,
    more: { minSample?: number; alpha?: number } = {},
  ) => sut({ indicator, kind: 'vs-previous', previous, current, ...more });

  it('flags an NPS fall from +40 to −10 (n = 200 each) as a worse candidate', () => {
    const result = vsPrevious('nps/v1', nps(110, 60, 30), nps(60, 60, 80));
    expect(result).toMatchObject({
      indicator: 'nps/v1',
      kind: 'vs-previous',
      previous: 40,
      current: -10,
      nPrevious: 200,
      nCurrent: 200,
      direction: 'worse',
      test: 'nps-adjusted-wald-z',
      status: 'candidate',
      minimumEffect: 5,
    });
    expect(result.delta).toBeCloseTo(-50, 12);
    expect(result.p!).toBeLessThan(1e-6);
    expect(result.ci![1]).toBeCloseTo(-34.01039450019269, 9);
  });

  it('calls a wobble from 40 to 36 not significant', () => {
    const result = vsPrevious('nps/v1', nps(110, 60, 30), nps(104, 64, 32));
    expect(result).toMatchObject({ status: 'not-significant', direction: 'worse' });
    expect(result.p).toBeCloseTo(0.5912660231454718, 10);
  });

  it('does not test below the minimum sample, but still reports the values', () => {
    const result = vsPrevious('nps/v1', nps(110, 60, 30), nps(5, 5, 10), { minSample: 30 });
    expect(result).toMatchObject({
      status: 'insufficient-sample',
      p: null,
      ci: null,
      test: null,
      nCurrent: 20,
      current: -25,
    });
    expect(result.delta).toBeCloseTo(-65, 12);
  });

  it('treats a missing previous cycle as insufficient sample', () => {
    const result = vsPrevious('nps/v1', null, nps(110, 60, 30));
    expect(result).toMatchObject({
      status: 'insufficient-sample',
      nPrevious: null,
      previous: null,
      delta: null,
      direction: null,
    });
  });

  it('separates statistical from practical significance', () => {
    // CSAT 78 % vs 80 % at n = 20 000: z = −4.91, but |Δ| = 2 pp < 3 pp.
    const result = vsPrevious('csat/top2box-5/v1', csat(16000, 20000), csat(15600, 20000));
    expect(result).toMatchObject({
      status: 'below-minimum-effect',
      direction: 'worse',
      test: 'two-proportion-z',
    });
    expect(result.delta).toBeCloseTo(-2, 10);
    expect(result.p!).toBeLessThan(1e-5);
  });

  it('counts a delta of exactly the minimum effect despite rounding', () => {
    // 100·(0.83 − 0.80) is 2.9999999999999916 in doubles.
    const result = vsPrevious('csat/top2box-5/v1', csat(8300, 10000), csat(8000, 10000));
    expect(result).toMatchObject({ status: 'candidate', direction: 'worse' });
    expect(result.p).toBeCloseTo(4.6780998197088744e-8, 15);
  });

  it('knows that a higher rate is worse when lower is better', () => {
    const result = vsPrevious('transfer/rate/v1', proportion(30, 200), proportion(50, 200));
    expect(result).toMatchObject({ status: 'candidate', direction: 'worse', test: 'two-proportion-z' });
    expect(result.delta).toBeCloseTo(10, 12);
  });

  it('tests a duration against an at-most target (the default for lower-is-better)', () => {
    const result = sut({
      indicator: 'wait/mean-seconds/v1',
      kind: 'vs-target',
      target: { value: 60 },
      current: alternating(65, 85, 100),
    });
    expect(result).toMatchObject({
      kind: 'vs-target',
      target: 60,
      current: 75,
      delta: 15,
      direction: 'worse',
      test: 'one-sample-t',
      status: 'candidate',
    });
    expect(result.p!).toBeLessThan(1e-20);
  });

  it('honours an explicit target direction', () => {
    const result = sut({
      indicator: 'wait/mean-seconds/v1',
      kind: 'vs-target',
      target: { value: 60, direction: 'at-least' },
      current: alternating(65, 85, 100),
    });
    expect(result.direction).toBe('better');
  });

  it('tests a rate against a target in percent', () => {
    const result = sut({
      indicator: 'abandonment/rate/v1',
      kind: 'vs-target',
      target: { value: 8 },
      current: proportion(60, 500),
    });
    expect(result).toMatchObject({
      test: 'one-sample-proportion-z',
      direction: 'worse',
      status: 'candidate',
    });
    expect(result.delta).toBeCloseTo(4, 12);
    expect(result.p).toBeCloseTo(0.0009775747711928437, 12);
  });

  it('tests score means with Welch (emoji on 1–5)', () => {
    const before = { ...emptyHistogram(EMOJI_DOMAIN), counts: [5, 5, 15, 35, 40] }; // mean 4.0
    const after = { ...emptyHistogram(EMOJI_DOMAIN), counts: [20, 10, 20, 30, 20] }; // mean 3.2
    const result = vsPrevious('emoji/mean-5/v1', before, after);
    expect(result).toMatchObject({
      test: 'welch-t',
      direction: 'worse',
      status: 'candidate',
      previous: 4,
      current: 3.2,
    });
    expect(result.delta).toBeCloseTo(-0.8, 12);
  });

  it('rejects states that do not fit the indicator', () => {
    expect(() => vsPrevious('nps/v1', null, csat(1, 2))).toThrow(RangeError);
    expect(() => vsPrevious('nps/v1', null, nps(1, 1, 1), { alpha: 1 })).toThrow(RangeError);
  });
});

describe('selectGaps', () => {
  const sut = selectGaps;

  const candidate = (p: number | null, overrides: Partial<GapCandidate> = {}): GapCandidate => ({
    indicator: 'nps/v1',
    kind: 'vs-previous',
    previous: 40,
    current: 30,
    target: null,
    nPrevious: 200,
    nCurrent: 200,
    delta: -10,
    ci: [-20, -1],
    p,
    direction: 'worse',
    test: 'nps-adjusted-wald-z',
    status: p !== null && p < 0.05 ? 'candidate' : 'not-significant',
    minimumEffect: 5,
    ...overrides,
  });

  it('keeps what Benjamini–Hochberg rejects: the first four of the 1995 example', () => {
    const pValues = [
      0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528,
      0.759, 1,
    ];
    const selected = sut(pValues.map((p) => candidate(p)));
    expect(selected.map((c) => c.p)).toEqual([0.0001, 0.0004, 0.0019, 0.0095]);
    expect(selected[3].pAdjusted).toBeCloseTo(0.035625, 12);
    // Raw p < 0.05 would have kept nine.
    expect(pValues.filter((p) => p < 0.05)).toHaveLength(9);
  });

  it('counts better-direction tests in the family but returns only worse ones above the minimum effect', () => {
    const worse = candidate(0.04);
    const better = candidate(0.001, { direction: 'better', delta: 10 });
    const small = candidate(0.0001, { delta: -2, status: 'below-minimum-effect' });
    const untested = candidate(null, { status: 'insufficient-sample' });
    const selected = sut([worse, better, small, untested]);
    expect(selected).toHaveLength(1);
    expect(selected[0]).toMatchObject({ p: 0.04, status: 'candidate' });
    // m = 3 (the untested one is not a hypothesis): 0.04·3/3.
    expect(selected[0].pAdjusted).toBeCloseTo(0.04, 12);
  });

  it('returns nothing for an empty family', () => {
    expect(sut([])).toEqual([]);
  });
});
