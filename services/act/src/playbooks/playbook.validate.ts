/**
 * Validates a playbook document (parsed from JSON or YAML) and returns it normalised, or every
 * problem with its path (`feedbackRules[1].when.nps.max`) and reason. Omitted top-level sections
 * and omitted fields of `verification` and `rootCauses` take the default playbook's values. Pure.
 */
import { isValidTimeZone } from '@continuum/journey';
import { SCOPE_KINDS, type FieldProblem } from '@continuum/contracts';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import {
  DEFAULT_PLAYBOOK,
  PLACEHOLDERS,
  PLAYBOOK_SCHEMA,
  SEVERITIES,
  type ActionTemplate,
  type FeedbackMatch,
  type GapMatch,
  type PlaceholderKind,
  type Playbook,
  type RootCause,
  type Rule,
  type ScoreRange,
} from './playbook.model';

export type PlaybookResult = { ok: true; value: Playbook } | { ok: false; problems: FieldProblem[] };

const CATEGORIES = ['process', 'organisation', 'technology', 'customer-follow-up'] as const;
const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
const GAP_KINDS = ['vs-previous', 'vs-target', 'early-warning'] as const;
const CYCLES = ['day', 'week', 'month'] as const;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,127}$/;
const MAX_RULES = 200;

type Obj = Record<string, unknown>;

class Checker {
  readonly problems: FieldProblem[] = [];

  fail(field: string, reason: string): undefined {
    this.problems.push({ field, reason });
    return undefined;
  }

  object(v: unknown, field: string, known: readonly string[]): Obj | undefined {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return this.fail(field, 'must be an object');
    for (const k of Object.keys(v)) {
      if (!known.includes(k))
        this.fail(field ? `${field}.${k}` : k, `is not a known field (known: ${known.join(', ')})`);
    }
    return v as Obj;
  }

  string(v: unknown, field: string, max = 200, pattern?: RegExp): string | undefined {
    if (typeof v !== 'string' || v.trim() === '') return this.fail(field, 'must be a non-empty string');
    if (v.length > max) return this.fail(field, `must be at most ${max} characters`);
    if (pattern && !pattern.test(v))
      return this.fail(field, 'must be letters, digits and . _ : @ / + -, starting with a letter or digit');
    return v;
  }

  number(v: unknown, field: string, min: number, max: number, exclusiveMin = false): number | undefined {
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(field, 'must be a number');
    if (exclusiveMin ? v <= min : v < min)
      return this.fail(field, `must be ${exclusiveMin ? 'greater than' : 'at least'} ${min}`);
    if (v > max) return this.fail(field, `must be at most ${max}`);
    return v;
  }

  integer(v: unknown, field: string, min: number, max: number): number | undefined {
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.fail(field, 'must be an integer');
    return this.number(v, field, min, max);
  }

  boolean(v: unknown, field: string): boolean | undefined {
    if (typeof v !== 'boolean') return this.fail(field, 'must be true or false');
    return v;
  }

  oneOf<T extends string>(v: unknown, field: string, values: readonly T[]): T | undefined {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
      return this.fail(field, `must be one of ${values.join(', ')}`);
    return v as T;
  }

  /** A list of strings; a single string is taken as a list of one (convenient in YAML). */
  list(v: unknown, field: string, each?: readonly string[]): string[] | undefined {
    const arr = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(arr) || arr.length === 0)
      return this.fail(field, 'must be a non-empty list of strings');
    const out: string[] = [];
    arr.forEach((x, i) => {
      const s = each ? this.oneOf(x, `${field}[${i}]`, each) : this.string(x, `${field}[${i}]`);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  template(v: unknown, field: string, kind: PlaceholderKind, max: number): string | undefined {
    const s = this.string(v, field, max);
    if (s === undefined) return undefined;
    const allowed: readonly string[] = PLACEHOLDERS[kind];
    for (const m of s.matchAll(/\{([^{}]*)\}/g)) {
      if (!allowed.includes(m[1]))
        this.fail(field, `unknown placeholder {${m[1]}} (known: ${allowed.map((p) => `{${p}}`).join(' ')})`);
    }
    return s;
  }
}

function range(c: Checker, v: unknown, field: string, lo: number, hi: number): ScoreRange | undefined {
  const o = c.object(v, field, ['min', 'max']);
  if (!o) return undefined;
  if (o.min === undefined && o.max === undefined) return c.fail(field, 'needs min, max or both');
  const min = o.min === undefined ? undefined : c.number(o.min, `${field}.min`, lo, hi);
  const max = o.max === undefined ? undefined : c.number(o.max, `${field}.max`, lo, hi);
  if (min !== undefined && max !== undefined && min > max) return c.fail(field, 'min must not exceed max');
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

function feedbackMatch(c: Checker, v: unknown, field: string): FeedbackMatch | undefined {
  const o = c.object(v, field, [
    'nps',
    'csat',
    'ces',
    'emoji',
    'sentimentBelow',
    'themes',
    'segment',
    'consentToContact',
    'touchpoints',
    'stages',
    'channels',
  ]);
  if (!o) return undefined;
  const m: Record<string, unknown> = {};
  if (o.nps !== undefined) m.nps = range(c, o.nps, `${field}.nps`, 0, 10);
  if (o.csat !== undefined) m.csat = range(c, o.csat, `${field}.csat`, 1, 5);
  if (o.ces !== undefined) m.ces = range(c, o.ces, `${field}.ces`, 1, 7);
  if (o.emoji !== undefined) m.emoji = range(c, o.emoji, `${field}.emoji`, 1, 5);
  if (o.sentimentBelow !== undefined)
    m.sentimentBelow = c.number(o.sentimentBelow, `${field}.sentimentBelow`, -1, 1);
  if (o.consentToContact !== undefined)
    m.consentToContact = c.boolean(o.consentToContact, `${field}.consentToContact`);
  for (const k of ['themes', 'touchpoints', 'stages', 'channels'] as const) {
    if (o[k] !== undefined) m[k] = c.list(o[k], `${field}.${k}`);
  }
  if (o.segment !== undefined) {
    const seg = c.object(o.segment, `${field}.segment`, Object.keys(o.segment ?? {}));
    if (seg) {
      if (Object.keys(seg).length === 0) c.fail(`${field}.segment`, 'needs at least one key');
      m.segment = Object.fromEntries(
        Object.entries(seg).map(([k, val]) => [k, c.list(val, `${field}.segment.${k}`)]),
      );
    }
  }
  if (Object.keys(o).length === 0)
    c.fail(field, 'needs at least one condition (an empty when matches nothing)');
  return m;
}

function gapMatch(c: Checker, v: unknown, field: string): GapMatch | undefined {
  const o = c.object(v, field, [
    'indicators',
    'scopeKinds',
    'scopeIds',
    'stages',
    'gapKinds',
    'minDelta',
    'maxQ',
    'minSeverity',
  ]);
  if (!o) return undefined;
  const m: Record<string, unknown> = {};
  if (o.indicators !== undefined) m.indicators = c.list(o.indicators, `${field}.indicators`);
  if (o.scopeKinds !== undefined) m.scopeKinds = c.list(o.scopeKinds, `${field}.scopeKinds`, SCOPE_KINDS);
  if (o.scopeIds !== undefined) m.scopeIds = c.list(o.scopeIds, `${field}.scopeIds`);
  if (o.stages !== undefined) m.stages = c.list(o.stages, `${field}.stages`);
  if (o.gapKinds !== undefined) m.gapKinds = c.list(o.gapKinds, `${field}.gapKinds`, GAP_KINDS);
  if (o.minDelta !== undefined) m.minDelta = c.number(o.minDelta, `${field}.minDelta`, 0, 1e9);
  if (o.maxQ !== undefined) m.maxQ = c.number(o.maxQ, `${field}.maxQ`, 0, 1, true);
  if (o.minSeverity !== undefined) m.minSeverity = c.oneOf(o.minSeverity, `${field}.minSeverity`, SEVERITIES);
  return m;
}

const TEMPLATE_FIELDS = [
  'title',
  'description',
  'owner',
  'category',
  'priority',
  'slaHours',
  'escalation',
  'effort',
  'cost',
];

function template(
  c: Checker,
  v: unknown,
  field: string,
  kind: PlaceholderKind,
  categoryRequired: boolean,
): Record<string, unknown> | undefined {
  const o = c.object(v, field, TEMPLATE_FIELDS);
  if (!o) return undefined;
  const t: Record<string, unknown> = {
    title: c.template(o.title, `${field}.title`, kind, 300),
    description: c.template(o.description, `${field}.description`, kind, 4000),
    priority: c.oneOf(o.priority, `${field}.priority`, PRIORITIES),
    slaHours: c.number(o.slaHours, `${field}.slaHours`, 0, 24 * 366, true),
    escalation:
      o.escalation === undefined
        ? []
        : Array.isArray(o.escalation) && o.escalation.length === 0
          ? []
          : c.list(o.escalation, `${field}.escalation`),
  };
  if (o.category !== undefined || categoryRequired)
    t.category = c.oneOf(o.category, `${field}.category`, CATEGORIES);
  if (o.owner !== undefined) t.owner = c.string(o.owner, `${field}.owner`, 100, NAME);
  if (o.effort !== undefined) t.effort = c.number(o.effort, `${field}.effort`, 0, 1e9);
  if (o.cost !== undefined) t.cost = c.number(o.cost, `${field}.cost`, 0, 1e12);
  return t;
}

function rules<M>(
  c: Checker,
  v: unknown,
  field: string,
  kind: 'feedback' | 'gap',
  match: (c: Checker, v: unknown, field: string) => M | undefined,
): Rule<M>[] {
  if (!Array.isArray(v)) return c.fail(field, 'must be a list of rules') ?? [];
  if (v.length > MAX_RULES) return c.fail(field, `at most ${MAX_RULES} rules`) ?? [];
  const names = new Set<string>();
  return v.map((r, i) => {
    const f = `${field}[${i}]`;
    const o = c.object(r, f, ['name', 'when', 'action']) ?? {};
    const name = c.string(o.name, `${f}.name`, 100, NAME) ?? '';
    if (name && names.has(name)) c.fail(`${f}.name`, `duplicates the rule name "${name}"`);
    names.add(name);
    return {
      name,
      when: match(c, o.when, `${f}.when`) as M,
      action: template(c, o.action, `${f}.action`, kind, true) as unknown as ActionTemplate,
    };
  });
}

function verification(c: Checker, v: unknown): Playbook['verification'] {
  const d = DEFAULT_PLAYBOOK.verification;
  if (v === undefined) return d;
  const o = c.object(v, 'verification', ['cycles', 'alpha', 'minSample']) ?? {};
  return {
    cycles:
      o.cycles === undefined ? d.cycles : (c.integer(o.cycles, 'verification.cycles', 1, 52) ?? d.cycles),
    alpha:
      o.alpha === undefined ? d.alpha : (c.number(o.alpha, 'verification.alpha', 0, 0.5, true) ?? d.alpha),
    minSample:
      o.minSample === undefined
        ? d.minSample
        : (c.integer(o.minSample, 'verification.minSample', 1, 1_000_000) ?? d.minSample),
  };
}

function rootCauses(c: Checker, v: unknown): Playbook['rootCauses'] {
  const d = DEFAULT_PLAYBOOK.rootCauses;
  if (v === undefined) return d;
  const f = 'rootCauses';
  const o =
    c.object(v, f, ['taxonomy', 'requireOnResolve', 'threshold', 'cycle', 'timeZone', 'action']) ?? {};
  let taxonomy: RootCause[] = [...d.taxonomy];
  if (o.taxonomy !== undefined) {
    if (!Array.isArray(o.taxonomy)) {
      c.fail(`${f}.taxonomy`, 'must be a list of { id, label, category }');
    } else {
      const ids = new Set<string>();
      taxonomy = o.taxonomy.map((x, i) => {
        const g = `${f}.taxonomy[${i}]`;
        const r = c.object(x, g, ['id', 'label', 'category']) ?? {};
        const id = c.string(r.id, `${g}.id`, 100, NAME) ?? '';
        if (id && ids.has(id)) c.fail(`${g}.id`, `duplicates the root cause "${id}"`);
        ids.add(id);
        return {
          id,
          label: c.string(r.label, `${g}.label`, 200) ?? '',
          category:
            c.oneOf(r.category, `${g}.category`, ['process', 'organisation', 'technology']) ?? 'process',
        };
      });
    }
  }
  const timeZone = o.timeZone === undefined ? d.timeZone : c.string(o.timeZone, `${f}.timeZone`, 64);
  if (timeZone !== undefined && !isValidTimeZone(timeZone))
    c.fail(`${f}.timeZone`, `"${timeZone}" is not an IANA time zone`);
  return {
    taxonomy,
    requireOnResolve:
      o.requireOnResolve === undefined
        ? d.requireOnResolve
        : (c.boolean(o.requireOnResolve, `${f}.requireOnResolve`) ?? d.requireOnResolve),
    threshold:
      o.threshold === undefined ? d.threshold : (c.integer(o.threshold, `${f}.threshold`, 1, 100_000) ?? 1),
    cycle: o.cycle === undefined ? d.cycle : (c.oneOf(o.cycle, `${f}.cycle`, CYCLES) ?? d.cycle),
    timeZone: timeZone ?? d.timeZone,
    action:
      o.action === undefined
        ? d.action
        : ((template(c, o.action, `${f}.action`, 'systemic', false) ??
            d.action) as Playbook['rootCauses']['action']),
  };
}

export function validatePlaybook(doc: unknown): PlaybookResult {
  const c = new Checker();
  const o = c.object(doc, '', [
    'schema',
    'defaultOwner',
    'feedbackRules',
    'gapRules',
    'verification',
    'rootCauses',
  ]);
  if (!o) return { ok: false, problems: [{ field: '(body)', reason: 'a playbook must be an object' }] };
  if (o.schema !== undefined && o.schema !== PLAYBOOK_SCHEMA)
    c.fail('schema', `must be "${PLAYBOOK_SCHEMA}" (or omitted)`);
  const value: Playbook = {
    schema: PLAYBOOK_SCHEMA,
    defaultOwner:
      o.defaultOwner === undefined
        ? DEFAULT_PLAYBOOK.defaultOwner
        : (c.string(o.defaultOwner, 'defaultOwner', 100, NAME) ?? ''),
    feedbackRules:
      o.feedbackRules === undefined
        ? DEFAULT_PLAYBOOK.feedbackRules
        : rules(c, o.feedbackRules, 'feedbackRules', 'feedback', feedbackMatch),
    gapRules:
      o.gapRules === undefined
        ? DEFAULT_PLAYBOOK.gapRules
        : rules(c, o.gapRules, 'gapRules', 'gap', gapMatch),
    verification: verification(c, o.verification),
    rootCauses: rootCauses(c, o.rootCauses),
  };
  return c.problems.length === 0 ? { ok: true, value } : { ok: false, problems: c.problems };
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
