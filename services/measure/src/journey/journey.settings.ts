/**
 * What measure needs from a tenant's journey map: cycle length and time zone, targets, and
 * which stage and owner each touchpoint belongs to. Pure: validation and defaults only.
 */
import { type CycleLength, type JourneyTarget, type JourneyV1, type Scope } from '@continuum/contracts';
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

/**
 * Why a journey cannot be used, or null: its shape and tenant are checked by decodeEvents
 * against the topic's JSON Schema; what remains is the time zone, which needs the runtime's list.
 */
export function journeyProblem(data: Pick<JourneyV1, 'timeZone'>): string | null {
  return isValidTimeZone(data.timeZone) ? null : `timeZone: ${data.timeZone} is not an IANA time zone`;
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
