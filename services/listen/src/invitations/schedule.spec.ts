import { firstSendTime, sampled } from './schedule';

describe(firstSendTime.name, () => {
  const quiet = { from: '21:00', to: '08:00' };
  it('sends at once outside the quiet hours', () => {
    const at = new Date('2026-11-23T12:00:00.000Z'); // 13:00 in Rome
    expect(firstSendTime(at, quiet, 'Europe/Rome')).toEqual(at);
    expect(firstSendTime(at, null, 'Europe/Rome')).toEqual(at);
  });

  it('waits for the end of the quiet hours in the journey time zone, across midnight', () => {
    // 22:30 in Rome (UTC+1 in November) → 08:00 Rome = 07:00Z next day.
    expect(firstSendTime(new Date('2026-11-23T21:30:00.000Z'), quiet, 'Europe/Rome')).toEqual(
      new Date('2026-11-24T07:00:00.000Z'),
    );
    // 06:15 in Rome → 08:00 the same day.
    expect(firstSendTime(new Date('2026-11-24T05:15:00.000Z'), quiet, 'Europe/Rome')).toEqual(
      new Date('2026-11-24T07:00:00.000Z'),
    );
    // The same instant is not quiet in New York (16:30).
    const ny = new Date('2026-11-23T21:30:00.000Z');
    expect(firstSendTime(ny, quiet, 'America/New_York')).toEqual(ny);
  });

  it('handles a window within one day', () => {
    const lunch = { from: '12:00', to: '14:00' };
    expect(firstSendTime(new Date('2026-06-01T12:30:00.000Z'), lunch, 'UTC')).toEqual(
      new Date('2026-06-01T14:00:00.000Z'),
    );
  });
});

describe(sampled.name, () => {
  it('is stable per interaction and close to the rate over many', () => {
    expect(sampled('t', 'ix-1', 0.5)).toBe(sampled('t', 'ix-1', 0.5));
    const n = Array.from({ length: 4000 }, (_, i) => sampled('t', `ix-${i}`, 0.25)).filter(Boolean).length;
    expect(n).toBeGreaterThan(850);
    expect(n).toBeLessThan(1150);
    expect(sampled('t', 'x', 0)).toBe(false);
    expect(sampled('t', 'x', 1)).toBe(true);
  });
});
