import { RateLimiter } from './rate-limiter';

describe(RateLimiter.name, () => {
  const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

  it('admits up to the limit in a window, then says how long to wait', () => {
    const sut = new RateLimiter(3, 60_000);
    expect([1, 2, 3].map(() => sut.admit('tok', T0).ok)).toEqual([true, true, true]);
    expect(sut.admit('tok', T0 + 15_000)).toEqual({ ok: false, retryAfterSeconds: 45 });
    expect(sut.admit('tok', T0 + 59_500)).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it('counts each key apart and starts afresh when the window ends', () => {
    const sut = new RateLimiter(1, 10_000);
    expect(sut.admit('a', T0).ok).toBe(true);
    expect(sut.admit('b', T0).ok).toBe(true);
    expect(sut.admit('a', T0 + 1).ok).toBe(false);
    expect(sut.admit('a', T0 + 10_000).ok).toBe(true);
  });

  it('keeps memory bounded under a flood of distinct keys, dropping expired windows first', () => {
    const sut = new RateLimiter(1, 1_000, 3);
    sut.admit('old', T0);
    sut.admit('x', T0 + 500);
    sut.admit('y', T0 + 500);
    // The map is full: 'old' has expired and makes room; 'x' keeps its count.
    expect(sut.admit('z', T0 + 1_200).ok).toBe(true);
    expect(sut.admit('x', T0 + 1_300).ok).toBe(false);
  });
});
