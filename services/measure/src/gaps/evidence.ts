/**
 * What a gap carries besides its numbers: the themes that grew most among the unhappy answers
 * of its scope, sample comments (redacted again, in case a pattern was added since), the stage
 * and owner from the journey, and its stable key. Pure.
 */
import type { Cycle, GapDetectedV1, Scope } from '@continuum/contracts';
import { redactPii } from '@continuum/text';
import type { CommentSample } from '../aggregation/cells';
import type { ThemeTotals } from '../aggregation/aggregation.repository';
import { round } from '../aggregation/metrics';
import { ownershipOf, type TenantSettings } from '../journey/journey.settings';
import type { EarlyWarning } from './early-warning';
import type { Finding } from './evaluation';

export interface ThemeShift {
  readonly theme: string;
  /** Share of the cycle's unhappy answers that mention the theme (0–1). */
  readonly share: number;
  /** share − the previous cycle's share. */
  readonly change: number;
}

export interface ThemeInput {
  readonly themes: ReadonlyMap<string, ThemeTotals>;
  /** Unhappy answers in the scope's cycle. */
  readonly unhappy: number;
}

/** Themes whose share among unhappy answers grew, most first (at most `limit`). */
export function growingThemes(current: ThemeInput, previous: ThemeInput | null, limit = 3): ThemeShift[] {
  if (current.unhappy === 0) return [];
  const shareBefore = (theme: string) =>
    previous && previous.unhappy > 0 ? (previous.themes.get(theme)?.unhappy ?? 0) / previous.unhappy : 0;
  return [...current.themes]
    .filter(([, t]) => t.unhappy > 0)
    .map(([theme, t]) => {
      const share = t.unhappy / current.unhappy;
      return { theme, share, change: share - shareBefore(theme) };
    })
    .filter((t) => t.change > 0)
    .sort((a, b) => b.change - a.change || b.share - a.share || (a.theme < b.theme ? -1 : 1))
    .slice(0, limit)
    .map((t) => ({ theme: t.theme, share: round(t.share), change: round(t.change) }));
}

/** Latest comments first, those mentioning a growing theme before the others. */
export function sampleComments(
  samples: readonly CommentSample[],
  themes: readonly ThemeShift[],
  limit = 3,
): string[] {
  const wanted = new Set(themes.map((t) => t.theme));
  const mentions = (s: CommentSample) => s.themes.some((t) => wanted.has(t));
  return [...samples.filter(mentions), ...samples.filter((s) => !mentions(s))]
    .slice(0, limit)
    .map((s) => redactPii(s.comment).text);
}

function escapePart(s: string): string {
  return s.replace(/%/g, '%25').replace(/\|/g, '%7C');
}

/** Stable key: tenant | scope kind | scope id | indicator | cycle length | cycle start [| early-warning]. */
export function gapKey(
  tenantId: string,
  scope: Scope,
  indicator: string,
  cycle: Pick<Cycle, 'length' | 'start'>,
  earlyWarning = false,
): string {
  const parts = [tenantId, scope.kind, scope.id, indicator, cycle.length, cycle.start];
  if (earlyWarning) parts.push('early-warning');
  return parts.map(escapePart).join('|');
}

const r = (x: number | null): number | null => (x === null ? null : round(x));

/** The tenant's cycle a gap is found in, and when: the same for all the gaps of one evaluation or scan. */
export interface GapOccasion {
  readonly tenantId: string;
  readonly cycle: Cycle;
  readonly settings: TenantSettings;
  readonly detectedAt: string;
}

/** What a gap quotes of its scope. */
export interface GapQuotes {
  readonly themes: ThemeShift[];
  readonly comments: string[];
}

export function gapOfFinding(
  f: Finding,
  { tenantId, cycle, settings, detectedAt }: GapOccasion,
  { themes, comments }: GapQuotes,
): GapDetectedV1 {
  const p = f.primary;
  const { stage, owner } = ownershipOf(settings, f.scope);
  return {
    tenantId,
    gapKey: gapKey(tenantId, f.scope, f.indicator, cycle),
    kind: p.kind,
    scope: f.scope,
    indicator: f.indicator,
    cycle,
    previous: r(f.previous?.previous ?? null),
    current: round(p.current!),
    nPrevious: f.previous?.nPrevious ?? null,
    nCurrent: p.nCurrent,
    delta: round(p.delta!),
    ci: [round(p.ci![0]), round(p.ci![1])],
    p: p.p!,
    q: f.q,
    target: f.target,
    stage,
    owner,
    themes,
    sampleComments: comments,
    test: p.test,
    comparisons: f.comparisons.map((c) => ({
      ...c,
      reference: r(c.reference),
      delta: r(c.delta),
      ci: c.ci ? [round(c.ci[0]), round(c.ci[1])] : null,
    })),
    explains: f.explains,
    detectedAt,
  };
}

export function gapOfEarlyWarning(
  w: EarlyWarning,
  { tenantId, cycle, settings, detectedAt }: GapOccasion,
  { themes, comments }: GapQuotes,
): GapDetectedV1 {
  const p = w.running;
  const { stage, owner } = ownershipOf(settings, w.scope);
  return {
    tenantId,
    gapKey: gapKey(tenantId, w.scope, w.indicator, cycle, true),
    kind: 'early-warning',
    scope: w.scope,
    indicator: w.indicator,
    cycle,
    previous: r(p.previous),
    current: round(p.current!),
    nPrevious: p.nPrevious,
    nCurrent: p.nCurrent,
    delta: round(p.delta!),
    ci: [round(p.ci![0]), round(p.ci![1])],
    // Anytime-valid: 1/e, and the e-BH level at which the warning is given.
    p: w.p,
    q: w.q,
    target: null,
    stage,
    owner,
    themes,
    sampleComments: comments,
    test: 'mixture-sprt',
    signal: w.signal,
    detectedAt,
  };
}
