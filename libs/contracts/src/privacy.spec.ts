import { commentDigest } from './privacy';
import { eventProblems } from './schemas/payloads';
import { Topic } from './topics';

const ERASURE = {
  tenantId: 't-1',
  erasureId: '4f6c1f0e-2a5b-4c1d-9e8f-0a1b2c3d4e5f',
  customerId: 'crm-1',
  feedbackIds: ['f-1'],
  eventIds: [],
  commentDigests: [commentDigest('Attesa infinita')],
  invitationKeys: [],
  requestedAt: '2026-03-02T09:00:00.000Z',
};

describe('privacy payload checks', () => {
  it('digests a comment as the SHA-256 of its text, in lowercase hex', () => {
    expect(commentDigest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('accepts a well-formed erasure and names what is wrong with a bad one', () => {
    // The tenant against ce_tenantid is decodeEvents' check (libs/kafka).
    const problems = (d: object) => eventProblems(Topic.PrivacyErasure, d);
    expect(problems(ERASURE)).toEqual([]);
    expect(problems({ ...ERASURE, erasureId: 'x' })).toEqual([
      { field: 'erasureId', reason: 'erasureId must be a uuid' },
    ]);
    expect(problems({ ...ERASURE, feedbackIds: [1] })).toEqual([
      { field: 'feedbackIds.0', reason: 'item 0 must be a string' },
    ]);
  });

  it('accepts a confirmation only from a known service with counts', () => {
    const ok = {
      tenantId: 't-1',
      erasureId: ERASURE.erasureId,
      service: 'act',
      erasedAt: ERASURE.requestedAt,
      rows: { 'act.actions': 1 },
    };
    const problems = (d: object) => eventProblems(Topic.PrivacyErased, d);
    expect(problems(ok)).toEqual([]);
    expect(problems({ ...ok, service: 'console' })).toEqual([
      { field: 'service', reason: 'service must be one of listen, measure, act, collect' },
    ]);
    expect(problems({ ...ok, rows: { 'act.actions': -1 } })).toEqual([
      { field: 'rows.act.actions', reason: 'act.actions must not be less than 0' },
    ]);
  });

  it('accepts null or whole days from 1 to 3650 as limits', () => {
    const limits = {
      tenantId: 't-1',
      feedbackDays: null,
      interactionDays: 90,
      commentSampleDays: 1,
      resolvedActionDays: 3650,
      deliveryLogDays: null,
    };
    const problems = (d: object) => eventProblems(Topic.PrivacyRetention, d);
    expect(problems(limits)).toEqual([]);
    expect(problems({ ...limits, deliveryLogDays: 0 })).toEqual([
      { field: 'deliveryLogDays', reason: 'deliveryLogDays must not be less than 1' },
    ]);
    expect(problems({ ...limits, commentSampleDays: 1.5 })).toEqual([
      { field: 'commentSampleDays', reason: 'commentSampleDays must be an integer number or null' },
    ]);
  });
});
