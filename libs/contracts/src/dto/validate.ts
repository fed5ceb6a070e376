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

/** A lone UTF-16 surrogate: no Unicode character, and PostgreSQL refuses it in text and JSON. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `s` with NUL characters and lone surrogates replaced by U+FFFD, so it can be stored as text. */
export function storableText(s: string): string {
  return s.replaceAll('\u0000', '\uFFFD').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}

/** Keys that name an object's prototype machinery; class-transformer and plain lookups trip on them. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any payload Continuum takes; deeper input overflows the transformer's recursion. */
export const MAX_INPUT_DEPTH = 32;

const MAX_INPUT_PROBLEMS = 20;

function textProblem(s: string, path: string): string | null {
  if (s.includes('\u0000')) return `${path || 'text'} must not contain NUL (\\u0000) characters`;
  if (LONE_SURROGATE.test(s)) return `${path || 'text'} must be valid Unicode (it holds a lone surrogate)`;
  return null;
}

/**
 * What no door accepts, anywhere in a parsed body or query: text PostgreSQL cannot store (NUL
 * characters and lone surrogates, in values and in keys — segments are free-form maps),
 * prototype keys (`__proto__`, `constructor`, `prototype`: never a field, and they break
 * class-transformer), and nesting deeper than MAX_INPUT_DEPTH. Checked before any transform.
 */
export function inputProblems(v: unknown, path = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  walk(v, path, 0, out);
  return out;
}

function walk(v: unknown, path: string, depth: number, out: FieldProblem[]): void {
  if (out.length >= MAX_INPUT_PROBLEMS) return;
  if (typeof v === 'string') {
    const reason = textProblem(v, path);
    if (reason) out.push({ field: path || '(body)', reason });
    return;
  }
  if (v === null || typeof v !== 'object') return;
  if (depth >= MAX_INPUT_DEPTH) {
    out.push({ field: path || '(body)', reason: `must not nest more than ${MAX_INPUT_DEPTH} levels deep` });
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => walk(x, path ? `${path}.${i}` : String(i), depth + 1, out));
    return;
  }
  for (const k of Object.keys(v)) {
    const field = path ? `${path}.${k}` : k;
    const keyReason = textProblem(k, 'a key');
    if (keyReason) out.push({ field: path || '(body)', reason: keyReason });
    else if (PROTOTYPE_KEYS.has(k)) out.push({ field, reason: `${k} is not a known field` });
    else walk((v as Record<string, unknown>)[k], field, depth + 1, out);
  }
}

/**
 * Keys that name a method of the DTO (`problems`): class-transformer drops them silently, so
 * they are refused here, as the JSON Schemas (`additionalProperties: false`) refuse them.
 */
function methodKeyProblems(cls: ClassConstructor<object>, plain: object): FieldProblem[] {
  const proto = cls.prototype as Record<string, unknown>;
  return Object.keys(plain)
    .filter((k) => typeof proto[k] === 'function')
    .map((k) => ({ field: k, reason: `${k} is not a known field` }));
}

/**
 * An HTTP body (or a CSV row) checked by its DTO, through class-transformer's and
 * class-validator's documented API; raw-topic records take the compiled JSON Schemas instead
 * (`validateRecord`), which validate.spec.ts proves give the same verdicts.
 */
export function validatePayload<T extends object>(cls: ClassConstructor<T>, plain: unknown): Validated<T> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { ok: false, problems: [{ field: '(body)', reason: 'must be a JSON object' }] };
  }
  const unsafe = inputProblems(plain);
  if (unsafe.length > 0) return { ok: false, problems: unsafe };
  const methods = methodKeyProblems(cls, plain);
  if (methods.length > 0) return { ok: false, problems: methods };
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
