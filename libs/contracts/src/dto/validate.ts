/**
 * One validation path for every door: HTTP bodies and topic records are checked by the same
 * DTO classes, and every problem names its field and the reason.
 */
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

/** A DTO with rules that span fields. */
export interface SelfChecking {
  problems(): FieldProblem[];
}

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

function flatten(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({
      field,
      reason: reason.replace(/^property (\S+) should not exist$/, '$1 is not a known field'),
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

function isSelfChecking(v: object): v is SelfChecking {
  return typeof (v as Partial<SelfChecking>).problems === 'function';
}

/** Text with NUL characters cannot be stored (PostgreSQL refuses it) and is never meant. */
function nulProblems(v: unknown, path: string, out: FieldProblem[], depth = 0): void {
  if (depth > 8 || out.length > 20) return;
  if (typeof v === 'string') {
    if (v.includes('\u0000'))
      out.push({
        field: path || '(body)',
        reason: `${path || 'text'} must not contain NUL (\\u0000) characters`,
      });
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => nulProblems(x, path ? `${path}.${i}` : String(i), out, depth + 1));
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) nulProblems(x, path ? `${path}.${k}` : k, out, depth + 1);
  }
}

export function validatePayload<T extends object>(cls: ClassConstructor<T>, plain: unknown): Validated<T> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { ok: false, problems: [{ field: '(body)', reason: 'must be a JSON object' }] };
  }
  const nul: FieldProblem[] = [];
  nulProblems(plain, '', nul);
  if (nul.length > 0) return { ok: false, problems: nul };
  const value = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const problems = flatten(
    validateSync(value, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      stopAtFirstError: true,
    }),
  );
  if (problems.length === 0 && isSelfChecking(value)) problems.push(...value.problems());
  return problems.length === 0 ? { ok: true, value } : { ok: false, problems };
}

export interface BatchProblem extends FieldProblem {
  /** Position in the submitted array; absent for a single object. */
  readonly index?: number;
}

/** A body that is one object or an array of at most `max` objects. */
export function validateOneOrMany<T extends object>(
  cls: ClassConstructor<T>,
  body: unknown,
  max: number,
): { ok: true; values: T[] } | { ok: false; problems: BatchProblem[] } {
  if (!Array.isArray(body)) {
    const r = validatePayload(cls, body);
    return r.ok ? { ok: true, values: [r.value] } : r;
  }
  if (body.length === 0) return { ok: false, problems: [{ field: '(body)', reason: 'the array is empty' }] };
  if (body.length > max) {
    return {
      ok: false,
      problems: [{ field: '(body)', reason: `at most ${max} items per request, got ${body.length}` }],
    };
  }
  const values: T[] = [];
  const problems: BatchProblem[] = [];
  body.forEach((item, index) => {
    const r = validatePayload(cls, item);
    if (r.ok) values.push(r.value);
    else problems.push(...r.problems.map((p) => ({ ...p, index })));
  });
  return problems.length === 0 ? { ok: true, values } : { ok: false, problems };
}
