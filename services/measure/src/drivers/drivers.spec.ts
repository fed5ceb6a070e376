import { mergeState, type Histogram } from '@continuum/indicators';
import { analyseDrivers, classHistogram } from './drivers';

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
