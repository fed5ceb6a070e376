import { eventProblems, Topic, type JourneyV1 } from '@continuum/contracts';
import { defaultSettings, journeyProblem, ownershipOf, settingsFromJourney } from './journey.settings';

const journey: JourneyV1 = {
  tenantId: 'acme',
  version: 3,
  stages: [
    { id: 'buy', name: 'Buy', owner: 'e-commerce' },
    { id: 'support', name: 'Support', owner: null },
  ],
  touchpoints: [
    { id: 'checkout', name: 'Checkout', stage: 'buy', channel: 'web', owner: 'payments' },
    { id: 'product-page', name: 'Product page', stage: 'buy', channel: null, owner: null },
    { id: 'ivr', name: 'IVR', stage: 'support', channel: 'voice', owner: null },
  ],
  teams: [],
  targets: [
    { scope: { kind: 'touchpoint', id: 'checkout' }, indicator: 'nps/v1', op: '>=', value: 20 },
    { scope: { kind: 'journey', id: '*' }, indicator: 'abandonment/rate/v1', op: '<=', value: 8 },
    { scope: { kind: 'journey', id: '*' }, indicator: 'loyalty/v9', op: '>=', value: 1 },
  ],
  cycle: 'week',
  timeZone: 'Europe/Rome',
  repeatContactWindowDays: 7,
};

describe('journey settings', () => {
  it('defaults to daily UTC cycles with no targets', () => {
    expect(defaultSettings('t1')).toMatchObject({
      version: null,
      cycle: 'day',
      timeZone: 'UTC',
      targets: [],
    });
  });

  it('reads cycle, zone, targets and owners, inheriting a stage owner', () => {
    const sut = settingsFromJourney(journey);
    expect(sut).toMatchObject({ version: 3, cycle: 'week', timeZone: 'Europe/Rome' });
    // The unknown indicator is kept in the journey but not evaluated.
    expect(sut.targets).toEqual([
      {
        scope: { kind: 'touchpoint', id: 'checkout' },
        indicator: 'nps/v1',
        direction: 'at-least',
        value: 20,
      },
      {
        scope: { kind: 'journey', id: '*' },
        indicator: 'abandonment/rate/v1',
        direction: 'at-most',
        value: 8,
      },
    ]);
    expect(ownershipOf(sut, { kind: 'touchpoint', id: 'checkout' })).toEqual({
      stage: 'buy',
      owner: 'payments',
    });
    expect(ownershipOf(sut, { kind: 'touchpoint', id: 'product-page' })).toEqual({
      stage: 'buy',
      owner: 'e-commerce',
    });
    expect(ownershipOf(sut, { kind: 'stage', id: 'support' })).toEqual({ stage: 'support', owner: null });
    expect(ownershipOf(sut, { kind: 'channel', id: 'web' })).toEqual({ stage: null, owner: null });
  });

  it('names the problem of a journey it cannot use', () => {
    expect(journeyProblem(journey)).toBeNull();
    expect(journeyProblem({ ...journey, timeZone: 'Mars/Olympus' })).toBe(
      'timeZone: Mars/Olympus is not an IANA time zone',
    );
    // The shape is the topic's JSON Schema, applied by decodeEvents before this.
    expect(eventProblems(Topic.Journey, journey)).toEqual([]);
    expect(eventProblems(Topic.Journey, { ...journey, version: 0 })[0].field).toBe('version');
    expect(eventProblems(Topic.Journey, { ...journey, cycle: 'hour' })).toEqual([
      { field: 'cycle', reason: 'cycle must be one of day, week, month' },
    ]);
    expect(
      eventProblems(Topic.Journey, {
        ...journey,
        targets: [{ scope: { kind: 'journey', id: '*' }, op: '>' }],
      })[0].field,
    ).toMatch(/^targets\.0\./);
  });
});
