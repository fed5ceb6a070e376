import { digestDue, digestPeriod, formatLocal } from './digest-schedule';

describe(digestPeriod.name, () => {
  it('a daily digest belongs to the local date of the journey time zone, not the UTC one', () => {
    // 23:30 UTC on 1 March is 00:30 on 2 March in Rome (UTC+1).
    const now = new Date('2026-03-01T23:30:00.000Z');
    const sut = digestPeriod(now, { every: 'day', at: '08:00' }, 'Europe/Rome');
    expect(sut).toEqual({
      key: 'day:2026-03-02',
      sendAt: new Date('2026-03-02T07:00:00.000Z'),
      previousSendAt: new Date('2026-03-01T07:00:00.000Z'),
    });
    expect(digestPeriod(now, { every: 'day', at: '08:00' }, 'UTC').key).toBe('day:2026-03-01');
  });

  it('a weekly digest starts on its weekday (monday by default), across month ends', () => {
    // Wednesday 4 March 2026.
    const now = new Date('2026-03-04T12:00:00.000Z');
    expect(digestPeriod(now, { every: 'week', at: '09:00' }, 'UTC')).toEqual({
      key: 'week:2026-03-02',
      sendAt: new Date('2026-03-02T09:00:00.000Z'),
      previousSendAt: new Date('2026-02-23T09:00:00.000Z'),
    });
    expect(digestPeriod(now, { every: 'week', at: '09:00', weekday: 'friday' }, 'UTC').key).toBe(
      'week:2026-02-27',
    );
    expect(digestPeriod(now, { every: 'week', at: '09:00', weekday: 'wednesday' }, 'UTC').key).toBe(
      'week:2026-03-04',
    );
  });

  it('keeps the local hour across a DST change (Rome moves to UTC+2 on 29 March 2026)', () => {
    const before = digestPeriod(
      new Date('2026-03-28T12:00:00.000Z'),
      { every: 'day', at: '08:00' },
      'Europe/Rome',
    );
    const after = digestPeriod(
      new Date('2026-03-29T12:00:00.000Z'),
      { every: 'day', at: '08:00' },
      'Europe/Rome',
    );
    expect(before.sendAt).toEqual(new Date('2026-03-28T07:00:00.000Z'));
    expect(after.sendAt).toEqual(new Date('2026-03-29T06:00:00.000Z'));
    expect(after.previousSendAt).toEqual(before.sendAt);
  });

  it('is due once its time has come, and only if that time is after the channel was set', () => {
    const p = digestPeriod(new Date('2026-03-02T10:00:00.000Z'), { every: 'day', at: '08:00' }, 'UTC');
    const early = new Date('2026-03-01T18:00:00.000Z');
    expect(digestDue(p, new Date('2026-03-02T07:59:00.000Z'), early)).toBe(false);
    expect(digestDue(p, new Date('2026-03-02T08:00:00.000Z'), early)).toBe(true);
    // Set at 09:00: today's 08:00 digest is not sent (so replacing channels never repeats it).
    expect(digestDue(p, new Date('2026-03-02T10:00:00.000Z'), new Date('2026-03-02T09:00:00.000Z'))).toBe(
      false,
    );
  });

  it('formats instants in the zone', () => {
    expect(formatLocal(new Date('2026-03-01T23:30:00.000Z'), 'Asia/Kolkata')).toBe('2026-03-02 05:00');
  });
});
