import { backoffMs } from './backoff';

describe('webhook backoff', () => {
  it('doubles from the base up to the cap, with at most 10% jitter', () => {
    const none = () => 0;
    expect([1, 2, 3, 4].map((a) => backoffMs(a, 1000, 5000, none))).toEqual([1000, 2000, 4000, 5000]);
    expect(backoffMs(1, 1000, 5000, () => 1)).toBe(1100);
  });
});
