import { createEvent, Topic, type FeedbackRecordedV1, type GapDetectedV1 } from '@continuum/contracts';
import { DEFAULT_PLAYBOOK, type Playbook } from './playbook.model';
import {
  feedbackAction,
  followupDedupKey,
  gapAction,
  gapDedupKey,
  gapSeverity,
  matchesFeedback,
  matchesGap,
  render,
} from './playbook.rules';
import { validatePlaybook } from './playbook.validate';

function feedback(over: Partial<FeedbackRecordedV1> = {}): FeedbackRecordedV1 {
  return {
    feedbackId: 'f-1',
    tenantId: 'acme',
    touchpoint: 'checkout',
    stage: null,
    owner: null,
    channel: 'web',
    customerId: 'c-1',
    occurredAt: '2026-11-23T10:00:00.000Z',
    receivedAt: '2026-11-23T10:00:01.000Z',
    nps: 3,
    csat: null,
    ces: null,
    emoji: null,
    comment: 'pagamento fallito, chiamatemi al [PHONE]',
    language: 'it',
    sentiment: -0.6,
    themes: ['billing'],
    segment: { plan: 'fibra' },
    consentToContact: true,
    flags: [],
    ...over,
  };
}

function gap(over: Partial<GapDetectedV1> = {}): GapDetectedV1 {
  return {
    tenantId: 'acme',
    gapKey: 'acme:touchpoint:checkout:nps/v1:2026-11-22:vs-previous',
    kind: 'vs-previous',
    scope: { kind: 'touchpoint', id: 'checkout' },
    indicator: 'nps/v1',
    cycle: { length: 'day', start: '2026-11-22T00:00:00.000Z', end: '2026-11-23T00:00:00.000Z' },
    previous: 30,
    current: 10,
    nPrevious: 400,
    nCurrent: 380,
    delta: -20,
    ci: [-27, -13],
    p: 0.0001,
    q: 0.001,
    target: null,
    stage: 'buy',
    owner: 'payments',
    themes: [{ theme: 'billing', share: 0.4, change: 0.25 }],
    sampleComments: ['addebito doppio'],
    ...over,
  };
}

const fbEvent = (f: FeedbackRecordedV1) =>
  createEvent({ id: 'e-1', type: Topic.FeedbackRecorded, source: '/t', tenantId: f.tenantId, data: f });
const gapEvent = (g: GapDetectedV1) =>
  createEvent({ id: 'g-1', type: Topic.GapsDetected, source: '/t', tenantId: g.tenantId, data: g });
const now = new Date('2026-11-23T12:00:00.000Z');
const origin = (playbook: Playbook = DEFAULT_PLAYBOOK) => ({
  playbook,
  version: 0,
  now,
  makeId: () => 'a-1',
});

describe('the default playbook reproduces the built-in follow-up rule', () => {
  it('opens a high-priority call-back for a consenting strong detractor, due in 24 h', () => {
    const sut = feedbackAction(fbEvent(feedback()), origin());
    expect(sut).toMatchObject({
      id: 'a-1',
      tenantId: 'acme',
      dedupKey: 'followup:customer:c-1',
      loop: 'inner',
      status: 'open',
      owner: 'customer-care',
      category: 'customer-follow-up',
      priority: 'high',
      slaHours: 24,
      dueAt: '2026-11-24T12:00:00.000Z',
      sourceEventId: 'e-1',
      title: 'Call back detractor (NPS 3) at checkout',
      rule: 'strong-detractor-call-back',
      playbookVersion: 0,
      escalationChain: ['customer-care-lead', 'head-of-customer-experience'],
      escalationLevel: 0,
    });
    expect(sut!.description).toContain(
      'customer c-1 scored NPS 3 at touchpoint checkout on 2026-11-23T10:00:00.000Z.',
    );
    expect(sut!.description).toContain('Comment (redacted): pagamento fallito, chiamatemi al [PHONE]');
    expect(sut!.description).toContain('Themes: billing.');
    expect(sut!.description).toContain('The customer agreed to be contacted.');
  });

  it('says not to call without consent, and uses the journey owner when known', () => {
    const sut = feedbackAction(
      fbEvent(feedback({ nps: 5, consentToContact: false, owner: 'payments', stage: 'buy' })),
      origin(),
    );
    expect(sut!.title).toBe('Review detractor feedback (NPS 5) at checkout — no consent to contact');
    expect(sut).toMatchObject({ owner: 'payments', stage: 'buy', priority: 'medium', slaHours: 48 });
    expect(sut!.description).toContain('do not call');
  });

  it('opens nothing for passives, promoters and answers without NPS', () => {
    for (const f of [feedback({ nps: 7 }), feedback({ nps: 10 }), feedback({ nps: null, csat: 1 })])
      expect(feedbackAction(fbEvent(f), origin())).toBeNull();
  });

  it('keys follow-ups by customer, or by feedback when anonymous', () => {
    expect(followupDedupKey(feedback())).toBe('followup:customer:c-1');
    expect(followupDedupKey(feedback({ customerId: null }))).toBe('followup:feedback:f-1');
  });

  it('turns a gap into a process action for the stage owner, one per scope, indicator and kind', () => {
    const sut = gapAction(gapEvent(gap()), origin());
    expect(sut).toMatchObject({
      loop: 'outer',
      owner: 'payments',
      category: 'process',
      priority: 'critical',
      rule: 'critical-gap',
      gapKey: gap().gapKey,
      indicator: 'nps/v1',
      scope: { kind: 'touchpoint', id: 'checkout' },
      touchpoint: 'checkout',
      stage: 'buy',
      dedupKey: 'gap:touchpoint:checkout:nps/v1:vs-previous',
      title: 'nps/v1 fell by -20 at touchpoint checkout',
    });
    expect(sut!.description).toContain('against the previous cycle 30 (n=400): -20, 95% CI [-27, -13]');
    expect(sut!.description).toContain('Themes: billing 40% (+25 pp).');
    expect(gapAction(gapEvent(gap({ delta: -6, current: 24 })), origin())!.priority).toBe('high');
    expect(gapDedupKey(gap({ gapKey: 'other-cycle' }))).toBe(gapDedupKey(gap()));
  });
});

describe('rule conditions', () => {
  it('match every feedback criterion the issue lists', () => {
    const f = feedback({ csat: 2, ces: 6, sentiment: -0.5 });
    expect(matchesFeedback({ csat: { max: 2 } }, f)).toBe(true);
    expect(matchesFeedback({ ces: { min: 5 } }, f)).toBe(true);
    expect(matchesFeedback({ sentimentBelow: -0.4 }, f)).toBe(true);
    expect(matchesFeedback({ sentimentBelow: -0.6 }, f)).toBe(false);
    expect(matchesFeedback({ themes: ['delivery', 'billing'] }, f)).toBe(true);
    expect(matchesFeedback({ themes: ['delivery'] }, f)).toBe(false);
    expect(matchesFeedback({ segment: { plan: ['fibra', 'adsl'] } }, f)).toBe(true);
    expect(matchesFeedback({ segment: { region: ['Lazio'] } }, f)).toBe(false);
    expect(matchesFeedback({ consentToContact: false }, f)).toBe(false);
    expect(matchesFeedback({ nps: { max: 6 }, csat: { max: 1 } }, f)).toBe(false);
    expect(matchesFeedback({ emoji: { max: 2 } }, f)).toBe(false);
  });

  it('match gaps by indicator, scope, stage, kind, delta, significance and severity', () => {
    const g = gap();
    expect(gapSeverity(g)).toBe('critical');
    expect(gapSeverity(gap({ delta: -12 }))).toBe('major');
    expect(gapSeverity(gap({ delta: -6 }))).toBe('minor');
    expect(gapSeverity(gap({ indicator: 'custom/v1' }))).toBe('major');
    expect(
      matchesGap({ indicators: ['nps/v1'], scopeKinds: ['touchpoint'], scopeIds: ['checkout'] }, g),
    ).toBe(true);
    expect(matchesGap({ stages: ['support'] }, g)).toBe(false);
    expect(matchesGap({ gapKinds: ['vs-target'] }, g)).toBe(false);
    expect(matchesGap({ minDelta: 25 }, g)).toBe(false);
    expect(matchesGap({ maxQ: 0.0005 }, g)).toBe(false);
    expect(matchesGap({ maxQ: 0.01, minSeverity: 'major' }, g)).toBe(true);
    expect(matchesGap({}, g)).toBe(true);
  });

  it('take the first matching rule in order, and render unknown values as a dash', () => {
    const v = validatePlaybook({
      feedbackRules: [
        {
          name: 'angry-billing',
          when: { themes: ['billing'], sentimentBelow: -0.5 },
          action: {
            title: 'Billing complaint from {customer} ({segment}) CES {ces}',
            description: '{evidence}',
            owner: 'billing',
            category: 'customer-follow-up',
            priority: 'critical',
            slaHours: 0.01,
            escalation: ['billing-lead'],
            effort: 0.5,
          },
        },
        {
          name: 'any-detractor',
          when: { nps: { max: 6 } },
          action: DEFAULT_PLAYBOOK.feedbackRules[0].action,
        },
      ],
    });
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    const sut = feedbackAction(fbEvent(feedback()), origin(v.value));
    expect(sut).toMatchObject({
      rule: 'angry-billing',
      owner: 'billing',
      priority: 'critical',
      slaHours: 0.01,
      dueAt: '2026-11-23T12:00:36.000Z',
      title: 'Billing complaint from c-1 (plan=fibra) CES —',
      effort: 0.5,
    });
    expect(feedbackAction(fbEvent(feedback({ themes: [] })), origin(v.value))!.rule).toBe('any-detractor');
    expect(render('{a} and {b}', { a: 1.234, b: null })).toBe('1.23 and —');
  });
});
