import { cycleOf, previousCycle } from './cycle';

describe('cycleOf', () => {
  it('cuts UTC days at midnight UTC', () => {
    expect(cycleOf('2026-03-10T23:59:59Z', 'day')).toEqual({
      length: 'day',
      start: '2026-03-10T00:00:00.000Z',
      end: '2026-03-11T00:00:00.000Z',
    });
  });

  it("cuts Rome's days at Rome's midnight, winter and summer", () => {
    expect(cycleOf('2026-01-15T23:30:00Z', 'day', 'Europe/Rome').start).toBe('2026-01-15T23:00:00.000Z');
    expect(cycleOf('2026-07-15T21:30:00Z', 'day', 'Europe/Rome').start).toBe('2026-07-14T22:00:00.000Z');
    expect(cycleOf('2026-07-15T22:30:00Z', 'day', 'Europe/Rome').start).toBe('2026-07-15T22:00:00.000Z');
  });

  it('gives the DST-change day 23 hours in Rome', () => {
    const c = cycleOf('2026-03-29T12:00:00Z', 'day', 'Europe/Rome');
    expect(c.start).toBe('2026-03-28T23:00:00.000Z');
    expect(c.end).toBe('2026-03-29T22:00:00.000Z');
  });

  it('starts ISO weeks on Monday and months on the 1st', () => {
    // 2026-11-23 is a Monday; 2026-11-29 a Sunday.
    expect(cycleOf('2026-11-29T10:00:00Z', 'week').start).toBe('2026-11-23T00:00:00.000Z');
    expect(cycleOf('2026-11-29T10:00:00Z', 'week').end).toBe('2026-11-30T00:00:00.000Z');
    expect(cycleOf('2026-12-31T23:00:00Z', 'month', 'Europe/Rome')).toEqual({
      length: 'month',
      start: '2026-12-31T23:00:00.000Z',
      end: '2027-01-31T23:00:00.000Z',
    });
  });

  it('finds the previous cycle across a month boundary', () => {
    const c = cycleOf('2026-03-01T08:00:00Z', 'day', 'Europe/Rome');
    expect(previousCycle(c, 'Europe/Rome').start).toBe('2026-02-27T23:00:00.000Z');
  });
});
