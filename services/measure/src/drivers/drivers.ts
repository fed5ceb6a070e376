/**
 * Driver analysis of a scope's NPS in one cycle (journey, or a stage). Pure, and exact on the
 * stored counts:
 * - Touchpoints. Each answer belongs to one touchpoint, so the scope's NPS is the answer-weighted
 *   mean of its touchpoints' NPS: NPS = Σ wₜ·NPSₜ with wₜ = nₜ/n. A touchpoint's `impact` is
 *   wₜ·(NPSₜ − NPS), the points it pulls the scope above or below its own level; its `change`
 *   is wₜ′·NPSₜ′ − wₜ·NPSₜ, and the changes add up exactly to the scope's change since the
 *   previous cycle (volume shifts and score shifts together). `vsRest` tests the touchpoint
 *   against the rest of the scope (adjusted-Wald z).
 * - Themes. For each theme in the scope's answers, NPS among the answers mentioning it and
 *   among the others; `impact` = NPS − NPS without those answers, the points the theme's
 *   answers move the scope's NPS, with the z test of mentions against the rest.
 */
import {
  emptyHistogram,
  npsCounts,
  npsDifferenceTest,
  NPS_DOMAIN,
  type Histogram,
} from '@continuum/indicators';
import type { ThemeTotals } from '../aggregation/aggregation.repository';
import { round } from '../aggregation/metrics';
import { subtractState } from '../gaps/states';

export interface NpsSummary {
  readonly n: number;
  readonly nps: number | null;
}

export interface TouchpointDriver {
  readonly touchpoint: string;
  readonly n: number;
  readonly weight: number;
  readonly nps: number | null;
  readonly impact: number | null;
  readonly previous: (NpsSummary & { readonly weight: number }) | null;
  /** Contribution to the scope's NPS change since the previous cycle; null without one. */
  readonly change: number | null;
  readonly vsRest: { readonly difference: number; readonly p: number } | null;
}

export interface ThemeDriver {
  readonly theme: string;
  /** NPS answers mentioning the theme, and their share of the scope's NPS answers. */
  readonly mentions: number;
  readonly share: number;
  readonly nps: number | null;
  readonly npsWithout: number | null;
  readonly impact: number | null;
  readonly p: number | null;
}

export interface DriverAnalysis {
  readonly nps: NpsSummary & { readonly previous: NpsSummary | null; readonly change: number | null };
  readonly touchpoints: TouchpointDriver[];
  /** Σ touchpoint changes; equals `nps.change` when every answer's touchpoint is in the scope. */
  readonly explainedChange: number | null;
  readonly themes: ThemeDriver[];
}

const score = (h: Histogram): number | null => {
  const c = npsCounts(h);
  return c.n === 0 ? null : (100 * (c.promoters - c.detractors)) / c.n;
};

/** An NPS histogram with the class counts on 10, 8 and 0 (the tests only use the classes). */
export function classHistogram(promoters: number, passives: number, detractors: number): Histogram {
  const counts = new Array<number>(11).fill(0);
  counts[10] = promoters;
  counts[8] = passives;
  counts[0] = detractors;
  return { ...emptyHistogram(NPS_DOMAIN), counts };
}

function vsRest(part: Histogram, whole: Histogram, minSample: number) {
  const rest = subtractState(whole, part);
  if (!rest || rest.kind !== 'histogram') return null;
  if (npsCounts(part).n < minSample || npsCounts(rest).n < minSample) return null;
  const t = npsDifferenceTest(part, rest);
  return { difference: round(t.difference), p: t.p };
}

const r = (x: number | null) => (x === null ? null : round(x));

export function analyseDrivers(input: {
  readonly scope: Histogram;
  readonly previousScope: Histogram | null;
  /** touchpoint → NPS histogram, current and previous cycle. */
  readonly touchpoints: ReadonlyMap<string, Histogram>;
  readonly previousTouchpoints: ReadonlyMap<string, Histogram>;
  readonly themes: ReadonlyMap<string, ThemeTotals>;
  readonly minSample: number;
}): DriverAnalysis {
  const n = npsCounts(input.scope).n;
  const nps = score(input.scope);
  const nPrev = input.previousScope ? npsCounts(input.previousScope).n : 0;
  const npsPrev = input.previousScope ? score(input.previousScope) : null;
  const change = nps !== null && npsPrev !== null ? nps - npsPrev : null;

  const ids = [...new Set([...input.touchpoints.keys(), ...input.previousTouchpoints.keys()])];
  const touchpoints = ids.map((touchpoint): TouchpointDriver => {
    const h = input.touchpoints.get(touchpoint);
    const hp = input.previousTouchpoints.get(touchpoint);
    const nt = h ? npsCounts(h).n : 0;
    const w = n > 0 ? nt / n : 0;
    const s = h ? score(h) : null;
    const ntp = hp ? npsCounts(hp).n : 0;
    const wp = nPrev > 0 ? ntp / nPrev : 0;
    const sp = hp ? score(hp) : null;
    return {
      touchpoint,
      n: nt,
      weight: round(w, 4),
      nps: r(s),
      impact: s !== null && nps !== null ? round(w * (s - nps)) : null,
      previous: input.previousScope ? { n: ntp, nps: r(sp), weight: round(wp, 4) } : null,
      change: change === null ? null : round(w * (s ?? 0) - wp * (sp ?? 0)),
      vsRest: h ? vsRest(h, input.scope, input.minSample) : null,
    };
  });
  touchpoints.sort(
    (a, b) =>
      Math.abs(b.change ?? b.impact ?? 0) - Math.abs(a.change ?? a.impact ?? 0) ||
      (a.touchpoint < b.touchpoint ? -1 : 1),
  );

  const all = npsCounts(input.scope);
  const themes = [...input.themes]
    .map(([theme, t]): ThemeDriver => {
      const mentions = t.promoters + t.passives + t.detractors;
      const part = classHistogram(t.promoters, t.passives, t.detractors);
      const rest = classHistogram(
        all.promoters - t.promoters,
        all.passives - t.passives,
        all.detractors - t.detractors,
      );
      const without = mentions < all.n ? score(rest) : null;
      const test =
        mentions >= input.minSample && all.n - mentions >= input.minSample
          ? npsDifferenceTest(part, rest)
          : null;
      return {
        theme,
        mentions,
        share: all.n > 0 ? round(mentions / all.n, 4) : 0,
        nps: r(score(part)),
        npsWithout: r(without),
        impact: nps !== null && without !== null && mentions > 0 ? round(nps - without) : null,
        p: test ? test.p : null,
      };
    })
    .filter((t) => t.mentions > 0)
    .sort((a, b) => Math.abs(b.impact ?? 0) - Math.abs(a.impact ?? 0) || (a.theme < b.theme ? -1 : 1));

  const changes = touchpoints.map((t) => t.change);
  return {
    nps: {
      n,
      nps: r(nps),
      previous: input.previousScope ? { n: nPrev, nps: r(npsPrev) } : null,
      change: r(change),
    },
    touchpoints,
    explainedChange: change === null ? null : round(changes.reduce<number>((a, c) => a + (c ?? 0), 0)),
    themes,
  };
}
