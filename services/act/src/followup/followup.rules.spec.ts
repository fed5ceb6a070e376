import { createEvent, Topic, type FeedbackRecordedV1 } from '@continuum/contracts';
import { followupAction, followupDedupKey, isDetractor } from './followup.rules';

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
    segment: {},
    consentToContact: true,
    flags: [],
    ...over,
  };
}

const event = (f: FeedbackRecordedV1) =>
  createEvent({ id: 'e-1', type: Topic.FeedbackRecorded, source: '/t', tenantId: f.tenantId, data: f });
const now = new Date('2026-11-23T12:00:00.000Z');

describe('inner-loop follow-up rule', () => {
  it('takes NPS 0–6 as detractors, 7–10 and no NPS as not', () => {
    expect([0, 6, 7, 10].map((nps) => isDetractor(feedback({ nps })))).toEqual([true, true, false, false]);
    expect(isDetractor(feedback({ nps: null, csat: 1 }))).toBe(false);
  });

  it('opens a high-priority call-back for a consenting strong detractor, due in 24 h', () => {
    const sut = followupAction(event(feedback()), now, () => 'a-1');
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
    });
    expect(sut.description).toContain('Comment (redacted): pagamento fallito, chiamatemi al [PHONE]');
    expect(sut.description).toContain('Themes: billing.');
  });

  it('says not to call when there is no consent, and uses the journey owner when known', () => {
    const sut = followupAction(
      event(feedback({ nps: 5, consentToContact: false, owner: 'payments', stage: 'buy' })),
      now,
    );
    expect(sut.title).toBe('Review detractor feedback (NPS 5) at checkout — no consent to contact');
    expect(sut).toMatchObject({ owner: 'payments', stage: 'buy', priority: 'medium', slaHours: 48 });
    expect(sut.description).toContain('do not call');
  });

  it('keys follow-ups by customer, or by feedback when anonymous', () => {
    expect(followupDedupKey(feedback())).toBe('followup:customer:c-1');
    expect(followupDedupKey(feedback({ customerId: null }))).toBe('followup:feedback:f-1');
  });
});
