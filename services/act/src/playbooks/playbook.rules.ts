/**
 * Evaluating a playbook: the first rule whose conditions all hold turns the evidence (one
 * recorded feedback, or one detected gap) into a new action. Pure: no I/O, so it is unit-tested
 * alone; ids and the clock are passed in.
 */
import { randomUUID } from 'node:crypto';
import type { ActionView, CloudEvent, FeedbackRecordedV1, GapDetectedV1, Topic } from '@continuum/contracts';
import { INDICATORS } from '@continuum/indicators';
import {
  SEVERITIES,
  type ActionTemplate,
  type FeedbackMatch,
  type GapMatch,
  type GapSeverity,
  type Playbook,
  type Rule,
  type ScoreRange,
} from './playbook.model';

const HOUR_MS = 3600_000;

export function inRange(v: number | null, r: ScoreRange | undefined): boolean {
  if (r === undefined) return true;
  if (v === null) return false;
  return (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max);
}

const oneOf = (v: string | null, list: readonly string[] | undefined) =>
  list === undefined || (v !== null && list.includes(v));

export function matchesFeedback(w: FeedbackMatch, f: FeedbackRecordedV1): boolean {
  return (
    inRange(f.nps, w.nps) &&
    inRange(f.csat, w.csat) &&
    inRange(f.ces, w.ces) &&
    inRange(f.emoji, w.emoji) &&
    (w.sentimentBelow === undefined || (f.sentiment !== null && f.sentiment < w.sentimentBelow)) &&
    (w.themes === undefined || w.themes.some((t) => f.themes.includes(t))) &&
    (w.segment === undefined ||
      Object.entries(w.segment).every(([k, vs]) => vs.includes(f.segment[k] ?? '\u0000'))) &&
    (w.consentToContact === undefined || f.consentToContact === w.consentToContact) &&
    oneOf(f.touchpoint, w.touchpoints) &&
    oneOf(f.stage, w.stages) &&
    oneOf(f.channel, w.channels)
  );
}

/** The size of a gap against the smallest change worth acting on for its indicator. */
export function gapSeverity(g: Pick<GapDetectedV1, 'indicator' | 'delta'>): GapSeverity {
  const def = (INDICATORS as Record<string, { minimumEffect: number | null } | undefined>)[g.indicator];
  const effect = def?.minimumEffect;
  if (!effect) return 'major';
  const ratio = Math.abs(g.delta) / effect;
  return ratio >= 4 ? 'critical' : ratio >= 2 ? 'major' : 'minor';
}

export function matchesGap(w: GapMatch, g: GapDetectedV1): boolean {
  const q = g.q ?? g.p;
  return (
    oneOf(g.indicator, w.indicators) &&
    oneOf(g.scope.kind, w.scopeKinds) &&
    oneOf(g.scope.id, w.scopeIds) &&
    oneOf(g.stage, w.stages) &&
    oneOf(g.kind, w.gapKinds) &&
    (w.minDelta === undefined || Math.abs(g.delta) >= w.minDelta) &&
    (w.maxQ === undefined || q <= w.maxQ) &&
    (w.minSeverity === undefined || SEVERITIES.indexOf(gapSeverity(g)) >= SEVERITIES.indexOf(w.minSeverity))
  );
}

export function firstMatch<M, E>(
  rules: readonly Rule<M>[],
  matches: (w: M, e: E) => boolean,
  e: E,
): Rule<M> | null {
  return rules.find((r) => matches(r.when, e)) ?? null;
}

export type Vars = Readonly<Record<string, string | number | null>>;

export function fmt(v: string | number | null): string {
  if (v === null) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
  return v;
}

/** Fills `{name}` placeholders; the validator guarantees every name is known. */
export function render(template: string, vars: Vars): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) =>
    name in vars ? fmt(vars[name]) : whole,
  );
}

export function followupDedupKey(f: FeedbackRecordedV1): string {
  return f.customerId ? `followup:customer:${f.customerId}` : `followup:feedback:${f.feedbackId}`;
}

/** One open action per gap: its scope, indicator and kind (a later cycle's same gap is evidence). */
export function gapDedupKey(g: GapDetectedV1): string {
  return `gap:${g.scope.kind}:${g.scope.id}:${g.indicator}:${g.kind}`;
}

export function feedbackVars(f: FeedbackRecordedV1, rule: string): Vars {
  const who = f.customerId ? `customer ${f.customerId}` : `feedback ${f.feedbackId}`;
  const scores = [
    f.nps !== null ? `NPS ${f.nps}` : null,
    f.csat !== null ? `CSAT ${f.csat}` : null,
    f.ces !== null ? `CES ${f.ces}` : null,
    f.emoji !== null ? `emoji ${f.emoji}/5` : null,
  ].filter((s): s is string => s !== null);
  const evidence = [
    `${who} ${scores.length ? `scored ${scores.join(', ')}` : 'left feedback'} at touchpoint ${f.touchpoint}${f.stage ? ` (stage ${f.stage})` : ''} on ${f.occurredAt}.`,
    f.comment ? `Comment (redacted): ${f.comment}` : 'No comment.',
    f.themes.length ? `Themes: ${f.themes.join(', ')}.` : '',
  ]
    .filter((l) => l !== '')
    .join('\n');
  return {
    evidence,
    rule,
    feedbackId: f.feedbackId,
    touchpoint: f.touchpoint,
    stage: f.stage,
    channel: f.channel,
    customer: f.customerId,
    who,
    nps: f.nps,
    csat: f.csat,
    ces: f.ces,
    emoji: f.emoji,
    sentiment: f.sentiment,
    comment: f.comment,
    themes: f.themes.length ? f.themes.join(', ') : null,
    segment: Object.keys(f.segment).length
      ? Object.entries(f.segment)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')
      : null,
    occurredAt: f.occurredAt,
    consent: f.consentToContact ? 'yes' : 'no',
  };
}

export function gapVars(g: GapDetectedV1, rule: string): Vars {
  const scope = g.scope.kind === 'journey' ? 'the whole journey' : `${g.scope.kind} ${g.scope.id}`;
  const severity = gapSeverity(g);
  const reference = g.kind === 'vs-target' ? `target ${fmt(g.target)}` : `previous cycle ${fmt(g.previous)}`;
  const evidence = [
    `${g.indicator} at ${scope} is ${fmt(g.current)} (n=${g.nCurrent}) against the ${reference}${g.nPrevious !== null ? ` (n=${g.nPrevious})` : ''}: ${fmt(g.delta)}, 95% CI [${fmt(g.ci[0])}, ${fmt(g.ci[1])}], p=${g.p.toPrecision(2)}${g.q !== null ? `, q=${g.q.toPrecision(2)}` : ''}; severity ${severity}.`,
    `Cycle ${g.cycle.length} ${g.cycle.start} – ${g.cycle.end}${g.stage ? `; stage ${g.stage}` : ''}.`,
    g.themes.length
      ? `Themes: ${g.themes.map((t) => `${t.theme} ${Math.round(t.share * 100)}% (${t.change >= 0 ? '+' : ''}${Math.round(t.change * 100)} pp)`).join(', ')}.`
      : '',
    g.sampleComments.length ? `Sample comments (redacted):\n- ${g.sampleComments.join('\n- ')}` : '',
  ]
    .filter((l) => l !== '')
    .join('\n');
  return {
    evidence,
    rule,
    gapKey: g.gapKey,
    indicator: g.indicator,
    scopeKind: g.scope.kind,
    scopeId: g.scope.id,
    scope,
    stage: g.stage,
    gapKind: g.kind,
    previous: g.previous,
    current: g.current,
    target: g.target,
    delta: g.delta,
    nCurrent: g.nCurrent,
    nPrevious: g.nPrevious,
    p: g.p,
    q: g.q,
    cycleStart: g.cycle.start,
    cycleEnd: g.cycle.end,
    cycleLength: g.cycle.length,
    severity,
    themes: g.themes.length ? g.themes.map((t) => t.theme).join(', ') : null,
    samples: g.sampleComments.length ? g.sampleComments.join(' | ') : null,
  };
}

export interface Origin {
  readonly playbook: Playbook;
  readonly version: number;
  readonly now: Date;
  readonly makeId?: () => string;
}

type Specific = Pick<
  ActionView,
  | 'tenantId'
  | 'dedupKey'
  | 'loop'
  | 'stage'
  | 'touchpoint'
  | 'customerId'
  | 'sourceEventId'
  | 'gapKey'
  | 'indicator'
  | 'scope'
>;

/** An action from a template: owner from the template, else the journey's owner, else the default. */
export function actionFrom(
  t: ActionTemplate,
  rule: string,
  vars: Vars,
  journeyOwner: string | null,
  specific: Specific,
  o: Origin,
): ActionView {
  // Fields listed one by one: an object spread followed by this many properties puts V8 in
  // dictionary mode, which made this the hottest function of the inner loop.
  return {
    tenantId: specific.tenantId,
    dedupKey: specific.dedupKey,
    loop: specific.loop,
    stage: specific.stage,
    touchpoint: specific.touchpoint,
    customerId: specific.customerId,
    sourceEventId: specific.sourceEventId,
    gapKey: specific.gapKey,
    indicator: specific.indicator,
    scope: specific.scope,
    id: (o.makeId ?? randomUUID)(),
    title: render(t.title, vars).slice(0, 500),
    description: render(t.description, vars),
    status: 'open',
    owner: t.owner ?? journeyOwner ?? o.playbook.defaultOwner,
    category: t.category,
    priority: t.priority,
    slaHours: t.slaHours,
    dueAt: new Date(o.now.getTime() + t.slaHours * HOUR_MS).toISOString(),
    createdAt: o.now.toISOString(),
    updatedAt: o.now.toISOString(),
    rule,
    playbookVersion: o.version,
    escalationChain: t.escalation,
    escalationLevel: 0,
    rootCause: null,
    effort: t.effort ?? null,
    cost: t.cost ?? null,
    resolvedAt: null,
    verifiedAt: null,
  };
}

export function feedbackAction(e: CloudEvent<Topic.FeedbackRecorded>, o: Origin): ActionView | null {
  const f = e.data;
  const rule = firstMatch(o.playbook.feedbackRules, matchesFeedback, f);
  if (!rule) return null;
  return actionFrom(
    rule.action,
    rule.name,
    feedbackVars(f, rule.name),
    f.owner,
    {
      tenantId: f.tenantId,
      dedupKey: followupDedupKey(f),
      loop: 'inner',
      stage: f.stage,
      touchpoint: f.touchpoint,
      customerId: f.customerId,
      sourceEventId: e.id,
      gapKey: null,
      indicator: null,
      scope: null,
    },
    o,
  );
}

export function gapAction(e: CloudEvent<Topic.GapsDetected>, o: Origin): ActionView | null {
  const g = e.data;
  const rule = firstMatch(o.playbook.gapRules, matchesGap, g);
  if (!rule) return null;
  return actionFrom(
    rule.action,
    rule.name,
    gapVars(g, rule.name),
    g.owner,
    {
      tenantId: g.tenantId,
      dedupKey: gapDedupKey(g),
      loop: 'outer',
      stage: g.stage,
      touchpoint: g.scope.kind === 'touchpoint' ? g.scope.id : null,
      customerId: null,
      sourceEventId: e.id,
      gapKey: g.gapKey,
      indicator: g.indicator,
      scope: g.scope,
    },
    o,
  );
}
