/**
 * Request templates: a webhook subscription may send its own request instead of the CloudEvent —
 * method, path, headers and a JSON body whose strings hold `{placeholders}` filled from the
 * action — so an action can open a ticket directly in a tool's API. Presets for Jira Cloud
 * (REST v3 create issue), ServiceNow (incident Table API) and Zendesk (tickets API). The ticket's
 * key is read from the answer (`externalRefFrom`, a dot path) and kept on the action. Pure.
 */
import type { ActionView } from '@continuum/contracts';
import type { FieldProblem } from '@continuum/contracts';
import { deepLink, evidenceLine } from '../notifications/render';

export const TEMPLATE_PRESETS = ['jira-cloud', 'servicenow', 'zendesk'] as const;
export type TemplatePreset = (typeof TEMPLATE_PRESETS)[number];
export const TEMPLATE_METHODS = ['POST', 'PUT', 'PATCH'] as const;
export type TemplateMethod = (typeof TEMPLATE_METHODS)[number];

/** A JSON value as templates hold it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface RequestTemplate {
  readonly method: TemplateMethod;
  /** Appended to the subscription's URL; may hold placeholders. */
  readonly path: string;
  readonly body: Json;
  /** Where the created ticket's key is in a JSON answer (`key`, `result.number`, `ticket.id`). */
  readonly externalRefFrom: string | null;
  /** Values for `{params.<name>}` (a project key, an assignment group…). */
  readonly params: Readonly<Record<string, string>>;
}

/** What a template is rendered from: one action change, as its webhook delivery carries it. */
export interface TemplateContext {
  readonly action: ActionView;
  readonly eventType: string;
  readonly eventId: string;
  readonly consoleUrl: string;
  readonly params: Readonly<Record<string, string>>;
}

const JIRA_PRIORITY = { critical: 'Highest', high: 'High', medium: 'Medium', low: 'Low' } as const;
/** ServiceNow's 1 (high) – 3 (low) urgency and impact. */
const SERVICENOW_LEVEL = { critical: '1', high: '1', medium: '2', low: '3' } as const;
const ZENDESK_PRIORITY = { critical: 'urgent', high: 'high', medium: 'normal', low: 'low' } as const;

type Resolver = (c: TemplateContext) => string;

/** Every placeholder a template may use (besides `{params.<name>}`). */
export const PLACEHOLDERS: Readonly<Record<string, Resolver>> = {
  'action.id': (c) => c.action.id,
  'action.title': (c) => c.action.title,
  'action.description': (c) => c.action.description,
  'action.evidence': (c) => evidenceLine(c.action.description),
  'action.owner': (c) => c.action.owner,
  'action.priority': (c) => c.action.priority,
  'action.category': (c) => c.action.category,
  'action.status': (c) => c.action.status,
  'action.loop': (c) => c.action.loop,
  'action.stage': (c) => c.action.stage ?? '',
  'action.touchpoint': (c) => c.action.touchpoint ?? '',
  'action.indicator': (c) => c.action.indicator ?? '',
  'action.dueAt': (c) => c.action.dueAt,
  'action.dueDate': (c) => c.action.dueAt.slice(0, 10),
  'action.link': (c) => deepLink(c.consoleUrl, c.action.id),
  'event.type': (c) => c.eventType,
  'event.id': (c) => c.eventId,
  'priority.jira': (c) => JIRA_PRIORITY[c.action.priority],
  'priority.servicenow': (c) => SERVICENOW_LEVEL[c.action.priority],
  'priority.zendesk': (c) => ZENDESK_PRIORITY[c.action.priority],
};

const PLACEHOLDER = /\{([A-Za-z][\w.-]*)\}/g;

/** The presets: request and answer shapes of each vendor's create call. */
export const PRESETS: Readonly<
  Record<TemplatePreset, Omit<RequestTemplate, 'params'> & { needs: string[] }>
> = {
  // POST /rest/api/3/issue (IssueUpdateDetails); description in Atlassian Document Format.
  'jira-cloud': {
    method: 'POST',
    path: '/rest/api/3/issue',
    needs: ['projectKey', 'issueType'],
    externalRefFrom: 'key',
    body: {
      fields: {
        project: { key: '{params.projectKey}' },
        issuetype: { name: '{params.issueType}' },
        summary: '{action.title}',
        description: {
          type: 'doc',
          version: 1,
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: '{action.evidence}' }] },
            {
              type: 'paragraph',
              content: [
                { type: 'text', text: 'Owner: {action.owner}, due {action.dueAt}. ' },
                {
                  type: 'text',
                  text: 'Open in Continuum',
                  marks: [{ type: 'link', attrs: { href: '{action.link}' } }],
                },
              ],
            },
          ],
        },
        priority: { name: '{priority.jira}' },
        labels: ['continuum', 'continuum-{action.loop}'],
        duedate: '{action.dueDate}',
      },
    },
  },
  // POST /api/now/table/incident: the incident table's columns as JSON.
  servicenow: {
    method: 'POST',
    path: '/api/now/table/incident',
    needs: ['assignmentGroup'],
    externalRefFrom: 'result.number',
    body: {
      short_description: '{action.title}',
      description: '{action.evidence}\n\nOwner: {action.owner}, due {action.dueAt}\n{action.link}',
      urgency: '{priority.servicenow}',
      impact: '{priority.servicenow}',
      assignment_group: '{params.assignmentGroup}',
      category: 'inquiry',
      correlation_id: '{action.id}',
      correlation_display: 'Continuum',
    },
  },
  // POST /api/v2/tickets (TicketCreateRequest).
  zendesk: {
    method: 'POST',
    path: '/api/v2/tickets',
    needs: [],
    externalRefFrom: 'ticket.id',
    body: {
      ticket: {
        subject: '{action.title}',
        comment: {
          body: '{action.evidence}\n\nOwner: {action.owner}, due {action.dueAt}\n{action.link}',
          public: false,
        },
        priority: '{priority.zendesk}',
        type: 'task',
        due_at: '{action.dueAt}',
        external_id: '{action.id}',
        tags: ['continuum', 'continuum-{action.loop}'],
      },
    },
  },
};

function* stringsOf(v: Json, at: string): Generator<[string, string]> {
  if (typeof v === 'string') yield [at, v];
  else if (Array.isArray(v)) for (const [i, x] of v.entries()) yield* stringsOf(x, `${at}.${i}`);
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      yield [`${at}.${k}`, k];
      yield* stringsOf(x, `${at}.${k}`);
    }
}

/** Unknown placeholders, and params used but not given, each with the field it is in. */
export function templateProblems(t: RequestTemplate, field = 'template'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const check = (at: string, s: string) => {
    for (const [, name] of s.matchAll(PLACEHOLDER)) {
      if (name.startsWith('params.')) {
        if (!(name.slice('params.'.length) in t.params))
          problems.push({ field: at, reason: `placeholder {${name}} needs params.${name.slice(7)}` });
      } else if (!(name in PLACEHOLDERS))
        problems.push({
          field: at,
          reason: `unknown placeholder {${name}}; use one of ${Object.keys(PLACEHOLDERS)
            .map((p) => `{${p}}`)
            .join(', ')} or {params.<name>}`,
        });
    }
  };
  check(`${field}.path`, t.path);
  for (const [at, s] of stringsOf(t.body, `${field}.body`)) check(at, s);
  return problems;
}

function fill(s: string, c: TemplateContext): string {
  return s.replace(PLACEHOLDER, (whole, name: string) => {
    if (name.startsWith('params.')) return c.params[name.slice(7)] ?? whole;
    const r = PLACEHOLDERS[name];
    return r ? r(c) : whole;
  });
}

function renderJson(v: Json, c: TemplateContext): Json {
  if (typeof v === 'string') return fill(v, c);
  if (Array.isArray(v)) return v.map((x) => renderJson(x, c));
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [fill(k, c), renderJson(x, c)]));
  return v;
}

/** The request a template makes for one action change. Path placeholders are URL-encoded. */
export function renderTemplate(
  t: RequestTemplate,
  context: Omit<TemplateContext, 'params'>,
): { method: string; path: string; body: string } {
  const c: TemplateContext = { ...context, params: t.params };
  const path = t.path.replace(PLACEHOLDER, (whole) => {
    const filled = fill(whole, c);
    return filled === whole ? whole : encodeURIComponent(filled);
  });
  return { method: t.method, path, body: JSON.stringify(renderJson(t.body, c)) };
}

/** The template a subscription asks for: a preset's, with the caller's fields over it. */
export function resolveTemplate(input: {
  preset?: TemplatePreset;
  method?: TemplateMethod;
  path?: string;
  body?: Json;
  externalRefFrom?: string | null;
  params?: Record<string, string>;
}): RequestTemplate | FieldProblem[] {
  const preset = input.preset ? PRESETS[input.preset] : null;
  const params = input.params ?? {};
  const problems: FieldProblem[] = [];
  for (const need of preset?.needs ?? [])
    if (!(need in params))
      problems.push({
        field: `template.params.${need}`,
        reason: `the ${input.preset} preset needs params.${need}`,
      });
  const body = input.body ?? preset?.body;
  if (body === undefined)
    problems.push({ field: 'template.body', reason: 'a template without a preset needs a body' });
  if (problems.length > 0) return problems;
  return {
    method: input.method ?? preset?.method ?? 'POST',
    path: input.path ?? preset?.path ?? '',
    body: body!,
    externalRefFrom:
      input.externalRefFrom !== undefined ? input.externalRefFrom : (preset?.externalRefFrom ?? null),
    params,
  };
}

/** The ticket key at a dot path of a JSON answer (a string or a number), or null. */
export function externalRefOf(answer: string, path: string): string | null {
  let v: unknown;
  try {
    v = JSON.parse(answer);
  } catch {
    return null;
  }
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[part];
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : null;
}
