import type { ActionView } from '@continuum/contracts';

/**
 * For unit specs: an open action on a gap (NPS fell at touchpoint checkout), owned by payments;
 * `over` sets what a spec looks at.
 */
export function actionViewOf(over: Partial<ActionView> = {}): ActionView {
  return {
    id: '5b0c3e8e-4c1a-4f3e-9d61-0d4c0b8d5a11',
    tenantId: 't',
    dedupKey: 'gap:touchpoint:checkout:nps/v1:vs-previous',
    loop: 'outer',
    title: 'nps/v1 fell by -20 at touchpoint checkout',
    description:
      '\nnps/v1 at touchpoint checkout is 10 (n=380) against the previous cycle 30\nSample comments',
    status: 'open',
    owner: 'payments',
    category: 'process',
    priority: 'critical',
    stage: 'buy',
    touchpoint: 'checkout',
    customerId: null,
    sourceEventId: 'e',
    slaHours: 24,
    dueAt: '2026-12-06T14:30:00.000Z',
    createdAt: '2026-12-05T14:30:00.000Z',
    updatedAt: '2026-12-05T14:30:00.000Z',
    rule: 'gaps',
    playbookVersion: 0,
    escalationChain: ['payments-lead'],
    escalationLevel: 0,
    gapKey: 'g',
    indicator: 'nps/v1',
    scope: { kind: 'touchpoint', id: 'checkout' },
    rootCause: null,
    effort: null,
    cost: null,
    resolvedAt: null,
    verifiedAt: null,
    ...over,
  };
}
