import 'reflect-metadata';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FeedbackDto, RawFeedbackDto } from './feedback.dto';
import { InteractionDto, RawInteractionDto } from './interaction.dto';
import { InvitationDto, RawInvitationDto } from './invitation.dto';
import { JourneyDto } from './journey.dto';
import {
  fastValidate,
  inputProblems,
  MAX_INPUT_DEPTH,
  storableText,
  validatePayload,
  type SelfChecking,
} from './validate';
import { seededRandom } from '@continuum/indicators';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

/** Values that sit on or just past the edges of the rules, of every JSON type. */
const ODD_VALUES: unknown[] = [
  null,
  '',
  ' ',
  'a b',
  'ok-1',
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(128),
  'x'.repeat(129),
  'x'.repeat(5000),
  'x'.repeat(5001),
  // 5,000 characters for validator.js (surrogate pairs and variation selectors count once), 5,001 for .length
  '😍'.repeat(2500) + 'x',
  '\u2764\uFE0F'.repeat(2500) + 'x',
  0,
  -0,
  -1,
  0.5,
  1,
  3,
  5,
  6,
  7,
  8,
  10,
  11,
  50,
  51,
  86_400,
  86_401,
  1.2345,
  '7',
  true,
  false,
  {},
  [],
  ['a'],
  { plan: 'fibra' },
  { plan: '' },
  { '1plan': 'x' },
  { plan: 3 },
  Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])),
  '2026-01-01',
  hoursAgo(1),
  hoursAgo(2).replace('Z', '+02:00'),
  hoursAgo(3).replace('Z', '+0200'),
  hoursAgo(-48),
  hoursAgo(24 * 365 * 6),
  '2026-02-30T10:00:00Z',
  'handled',
  'abandoned',
  'transferred',
  'lost',
  '🙂',
  'love',
  '🤡',
];

const VALID: [string, ClassConstructor<object>, Record<string, unknown>][] = [
  ['FeedbackDto', FeedbackDto, { id: 'f-1', touchpoint: 'checkout', nps: 3 }],
  [
    'RawFeedbackDto',
    RawFeedbackDto,
    {
      tenantId: 't-1',
      id: 'f-1',
      touchpoint: 'checkout',
      channel: 'web',
      customerId: 'c-1',
      occurredAt: hoursAgo(1),
      nps: 9,
      csat: 4,
      ces: 2,
      emoji: 'happy',
      comment: 'ok',
      segment: { plan: 'fibra' },
      consentToContact: true,
    },
  ],
  [
    'InteractionDto',
    InteractionDto,
    {
      id: 'i-1',
      customerId: 'c-1',
      channel: 'voice',
      touchpoint: 'agent-call',
      queue: 'billing',
      agentId: 'a-1',
      outcome: 'handled',
      startedAt: hoursAgo(2),
      endedAt: hoursAgo(1.9),
      waitSeconds: 30,
      holdSeconds: 10,
      handleSeconds: 300,
      transfers: 0,
      resolved: true,
    },
  ],
  [
    'RawInteractionDto',
    RawInteractionDto,
    {
      tenantId: 't-1',
      id: 'i-1',
      customerId: 'c-1',
      channel: 'chat',
      touchpoint: 'chat',
      outcome: 'abandoned',
      startedAt: hoursAgo(2),
    },
  ],
  ['InvitationDto', InvitationDto, { id: 'v-1', customerId: 'c-1', channel: 'ivr', sentAt: hoursAgo(1) }],
  ['RawInvitationDto', RawInvitationDto, { tenantId: 't-1', id: 'v-1', customerId: 'c-1' }],
];

/** What the full path alone answers: class-transformer, then class-validator with the same options. */
function fullPathAccepts(cls: ClassConstructor<object>, plain: object): { ok: boolean; value: object } {
  const value = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = validateSync(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
  });
  return { ok: errors.length === 0, value };
}

function mutate(
  base: Record<string, unknown>,
  rand: () => number,
  fields: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  const changes = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < changes; i++) {
    const r = rand();
    const field = fields[Math.floor(rand() * fields.length)];
    if (r < 0.1) delete out[field];
    else if (r < 0.15) out[rand() < 0.5 ? 'unknownField' : 'problems'] = 'x';
    else out[field] = ODD_VALUES[Math.floor(rand() * ODD_VALUES.length)];
  }
  return out;
}

describe('fastValidate (the hot path) agrees with class-validator', () => {
  it.each(VALID)('%s: accepts only what the full path accepts, with the same value', (_, cls, base) => {
    const rand = seededRandom(0xc0ffee);
    const fields = [...Object.keys(base), 'id', 'tenantId', 'touchpoint', 'nps', 'comment', 'segment'];
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const plain = i === 0 ? base : mutate(base, rand, fields);
      const full = fullPathAccepts(cls, plain);
      const fast = fastValidate(cls, plain);
      if (fast) {
        expect({ plain, fullPath: full.ok }).toEqual({ plain, fullPath: true });
        expect(fast).toBeInstanceOf(cls);
        expect(JSON.parse(JSON.stringify(fast))).toEqual(JSON.parse(JSON.stringify(full.value)));
        accepted++;
      } else if (full.ok) {
        // class-transformer silently drops a key that names a method (`problems`); the fast path
        // leaves such payloads to the full path rather than copy that quirk.
        expect(Object.keys(plain)).toContain('problems');
      }
      // Whichever path answered, validatePayload's verdict is the full path's.
      const selfOk =
        !full.ok || !('problems' in full.value) || (full.value as SelfChecking).problems().length === 0;
      expect({ plain, ok: validatePayload(cls, plain).ok }).toEqual({ plain, ok: full.ok && selfOk });
      if (!fast) refused++;
    }
    // The generator must exercise both sides, or the agreement above proves little.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('sends what it does not mirror (nested DTOs) down the full path', () => {
    expect(fastValidate(JourneyDto, { stages: [], touchpoints: [] })).toBeNull();
  });

  it('keeps the full path’s reasons for what it refuses', () => {
    const r = validatePayload(FeedbackDto, { id: 'f-1', touchpoint: 'checkout', nps: 11, extra: 1 });
    expect(r).toEqual({
      ok: false,
      problems: [
        { field: 'extra', reason: 'extra is not a known field' },
        { field: 'nps', reason: 'nps must not be greater than 10' },
      ],
    });
  });

  it('a __proto__ key never reaches an instance through the fast path', () => {
    const plain = JSON.parse('{"id":"f-1","touchpoint":"x","nps":3,"__proto__":{"polluted":true}}') as object;
    expect(fastValidate(FeedbackDto, plain)).toBeNull();
  });
});

describe(inputProblems.name, () => {
  it('names each prototype key, at any depth, as an unknown field', () => {
    const plain = JSON.parse(
      '{"a":{"b":[{"constructor":{"prototype":1}}]},"__proto__":{"polluted":true},"prototype":null}',
    ) as unknown;
    expect(inputProblems(plain)).toEqual([
      { field: 'a.b.0.constructor', reason: 'constructor is not a known field' },
      { field: '__proto__', reason: '__proto__ is not a known field' },
      { field: 'prototype', reason: 'prototype is not a known field' },
    ]);
  });

  it('names NUL and lone surrogates in values and keys, and nesting past the limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_INPUT_DEPTH + 5; i++) deep = [deep];
    expect(inputProblems({ s: 'a\u0000b', m: { 'k\ud800': 'x' }, d: deep }, 'query')).toEqual([
      { field: 'query.s', reason: 'query.s must not contain NUL (\\u0000) characters' },
      { field: 'query.m', reason: 'a key must be valid Unicode (it holds a lone surrogate)' },
      {
        field: `query.d${'.0'.repeat(MAX_INPUT_DEPTH - 1)}`,
        reason: `must not nest more than ${MAX_INPUT_DEPTH} levels deep`,
      },
    ]);
  });

  it('lets validatePayload refuse a constructor key instead of throwing in class-transformer', () => {
    const plain = JSON.parse('{"id":"f-1","touchpoint":"x","segment":{"constructor":"x"}}') as object;
    expect(validatePayload(FeedbackDto, plain)).toEqual({
      ok: false,
      problems: [{ field: 'segment.constructor', reason: 'constructor is not a known field' }],
    });
  });
});

describe(storableText.name, () => {
  it('replaces NUL and lone surrogates, and keeps pairs', () => {
    expect(storableText('a\u0000b\ud800c\udfff 😡')).toBe('a\ufffdb\ufffdc\ufffd 😡');
  });
});

describe('nested objects', () => {
  // class-validator's ValidateNested walks an array given in place of an object, so without
  // IsObject `rules: [[]]` was stored as a contact policy and later invitations failed with a 500.
  it('refuses an array where a nested object belongs, naming the field', () => {
    const journey = { stages: [[{ id: 'buy', name: 'Buy' }]], touchpoints: [] };
    const r = validatePayload(JourneyDto, journey);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toContainEqual({
        field: 'stages',
        reason: 'each value in stages must be an object',
      });
  });
});
