import { Ticker } from './ticker';

describe(Ticker.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs on start, then an interval after each run ends, at once again after a full batch', async () => {
    const results = [true, false, false];
    let runs = 0;
    const sut = new Ticker(1000, async () => results[runs++] ?? false, jest.fn());
    sut.start();
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2); // the first run had more to do
    await jest.advanceTimersByTimeAsync(998);
    expect(runs).toBe(2);
    await jest.advanceTimersByTimeAsync(2);
    expect(runs).toBe(3);
    await sut.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(3);
  });

  it('never overlaps its runs: tick waits for the run in hand', async () => {
    let release!: () => void;
    let runs = 0;
    const sut = new Ticker(
      1000,
      () => {
        runs += 1;
        return new Promise<void>((r) => (release = r));
      },
      jest.fn(),
    );
    sut.start();
    await jest.advanceTimersByTimeAsync(0);
    const waiting = sut.tick();
    sut.poke();
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    release();
    await waiting;
    await sut.stop();
    expect(runs).toBe(1);
  });

  it('reports a failure once until a run succeeds or the message changes', async () => {
    const errors = ['down', 'down', 'down', null, 'down', 'other'];
    let i = 0;
    const onError = jest.fn();
    const sut = new Ticker(
      10,
      async () => {
        const e = errors[i++];
        if (e) throw new Error(e);
      },
      onError,
    );
    sut.start();
    await jest.advanceTimersByTimeAsync(100);
    await sut.stop();
    expect(onError.mock.calls.map(([e]) => (e as Error).message)).toEqual(['down', 'down', 'other']);
  });

  it('does not start with an interval of 0, yet runs when ticked, told whether to stop', async () => {
    const seen: boolean[] = [];
    const sut = new Ticker(
      0,
      async (shouldStop) => {
        seen.push(shouldStop());
      },
      jest.fn(),
    );
    sut.start();
    await jest.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual([]);
    await sut.tick();
    await sut.stop();
    await sut.tick();
    expect(seen).toEqual([false, true]);
  });
});
