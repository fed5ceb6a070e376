/**
 * The journey map's rules beyond field shapes: references must resolve, ids must be unique,
 * targets must be reachable values of a known indicator. Pure.
 */
import type { FieldProblem, JourneyDto, JourneyTarget, JourneyV1 } from '@continuum/contracts';
import { INDICATORS, isIndicatorId, type IndicatorId } from '@continuum/indicators';
import { isValidTimeZone } from './cycle';

/** Short names people write in targets and playbooks. */
export const INDICATOR_ALIASES: Readonly<Record<string, IndicatorId>> = {
  nps: 'nps/v1',
  csat: 'csat/top2box-5/v1',
  ces: 'ces/mean-7/v1',
  emoji: 'emoji/mean-5/v1',
  sentiment: 'sentiment/mean/v1',
  responses: 'responses/count/v1',
  abandonment: 'abandonment/rate/v1',
  transfer: 'transfer/rate/v1',
  fcr: 'fcr/rate/v1',
  'repeat-contact': 'repeat-contact/rate/v1',
  wait: 'wait/mean-seconds/v1',
  hold: 'hold/mean-seconds/v1',
  handle: 'handle/mean-seconds/v1',
};

export function resolveIndicator(name: string): IndicatorId | null {
  if (isIndicatorId(name)) return name;
  return INDICATOR_ALIASES[name.toLowerCase()] ?? null;
}

/** The range an indicator's value can take, in its display unit. */
export function indicatorRange(id: IndicatorId): [number, number] {
  const def = INDICATORS[id];
  switch (def.unit) {
    case 'nps-points':
      return [-100, 100];
    case 'percent':
      return [0, 100];
    case 'score':
      return def.kind === 'histogram' ? [def.domain.min, def.domain.max] : [-1, 1];
    case 'seconds':
      return [0, 86_400];
    case 'responses':
      return [0, Number.MAX_SAFE_INTEGER];
  }
}

function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false))))];
}

export function journeyProblems(j: JourneyDto): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stageIds = new Set(j.stages.map((s) => s.id));
  const touchpointIds = new Set(j.touchpoints.map((t) => t.id));
  const teams = new Set((j.teams ?? []).map((t) => t.name));
  for (const id of duplicates(j.stages.map((s) => s.id)))
    problems.push({ field: 'stages', reason: `stage id "${id}" appears more than once` });
  for (const id of duplicates(j.touchpoints.map((t) => t.id))) {
    problems.push({ field: 'touchpoints', reason: `touchpoint id "${id}" appears more than once` });
  }
  for (const name of duplicates((j.teams ?? []).map((t) => t.name)))
    problems.push({ field: 'teams', reason: `team "${name}" appears more than once` });
  j.touchpoints.forEach((t, i) => {
    if (!stageIds.has(t.stage))
      problems.push({
        field: `touchpoints.${i}.stage`,
        reason: `touchpoint "${t.id}" names unknown stage "${t.stage}"`,
      });
  });
  const owners = [
    ...j.stages.map((s, i) => ({ owner: s.owner, field: `stages.${i}.owner` })),
    ...j.touchpoints.map((t, i) => ({ owner: t.owner, field: `touchpoints.${i}.owner` })),
  ];
  if (teams.size > 0) {
    for (const o of owners) {
      if (o.owner !== undefined && !teams.has(o.owner))
        problems.push({ field: o.field, reason: `owner "${o.owner}" is not one of the teams` });
    }
  }
  (j.targets ?? []).forEach((t, i) => {
    const field = `targets.${i}`;
    const id = resolveIndicator(t.indicator);
    if (!id) {
      problems.push({
        field: `${field}.indicator`,
        reason: `unknown indicator "${t.indicator}"; use one of ${Object.keys(INDICATOR_ALIASES).join(', ')}`,
      });
      return;
    }
    const [lo, hi] = indicatorRange(id);
    if (t.value < lo || t.value > hi) {
      problems.push({
        field: `${field}.value`,
        reason: `${id} takes values from ${lo} to ${hi}; a target of ${t.value} can never be met or missed`,
      });
    }
    if (t.scope.kind === 'touchpoint' && !touchpointIds.has(t.scope.id)) {
      problems.push({ field: `${field}.scope.id`, reason: `unknown touchpoint "${t.scope.id}"` });
    }
    if (t.scope.kind === 'stage' && !stageIds.has(t.scope.id))
      problems.push({ field: `${field}.scope.id`, reason: `unknown stage "${t.scope.id}"` });
    if (t.scope.kind === 'journey' && t.scope.id !== '*')
      problems.push({ field: `${field}.scope.id`, reason: 'the journey scope id is "*"' });
  });
  if (j.timeZone !== undefined && !isValidTimeZone(j.timeZone)) {
    problems.push({
      field: 'timeZone',
      reason: `unknown time zone "${j.timeZone}" (use an IANA name such as Europe/Rome)`,
    });
  }
  return problems;
}

/** The published form: defaults filled, owners resolved, indicator names canonical. */
export function toJourneyV1(tenantId: string, version: number, j: JourneyDto): JourneyV1 {
  const stageOwner = new Map(j.stages.map((s) => [s.id, s.owner ?? null]));
  return {
    tenantId,
    version,
    stages: j.stages.map((s) => ({ id: s.id, name: s.name, owner: s.owner ?? null })),
    touchpoints: j.touchpoints.map((t) => ({
      id: t.id,
      name: t.name,
      stage: t.stage,
      channel: t.channel ?? null,
      owner: t.owner ?? stageOwner.get(t.stage) ?? null,
    })),
    teams: (j.teams ?? []).map((t) => ({ name: t.name, contact: t.contact ?? null })),
    targets: (j.targets ?? []).map((t): JourneyTarget => ({
      scope: { kind: t.scope.kind, id: t.scope.id },
      indicator: resolveIndicator(t.indicator)!,
      op: t.op,
      value: t.value,
    })),
    cycle: j.cycle ?? 'day',
    timeZone: j.timeZone ?? 'UTC',
    repeatContactWindowDays: j.repeatContactWindowDays ?? 7,
  };
}

export interface TouchpointPlace {
  readonly stage: string | null;
  readonly owner: string | null;
  readonly channel: string | null;
  readonly known: boolean;
}

/** A journey with its touchpoints indexed, built once per version and shared by lookups. */
export class JourneyIndex {
  private readonly byTouchpoint: ReadonlyMap<string, JourneyV1['touchpoints'][number]>;

  constructor(readonly journey: JourneyV1) {
    this.byTouchpoint = new Map(journey.touchpoints.map((t) => [t.id, t]));
  }

  /** Where a touchpoint sits in the map; unknown touchpoints are kept and flagged, never dropped. */
  locate(touchpoint: string): TouchpointPlace {
    const t = this.byTouchpoint.get(touchpoint);
    if (!t) return { stage: null, owner: null, channel: null, known: false };
    return { stage: t.stage, owner: t.owner, channel: t.channel, known: true };
  }
}
