/**
 * Compiled ajv validators for the contracts' JSON Schemas: one compile per schema object, and
 * ajv's errors turned into the same `field` + reason problems the class-validator doors give.
 * Owns no rules of its own: every rule is in a schema; this only names what a schema refused.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FieldProblem } from '../dto/validate';

// `verbose` puts the failing schema on each error (used for the reasons); it costs nothing on valid input.
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  strictNumbers: true,
  verbose: true,
  multipleOfPrecision: 9,
});
addFormats(ajv);

const compiled = new WeakMap<object, ValidateFunction>();

/** The compiled validator of `schema` (compiled on first use, then cached by identity). */
export function validatorFor(schema: object): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

const patternReasons = new Map<string, string>();
const valueReasons = new WeakMap<object, string>();

/** The reason given when a string fails `pattern` (a pattern alone tells a sender little). */
export function explainPattern(pattern: RegExp | string, reason: string): void {
  patternReasons.set(typeof pattern === 'string' ? pattern : pattern.source, reason);
}

/** The reason given for any problem inside a value of `schema` (e.g. a whole segment map). */
export function explainValue<S extends object>(schema: S, reason: string): S {
  valueReasons.set(schema, reason);
  return schema;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schema nodes that describe the value at `path` (properties, additionalProperties, items). */
function nodesAlong(root: object, path: readonly string[]): Node[] {
  const out: Node[] = [];
  let node: unknown = root;
  for (const seg of path) {
    if (!isNode(node)) break;
    const props = node.properties;
    const next =
      isNode(props) && seg in props
        ? props[seg]
        : /^\d+$/.test(seg) && node.items !== undefined
          ? Array.isArray(node.items)
            ? (node.items as unknown[])[Number(seg)]
            : node.items
          : node.additionalProperties;
    if (!isNode(next)) break;
    out.push(next);
    node = next;
  }
  return out;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer number',
  number: 'a finite number',
  boolean: 'a boolean value',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function typeReason(type: unknown): string {
  // ajv gives a list of types as the list or joined by commas.
  const types = (Array.isArray(type) ? type : String(type).split(',')).map(
    (t) => TYPE_WORDS[String(t)] ?? String(t),
  );
  return `must be ${types.join(' or ')}`;
}

/** Enum values are JSON scalars. */
const list = (values: readonly unknown[]) =>
  values.map((v) => (v === null ? 'null' : String(v as string | number | boolean))).join(', ');

/** The reason of one ajv error, without the field's name. */
function reasonOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const parent = isNode(e.parentSchema) ? e.parentSchema : {};
  switch (e.keyword) {
    case 'type':
      return typeReason(p.type);
    case 'minimum':
      return `must not be less than ${String(p.limit)}`;
    case 'maximum':
      return `must not be greater than ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `must be greater than ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(p.limit)}`;
    case 'multipleOf':
      return `must be a multiple of ${String(p.multipleOf)}`;
    case 'minLength':
      return p.limit === 1 ? 'should not be empty' : `must be at least ${String(p.limit)} characters`;
    case 'maxLength':
      return `must be shorter than or equal to ${String(p.limit)} characters`;
    case 'minItems':
      return `must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'minProperties':
      return `must have at least ${String(p.limit)} entries`;
    case 'maxProperties':
      return `must have at most ${String(p.limit)} entries`;
    case 'pattern':
      return patternReasons.get(String(p.pattern)) ?? `must match ${String(p.pattern)}`;
    case 'format':
      return `must be a ${String(p.format)}`;
    case 'enum':
      return `must be one of ${list(p.allowedValues as unknown[])}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'uniqueItems':
      return `must not repeat an item (items ${String(p.j)} and ${String(p.i)} are equal)`;
    case 'propertyNames':
      return `has a key that is not allowed ("${String(p.propertyName)}")`;
    case 'anyOf':
    case 'oneOf': {
      const branches = Array.isArray(e.schema) ? (e.schema as unknown[]) : [];
      const required = branches.map((b) => (isNode(b) && Array.isArray(b.required) ? b.required : null));
      if (required.length > 0 && required.every((r) => r?.length === 1))
        return `must carry at least one of ${required.map((r) => String(r![0])).join(', ')}`;
      return e.keyword === 'oneOf' && p.passingSchemas
        ? 'matches more than one of the allowed forms'
        : 'matches none of the allowed forms';
    }
    default:
      return `${e.message ?? 'is not valid'}${parent.description ? ` (${String(parent.description)})` : ''}`;
  }
}

/** How problems are written for a door whose documents have their own wording (playbooks). */
export interface ProblemStyle {
  /** `rules[0].max` rather than `rules.0.max`. */
  readonly brackets?: boolean;
  /** Reasons without the field's name in front (`must be at most 10`). */
  readonly bare?: boolean;
  /** Reasons by keyword in place of the DTO wording; undefined falls back to it. */
  readonly words?: Readonly<Record<string, (e: ErrorObject) => string | undefined>>;
}

const fieldOf = (path: readonly string[], brackets = false) =>
  brackets
    ? path.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('')
    : path.join('.');

/**
 * ajv's errors as problems, one per field (the first, as class-validator's `stopAtFirstError`
 * gives): `field` is the dotted path (`rules.0.max`), the reason starts with the field's own
 * name (`nps must not be greater than 10`), as the DTO doors word it, unless `style` says otherwise.
 */
export function problemsOf(
  root: object,
  errors: readonly ErrorObject[] | null | undefined,
  style: ProblemStyle = {},
): FieldProblem[] {
  if (!errors?.length) return [];
  // A failed anyOf/oneOf names the whole choice; its branches' own errors would only confuse.
  const choices = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => `${e.schemaPath}/`);
  const named = (name: string | undefined, reason: string) =>
    style.bare
      ? reason
      : `${name === undefined ? 'the payload' : /^\d+$/.test(name) ? `item ${name}` : name} ${reason}`;
  const out = new Map<string, FieldProblem>();
  for (const e of errors) {
    if (choices.some((c) => e.schemaPath.startsWith(c))) continue;
    const path = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = path[path.length - 1];
    const whole = nodesAlong(root, path).findIndex((n) => valueReasons.has(n));
    let field: string;
    let reason: string;
    if (whole >= 0) {
      const at = path.slice(0, whole + 1);
      field = fieldOf(at, style.brackets);
      reason = named(at[at.length - 1], valueReasons.get(nodesAlong(root, at)[whole])!);
    } else if (e.keyword === 'additionalProperties') {
      const k = String((e.params as { additionalProperty: string }).additionalProperty);
      field = fieldOf([...path, k], style.brackets);
      const known =
        isNode(e.parentSchema) && isNode(e.parentSchema.properties) ? e.parentSchema.properties : {};
      reason = style.bare
        ? `is not a known field (known: ${Object.keys(known).join(', ')})`
        : `${k} is not a known field`;
    } else if (e.keyword === 'required') {
      const k = String((e.params as { missingProperty: string }).missingProperty);
      field = fieldOf([...path, k], style.brackets);
      reason = named(k, 'is required');
    } else if ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && reasonOf(e).startsWith('must carry')) {
      const keys = reasonOf(e).replace('must carry at least one of ', '').split(', ');
      field = fieldOf([...path, keys.join('|')], style.brackets);
      reason = named(last, `must carry at least one of ${keys.join(', ')}`);
    } else {
      field = fieldOf(path, style.brackets) || '(body)';
      const own = style.words?.[e.keyword]?.(e) ?? reasonOf(e);
      // Pattern reasons registered for the DTOs name the field with `$property`.
      reason = own.includes('$property')
        ? style.bare
          ? own.replace(/^\$property /, '')
          : own.replaceAll('$property', last ?? 'value')
        : named(last, own);
    }
    if (!out.has(field)) out.set(field, { field, reason });
  }
  return [...out.values()];
}

/** `value`'s problems against `schema` (empty when it is valid). */
export function schemaProblems(schema: object, value: unknown): FieldProblem[] {
  const v = validatorFor(schema);
  return v(value) ? [] : problemsOf(schema, v.errors);
}
