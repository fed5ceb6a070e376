import { eventProblems, Topic, type InvitationStatusV1 } from '@continuum/contracts';
import { funnels, responseRate, statusProblem, type StatusCount } from './funnel';

const count = (over: Partial<StatusCount>): StatusCount => ({
  cycleLength: 'week',
  cycleStart: '2026-03-01T23:00:00.000Z',
  cycleEnd: '2026-03-08T23:00:00.000Z',
  touchpoint: 'agent-call',
  channel: 'email',
  status: 'invited',
  reason: null,
  count: 0,
  answeredDelivered: 0,
  ...over,
});

describe(funnels.name, () => {
  it('folds status counts into one funnel per cycle × touchpoint × channel, skips by reason', () => {
    const sut = funnels([
      count({ status: 'invited', count: 10 }),
      count({ status: 'skipped', reason: 'policy:channel', count: 2 }),
      count({ status: 'skipped', reason: 'opt-out', count: 1 }),
      count({ status: 'delivered', count: 6 }),
      count({ status: 'bounced', count: 1 }),
      count({ status: 'opened', count: 4 }),
      count({ status: 'answered', count: 3, answeredDelivered: 3 }),
      count({ channel: 'sms', status: 'invited', count: 1 }),
    ]);
    expect(sut).toHaveLength(2);
    expect(sut[0]).toMatchObject({
      channel: 'email',
      invited: 10,
      skipped: 3,
      skippedByReason: { 'policy:channel': 2, 'opt-out': 1 },
      delivered: 6,
      bounced: 1,
      failed: 0,
      opened: 4,
      answered: 3,
      responseRate: { indicator: 'response/rate/v1', n: 6, value: 50 },
    });
    expect(sut[1]).toMatchObject({ channel: 'sms', invited: 1, responseRate: { n: 0, value: null } });
  });
});

describe(responseRate.name, () => {
  it('is answered ÷ delivered in percent with a Wilson interval, null without deliveries', () => {
    const sut = responseRate(1, 4);
    expect(sut.value).toBe(25);
    expect(sut.ci![0]).toBeGreaterThan(0);
    expect(sut.ci![1]).toBeLessThan(100);
    expect(responseRate(0, 0)).toEqual({ indicator: 'response/rate/v1', n: 0, value: null, ci: null });
  });
});

describe(statusProblem.name, () => {
  const ok: InvitationStatusV1 = {
    tenantId: 't',
    invitationId: 'inv-1',
    status: 'skipped',
    touchpoint: 'agent-call',
    channel: 'email',
    invitedAt: '2026-03-02T10:00:00.000Z',
    at: '2026-03-02T10:00:00.000Z',
    reason: 'opt-out',
  };
  it('accepts a valid status and names what is wrong with others', () => {
    expect(statusProblem(ok)).toBeNull();
    expect(statusProblem({ ...ok, reason: null })).toMatch(/reason/);
    expect(statusProblem({ ...ok, status: 'delivered' })).toMatch(/reason/);
    // The shape is the topic's JSON Schema, which decodeEvents applies first.
    expect(eventProblems(Topic.InvitationStatus, ok)).toEqual([]);
    expect(eventProblems(Topic.InvitationStatus, { ...ok, status: 'lost' })[0].field).toBe('status');
    expect(eventProblems(Topic.InvitationStatus, { ...ok, invitedAt: 'soon' })[0].field).toBe('invitedAt');
  });
});
