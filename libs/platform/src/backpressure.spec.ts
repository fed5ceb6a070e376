import { RateLimiter } from './backpressure';

describe('RateLimiter', () => {
  it('lets a burst through, then one request per 1/rate seconds, per key', () => {
    let now = 0;
    const sut = new RateLimiter(2, 3, () => now);
    expect([sut.take('a'), sut.take('a'), sut.take('a')]).toEqual([0, 0, 0]);
    expect(sut.take('a')).toBe(1);
    expect(sut.take('b')).toBe(0);
    now += 500; // one token back at 2/s
    expect(sut.take('a')).toBe(0);
    expect(sut.take('a')).toBe(1);
    now += 10_000; // refills up to the burst, no further
    expect([sut.take('a'), sut.take('a'), sut.take('a'), sut.take('a')]).toEqual([0, 0, 0, 1]);
  });

  it('tells how long to wait when the rate is slow', () => {
    const sut = new RateLimiter(0.1, 1, () => 0);
    expect(sut.take('k')).toBe(0);
    expect(sut.take('k')).toBe(10);
  });
});
