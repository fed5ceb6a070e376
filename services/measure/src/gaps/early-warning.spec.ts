import {
  dropEvidence,
  perAnswerSummary,
  type Histogram,
  type IndicatorId,
  type IndicatorState,
} from '@continuum/indicators';
import { scopeKey } from '../aggregation/cells';
import { npsOf as nps } from '../testing/histograms';
import { earlyWarningScan, warningKey, watchedCells, type WatchedCell } from './early-warning';

const options = { minSample: 30, fdr: 0.05, tau: 4 };
const baseline = nps(220, 120, 60); // +40, n = 400

function cell(id: string, current: Histogram | null, warned = false): WatchedCell {
  return { scope: { kind: 'touchpoint', id }, indicator: 'nps/v1', baseline, current, warned };
}

/** The e-value a cell's scan computes, NPS τ = 4 × 5 points. */
function eValueOf(c: WatchedCell): number {
  const now = perAnswerSummary('nps/v1', c.current!)!;
  return Math.exp(dropEvidence('nps/v1', now, perAnswerSummary('nps/v1', baseline)!, 20).logE);
}

/** m − 1 cells running like their baseline, and `head` first. */
function family(m: number, head: WatchedCell, warnedQuiet = 0): WatchedCell[] {
  return [
    head,
    ...Array.from({ length: m - 1 }, (_, i) => cell(`quiet-${i}`, nps(110, 60, 30), i < warnedQuiet)),
  ];
}

describe('earlyWarningScan', () => {
  const sut = earlyWarningScan;

  it('stays quiet while every cell runs like its previous cycle', () => {
    const r = sut(family(20, cell('a', nps(108, 62, 30))), options);
    expect(r).toEqual({ warnings: [], family: 20, tested: 20 });
  });

  it('warns when a cell collapses, with its e-value, the e-BH bar and an anytime-valid p', () => {
    const r = sut(family(20, cell('checkout', nps(40, 60, 100))), options);
    expect(r.warnings).toHaveLength(1);
    const [w] = r.warnings;
    expect(w.scope).toEqual({ kind: 'touchpoint', id: 'checkout' });
    // 20 cells, one rejection: the bar is m/(q·1) = 400.
    expect(w.signal).toMatchObject({
      method: 'msprt-ebh',
      family: 20,
      rejections: 1,
      fdr: 0.05,
      threshold: 400,
      tau: 20,
    });
    expect(w.signal.eValue).toBeGreaterThanOrEqual(400);
    expect(w.p).toBeCloseTo(1 / w.signal.eValue, 6);
    expect(w.q).toBeCloseTo(20 / w.signal.eValue, 6);
    expect(w.running).toMatchObject({ kind: 'vs-previous', previous: 40, current: -30, direction: 'worse' });
  });

  it('asks more of each cell the larger the family is', () => {
    const head = cell('checkout', nps(55, 45, 50)); // +2.5 over 150 answers: a real but moderate fall
    const e = eValueOf(head);
    // Family sizes on both sides of the bar m/q = e.
    const fits = Math.floor(e * 0.05);
    expect(fits).toBeGreaterThanOrEqual(2);
    expect(sut(family(fits, head), options).warnings).toHaveLength(1);
    expect(sut(family(fits * 3, head), options).warnings).toHaveLength(0);
  });

  it('counts the cells warned earlier in the cycle: they lower the bar for the rest', () => {
    const head = cell('checkout', nps(55, 45, 50));
    const e = eValueOf(head);
    // Alone it needs m/q > e; with 3 earlier warnings, m/(4q) ≤ e.
    const m = Math.floor(e * 0.05 * 3);
    expect(sut(family(m, head), options).warnings).toHaveLength(0);
    const r = sut(family(m, head, 3), options);
    expect(r.warnings.map((w) => w.scope.id)).toEqual(['checkout']);
    expect(r.warnings[0].signal.rejections).toBe(4);
  });

  it('never warns on a drop smaller than the minimum effect, or before the minimum sample', () => {
    // 4 NPS points worse on 20,000 answers: as certain as can be, and below the 5-point minimum.
    const big = (p: number, pa: number, d: number) => nps(p * 50, pa * 50, d * 50);
    const tiny = { ...cell('a', big(212, 120, 68)), baseline: big(220, 120, 60) };
    expect(sut(family(2, tiny), options).warnings).toEqual([]);
    const early = cell('a', nps(0, 0, 29));
    expect(sut(family(2, early), options)).toMatchObject({ warnings: [], tested: 1 });
    expect(sut(family(2, cell('a', null)), options)).toMatchObject({ warnings: [], tested: 1 });
  });

  it('warns on lower-is-better indicators when they rise', () => {
    const wait = (n: number, mean: number) => ({
      kind: 'mean' as const,
      scale: 1,
      n,
      sum: n * mean,
      sumSq: n * (mean * mean + 400),
      min: 0,
      max: 600,
    });
    const w: WatchedCell = {
      scope: { kind: 'touchpoint', id: 'ivr' },
      indicator: 'wait/mean-seconds/v1',
      baseline: wait(400, 60),
      current: wait(200, 120),
      warned: false,
    };
    const better: WatchedCell = { ...w, scope: { kind: 'touchpoint', id: 'queue' }, current: wait(200, 20) };
    const r = sut([w, better], options);
    expect(r.warnings.map((x) => x.scope.id)).toEqual(['ivr']);
  });
});

describe('watchedCells', () => {
  const sut = watchedCells;
  const states = (entries: [IndicatorId, IndicatorState][]) => new Map(entries);
  const scopeA = { kind: 'touchpoint' as const, id: 'a' };
  const scopeB = { kind: 'touchpoint' as const, id: 'b' };

  it('is the previous cycle’s cells with the minimum sample, each with its state now and whether it was warned', () => {
    const previous = new Map([
      [
        scopeKey(scopeA),
        {
          scope: scopeA,
          states: states([
            ['nps/v1', baseline],
            ['responses/count/v1', { kind: 'count', n: 400 }],
          ]),
        },
      ],
      [scopeKey(scopeB), { scope: scopeB, states: states([['nps/v1', nps(5, 5, 5)]]) }],
    ]);
    const current = new Map([
      [scopeKey(scopeA), { scope: scopeA, states: states([['nps/v1', nps(10, 10, 10)]]) }],
    ]);
    const r = sut(previous, current, new Set([warningKey(scopeA, 'nps/v1')]), 30);
    expect(r).toEqual([
      { scope: scopeA, indicator: 'nps/v1', baseline, current: nps(10, 10, 10), warned: true },
    ]);
  });
});
