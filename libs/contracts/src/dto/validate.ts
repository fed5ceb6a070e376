/**
 * One validation path for every door: HTTP bodies and topic records are checked by the same
 * DTO classes, and every problem names its field and the reason.
 */
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationTypes, type ValidationError } from 'class-validator';

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

/** One property's rules, taken from the class's own class-validator metadata. */
interface PropertyRules {
  readonly property: string;
  /** `@IsOptional`/`@ValidateIf`: the rules apply only when every condition holds. */
  readonly conditions: readonly ((object: object, value: unknown) => boolean)[];
  readonly constraints: readonly {
    readonly validate: (value: unknown, args: object) => unknown;
    readonly args: readonly unknown[];
  }[];
}

interface CompiledRules {
  readonly known: ReadonlySet<string>;
  readonly properties: readonly PropertyRules[];
}

const compiledRules = new WeakMap<ClassConstructor<object>, CompiledRules | null>();

/**
 * The class's decorators flattened once into plain closures over the same constraint instances
 * class-validator calls, or null when the class uses something the fast path does not mirror
 * (nested objects, `each`, async or `@IsDefined` rules): those always take the full path.
 */
function compileRules(cls: ClassConstructor<object>): CompiledRules | null {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(cls, '', false, false, undefined);
  if (metadatas.length === 0) return null;
  const properties: PropertyRules[] = [];
  for (const [property, list] of Object.entries(storage.groupByPropertyName(metadatas))) {
    const conditions: PropertyRules['conditions'][number][] = [];
    const constraints: PropertyRules['constraints'][number][] = [];
    for (const m of list) {
      if (m.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        conditions.push(m.constraints[0] as PropertyRules['conditions'][number]);
      } else if (m.type === ValidationTypes.CUSTOM_VALIDATION && !m.each) {
        for (const c of storage.getTargetValidatorConstraints(m.constraintCls)) {
          if (c.async) return null;
          const instance = c.instance as { validate: (value: unknown, args: object) => unknown };
          constraints.push({ validate: instance.validate.bind(instance), args: m.constraints });
        }
      } else if (m.type !== ValidationTypes.WHITELIST) {
        return null;
      }
    }
    properties.push({ property, conditions, constraints });
  }
  return { known: new Set(properties.map((p) => p.property)), properties };
}

/**
 * The hot path of every door: a payload that passes every rule becomes its instance without
 * class-transformer and class-validator's error bookkeeping (which showed in listen's CPU
 * profile). Anything that fails — or that this path does not mirror — returns null and goes the
 * full way, which then names the problems; so the answers are the same, only valid input is
 * faster (checked against the full path by validate.spec.ts).
 */
export function fastValidate<T extends object>(cls: ClassConstructor<T>, plain: object): T | null {
  let rules = compiledRules.get(cls);
  if (rules === undefined) {
    rules = compileRules(cls);
    compiledRules.set(cls, rules);
  }
  if (!rules) return null;
  for (const key of Object.keys(plain)) if (!rules.known.has(key)) return null;
  const value = Object.assign(new cls(), plain) as T & Record<string, unknown>;
  for (const { property, conditions, constraints } of rules.properties) {
    const v = value[property];
    if (!conditions.every((applies) => applies(value, v))) continue;
    for (const c of constraints) {
      const ok = c.validate(v, {
        targetName: cls.name,
        property,
        object: value,
        value: v,
        constraints: c.args,
      });
      if (!ok) return null;
    }
  }
  return value;
}

export function validatePayload<T extends object>(cls: ClassConstructor<T>, plain: unknown): Validated<T> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { ok: false, problems: [{ field: '(body)', reason: 'must be a JSON object' }] };
  }
  const unsafe = inputProblems(plain);
  if (unsafe.length > 0) return { ok: false, problems: unsafe };
  const fast = fastValidate(cls, plain);
  if (fast) {
    const problems = isSelfChecking(fast) ? fast.problems() : [];
    return problems.length === 0 ? { ok: true, value: fast } : { ok: false, problems };
  }
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
