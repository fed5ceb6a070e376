import { minInsyncReplicas } from './topics-admin';

describe('minInsyncReplicas', () => {
  it('asks two in-sync replicas of three or more, one below that', () => {
    expect([1, 2, 3, 4, 5].map(minInsyncReplicas)).toEqual([1, 1, 2, 2, 2]);
  });
});
