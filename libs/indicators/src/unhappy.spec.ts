import { isUnhappy, unhappyBecause, unhappySql, type AnswerScores } from './unhappy';

const answer = (over: Partial<AnswerScores>): AnswerScores => ({
  nps: null,
  csat: null,
  ces: null,
  emoji: null,
  sentiment: null,
  ...over,
});

describe('isUnhappy (unhappy/v1)', () => {
  const sut = isUnhappy;

  it('takes the bottom of each scale: NPS 0–6, CSAT 1–2, CES 1–3, emoji 1–2', () => {
    expect([6, 7].map((nps) => sut(answer({ nps })))).toEqual([true, false]);
    expect([2, 3].map((csat) => sut(answer({ csat })))).toEqual([true, false]);
    expect([3, 4].map((ces) => sut(answer({ ces })))).toEqual([true, false]);
    expect([2, 3].map((emoji) => sut(answer({ emoji })))).toEqual([true, false]);
  });

  it('is unhappy when any score is bad, whichever comes first: NPS 8 with CSAT 1 is unhappy', () => {
    expect(sut(answer({ nps: 8, csat: 1 }))).toBe(true);
    expect(sut(answer({ nps: 2, csat: 5 }))).toBe(true);
    expect(sut(answer({ nps: 9, csat: 5, ces: 6, emoji: 5 }))).toBe(false);
    expect(unhappyBecause(answer({ nps: 8, csat: 1, ces: 2 }))).toEqual(['csat', 'ces']);
  });

  it('reads the comment only when there is no score: a negative comment never overrules a good score', () => {
    expect(sut(answer({ sentiment: -0.4 }))).toBe(true);
    expect(sut(answer({ sentiment: 0 }))).toBe(false);
    expect(sut(answer({ nps: 9, sentiment: -0.8 }))).toBe(false);
    expect(unhappyBecause(answer({ sentiment: -0.4 }))).toEqual(['sentiment']);
    expect(sut(answer({}))).toBe(false);
  });
});

describe('unhappySql', () => {
  const sut = unhappySql;

  it('spells the same table in SQL, NULL scores being absent answers', () => {
    expect(sut('c')).toBe(
      'COALESCE(c.nps <= 6 OR c.csat <= 2 OR c.ces <= 3 OR c.emoji <= 2 OR ' +
        '(c.nps IS NULL AND c.csat IS NULL AND c.ces IS NULL AND c.emoji IS NULL AND c.sentiment < 0), false)',
    );
    expect(sut()).toContain('nps <= 6 OR csat <= 2');
  });

  it('refuses anything but a plain alias', () => {
    expect(() => sut('c; DROP TABLE x')).toThrow(RangeError);
  });
});
