import { commentDigest, erasedProblem, erasureProblem, retentionProblem } from './privacy';

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
    expect(erasureProblem(ERASURE, 't-1')).toBeNull();
    expect(erasureProblem(ERASURE, 't-2')).toBe('data.tenantId must equal the ce_tenantid header');
    expect(erasureProblem({ ...ERASURE, erasureId: 'x' }, 't-1')).toBe('erasureId must be a UUID');
    expect(erasureProblem({ ...ERASURE, feedbackIds: [1] }, 't-1')).toBe(
      'feedbackIds must be an array of strings',
    );
  });

  it('accepts a confirmation only from a known service with counts', () => {
    const ok = {
      tenantId: 't-1',
      erasureId: ERASURE.erasureId,
      service: 'act',
      erasedAt: ERASURE.requestedAt,
      rows: { 'act.actions': 1 },
    };
    expect(erasedProblem(ok, 't-1')).toBeNull();
    expect(erasedProblem({ ...ok, service: 'console' }, 't-1')).toBe(
      'service must be one of listen, measure, act, collect',
    );
    expect(erasedProblem({ ...ok, rows: { 'act.actions': -1 } }, 't-1')).toBe(
      'rows must map table names to counts',
    );
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
    expect(retentionProblem(limits, 't-1')).toBeNull();
    expect(retentionProblem({ ...limits, deliveryLogDays: 0 }, 't-1')).toBe(
      'deliveryLogDays must be null or whole days from 1 to 3650',
    );
    expect(retentionProblem({ ...limits, commentSampleDays: 1.5 }, 't-1')).toBe(
      'commentSampleDays must be null or whole days from 1 to 3650',
    );
  });
});
