import { mergeState, seededRandom, type Histogram } from '@continuum/indicators';
import type { StoredRespondent } from '../aggregation/aggregation.repository';
import { analyseDrivers, classHistogram, keyDrivers } from './drivers';

const day1: Record<string, Histogram> = {
  checkout: classHistogram(110, 60, 30),
  'product-page': classHistogram(100, 60, 40),
  app: classHistogram(80, 80, 40),
};
const day2: Record<string, Histogram> = {
  checkout: classHistogram(60, 60, 80),
  'product-page': classHistogram(98, 62, 40),
  app: classHistogram(82, 76, 42),
  // A new touchpoint this cycle: its whole contribution is change.
  chat: classHistogram(20, 10, 10),
};
const sum = (d: Record<string, Histogram>) =>
  Object.values(d).reduce((a, b) => mergeState(a, b) as Histogram);

describe('analyseDrivers', () => {
  const sut = analyseDrivers;
  const result = sut({
    scope: sum(day2),
    previousScope: sum(day1),
    touchpoints: new Map(Object.entries(day2)),
    previousTouchpoints: new Map(Object.entries(day1)),
    themes: new Map([
      ['billing', { responses: 70, unhappy: 60, promoters: 2, passives: 8, detractors: 60 }],
      ['delivery', { responses: 20, unhappy: 5, promoters: 10, passives: 5, detractors: 5 }],
    ]),
    minSample: 30,
  });

  it('splits the journey NPS change exactly into touchpoint contributions, the biggest first', () => {
    // Day 1: 290 promoters, 110 detractors of 600 → +30; day 2: 260 and 172 of 640 → +13.75.
    expect(result.nps).toEqual({ n: 640, nps: 13.75, previous: { n: 600, nps: 30 }, change: -16.25 });
    expect(result.touchpoints[0]).toMatchObject({
      touchpoint: 'checkout',
      n: 200,
      weight: 0.3125,
      nps: -10,
      // 0.3125 · (−10) − (200/600) · 40
      change: -16.458,
      previous: { n: 200, nps: 40, weight: 0.3333 },
    });
    // The rest of the journey: 200 promoters, 92 detractors of 440 → +24.545.
    expect(result.touchpoints[0].vsRest!.difference).toBe(-34.545);
    expect(result.touchpoints[0].vsRest!.p).toBeLessThan(1e-6);
    expect(result.explainedChange).toBeCloseTo(-16.25, 2);
    const chat = result.touchpoints.find((t) => t.touchpoint === 'chat')!;
    expect(chat).toMatchObject({ n: 40, nps: 25, change: 1.563, previous: { n: 0, nps: null } });
  });

  it('ranks themes by how far their answers move the NPS', () => {
    expect(result.themes.map((t) => t.theme)).toEqual(['billing', 'delivery']);
    const [billing] = result.themes;
    // Without billing: 258 promoters, 112 detractors of 570 → +25.614; with: +13.75.
    expect(billing).toMatchObject({
      mentions: 70,
      share: 0.1094,
      nps: -82.857,
      npsWithout: 25.614,
      impact: -11.864,
    });
    expect(billing.p).toBeLessThan(1e-10);
    // delivery: 20 mentions < minimum sample: impact shown, not tested.
    expect(result.themes[1]).toMatchObject({ mentions: 20, p: null });
  });
});

describe('analyseDrivers: rate, mix and interaction', () => {
  const sut = analyseDrivers;
  // Touchpoint A at +50 (60 promoters, 30 passives, 10 detractors per 100), B at −10 (30/30/40).
  const a = (k: number) => classHistogram(60 * k, 30 * k, 10 * k);
  const b = (k: number) => classHistogram(30 * k, 30 * k, 40 * k);
  const aAt20 = (k: number) => classHistogram(40 * k, 40 * k, 20 * k);
  const run = (before: [Histogram, Histogram], after: [Histogram, Histogram]) =>
    sut({
      scope: mergeState(after[0], after[1]) as Histogram,
      previousScope: mergeState(before[0], before[1]) as Histogram,
      touchpoints: new Map([
        ['a', after[0]],
        ['b', after[1]],
      ]),
      previousTouchpoints: new Map([
        ['a', before[0]],
        ['b', before[1]],
      ]),
      themes: new Map(),
      minSample: 30,
    });
  const byId = (r: ReturnType<typeof run>, id: string) => r.touchpoints.find((t) => t.touchpoint === id)!;

  it('A’s share doubling at unchanged scores is mix, with rate 0 (hand-computed)', () => {
    // Before: A 100 of 400 answers (w 0.25), B 300: NPS 0.25·50 − 0.75·10 = +5.
    // After: A 300 of 600 (w 0.5), B 300: NPS 0.5·50 − 0.5·10 = +20, a change of +15.
    const r = run([a(1), b(3)], [a(3), b(3)]);
    expect(r.nps.change).toBe(15);
    expect(byId(r, 'a')).toMatchObject({ weight: 0.5, mix: 12.5, rate: 0, interaction: 0, change: 12.5 });
    // B's share fell from 0.75 to 0.5 at −10: mix (0.5 − 0.75)·(−10) = +2.5.
    expect(byId(r, 'b')).toMatchObject({ mix: 2.5, rate: 0, interaction: 0, change: 2.5 });
    expect(r.shiftShare).toEqual({ mix: 15, rate: 0, interaction: 0 });
  });

  it('A’s score falling at unchanged shares is rate, with mix 0 (the reverse workload)', () => {
    // After: A 100 at +20, B 300 at −10: NPS 0.25·20 − 0.75·10 = −2.5, a change of −7.5.
    const r = run([a(1), b(3)], [aAt20(1), b(3)]);
    expect(r.nps.change).toBe(-7.5);
    expect(byId(r, 'a')).toMatchObject({ mix: 0, rate: -7.5, interaction: 0, change: -7.5 });
    expect(byId(r, 'b')).toMatchObject({ mix: 0, rate: 0, interaction: 0 });
    expect(r.shiftShare).toEqual({ mix: 0, rate: -7.5, interaction: 0 });
  });

  it('both at once: the three terms add up to each touchpoint’s change and to the scope’s', () => {
    // After: A 300 at +20 (w 0.5), B 300 at −10: NPS +5, no change at all — a share gain
    // (+12.5 + 2.5) hiding a fall of A's score (rate −7.5, interaction −7.5).
    const r = run([a(1), b(3)], [aAt20(3), b(3)]);
    expect(r.nps.change).toBe(0);
    expect(byId(r, 'a')).toMatchObject({ mix: 12.5, rate: -7.5, interaction: -7.5, change: -2.5 });
    expect(r.shiftShare).toEqual({ mix: 15, rate: -7.5, interaction: -7.5 });
    for (const t of r.touchpoints) expect(t.mix! + t.rate! + t.interaction!).toBeCloseTo(t.change!, 9);
  });

  it('has no terms without a previous cycle', () => {
    const r = sut({
      scope: a(1),
      previousScope: null,
      touchpoints: new Map([['a', a(1)]]),
      previousTouchpoints: new Map(),
      themes: new Map(),
      minSample: 30,
    });
    expect(r.shiftShare).toBeNull();
    expect(r.touchpoints[0]).toMatchObject({ mix: null, rate: null, interaction: null });
  });
});

describe('keyDrivers', () => {
  const sut = keyDrivers;
  const histogramOf = (scores: number[]) => {
    const counts = new Array<number>(11).fill(0);
    for (const x of scores) counts[x]++;
    return { kind: 'histogram' as const, min: 0, max: 10, counts };
  };

  /** 500 respondents: NPS follows CSAT closely, CES a little; "billing" comes with low NPS. */
  function survey(): StoredRespondent[] {
    const random = seededRandom(3);
    return Array.from({ length: 500 }, () => {
      const csat = 1 + Math.floor(random() * 5);
      const ces = 1 + Math.floor(random() * 7);
      const billing = random() < 0.15;
      const raw = 2 * csat + 0.3 * ces - (billing ? 2 : 0) + (random() - 0.5) * 2;
      const nps = Math.max(0, Math.min(10, Math.round(raw - 1.5)));
      return { nps, csat, ces, emoji: null, themes: billing ? ['billing'] : [] };
    });
  }

  it('weighs the other scores and the themes by the NPS variance they explain, with intervals', () => {
    const rows = survey();
    const r = sut(rows, histogramOf(rows.map((x) => x.nps)), 30);
    expect(r).toMatchObject({ status: 'analysed', method: 'relative-weights', n: 500, resamples: 200 });
    expect(r.drivers.map((d) => [d.driver, d.kind])).toEqual([
      ['csat', 'score'],
      ['billing', 'theme'],
      ['ces', 'score'],
    ]);
    const [csat, billing, ces] = r.drivers;
    expect(csat.share).toBeGreaterThan(0.7);
    expect(billing.correlation).toBeLessThan(0);
    expect(ces.correlation).toBeGreaterThan(0);
    expect(csat.weight + billing.weight + ces.weight).toBeCloseTo(r.r2!, 3);
    for (const d of r.drivers) {
      expect(d.ci[0]).toBeLessThanOrEqual(d.weight);
      expect(d.ci[1]).toBeGreaterThanOrEqual(d.weight);
    }
  });

  it('leaves out a score too few respondents answered, and keeps everyone for themes alone', () => {
    // Only CSAT answered, and by 40 of 500; the other 460 answers (NPS only) are not stored.
    const rows = survey()
      .slice(0, 40)
      .map((x) => ({ ...x, ces: null }));
    const everyone = [...rows.map((x) => x.nps), ...new Array<number>(460).fill(9)];
    const r = sut(rows, histogramOf(everyone), 30);
    expect(r.status).toBe('analysed');
    // CSAT would cut the analysis to 40 of 500: themes only, over all 500.
    expect(r.n).toBe(500);
    expect(r.drivers.map((d) => d.driver)).toEqual(['billing']);
  });

  it('says why there is no analysis: nothing to explain by, or too few respondents', () => {
    expect(sut([], histogramOf([9, 8, 3]), 30)).toMatchObject({ status: 'no-drivers', n: 3, drivers: [] });
    const few = survey().slice(0, 12);
    expect(sut(few, histogramOf(few.map((x) => x.nps)), 30)).toMatchObject({
      status: 'insufficient-sample',
      n: 12,
      r2: null,
    });
  });
});
