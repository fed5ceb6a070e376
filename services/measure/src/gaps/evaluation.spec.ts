import type { Scope } from '@continuum/contracts';
import {
  evaluateGap,
  mergeState,
  selectGaps,
  type Histogram,
  type IndicatorId,
  type IndicatorState,
} from '@continuum/indicators';
import { scopeKey } from '../aggregation/cells';
import { defaultSettings, type TenantSettings } from '../journey/journey.settings';
import { npsOf as nps } from '../testing/histograms';
import { evaluateCycle, type CycleData, type EvaluationOptions, type ScopeStates } from './evaluation';
import { subtractState } from './states';

type Day = Record<string, Histogram>;

const TOUCHPOINTS: Record<string, string> = {
  checkout: 'buy',
  'product-page': 'buy',
  'call-queue': 'support',
  'agent-call': 'support',
  app: 'use',
};

// n = 200 each; checkout falls from +40 to −10 while the others wobble by a few points.
const day1: Day = {
  checkout: nps(110, 60, 30),
  'product-page': nps(100, 60, 40),
  'call-queue': nps(90, 60, 50),
  'agent-call': nps(100, 50, 50),
  app: nps(80, 80, 40),
};
const day2: Day = {
  checkout: nps(60, 60, 80),
  'product-page': nps(98, 62, 40),
  'call-queue': nps(93, 58, 49),
  'agent-call': nps(96, 52, 52),
  app: nps(82, 76, 42),
};

const settings: TenantSettings = {
  ...defaultSettings('acme'),
  touchpoints: new Map(
    Object.entries(TOUCHPOINTS).map(([id, stage]) => [
      id,
      { stage, channel: null, owner: id === 'checkout' ? 'payments' : null },
    ]),
  ),
  stageOwners: new Map([['buy', 'e-commerce']]),
};

const options: EvaluationOptions = { minSample: 30, alpha: 0.05, fdr: 0.05 };

function scopes(
  day: Day,
  extra: Record<string, { scope: Scope; of: string[] }> = {},
): Map<string, ScopeStates> {
  const out = new Map<string, ScopeStates>();
  const put = (scope: Scope, h: IndicatorState) =>
    out.set(scopeKey(scope), { scope, states: new Map<IndicatorId, IndicatorState>([['nps/v1', h]]) });
  const sum = (ids: string[]) =>
    ids.map((id) => day[id] as IndicatorState).reduce((a, b) => mergeState(a, b));
  put({ kind: 'journey', id: '*' }, sum(Object.keys(day)));
  for (const stage of new Set(Object.values(TOUCHPOINTS))) {
    put({ kind: 'stage', id: stage }, sum(Object.keys(day).filter((t) => TOUCHPOINTS[t] === stage)));
  }
  for (const [id, h] of Object.entries(day)) put({ kind: 'touchpoint', id }, h);
  for (const { scope, of } of Object.values(extra)) put(scope, sum(of));
  return out;
}

describe('evaluateCycle', () => {
  const sut = evaluateCycle;

  it('reports exactly the touchpoint that fell, with the journey and its stage explained by it', () => {
    const data: CycleData = { current: scopes(day2), previous: scopes(day1) };
    const result = sut(data, settings, options);
    expect(result.findings).toHaveLength(1);
    const [f] = result.findings;
    expect(f.scope).toEqual({ kind: 'touchpoint', id: 'checkout' });
    expect(f.indicator).toBe('nps/v1');
    expect(f.primary).toMatchObject({
      kind: 'vs-previous',
      previous: 40,
      current: -10,
      nPrevious: 200,
      nCurrent: 200,
      direction: 'worse',
      test: 'nps-adjusted-wald-z',
    });
    expect(f.primary.delta).toBeCloseTo(-50, 9);
    expect(f.primary.p!).toBeLessThan(1e-6);
    expect(f.q).toBeLessThan(1e-5);
    // Journey (+27 → +16.6, n = 1000) and stage buy (+35 → +9.5) fell too, but only through checkout.
    expect(f.explains).toEqual([
      { kind: 'journey', id: '*' },
      { kind: 'stage', id: 'buy' },
    ]);
    expect(result.explained).toBe(2);
    // 5 touchpoints + 3 stages + the journey, one NPS comparison each.
    expect(result.tested).toBe(9);
  });

  it('keeps a broad gap when the rest of the scope fell as well', () => {
    // Product page falls by 12 points too: not a gap of its own at n = 200 (p ≈ 0.2), but the
    // stage without checkout still falls significantly... only if it is big enough. Make it so.
    const worse: Day = { ...day2, 'product-page': nps(80, 60, 60) };
    const result = sut({ current: scopes(worse), previous: scopes(day1) }, settings, options);
    const reported = result.findings.map((f) => `${f.scope.kind}:${f.scope.id}`).sort();
    expect(reported).toContain('touchpoint:checkout');
    // product-page: +30 → +10 (n = 200 each) is itself a gap, so buy is explained by both.
    expect(reported).toContain('touchpoint:product-page');
    const checkout = result.findings.find((f) => f.scope.id === 'checkout')!;
    expect(checkout.explains).toContainEqual({ kind: 'stage', id: 'buy' });
  });

  it('reports a diffuse stage decline that no single touchpoint explains', () => {
    // Both support touchpoints slip by 17 points: neither alone survives BH at n = 200, together
    // (n = 400) the stage does.
    const slip: Day = {
      ...day2,
      checkout: day1.checkout,
      'call-queue': nps(73, 60, 67),
      'agent-call': nps(83, 50, 67),
    };
    const result = sut({ current: scopes(slip), previous: scopes(day1) }, settings, options);
    const reported = result.findings.map((f) => `${f.scope.kind}:${f.scope.id}`);
    expect(reported).toContain('stage:support');
    expect(reported.filter((r) => r.startsWith('touchpoint:'))).toEqual([]);
  });

  it('reports nothing when every scope only wobbles', () => {
    const result = sut(
      { current: scopes({ ...day2, checkout: nps(106, 62, 32) }), previous: scopes(day1) },
      settings,
      options,
    );
    expect(result.findings).toEqual([]);
    expect(result.tested).toBe(9);
  });

  it('reports a channel gap on its own: channels cut across touchpoints', () => {
    const web = { web: { scope: { kind: 'channel', id: 'web' } as Scope, of: ['checkout'] } };
    const result = sut({ current: scopes(day2, web), previous: scopes(day1, web) }, settings, options);
    expect(result.findings.map((f) => `${f.scope.kind}:${f.scope.id}`).sort()).toEqual([
      'channel:web',
      'touchpoint:checkout',
    ]);
  });

  it('tests targets too, and one gap carries both comparisons', () => {
    const withTarget: TenantSettings = {
      ...settings,
      targets: [
        {
          scope: { kind: 'touchpoint', id: 'checkout' },
          indicator: 'nps/v1',
          direction: 'at-least',
          value: 20,
        },
        { scope: { kind: 'touchpoint', id: 'app' }, indicator: 'nps/v1', direction: 'at-least', value: 10 },
      ],
    };
    const result = sut({ current: scopes(day2), previous: scopes(day1) }, withTarget, options);
    expect(result.findings).toHaveLength(1);
    const [f] = result.findings;
    expect(f.target).toBe(20);
    expect(f.comparisons.map((c) => [c.kind, c.status])).toEqual([
      ['vs-previous', 'gap'],
      ['vs-target', 'gap'],
    ]);
    expect(f.comparisons[1].reference).toBe(20);
    expect(f.comparisons[1].delta).toBeCloseTo(-30, 9);
    // app at +20 beats its target of 10: tested, not a gap.
    expect(result.tested).toBe(11);
  });

  it('tests only comparisons with the minimum sample on both sides', () => {
    const small: Day = Object.fromEntries(Object.entries(day2).map(([k]) => [k, nps(5, 5, 10)]));
    const result = sut({ current: scopes(small), previous: scopes(day1) }, settings, options);
    // Touchpoints and stage use (n = 20) are not tested; stages buy, support (40) and the journey are.
    expect(result.tested).toBe(3);
  });

  it('selects the same comparisons as selectGaps from libs/indicators', () => {
    // A larger random family: many scopes, some real drops.
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const before: Day = {};
    const after: Day = {};
    for (let i = 0; i < 60; i++) {
      const p = 60 + Math.floor(rnd() * 80);
      const d = 20 + Math.floor(rnd() * 60);
      before[`t${i}`] = nps(p, 200 - p - d, d);
      const drop = i % 7 === 0 ? 50 + Math.floor(rnd() * 30) : Math.floor(rnd() * 12) - 6;
      after[`t${i}`] = nps(Math.max(0, p - drop), 200 - Math.max(0, p - drop) - d, d);
    }
    const asScopes = (day: Day) =>
      new Map<string, ScopeStates>(
        Object.entries(day).map(([id, h]) => [
          scopeKey({ kind: 'channel', id }),
          {
            scope: { kind: 'channel', id },
            states: new Map<IndicatorId, IndicatorState>([['nps/v1', h]]),
          },
        ]),
      );
    const result = sut({ current: asScopes(after), previous: asScopes(before) }, settings, options);
    const lib = selectGaps(
      Object.keys(after)
        .sort()
        .map((id) =>
          evaluateGap({ indicator: 'nps/v1', kind: 'vs-previous', current: after[id], previous: before[id] }),
        ),
    );
    expect(result.findings.map((f) => f.primary.p)).toEqual(lib.map((g) => g.p));
    expect(result.findings.map((f) => f.q)).toEqual(lib.map((g) => g.pAdjusted));
    expect(result.findings.length).toBeGreaterThan(3);
  });
});

describe('subtractState', () => {
  it('takes a part out of a whole exactly, and refuses what is not contained', () => {
    const whole = mergeState(nps(10, 5, 5), nps(3, 3, 4));
    expect(subtractState(whole, nps(3, 3, 4))).toEqual(nps(10, 5, 5));
    expect(subtractState(nps(1, 1, 1), nps(2, 0, 0))).toBeNull();
    expect(
      subtractState(
        { kind: 'proportion', successes: 5, trials: 10 },
        { kind: 'proportion', successes: 1, trials: 4 },
      ),
    ).toEqual({ kind: 'proportion', successes: 4, trials: 6 });
    expect(
      subtractState(
        { kind: 'mean', scale: 1, n: 3, sum: 6, sumSq: 14, min: 1, max: 3 },
        { kind: 'mean', scale: 1, n: 1, sum: 1, sumSq: 1, min: 1, max: 1 },
      ),
    ).toEqual({ kind: 'mean', scale: 1, n: 2, sum: 5, sumSq: 13, min: null, max: null });
  });
});
