import type { SurveyV1 } from '@continuum/contracts';
import { honeypotFilled, readAnswer } from './answer';

const text = { it: 'x', en: 'x' };
function survey(type: SurveyV1['question']['type'], over: Partial<SurveyV1> = {}): SurveyV1 {
  return {
    id: 's',
    version: 1,
    touchpoints: ['agent-call'],
    question: { type, text },
    comment: { text, maxLength: 20 },
    reasons: { text, chips: [{ id: 'waiting-time', label: text }] },
    thankYou: text,
    invitation: { subject: text, intro: text },
    channel: 'email',
    trigger: { sampling: 1, delayMinutes: 0, quietHours: null, outcomes: ['handled'] },
    expiresAfterDays: 7,
    paused: false,
    updatedAt: '2026-11-23T12:00:00.000Z',
    ...over,
  };
}

describe(readAnswer.name, () => {
  it('reads a tap with a comment, chips and consent', () => {
    expect(
      readAnswer(survey('nps'), {
        score: '3',
        comment: ' Lenta \r\n',
        reason: 'waiting-time',
        consent: 'yes',
      }),
    ).toEqual({
      ok: true,
      answer: {
        question: 'nps',
        score: 3,
        comment: 'Lenta',
        reasons: ['waiting-time'],
        consentToContact: true,
      },
    });
    expect(readAnswer(survey('emoji'), { score: 'happy' })).toMatchObject({
      ok: true,
      answer: { score: 'happy' },
    });
  });

  it('keeps each scale in range', () => {
    expect(readAnswer(survey('nps'), { score: '11' }).ok).toBe(false);
    expect(readAnswer(survey('csat'), { score: '0' }).ok).toBe(false);
    expect(readAnswer(survey('ces'), { score: '7' }).ok).toBe(true);
    expect(readAnswer(survey('emoji'), { score: '4' }).ok).toBe(false);
    expect(readAnswer(survey('nps'), {})).toEqual({
      ok: false,
      problems: [{ field: 'score', reason: 'choose an answer' }],
    });
  });

  it('tells a filled honeypot apart (the page thanks it and keeps nothing)', () => {
    expect(honeypotFilled({ score: '5', website: 'http://spam' })).toBe(true);
    expect(honeypotFilled({ score: '5', website: ['http://spam'] })).toBe(true);
    expect(honeypotFilled({ score: '5', website: '' })).toBe(false);
    expect(honeypotFilled({ score: '5' })).toBe(false);
  });

  it('names an oversized comment, markup and unknown chips', () => {
    const sut = readAnswer(survey('nps'), {
      score: '5',
      comment: '<script>alert(1)</script>',
      reason: ['nope'],
    });
    expect(sut).toEqual({
      ok: false,
      problems: [
        { field: 'comment', reason: 'comment must be at most 20 characters' },
        { field: 'reason', reason: 'reason must be one of the choices shown' },
      ],
    });
    expect(readAnswer(survey('nps'), { score: '5', comment: 'a <b>bold</b> move' })).toEqual({
      ok: false,
      problems: [{ field: 'comment', reason: 'comment must be plain text, without HTML or scripts' }],
    });
    expect(readAnswer(survey('nps'), { score: '5', comment: 'I <3 it, 2 < 3' }).ok).toBe(true);
  });
});
