import { effectivenessReport, median, summarise, type OutcomeRow } from './effectiveness';

const row = (over: Partial<OutcomeRow>): OutcomeRow => ({
  actionId: 'a',
  owner: 'care',
  category: 'process',
  indicator: 'nps/v1',
  closed: true,
  hoursToVerified: 10,
  pointsRecovered: 8,
  effort: null,
  cost: null,
  ...over,
});

describe('action effectiveness', () => {
  it('takes the median of odd and even samples', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });

  it('reports the share closed, the median time to verified closure and points per unit of effort and cost', () => {
    const sut = summarise([
      row({ hoursToVerified: 24, pointsRecovered: 10, effort: 2, cost: 1000 }),
      row({ hoursToVerified: 48, pointsRecovered: 6, effort: 2 }),
      row({ closed: false, hoursToVerified: null, pointsRecovered: -2, effort: 4 }),
      row({ closed: false, hoursToVerified: null, pointsRecovered: null }),
    ]);
    expect(sut).toEqual({
      actions: 4,
      closed: 2,
      shareClosed: 0.5,
      medianHoursToVerified: 36,
      pointsPerEffort: 14 / 8,
      pointsPerCost: 0.01,
    });
  });

  it('breaks the figures down per owner, category and indicator', () => {
    const sut = effectivenessReport([
      row({ owner: 'payments', category: 'technology' }),
      row({ owner: 'care', closed: false, hoursToVerified: null }),
    ]);
    expect(sut.byOwner.map((g) => [g.owner, g.shareClosed])).toEqual([
      ['care', 0],
      ['payments', 1],
    ]);
    expect(sut.byCategory.map((g) => [g.category, g.actions])).toEqual([
      ['process', 1],
      ['technology', 1],
    ]);
    expect(sut.overall.pointsPerEffort).toBeNull();
  });
});
