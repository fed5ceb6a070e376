import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PLAYBOOK } from './playbook.model';
import { parsePlaybookYaml, validatePlaybook } from './playbook.validate';

/** Problems by field: the schema's come first, then the rules across fields. */
const problems = (doc: unknown) => {
  const r = validatePlaybook(doc);
  return r.ok ? [] : [...r.problems].sort((a, b) => a.field.localeCompare(b.field));
};
const byField = <T extends { field: string }>(ps: T[]) =>
  [...ps].sort((a, b) => a.field.localeCompare(b.field));

describe('playbook validation', () => {
  it('accepts the default playbook as it is, and the documented YAML equals it', () => {
    // default-playbook.json is the data; a JSON copy validates to the same playbook.
    expect(validatePlaybook(JSON.parse(JSON.stringify(DEFAULT_PLAYBOOK)))).toEqual({
      ok: true,
      value: DEFAULT_PLAYBOOK,
    });
    expect(validatePlaybook(DEFAULT_PLAYBOOK)).toEqual({ ok: true, value: DEFAULT_PLAYBOOK });
    const yaml = readFileSync(path.join(__dirname, '..', '..', 'playbooks', 'default.yaml'), 'utf8');
    expect(parsePlaybookYaml(yaml)).toEqual({ ok: true, value: DEFAULT_PLAYBOOK });
  });

  it('fills omitted sections and settings from the default', () => {
    const r = validatePlaybook({ gapRules: [], verification: { cycles: 1 } });
    expect(r.ok && r.value.feedbackRules).toEqual(DEFAULT_PLAYBOOK.feedbackRules);
    expect(r.ok && r.value.gapRules).toEqual([]);
    expect(r.ok && r.value.verification).toEqual({ ...DEFAULT_PLAYBOOK.verification, cycles: 1 });
  });

  it('names the field and the reason of every problem', () => {
    expect(
      problems({
        defaultOwner: 'care team',
        feedbackRules: [
          {
            name: 'x',
            when: { nps: { max: 11 }, mood: 'bad' },
            action: {
              title: 'Hi {name}',
              description: '',
              category: 'sales',
              priority: 'urgent',
              slaHours: 0,
            },
          },
          { name: 'x', when: {}, action: DEFAULT_PLAYBOOK.feedbackRules[0].action },
        ],
        gapRules: [
          { name: 'g', when: { maxQ: 2, gapKinds: 'sideways' }, action: DEFAULT_PLAYBOOK.gapRules[0].action },
        ],
        verification: { cycles: 0 },
        rootCauses: { timeZone: 'Mars/Olympus', threshold: 1.5 },
        extra: true,
      }),
    ).toEqual(
      byField([
        {
          field: 'extra',
          reason: expect.stringMatching(/^is not a known field \(known: schema, defaultOwner/),
        },
        {
          field: 'defaultOwner',
          reason: 'must be letters, digits and . _ : @ / + -, starting with a letter or digit',
        },
        { field: 'feedbackRules[0].when.mood', reason: expect.stringMatching(/^is not a known field/) },
        { field: 'feedbackRules[0].when.nps.max', reason: 'must be at most 10' },
        {
          field: 'feedbackRules[0].action.title',
          reason: expect.stringMatching(/^unknown placeholder \{name\}/),
        },
        { field: 'feedbackRules[0].action.description', reason: 'must be a non-empty string' },
        { field: 'feedbackRules[0].action.priority', reason: 'must be one of low, medium, high, critical' },
        { field: 'feedbackRules[0].action.slaHours', reason: 'must be greater than 0' },
        {
          field: 'feedbackRules[0].action.category',
          reason: 'must be one of process, organisation, technology, customer-follow-up',
        },
        { field: 'feedbackRules[1].name', reason: 'duplicates the rule name "x"' },
        {
          field: 'feedbackRules[1].when',
          reason: 'needs at least one condition (an empty when matches nothing)',
        },
        {
          field: 'gapRules[0].when.gapKinds[0]',
          reason: 'must be one of vs-previous, vs-target, early-warning',
        },
        { field: 'gapRules[0].when.maxQ', reason: 'must be at most 1' },
        { field: 'verification.cycles', reason: 'must be at least 1' },
        { field: 'rootCauses.timeZone', reason: '"Mars/Olympus" is not an IANA time zone' },
        { field: 'rootCauses.threshold', reason: 'must be an integer' },
      ]),
    );
  });

  it('takes a single string as a list of one, names a missing field, and checks min ≤ max', () => {
    const rule = { ...DEFAULT_PLAYBOOK.gapRules[0], when: { gapKinds: 'early-warning' } };
    const r = validatePlaybook({ gapRules: [rule] });
    expect(r.ok && r.value.gapRules[0].when).toEqual({ gapKinds: ['early-warning'] });
    const { slaHours: _, ...noSla } = DEFAULT_PLAYBOOK.feedbackRules[0].action;
    expect(
      problems({
        feedbackRules: [{ name: 'a', when: { nps: { min: 7, max: 3 }, csat: {} }, action: noSla }],
      }),
    ).toEqual([
      { field: 'feedbackRules[0].action.slaHours', reason: 'is required' },
      { field: 'feedbackRules[0].when.csat', reason: 'needs min, max or both' },
      { field: 'feedbackRules[0].when.nps', reason: 'min must not exceed max' },
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const r = parsePlaybookYaml('feedbackRules:\n  - name: a\n   when: x\n');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0].field).toBe('(body)');
    expect(!r.ok && r.problems[0].reason).toMatch(/^invalid YAML at line \d+, column \d+/);
    expect(parsePlaybookYaml('- 1\n- 2')).toEqual({
      ok: false,
      problems: [{ field: '(body)', reason: 'a playbook must be an object' }],
    });
  });
});
