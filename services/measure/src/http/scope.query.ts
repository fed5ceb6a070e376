/** Query pieces shared by measure's read endpoints: a scope and a time range. */
import { IsIn, IsOptional, Matches } from 'class-validator';
import {
  IsOptionalInstant,
  IsOptionalText,
  SCOPE_KINDS,
  SCOPE_PARAM_PATTERN,
  type Scope,
  type ScopeKind,
} from '@continuum/contracts';
import { instantParam, ValidationProblem, type ParamDoc } from '@continuum/platform';

const KINDS_IN_WORDS = `${SCOPE_KINDS.slice(0, -1).join(', ')} or ${SCOPE_KINDS[SCOPE_KINDS.length - 1]}`;

export class ScopeQuery {
  /** `kind:id`, e.g. `touchpoint:checkout`, `segment:plan=fibra`, `journey:*`. */
  @IsOptional()
  @Matches(new RegExp(SCOPE_PARAM_PATTERN), {
    message: `scope must be kind:id with kind ${KINDS_IN_WORDS}`,
  })
  scope?: string;

  @IsOptional()
  @IsIn(SCOPE_KINDS)
  scopeKind?: ScopeKind;

  @IsOptionalText(200)
  scopeId?: string;
}

export class RangeQuery extends ScopeQuery {
  @IsOptionalInstant()
  from?: string;

  @IsOptionalInstant()
  to?: string;
}

/** How OpenAPI shows ScopeQuery's parameters. */
export const SCOPE_QUERY: readonly ParamDoc[] = [
  {
    name: 'scope',
    schema: { type: 'string', pattern: SCOPE_PARAM_PATTERN },
    description:
      '`kind:id`, e.g. `touchpoint:checkout`, `segment:plan=fibra`, `journey:*` (or scopeKind + scopeId).',
  },
  { name: 'scopeKind', schema: { enum: [...SCOPE_KINDS] } },
  { name: 'scopeId', schema: { type: 'string', maxLength: 200 } },
];

/** How OpenAPI shows RangeQuery's parameters. */
export const RANGE_QUERY: readonly ParamDoc[] = [
  ...SCOPE_QUERY,
  instantParam('from', 'Cycles starting at or after (default: 90 days before `to`).'),
  instantParam('to', 'Cycles starting before (default: tomorrow). At most 3 years.'),
];

const DAY = 86_400_000;

/** The scope asked for (`scope`, or `scopeKind` + `scopeId`), or `fallback` when none. */
export function scopeOf(q: ScopeQuery, fallback: Scope | null): Scope | null {
  if (q.scope && (q.scopeKind || q.scopeId))
    throw new ValidationProblem([{ field: 'scope', reason: 'give scope or scopeKind/scopeId, not both' }]);
  if (q.scope) {
    const i = q.scope.indexOf(':');
    return { kind: q.scope.slice(0, i) as ScopeKind, id: q.scope.slice(i + 1) };
  }
  if (q.scopeId && !q.scopeKind)
    throw new ValidationProblem([{ field: 'scopeKind', reason: 'scopeKind is required with scopeId' }]);
  if (q.scopeKind) return { kind: q.scopeKind, id: q.scopeId ?? (q.scopeKind === 'journey' ? '*' : '') };
  return fallback;
}

/** [from, to): by default the 90 days up to tomorrow. */
export function rangeOf(q: RangeQuery, defaultDays = 90): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : new Date(Date.now() + DAY);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - defaultDays * DAY);
  if (!(from < to)) throw new ValidationProblem([{ field: 'from', reason: 'from must be before to' }]);
  if (to.getTime() - from.getTime() > 3 * 366 * DAY)
    throw new ValidationProblem([{ field: 'from', reason: 'the range may span at most three years' }]);
  return { from, to };
}
