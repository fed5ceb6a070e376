/**
 * Events as the services publish them, for tests that feed a consumer directly: every field a
 * test does not look at is filled with a fixed, plausible value; `over` sets the rest.
 */
import type { Cycle, FeedbackRecordedV1, GapDetectedV1 } from '@continuum/contracts';

/** A significant NPS drop (30 → 10) on one touchpoint in `cycle`, compared with the cycle before. */
export function npsDropGap(
  tenantId: string,
  touchpoint: string,
  cycle: Cycle,
  over: Partial<GapDetectedV1> = {},
): GapDetectedV1 {
  return {
    tenantId,
    gapKey: `${tenantId}:touchpoint:${touchpoint}:nps/v1:${cycle.start}:vs-previous`,
    kind: 'vs-previous',
    scope: { kind: 'touchpoint', id: touchpoint },
    indicator: 'nps/v1',
    cycle,
    previous: 30,
    current: 10,
    nPrevious: 400,
    nCurrent: 380,
    delta: -20,
    ci: [-27, -13],
    p: 0.00001,
    q: 0.0001,
    target: null,
    stage: 'buy',
    owner: 'payments',
    themes: [],
    sampleComments: [],
    ...over,
  };
}

/** A recorded answer with only an NPS score (2, a detractor), occurred and received now. */
export function feedbackRecorded(
  tenantId: string,
  over: Partial<FeedbackRecordedV1> = {},
): FeedbackRecordedV1 {
  const now = new Date().toISOString();
  return {
    feedbackId: 'f',
    tenantId,
    touchpoint: 'checkout',
    stage: null,
    owner: null,
    channel: 'web',
    customerId: null,
    occurredAt: now,
    receivedAt: now,
    nps: 2,
    csat: null,
    ces: null,
    emoji: null,
    comment: null,
    language: null,
    sentiment: null,
    themes: [],
    segment: {},
    consentToContact: true,
    flags: [],
    ...over,
  };
}

/** NPS answers of a mix of promoters (9, 10), passives (7, 8) and detractors (0–6), in that order. */
export function npsScores([promoters, passives, detractors]: readonly [number, number, number]): number[] {
  return [
    ...Array.from({ length: promoters }, (_, i) => 9 + (i % 2)),
    ...Array.from({ length: passives }, (_, i) => 7 + (i % 2)),
    ...Array.from({ length: detractors }, (_, i) => i % 7),
  ];
}

/** A contact centre's journey of one touchpoint, the agent's call, in Rome's time zone. */
export const agentCallJourney = (cycle: 'day' | 'week') => ({
  stages: [{ id: 'support', name: 'Support', owner: 'care' }],
  touchpoints: [{ id: 'agent-call', name: 'Agent call', stage: 'support', channel: 'voice' }],
  cycle,
  timeZone: 'Europe/Rome',
});

/** A journey of two teams: delivery (the courier) belongs to logistics, support (the help desk) to customer care. */
export const TWO_TEAM_JOURNEY = {
  stages: [
    { id: 'deliver', name: 'Deliver', owner: 'logistics' },
    { id: 'support', name: 'Support', owner: 'customer-care' },
  ],
  touchpoints: [
    { id: 'courier', name: 'Courier', stage: 'deliver', owner: 'logistics' },
    { id: 'helpdesk', name: 'Help desk', stage: 'support', owner: 'customer-care' },
  ],
};

/** A playbook rule opening a customer follow-up whose description is the evidence. */
export function followUpRule(
  name: string,
  when: Record<string, unknown>,
  action: { title: string; priority: string; slaHours: number; escalation?: string[] },
) {
  return {
    name,
    when,
    action: {
      title: action.title,
      description: '{evidence}',
      category: 'customer-follow-up',
      priority: action.priority,
      slaHours: action.slaHours,
      escalation: action.escalation ?? [],
    },
  };
}
