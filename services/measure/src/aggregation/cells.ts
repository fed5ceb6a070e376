/**
 * Which cells a recorded event counts in, and with what. Pure: the same event always gives the
 * same increments, and every increment is an integer sum (or, for comment samples, a top-K by a
 * total order), so folding is exact and order-free whatever the batching.
 */
import type {
  Cycle,
  CycleLength,
  FeedbackRecordedV1,
  InteractionRecordedV1,
  InteractionRevisedV1,
  ScopeKind,
} from '@continuum/contracts';
import { INDICATORS, isUnhappy, type IndicatorId, type ScoreDomain } from '@continuum/indicators';
import { cycleOf } from '@continuum/journey';
import type { TenantSettings } from '../journey/journey.settings';
import { compositeKey } from '@continuum/contracts';

/** Metrics kept as counts per integer score (0/1 for the yes/no ones). */
export type HistogramMetric =
  'nps' | 'csat' | 'ces' | 'emoji' | 'unhappy' | 'abandoned' | 'transferred' | 'fcr' | 'repeat';
/** Metrics kept as integer sums on a grid (see `Moments` in libs/indicators). */
export type MomentMetric = 'sentiment' | 'wait' | 'hold' | 'handle';

const YES_NO: ScoreDomain = { min: 0, max: 1 };

export const HISTOGRAM_METRICS: Readonly<
  Record<HistogramMetric, { readonly indicator: IndicatorId; readonly domain: ScoreDomain }>
> = {
  nps: { indicator: 'nps/v1', domain: INDICATORS['nps/v1'].domain },
  csat: { indicator: 'csat/top2box-5/v1', domain: INDICATORS['csat/top2box-5/v1'].domain },
  ces: { indicator: 'ces/mean-7/v1', domain: INDICATORS['ces/mean-7/v1'].domain },
  emoji: { indicator: 'emoji/mean-5/v1', domain: INDICATORS['emoji/mean-5/v1'].domain },
  // Every response is happy (0) or unhappy (1): the total is the response count.
  unhappy: { indicator: 'responses/count/v1', domain: YES_NO },
  abandoned: { indicator: 'abandonment/rate/v1', domain: YES_NO },
  transferred: { indicator: 'transfer/rate/v1', domain: YES_NO },
  fcr: { indicator: 'fcr/rate/v1', domain: YES_NO },
  repeat: { indicator: 'repeat-contact/rate/v1', domain: YES_NO },
};

export const MOMENT_METRICS: Readonly<
  Record<MomentMetric, { readonly indicator: IndicatorId; readonly scale: number }>
> = {
  sentiment: { indicator: 'sentiment/mean/v1', scale: INDICATORS['sentiment/mean/v1'].scale },
  wait: { indicator: 'wait/mean-seconds/v1', scale: INDICATORS['wait/mean-seconds/v1'].scale },
  hold: { indicator: 'hold/mean-seconds/v1', scale: INDICATORS['hold/mean-seconds/v1'].scale },
  handle: { indicator: 'handle/mean-seconds/v1', scale: INDICATORS['handle/mean-seconds/v1'].scale },
};

export interface Cell {
  readonly tenantId: string;
  readonly cycleLength: CycleLength;
  readonly cycleStart: string;
  readonly scopeKind: ScopeKind;
  readonly scopeId: string;
}

export interface ScoreCount extends Cell {
  readonly metric: HistogramMetric;
  readonly score: number;
  count: number;
}

/** Integer sums on the grid value × scale, as `Moments` in libs/indicators. */
export interface MomentSum extends Cell {
  readonly metric: MomentMetric;
  readonly scale: number;
  n: number;
  sum: number;
  sumSq: number;
  min: number;
  max: number;
}

/** Responses mentioning a theme, how many were unhappy, and their NPS classes (for drivers). */
export interface ThemeCount extends Cell {
  readonly theme: string;
  responses: number;
  unhappy: number;
  promoters: number;
  passives: number;
  detractors: number;
}

/** A redacted comment of an unhappy response; each cell keeps the latest K (gap evidence). */
export interface CommentSample extends Cell {
  readonly feedbackId: string;
  readonly occurredAt: string;
  readonly comment: string;
  readonly themes: readonly string[];
  /** The feedback named a customer: its comment travelled sealed and stays off gap events on topics. */
  readonly fromCustomer: boolean;
}

/**
 * One answer with NPS and something to explain it by (another score, or themes), for the
 * key-driver analysis of the journey and its stages. Answers with NPS alone are not stored: the
 * cell's NPS histogram holds them, and all they add to the analysis is their score.
 */
export interface Respondent {
  readonly tenantId: string;
  readonly cycleLength: CycleLength;
  readonly cycleStart: string;
  readonly feedbackId: string;
  readonly touchpoint: string;
  readonly stage: string | null;
  readonly nps: number;
  readonly csat: number | null;
  readonly ces: number | null;
  readonly emoji: number | null;
  readonly themes: readonly string[];
}

/** A tenant × cycle that received data in a batch. */
export interface CycleTouch {
  readonly tenantId: string;
  readonly cycleLength: CycleLength;
  readonly cycleStart: string;
  readonly cycleEnd: string;
  readonly timeZone: string;
}

export interface Fold {
  readonly counts: ScoreCount[];
  readonly moments: MomentSum[];
  readonly themes: ThemeCount[];
  readonly comments: CommentSample[];
  readonly respondents: Respondent[];
  readonly cycles: CycleTouch[];
}

export interface ScopeRef {
  readonly kind: ScopeKind;
  readonly id: string;
}

export const JOURNEY_SCOPE: ScopeRef = { kind: 'journey', id: '*' };

export function cellKey(c: Cell): string {
  return compositeKey(c.tenantId, c.cycleLength, c.cycleStart, c.scopeKind, c.scopeId);
}

export function scopeKey(s: ScopeRef): string {
  return compositeKey(s.kind, s.id);
}

/** Stage and channel come with the event; when listen had no journey, from measure's copy. */
function placement(
  s: TenantSettings,
  touchpoint: string,
  stage: string | null,
  channel: string | null,
): { stage: string | null; channel: string | null } {
  const t = s.touchpoints.get(touchpoint);
  return { stage: stage ?? t?.stage ?? null, channel: channel ?? t?.channel ?? null };
}

export function scopesOf(
  f: Pick<FeedbackRecordedV1, 'touchpoint' | 'stage' | 'channel'> & {
    readonly segment?: FeedbackRecordedV1['segment'];
  },
): ScopeRef[] {
  const scopes: ScopeRef[] = [JOURNEY_SCOPE, { kind: 'touchpoint', id: f.touchpoint }];
  if (f.stage) scopes.push({ kind: 'stage', id: f.stage });
  if (f.channel) scopes.push({ kind: 'channel', id: f.channel });
  for (const [k, v] of Object.entries(f.segment ?? {})) scopes.push({ kind: 'segment', id: `${k}=${v}` });
  return scopes;
}

interface MomentAcc {
  n: number;
  sum: number;
  sumSq: number;
  min: number;
  max: number;
}

type ThemeAcc = Omit<ThemeCount, keyof Cell | 'theme'>;

/** One cell's increments in a batch: plain arrays and numbers, keyed once per scope and event. */
class CellAcc {
  readonly hist: Partial<Record<HistogramMetric, number[]>> = {};
  readonly moments: Partial<Record<MomentMetric, MomentAcc>> = {};
  readonly themes = new Map<string, ThemeAcc>();
  readonly comments: { t: number; sample: CommentSample }[] = [];

  constructor(readonly cell: Cell) {}

  count(metric: HistogramMetric, score: number, by = 1): void {
    const d = HISTOGRAM_METRICS[metric].domain;
    const h = (this.hist[metric] ??= new Array<number>(d.max - d.min + 1).fill(0));
    h[score - d.min] += by;
  }

  moment(metric: MomentMetric, value: number): void {
    const u = Math.round(value * MOMENT_METRICS[metric].scale);
    const m = this.moments[metric];
    if (!m) {
      this.moments[metric] = { n: 1, sum: u, sumSq: u * u, min: u, max: u };
      return;
    }
    m.n += 1;
    m.sum += u;
    m.sumSq += u * u;
    if (u < m.min) m.min = u;
    if (u > m.max) m.max = u;
  }

  theme(theme: string, nps: number | null, unhappy: boolean): void {
    let t = this.themes.get(theme);
    if (!t)
      this.themes.set(theme, (t = { responses: 0, unhappy: 0, promoters: 0, passives: 0, detractors: 0 }));
    t.responses += 1;
    if (unhappy) t.unhappy += 1;
    if (nps !== null) {
      if (nps >= 9) t.promoters += 1;
      else if (nps >= 7) t.passives += 1;
      else t.detractors += 1;
    }
  }

  comment(t: number, sample: CommentSample, keep: number): void {
    this.comments.push({ t, sample });
    if (this.comments.length > 2 * keep) {
      this.comments.sort(newestFirst);
      this.comments.length = keep;
    }
  }
}

const newestFirst = (
  a: { t: number; sample: { feedbackId: string } },
  b: { t: number; sample: { feedbackId: string } },
): number =>
  b.t - a.t ||
  (a.sample.feedbackId < b.sample.feedbackId ? 1 : a.sample.feedbackId > b.sample.feedbackId ? -1 : 0);

/** The value kept under `k`, made by `make` the first time. */
function kept<V>(map: Map<string, V>, k: string, make: () => V): V {
  let v = map.get(k);
  if (v === undefined) map.set(k, (v = make()));
  return v;
}

/** Accumulates the increments of one batch. */
class Folder {
  private readonly cells = new Map<string, CellAcc>();
  private readonly cycles = new Map<string, CycleTouch>();
  private readonly cycleMemo = new Map<string, { from: number; to: number; cycle: Cycle }[]>();
  readonly respondents: Respondent[] = [];

  constructor(private readonly commentSamples: number) {}

  /**
   * The cycle of an instant. A batch spans few cycles, so the ones seen are kept with numeric
   * bounds and time-zone arithmetic (the fold's costliest step) runs once per cycle.
   */
  private cycleAt(t: number, length: CycleLength, timeZone: string): Cycle {
    const known = kept(this.cycleMemo, compositeKey(timeZone, length), () => []);
    for (const c of known) if (c.from <= t && t < c.to) return c.cycle;
    const cycle = cycleOf(new Date(t), length, timeZone);
    known.push({ from: Date.parse(cycle.start), to: Date.parse(cycle.end), cycle });
    return cycle;
  }

  /** The tenant's cycle of an instant; returns its key. */
  cycle(tenant: TenantSettings, at: string): CycleTouch {
    const c = this.cycleAt(Date.parse(at), tenant.cycle, tenant.timeZone);
    return kept(this.cycles, compositeKey(tenant.tenantId, c.length, c.start), () => ({
      tenantId: tenant.tenantId,
      cycleLength: c.length,
      cycleStart: c.start,
      cycleEnd: c.end,
      timeZone: tenant.timeZone,
    }));
  }

  acc(c: CycleTouch, scope: ScopeRef): CellAcc {
    const k = compositeKey(c.tenantId, c.cycleLength, c.cycleStart, scope.kind, scope.id);
    return kept(
      this.cells,
      k,
      () =>
        new CellAcc({
          tenantId: c.tenantId,
          cycleLength: c.cycleLength,
          cycleStart: c.cycleStart,
          scopeKind: scope.kind,
          scopeId: scope.id,
        }),
    );
  }

  get keep(): number {
    return this.commentSamples;
  }

  result(): Fold {
    const counts: ScoreCount[] = [];
    const moments: MomentSum[] = [];
    const themes: ThemeCount[] = [];
    const comments: CommentSample[] = [];
    for (const a of this.cells.values()) {
      for (const [metric, h] of Object.entries(a.hist) as [HistogramMetric, number[]][]) {
        const min = HISTOGRAM_METRICS[metric].domain.min;
        h.forEach((count, i) => {
          // Negative too: a revision takes back what an earlier event counted.
          if (count !== 0) counts.push({ ...a.cell, metric, score: min + i, count });
        });
      }
      for (const [metric, m] of Object.entries(a.moments) as [MomentMetric, MomentAcc][]) {
        moments.push({ ...a.cell, metric, scale: MOMENT_METRICS[metric].scale, ...m });
      }
      for (const [theme, t] of a.themes) themes.push({ ...a.cell, theme, ...t });
      a.comments.sort(newestFirst);
      for (const c of a.comments.slice(0, this.commentSamples)) comments.push(c.sample);
    }
    return {
      counts,
      moments,
      themes,
      comments,
      respondents: this.respondents,
      cycles: [...this.cycles.values()],
    };
  }
}

/** The order that decides which samples a cell keeps: latest event time, then feedback id. */
export function latestFirst(
  a: Pick<CommentSample, 'occurredAt' | 'feedbackId'>,
  b: Pick<CommentSample, 'occurredAt' | 'feedbackId'>,
): number {
  const t = Date.parse(b.occurredAt) - Date.parse(a.occurredAt);
  if (t !== 0) return t;
  return a.feedbackId < b.feedbackId ? 1 : a.feedbackId > b.feedbackId ? -1 : 0;
}

/** Folds a batch of (valid, see `feedbackProblem`) feedback into per-cell increments. */
export function foldFeedback(
  items: readonly FeedbackRecordedV1[],
  settings: (tenantId: string) => TenantSettings,
  commentSamples = 10,
): Fold {
  const folder = new Folder(commentSamples);
  for (const f of items) {
    const tenant = settings(f.tenantId);
    const cycle = folder.cycle(tenant, f.occurredAt);
    const where = placement(tenant, f.touchpoint, f.stage, f.channel);
    const unhappy = isUnhappy(f);
    const themes = f.themes.length > 1 ? [...new Set(f.themes)] : f.themes;
    const hasComment = folder.keep > 0 && unhappy && f.comment !== null && f.comment.trim() !== '';
    const t = hasComment ? Date.parse(f.occurredAt) : 0;
    const occurredAt = hasComment ? new Date(t).toISOString() : '';
    const scopes = scopesOf({ touchpoint: f.touchpoint, segment: f.segment, ...where });
    if (f.nps !== null && (f.csat !== null || f.ces !== null || f.emoji !== null || themes.length > 0)) {
      folder.respondents.push({
        tenantId: f.tenantId,
        cycleLength: cycle.cycleLength,
        cycleStart: cycle.cycleStart,
        feedbackId: f.feedbackId,
        touchpoint: f.touchpoint,
        stage: where.stage,
        nps: f.nps,
        csat: f.csat,
        ces: f.ces,
        emoji: f.emoji,
        themes,
      });
    }
    for (const scope of scopes) {
      const a = folder.acc(cycle, scope);
      if (f.nps !== null) a.count('nps', f.nps);
      if (f.csat !== null) a.count('csat', f.csat);
      if (f.ces !== null) a.count('ces', f.ces);
      if (f.emoji !== null) a.count('emoji', f.emoji);
      a.count('unhappy', unhappy ? 1 : 0);
      if (f.sentiment !== null) a.moment('sentiment', f.sentiment);
      for (const theme of themes) a.theme(theme, f.nps, unhappy);
      if (hasComment) {
        a.comment(
          t,
          {
            ...a.cell,
            feedbackId: f.feedbackId,
            occurredAt,
            comment: f.comment,
            themes,
            fromCustomer: f.customerId !== null,
          },
          folder.keep,
        );
      }
    }
  }
  return folder.result();
}

/**
 * Folds recorded interactions into the implicit KPIs, by the cycle of `startedAt`:
 * abandonment = abandoned ÷ offered; transfer rate = transferred ÷ answered (not abandoned);
 * FCR over contacts whose resolution is known; repeat-contact rate over all contacts; mean
 * wait, hold and handle seconds over the contacts that report them.
 */
export function foldInteractions(
  items: readonly InteractionRecordedV1[],
  settings: (tenantId: string) => TenantSettings,
): Fold {
  return foldInScopes(items, settings, (a, i) => {
    const abandoned = i.outcome === 'abandoned';
    a.count('abandoned', abandoned ? 1 : 0);
    if (!abandoned) a.count('transferred', i.outcome === 'transferred' || i.transfers > 0 ? 1 : 0);
    if (i.firstContactResolution !== null) a.count('fcr', i.firstContactResolution ? 1 : 0);
    a.count('repeat', i.repeatContact ? 1 : 0);
    if (i.waitSeconds !== null) a.moment('wait', i.waitSeconds);
    if (i.holdSeconds !== null) a.moment('hold', i.holdSeconds);
    if (i.handleSeconds !== null) a.moment('handle', i.handleSeconds);
  });
}

/**
 * Revisions of interactions' derived signals (a later contact made an earlier one a repeat, or
 * not first-contact resolved): each takes back what `previous` counted and counts the new values,
 * in the cycle and scopes of the interaction itself. Sums stay right whatever the order in which
 * a recorded event and its revisions arrive.
 */
export function foldRevisions(
  items: readonly InteractionRevisedV1[],
  settings: (tenantId: string) => TenantSettings,
): Fold {
  const changed = items.filter(
    (i) =>
      i.previous.repeatContact !== i.repeatContact ||
      i.previous.firstContactResolution !== i.firstContactResolution,
  );
  return foldInScopes(changed, settings, (a, i) => {
    const was = i.previous;
    if (was.firstContactResolution !== null) a.count('fcr', was.firstContactResolution ? 1 : 0, -1);
    if (i.firstContactResolution !== null) a.count('fcr', i.firstContactResolution ? 1 : 0);
    a.count('repeat', was.repeatContact ? 1 : 0, -1);
    a.count('repeat', i.repeatContact ? 1 : 0);
  });
}

/** Counts each interaction (or revision) with `count` in its cycle of `startedAt`, in each of its scopes. */
function foldInScopes<
  I extends Pick<InteractionRecordedV1, 'tenantId' | 'startedAt' | 'touchpoint' | 'stage' | 'channel'>,
>(
  items: readonly I[],
  settings: (tenantId: string) => TenantSettings,
  count: (a: CellAcc, i: I) => void,
): Fold {
  const folder = new Folder(0);
  for (const i of items) {
    const tenant = settings(i.tenantId);
    const cycle = folder.cycle(tenant, i.startedAt);
    const where = placement(tenant, i.touchpoint, i.stage, i.channel);
    for (const scope of scopesOf({ touchpoint: i.touchpoint, ...where })) count(folder.acc(cycle, scope), i);
  }
  return folder.result();
}
