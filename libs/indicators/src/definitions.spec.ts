import { INDICATORS, INDICATOR_IDS, isIndicatorId } from './definitions';

describe('INDICATORS', () => {
  it('has one consistent entry per id', () => {
    expect(Object.keys(INDICATORS).sort()).toEqual([...INDICATOR_IDS].sort());
    for (const id of INDICATOR_IDS) {
      const def = INDICATORS[id];
      expect(def.id).toBe(id);
      expect(def.domain !== null).toBe(def.kind === 'histogram');
      expect(def.scale !== null).toBe(def.kind === 'mean');
    }
  });

  it('encodes the agreed directions and minimum effects', () => {
    expect(INDICATORS['ces/mean-7/v1']).toMatchObject({
      direction: 'higher-is-better',
      domain: { min: 1, max: 7 },
      minimumEffect: 0.2,
    });
    expect(INDICATORS['nps/v1']).toMatchObject({
      domain: { min: 0, max: 10 },
      minimumEffect: 5,
      unit: 'nps-points',
    });
    expect(INDICATORS['csat/top2box-5/v1']).toMatchObject({ unit: 'percent', minimumEffect: 3 });
    expect(INDICATORS['abandonment/rate/v1']).toMatchObject({
      direction: 'lower-is-better',
      minimumEffect: 2,
    });
    expect(INDICATORS['fcr/rate/v1']).toMatchObject({ direction: 'higher-is-better', minimumEffect: 2 });
    expect(INDICATORS['handle/mean-seconds/v1']).toMatchObject({
      direction: 'lower-is-better',
      unit: 'seconds',
    });
  });

  it('recognises ids', () => {
    expect(isIndicatorId('nps/v1')).toBe(true);
    expect(isIndicatorId('nps/v2')).toBe(false);
  });
});
