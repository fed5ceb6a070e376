/**
 * Validates a playbook document (parsed from JSON or YAML) against its JSON Schema
 * (playbook.schema.ts, compiled ajv), then the rules across fields no schema can say, and
 * returns it normalised, or every problem with its path (`feedbackRules[1].when.nps.max`) and
 * reason. Omitted top-level sections and omitted fields of `verification` and `rootCauses` take
 * the default playbook's values. Pure.
 */
import { isValidTimeZone } from '@continuum/journey';
import { problemsOf, validatorFor, type FieldProblem, type ProblemStyle } from '@continuum/contracts';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import {
  DEFAULT_PLAYBOOK,
  PLACEHOLDERS,
  PLAYBOOK_SCHEMA,
  type ActionTemplate,
  type FeedbackMatch,
  type GapMatch,
  type PlaceholderKind,
  type Playbook,
  type Rule,
} from './playbook.model';
import { PLAYBOOK_DOCUMENT_SCHEMA } from './playbook.schema';

export type PlaybookResult = { ok: true; value: Playbook } | { ok: false; problems: FieldProblem[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

const limit = (e: { params: object }) => String((e.params as { limit?: unknown }).limit);
const TYPE_WORDS: Record<string, string> = {
  number: 'must be a number',
  integer: 'must be an integer',
  boolean: 'must be true or false',
  string: 'must be a non-empty string',
  object: 'must be an object',
  array: 'must be a list',
};

/** Playbooks keep their own wording: paths with [i], reasons without the field's name. */
const STYLE: ProblemStyle = {
  brackets: true,
  bare: true,
  words: {
    type: (e) => TYPE_WORDS[String((e.params as { type: unknown }).type)],
    minimum: (e) => `must be at least ${limit(e)}`,
    maximum: (e) => `must be at most ${limit(e)}`,
    exclusiveMinimum: (e) => `must be greater than ${limit(e)}`,
    minLength: () => 'must be a non-empty string',
    maxLength: (e) => `must be at most ${limit(e)} characters`,
    minItems: () => 'must be a non-empty list of strings',
    maxItems: (e) => `at most ${limit(e)} rules`,
    const: () => `must be "${PLAYBOOK_SCHEMA}" (or omitted)`,
  },
};

/** A single string where the schema wants a list becomes a list of one (convenient in YAML). */
function listsOf(schema: unknown, v: unknown): unknown {
  if (!isObj(schema)) return v;
  if (schema.type === 'array') {
    if (typeof v === 'string') return [v];
    return Array.isArray(v) ? v.map((x) => listsOf(schema.items, x)) : v;
  }
  if (!isObj(v)) return v;
  const props = isObj(schema.properties) ? schema.properties : {};
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k, listsOf(k in props ? props[k] : schema.additionalProperties, x)]),
  );
}

/** The rules across fields: what the schema cannot say. */
function crossFieldProblems(doc: Obj): FieldProblem[] {
  const out: FieldProblem[] = [];
  const fail = (field: string, reason: string) => out.push({ field, reason });
  const placeholders = (t: Obj, field: string, kind: PlaceholderKind) => {
    const allowed: readonly string[] = PLACEHOLDERS[kind];
    for (const k of ['title', 'description'] as const) {
      const v = t[k];
      if (typeof v !== 'string') continue;
      for (const m of v.matchAll(/\{([^{}]*)\}/g)) {
        if (!allowed.includes(m[1]))
          fail(
            `${field}.${k}`,
            `unknown placeholder {${m[1]}} (known: ${allowed.map((p) => `{${p}}`).join(' ')})`,
          );
      }
    }
  };
  const rules = (list: unknown, section: string, kind: 'feedback' | 'gap') => {
    if (!Array.isArray(list)) return;
    const names = new Set<string>();
    list.forEach((r: unknown, i) => {
      if (!isObj(r)) return;
      const f = `${section}[${i}]`;
      if (typeof r.name === 'string') {
        if (names.has(r.name)) fail(`${f}.name`, `duplicates the rule name "${r.name}"`);
        names.add(r.name);
      }
      const when = r.when;
      if (isObj(when)) {
        if (Object.keys(when).length === 0)
          fail(`${f}.when`, 'needs at least one condition (an empty when matches nothing)');
        for (const k of ['nps', 'csat', 'ces', 'emoji']) {
          const range = when[k];
          if (!isObj(range)) continue;
          if (range.min === undefined && range.max === undefined)
            fail(`${f}.when.${k}`, 'needs min, max or both');
          else if (typeof range.min === 'number' && typeof range.max === 'number' && range.min > range.max)
            fail(`${f}.when.${k}`, 'min must not exceed max');
        }
        if (isObj(when.segment) && Object.keys(when.segment).length === 0)
          fail(`${f}.when.segment`, 'needs at least one key');
      }
      if (isObj(r.action)) placeholders(r.action, `${f}.action`, kind);
    });
  };
  rules(doc.feedbackRules, 'feedbackRules', 'feedback');
  rules(doc.gapRules, 'gapRules', 'gap');
  const rc = doc.rootCauses;
  if (isObj(rc)) {
    const ids = new Set<string>();
    if (Array.isArray(rc.taxonomy))
      rc.taxonomy.forEach((r: unknown, i) => {
        if (!isObj(r) || typeof r.id !== 'string') return;
        if (ids.has(r.id)) fail(`rootCauses.taxonomy[${i}].id`, `duplicates the root cause "${r.id}"`);
        ids.add(r.id);
      });
    if (typeof rc.timeZone === 'string' && !isValidTimeZone(rc.timeZone))
      fail('rootCauses.timeZone', `"${rc.timeZone}" is not an IANA time zone`);
    if (isObj(rc.action)) placeholders(rc.action, 'rootCauses.action', 'systemic');
  }
  return out;
}

function withDefaults(doc: Obj): Playbook {
  const d = DEFAULT_PLAYBOOK;
  const template = <T>(a: Obj): T => ({ ...a, escalation: a.escalation ?? [] }) as T;
  const rules = <M>(list: unknown, fallback: readonly Rule<M>[]): readonly Rule<M>[] =>
    list === undefined
      ? fallback
      : (list as Obj[]).map((r) => ({
          name: r.name as string,
          when: r.when as M,
          action: template<ActionTemplate>(r.action as Obj),
        }));
  const rc = (doc.rootCauses ?? {}) as Partial<Playbook['rootCauses']>;
  return {
    schema: PLAYBOOK_SCHEMA,
    defaultOwner: (doc.defaultOwner as string | undefined) ?? d.defaultOwner,
    feedbackRules: rules<FeedbackMatch>(doc.feedbackRules, d.feedbackRules),
    gapRules: rules<GapMatch>(doc.gapRules, d.gapRules),
    verification: { ...d.verification, ...(doc.verification as Partial<Playbook['verification']>) },
    rootCauses: {
      ...d.rootCauses,
      ...rc,
      action: rc.action ? template<Playbook['rootCauses']['action']>(rc.action) : d.rootCauses.action,
    },
  };
}

export function validatePlaybook(input: unknown): PlaybookResult {
  if (!isObj(input))
    return { ok: false, problems: [{ field: '(body)', reason: 'a playbook must be an object' }] };
  const doc = listsOf(PLAYBOOK_DOCUMENT_SCHEMA, input) as Obj;
  const validate = validatorFor(PLAYBOOK_DOCUMENT_SCHEMA);
  const problems = validate(doc) ? [] : problemsOf(PLAYBOOK_DOCUMENT_SCHEMA, validate.errors, STYLE);
  // Every problem at once: the rules across fields too, where the field has no problem yet.
  const named = new Set(problems.map((p) => p.field));
  problems.push(...crossFieldProblems(doc).filter((p) => !named.has(p.field)));
  return problems.length === 0 ? { ok: true, value: withDefaults(doc) } : { ok: false, problems };
}

/** Parses a YAML (or JSON: YAML is a superset) playbook source, then validates it. */
export function parsePlaybookYaml(source: string): PlaybookResult {
  let doc: unknown;
  try {
    doc = parseYaml(source, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    const reason =
      err instanceof YAMLParseError
        ? `invalid YAML at line ${err.linePos?.[0].line ?? '?'}, column ${err.linePos?.[0].col ?? '?'}: ${err.message.split('\n')[0]}`
        : `invalid YAML: ${String(err)}`;
    return { ok: false, problems: [{ field: '(body)', reason }] };
  }
  return validatePlaybook(doc);
}
