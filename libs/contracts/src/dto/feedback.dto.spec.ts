import { FeedbackDto, RawFeedbackDto } from './feedback.dto';
import { validateOneOrMany, validatePayload } from './validate';

const valid = { id: 'f-1', touchpoint: 'checkout', nps: 3 };

function problemsOf(body: unknown) {
  const r = validatePayload(FeedbackDto, body);
  return r.ok ? [] : r.problems;
}

describe('FeedbackDto', () => {
  it('accepts a minimal answer and every optional field', () => {
    expect(validatePayload(FeedbackDto, valid).ok).toBe(true);
    const full = {
      ...valid,
      channel: 'web',
      customerId: 'c-1',
      occurredAt: new Date(Date.now() - 3600_000).toISOString(),
      csat: 4,
      ces: 6,
      emoji: '🙂',
      comment: 'ok',
      segment: { plan: 'fibra', region: 'Lombardia' },
      consentToContact: true,
    };
    const r = validatePayload(FeedbackDto, full);
    expect(r.ok && r.value).toBeInstanceOf(FeedbackDto);
  });

  it.each([
    [{ ...valid, nps: 11 }, 'nps', 'nps must not be greater than 10'],
    [{ ...valid, nps: -1 }, 'nps', 'nps must not be less than 0'],
    [{ ...valid, nps: 7.5 }, 'nps', 'nps must be an integer number'],
    [{ ...valid, nps: '7' }, 'nps', 'nps must be an integer number'],
    [{ ...valid, csat: 0 }, 'csat', 'csat must not be less than 1'],
    [{ ...valid, ces: 8 }, 'ces', 'ces must not be greater than 7'],
    [{ ...valid, emoji: '🤡' }, 'emoji', 'emoji must be one of 😡 angry 🙁 sad 😐 neutral 🙂 happy 😍 love'],
    [{ ...valid, id: '' }, 'id', expect.stringContaining('id must be 1–128 characters') as unknown as string],
    [
      { ...valid, id: 'a b' },
      'id',
      expect.stringContaining('id must be 1–128 characters') as unknown as string,
    ],
    [
      { ...valid, comment: 'x'.repeat(5001) },
      'comment',
      'comment must be shorter than or equal to 5000 characters',
    ],
    [{ ...valid, consentToContact: 'yes' }, 'consentToContact', 'consentToContact must be a boolean value'],
    [
      { ...valid, segment: { plan: 3 } },
      'segment',
      expect.stringContaining('segment must be an object') as unknown as string,
    ],
    [{ ...valid, extra: 1 }, 'extra', 'extra is not a known field'],
  ])('refuses %j naming %s', (body, field, reason) => {
    expect(problemsOf(body)).toContainEqual({ field, reason });
  });

  it('refuses timestamps without an offset, far in the past or in the future', () => {
    for (const occurredAt of [
      '2026-01-01T10:00:00',
      '1999-01-01T00:00:00Z',
      new Date(Date.now() + 3 * 86400_000).toISOString(),
    ]) {
      expect(problemsOf({ ...valid, occurredAt }).map((p) => p.field)).toEqual(['occurredAt']);
    }
  });

  it('needs at least one score or a comment', () => {
    expect(problemsOf({ id: 'f', touchpoint: 't' })).toEqual([
      {
        field: 'nps|csat|ces|emoji|comment',
        reason: 'feedback must carry at least one of nps, csat, ces, emoji, comment',
      },
    ]);
    expect(problemsOf({ id: 'f', touchpoint: 't', comment: 'only words' })).toEqual([]);
  });

  it('refuses non-objects', () => {
    for (const body of [null, 3, 'x', [valid]]) {
      expect(problemsOf(body)).toEqual([{ field: '(body)', reason: 'must be a JSON object' }]);
    }
  });

  it('needs tenantId on the raw topic', () => {
    const r = validatePayload(RawFeedbackDto, valid);
    expect(r.ok ? [] : r.problems.map((p) => p.field)).toEqual(['tenantId']);
    expect(validatePayload(RawFeedbackDto, { ...valid, tenantId: 'acme' }).ok).toBe(true);
  });
});

describe('validateOneOrMany', () => {
  it('takes one object or an array and indexes problems', () => {
    const one = validateOneOrMany(FeedbackDto, valid, 10);
    expect(one.ok && one.values).toHaveLength(1);
    const many = validateOneOrMany(FeedbackDto, [valid, { ...valid, id: 'f-2', nps: 12 }], 10);
    expect(many).toEqual({
      ok: false,
      problems: [{ index: 1, field: 'nps', reason: 'nps must not be greater than 10' }],
    });
  });

  it('bounds the batch', () => {
    expect(validateOneOrMany(FeedbackDto, [], 10)).toEqual({
      ok: false,
      problems: [{ field: '(body)', reason: 'the array is empty' }],
    });
    const big = validateOneOrMany(FeedbackDto, new Array(11).fill(valid), 10);
    expect(big).toEqual({
      ok: false,
      problems: [{ field: '(body)', reason: 'at most 10 items per request, got 11' }],
    });
  });
});

describe('text PostgreSQL cannot store', () => {
  it('are refused in any text field, naming it', () => {
    expect(problemsOf({ ...valid, comment: 'a\u0000b' })).toEqual([
      { field: 'comment', reason: 'comment must not contain NUL (\\u0000) characters' },
    ]);
    expect(problemsOf({ ...valid, segment: { plan: '\u0000' } })).toEqual([
      { field: 'segment.plan', reason: 'segment.plan must not contain NUL (\\u0000) characters' },
    ]);
  });

  it('refuses lone surrogates, and NUL or lone surrogates in keys, but keeps real pairs', () => {
    expect(problemsOf({ ...valid, comment: 'broken \ud83d here' })).toEqual([
      { field: 'comment', reason: 'comment must be valid Unicode (it holds a lone surrogate)' },
    ]);
    expect(problemsOf({ ...valid, comment: '\ude00 first' })).toEqual([
      { field: 'comment', reason: 'comment must be valid Unicode (it holds a lone surrogate)' },
    ]);
    expect(problemsOf({ ...valid, segment: { ['pl\u0000an']: 'x' } })).toEqual([
      { field: 'segment', reason: 'a key must not contain NUL (\\u0000) characters' },
    ]);
    expect(problemsOf({ ...valid, segment: { ['\udc00']: 'x' } })).toEqual([
      { field: 'segment', reason: 'a key must be valid Unicode (it holds a lone surrogate)' },
    ]);
    expect(problemsOf({ ...valid, comment: 'ottimo 😍 servizio', segment: { plan: 'fibra 🙂' } })).toEqual(
      [],
    );
  });
});

describe('FeedbackDto: personal data in identifiers and segments (issue 20)', () => {
  it.each([
    ['segment.phone', '+39 333 1234567', 'phone'],
    ['segment.contatto', 'mario.rossi@gmail.com', 'email'],
    ['segment.iban', 'IT60X0542811101000000123456', 'iban'],
    ['segment.carta', '4111 1111 1111 1111', 'card'],
    ['segment.cf', 'RSSMRA85T10H501O', 'codice fiscale'],
    ['customerId', 'mario.rossi@gmail.com', 'email'],
    ['customerId', '3331234567', 'phone'],
  ])('refuses %s = %s', (field, value, kind) => {
    const body =
      field === 'customerId'
        ? { ...valid, customerId: value }
        : { ...valid, segment: { plan: 'fibra', [field.slice('segment.'.length)]: value } };
    const problems = problemsOf(body);
    expect(problems).toEqual([
      { field, reason: `${field} looks like personal data (${kind}); send a pseudonymous value instead` },
    ]);
    // The reason never repeats the value: reasons go to logs and dead letters.
    expect(JSON.stringify(problems)).not.toContain(value);
  });

  it('keeps pseudonymous ids and ordinary segment values', () => {
    expect(
      validatePayload(FeedbackDto, {
        ...valid,
        customerId: 'cust-00042',
        segment: { plan: 'fibra 100', region: 'Lombardia', cohort: '2024-03', store: 'MI-12' },
      }).ok,
    ).toBe(true);
  });
});
