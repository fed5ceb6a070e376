/**
 * Driver analysis of a scope's NPS in one cycle (journey, or a stage). Pure, and exact on the
 * stored counts:
 * - Touchpoints. Each answer belongs to one touchpoint, so the scope's NPS is the answer-weighted
 *   mean of its touchpoints' NPS: NPS = Σ wₜ·NPSₜ with wₜ = nₜ/n. A touchpoint's `impact` is
 *   wₜ·(NPSₜ − NPS), the points it pulls the scope above or below its own level; its `change`
 *   is wₜ′·NPSₜ′ − wₜ·NPSₜ, and the changes add up exactly to the scope's change since the
 *   previous cycle. The change is split by shift-share into `mix` (wₜ′ − wₜ)·NPSₜ (its share of
 *   answers moved), `rate` wₜ·(NPSₜ′ − NPSₜ) (its score moved) and `interaction`
 *   (wₜ′ − wₜ)·(NPSₜ′ − NPSₜ), which add up to `change`. `vsRest` tests the touchpoint against
 *   the rest of the scope (adjusted-Wald z).
 * - Themes. For each theme in the scope's answers, NPS among the answers mentioning it and
 *   among the others; `impact` = NPS − NPS without those answers, the points the theme's
 *   answers move the scope's NPS, with the z test of mentions against the rest.
 */
import {
  emptyHistogram,
  keyDriverAnalysis,
  npsCounts,
  npsDifferenceTest,
  shiftShare,
  NPS_DOMAIN,
  type Histogram,
  type Profile,
  type ShiftShareTerms,
} from '@continuum/indicators';
import type { StoredRespondent, ThemeTotals } from '../aggregation/aggregation.repository';
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
  /** `change` split into mix + rate + interaction; null without a previous cycle. */
  readonly mix: number | null;
  readonly rate: number | null;
  readonly interaction: number | null;
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
  /** Σ of the touchpoints' shift-share terms (they add up to `explainedChange`). */
  readonly shiftShare: ShiftShareTerms | null;
  readonly themes: ThemeDriver[];
}

const score = (h: Histogram): number | null => {
  const c = npsCounts(h);
  return c.n === 0 ? null : (100 * (c.promoters - c.detractors)) / c.n;
};

/** An NPS histogram with the class counts on 10, 8 and `detractorScore` (the tests only use the classes). */
export function classHistogram(
  promoters: number,
  passives: number,
  detractors: number,
  detractorScore = 0,
): Histogram {
  const counts = new Array<number>(11).fill(0);
  counts[10] = promoters;
  counts[8] = passives;
  counts[detractorScore] = detractors;
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
  const totals = { mix: 0, rate: 0, interaction: 0 };
  const touchpoints = ids.map((touchpoint): TouchpointDriver => {
    const h = input.touchpoints.get(touchpoint);
    const hp = input.previousTouchpoints.get(touchpoint);
    const nt = h ? npsCounts(h).n : 0;
    const w = n > 0 ? nt / n : 0;
    const s = h ? score(h) : null;
    const ntp = hp ? npsCounts(hp).n : 0;
    const wp = nPrev > 0 ? ntp / nPrev : 0;
    const sp = hp ? score(hp) : null;
    const terms = change === null ? null : shiftShare({ weight: wp, value: sp }, { weight: w, value: s });
    if (terms) {
      totals.mix += terms.mix;
      totals.rate += terms.rate;
      totals.interaction += terms.interaction;
    }
    return {
      touchpoint,
      n: nt,
      weight: round(w, 4),
      nps: r(s),
      impact: s !== null && nps !== null ? round(w * (s - nps)) : null,
      previous: input.previousScope ? { n: ntp, nps: r(sp), weight: round(wp, 4) } : null,
      change: change === null ? null : round(w * (s ?? 0) - wp * (sp ?? 0)),
      mix: terms && round(terms.mix),
      rate: terms && round(terms.rate),
      interaction: terms && round(terms.interaction),
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
    shiftShare:
      change === null
        ? null
        : { mix: round(totals.mix), rate: round(totals.rate), interaction: round(totals.interaction) },
    themes,
  };
}

// ---- Key drivers -----------------------------------------------------------------------------

const SCORE_DRIVERS = ['csat', 'ces', 'emoji'] as const;
type ScoreDriver = (typeof SCORE_DRIVERS)[number];
const MAX_THEMES = 10;

export interface KeyDriverView {
  readonly driver: string;
  readonly kind: 'score' | 'theme';
  readonly weight: number;
  readonly share: number;
  readonly ci: readonly [number, number];
  readonly correlation: number;
}

export interface KeyDriversView {
  /** `analysed`, or why not: too few respondents, or nothing to explain the NPS by. */
  readonly status: 'analysed' | 'insufficient-sample' | 'no-drivers';
  readonly method: 'relative-weights';
  /** The 0–10 recommendation answer, explained by the other scores and the themes mentioned. */
  readonly outcome: 'nps-score';
  /** Respondents analysed: every driver answered. */
  readonly n: number;
  readonly r2: number | null;
  readonly r2Ci: readonly [number, number] | null;
  readonly resamples: number;
  readonly confidence: number;
  readonly drivers: KeyDriverView[];
}

/** Bootstrap resamples: 200, fewer for very large cycles (each costs a draw per respondent). */
function resamplesFor(n: number): number {
  return n <= 25_000 ? 200 : Math.max(50, Math.floor(5_000_000 / n));
}

/**
 * Johnson's relative weights of the NPS answer (0–10) on the respondents' other scores (CSAT,
 * CES, emoji) and theme mentions (1 when the answer names the theme), with 95 % bootstrap
 * intervals. Scores enter most-answered first while the respondents answering all of them stay
 * at least half of the scope's NPS answers; themes (at most 10, those named by ≥ max(5, 1 %) of
 * them) are counted over all of them — an answer without a comment mentions nothing.
 * `nps` is the scope's NPS histogram: the answers with NPS alone, not stored per respondent,
 * are its remainder.
 */
export function keyDrivers(
  respondents: readonly StoredRespondent[],
  nps: Histogram,
  minSample: number,
): KeyDriversView {
  const total = npsCounts(nps).n;
  const base = {
    method: 'relative-weights',
    outcome: 'nps-score',
    r2: null,
    r2Ci: null,
    resamples: 0,
    confidence: 0.95,
    drivers: [] as KeyDriverView[],
  } as const;
  const answered = (k: ScoreDriver) => respondents.filter((r) => r[k] !== null).length;
  const scores: ScoreDriver[] = [];
  for (const k of [...SCORE_DRIVERS].sort((a, b) => answered(b) - answered(a))) {
    const next = [...scores, k];
    const complete = respondents.filter((r) => next.every((s) => r[s] !== null)).length;
    if (complete > 0 && complete >= total / 2) scores.push(k);
  }
  const rows: { nps: number; scores: number[]; themes: readonly string[]; count: number }[] = respondents
    .filter((r) => scores.every((s) => r[s] !== null))
    .map((r) => ({ nps: r.nps, scores: scores.map((s) => r[s]!), themes: r.themes, count: 1 }));
  if (scores.length === 0) {
    // Everyone with NPS takes part; those not stored mentioned no theme.
    const stored = new Array<number>(11).fill(0);
    for (const r of respondents) stored[r.nps]++;
    nps.counts.forEach((c, score) => {
      const rest = c - stored[score];
      if (rest > 0) rows.push({ nps: score, scores: [], themes: [], count: rest });
    });
  }
  const n = rows.reduce((a, r) => a + r.count, 0);
  const mentions = new Map<string, number>();
  for (const r of rows) for (const t of r.themes) mentions.set(t, (mentions.get(t) ?? 0) + r.count);
  const themes = [...mentions]
    .filter(([, c]) => c >= Math.max(5, Math.ceil(n / 100)) && c < n)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_THEMES)
    .map(([t]) => t);
  const names = [...scores, ...themes.map((t) => `theme:${t}`)];
  if (names.length === 0) return { ...base, status: 'no-drivers', n };
  if (n < Math.max(minSample, names.length + 10)) return { ...base, status: 'insufficient-sample', n };

  const profiles = new Map<string, Profile>();
  for (const r of rows) {
    const x = [...r.scores, ...themes.map((t) => (r.themes.includes(t) ? 1 : 0))];
    const key = `${r.nps}|${x.join(',')}`;
    const p = profiles.get(key);
    profiles.set(key, { y: r.nps, x, count: (p?.count ?? 0) + r.count });
  }
  const kda = keyDriverAnalysis([...profiles.values()], names, { resamples: resamplesFor(n) });
  return {
    ...base,
    status: 'analysed',
    n: kda.n,
    r2: round(kda.r2, 4),
    r2Ci: [round(kda.r2Ci[0], 4), round(kda.r2Ci[1], 4)],
    resamples: kda.resamples,
    drivers: kda.drivers.map((d) => ({
      driver: d.driver.startsWith('theme:') ? d.driver.slice('theme:'.length) : d.driver,
      kind: d.driver.startsWith('theme:') ? 'theme' : 'score',
      weight: round(d.weight, 4),
      share: round(d.share, 4),
      ci: [round(d.ci[0], 4), round(d.ci[1], 4)],
      correlation: round(d.correlation, 3),
    })),
  };
}
