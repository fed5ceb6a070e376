/**
 * What measure needs from a tenant's journey map: cycle length and time zone, targets, and
 * which stage and owner each touchpoint belongs to. Pure: validation and defaults only.
 */
import {
  CYCLE_LENGTHS,
  SCOPE_KINDS,
  type CycleLength,
  type JourneyTarget,
  type JourneyV1,
  type Scope,
} from '@continuum/contracts';
import { isTestableIndicatorId, type TestableIndicatorId } from '@continuum/indicators';
import { isValidTimeZone } from '@continuum/journey';

export interface TouchpointInfo {
  readonly stage: string | null;
  readonly channel: string | null;
  readonly owner: string | null;
}

export interface TenantTarget {
  readonly scope: Scope;
  readonly indicator: TestableIndicatorId;
  readonly direction: 'at-least' | 'at-most';
  readonly value: number;
}

export interface TenantSettings {
  readonly tenantId: string;
  /** null when the tenant has published no journey yet (defaults apply). */
  readonly version: number | null;
  readonly cycle: CycleLength;
  readonly timeZone: string;
  readonly targets: readonly TenantTarget[];
  readonly touchpoints: ReadonlyMap<string, TouchpointInfo>;
  readonly stageOwners: ReadonlyMap<string, string | null>;
}

/** A tenant without a journey: daily cycles in UTC, no targets, no owners. */
export function defaultSettings(tenantId: string): TenantSettings {
  return {
    tenantId,
    version: null,
    cycle: 'day',
    timeZone: 'UTC',
    targets: [],
    touchpoints: new Map(),
    stageOwners: new Map(),
  };
}

const CYCLES: readonly CycleLength[] = CYCLE_LENGTHS;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
const optText = (v: unknown): boolean => v === null || v === undefined || isText(v);

/**
 * Why a journey payload cannot be used, or null. Listen validates journeys on PUT; this guards
 * measure against a record it cannot read (which then goes to the dead-letter topic).
 */
export function journeyProblem(data: unknown, eventTenantId: string): string | null {
  if (!isObject(data)) return 'journey must be an object';
  if (data.tenantId !== eventTenantId) return 'journey tenantId differs from the event tenant';
  if (!Number.isSafeInteger(data.version) || (data.version as number) < 1)
    return 'version must be a positive integer';
  if (!CYCLES.includes(data.cycle as CycleLength)) return `cycle must be one of ${CYCLES.join(', ')}`;
  if (typeof data.timeZone !== 'string' || !isValidTimeZone(data.timeZone))
    return `timeZone ${String(data.timeZone)} is not an IANA time zone`;
  if (!Array.isArray(data.stages)) return 'stages must be an array';
  for (const [i, s] of data.stages.entries()) {
    if (!isObject(s) || !isText(s.id) || !optText(s.owner))
      return `stages[${i}] needs an id and an optional owner`;
  }
  if (!Array.isArray(data.touchpoints)) return 'touchpoints must be an array';
  for (const [i, t] of data.touchpoints.entries()) {
    if (!isObject(t) || !isText(t.id) || !optText(t.stage) || !optText(t.owner) || !optText(t.channel))
      return `touchpoints[${i}] needs an id and optional stage, channel, owner`;
  }
  if (!Array.isArray(data.targets)) return 'targets must be an array';
  for (const [i, t] of data.targets.entries()) {
    if (
      !isObject(t) ||
      !isObject(t.scope) ||
      !(SCOPE_KINDS as readonly unknown[]).includes(t.scope.kind) ||
      !isText(t.scope.id) ||
      typeof t.indicator !== 'string' ||
      (t.op !== '>=' && t.op !== '<=') ||
      typeof t.value !== 'number' ||
      !Number.isFinite(t.value)
    ) {
      return `targets[${i}] needs a scope {kind, id}, an indicator, op >= or <= and a finite value`;
    }
  }
  return null;
}

function toTarget(t: JourneyTarget): TenantTarget | null {
  // A target on an indicator this version of measure does not know is kept in the journey
  // but not evaluated (a newer listen may accept ids measure learns later).
  if (!isTestableIndicatorId(t.indicator)) return null;
  return {
    scope: { kind: t.scope.kind, id: t.scope.id },
    indicator: t.indicator,
    direction: t.op === '>=' ? 'at-least' : 'at-most',
    value: t.value,
  };
}

/** Settings from a journey that passed `journeyProblem`. */
export function settingsFromJourney(j: JourneyV1): TenantSettings {
  const stageOwners = new Map<string, string | null>(j.stages.map((s) => [s.id, s.owner ?? null]));
  const touchpoints = new Map<string, TouchpointInfo>(
    j.touchpoints.map((t) => [
      t.id,
      {
        stage: t.stage ?? null,
        channel: t.channel ?? null,
        owner: t.owner ?? (t.stage ? (stageOwners.get(t.stage) ?? null) : null),
      },
    ]),
  );
  return {
    tenantId: j.tenantId,
    version: j.version,
    cycle: j.cycle,
    timeZone: j.timeZone,
    targets: j.targets.map(toTarget).filter((t): t is TenantTarget => t !== null),
    touchpoints,
    stageOwners,
  };
}

/** The stage and owner the journey gives a scope: a touchpoint's, or a stage's own owner. */
export function ownershipOf(s: TenantSettings, scope: Scope): { stage: string | null; owner: string | null } {
  if (scope.kind === 'touchpoint') {
    const t = s.touchpoints.get(scope.id);
    return { stage: t?.stage ?? null, owner: t?.owner ?? null };
  }
  if (scope.kind === 'stage') return { stage: scope.id, owner: s.stageOwners.get(scope.id) ?? null };
  return { stage: null, owner: null };
}
