import 'reflect-metadata';
import type { ClassConstructor } from 'class-transformer';
import { FeedbackDto, RawFeedbackDto } from './feedback.dto';
import { InteractionDto, RawInteractionDto } from './interaction.dto';
import { InvitationDto, RawInvitationDto } from './invitation.dto';
import { JourneyDto } from './journey.dto';
import {
  RAW_FEEDBACK_RULES,
  RAW_INTERACTION_RULES,
  RAW_INVITATION_RULES,
  validateRecord,
  type RecordRules,
} from '../schemas/record';
import { inputProblems, MAX_INPUT_DEPTH, storableText, validatePayload, type SelfChecking } from './validate';
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

/** The raw-topic doors' rules (JSON Schema + ajv) next to the HTTP doors' DTOs they must agree with. */
const RECORD_RULES: [string, RecordRules<SelfChecking>, ClassConstructor<object>][] = [
  ['RawFeedbackDto', RAW_FEEDBACK_RULES, RawFeedbackDto],
  ['RawInteractionDto', RAW_INTERACTION_RULES, RawInteractionDto],
  ['RawInvitationDto', RAW_INVITATION_RULES, RawInvitationDto],
];

// One source: a payload the DTO (class-validator, HTTP) accepts is one the JSON Schema (ajv, raw
// topics) accepts, and the other way round, on valid samples and on thousands of broken ones.
describe('the JSON Schemas and the DTOs give the same verdicts', () => {
  it.each(RECORD_RULES)('%s: ajv accepts exactly what class-validator accepts', (name, rules, cls) => {
    const base = VALID.find(([n]) => n === name)![2];
    const rand = seededRandom(0xc0ffee);
    const fields = [...Object.keys(base), 'id', 'tenantId', 'touchpoint', 'nps', 'comment', 'segment'];
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const plain = i === 0 ? base : mutate(base, rand, fields);
      const dto = validatePayload(cls, plain);
      const record = validateRecord(rules, plain);
      expect({ plain, schema: record.ok }).toEqual({ plain, schema: dto.ok });
      if (record.ok && dto.ok) {
        expect(record.value).toBeInstanceOf(cls);
        expect(JSON.parse(JSON.stringify(record.value))).toEqual(JSON.parse(JSON.stringify(dto.value)));
        accepted++;
      } else {
        // Both name at least one field and reason.
        if (!record.ok)
          expect(record.problems[0]).toEqual({ field: expect.any(String), reason: expect.any(String) });
        refused++;
      }
    }
    // The generator must exercise both sides, or the agreement above proves little.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it("words the schema's refusals as the DTOs do: the field, then the reason", () => {
    const r = validateRecord(RAW_FEEDBACK_RULES, {
      tenantId: 't',
      id: 'f-1',
      touchpoint: 'x',
      nps: 11,
      extra: 1,
    });
    expect(r).toEqual({
      ok: false,
      problems: [
        { field: 'extra', reason: 'extra is not a known field' },
        { field: 'nps', reason: 'nps must not be greater than 10' },
      ],
    });
    const dto = validatePayload(RawFeedbackDto, {
      tenantId: 't',
      id: 'f-1',
      touchpoint: 'x',
      nps: 11,
      extra: 1,
    });
    expect(dto.ok || dto.problems).toEqual(r.ok || r.problems);
    // A feedback record with the required fields filled in, and the answer refusing it.
    const feedback = (fields: Record<string, unknown>) =>
      validateRecord(RAW_FEEDBACK_RULES, { tenantId: 't', id: 'f-1', touchpoint: 'x', ...fields });
    const refused = (...problems: { field: string; reason: string }[]) => ({ ok: false, problems });
    expect(feedback({ id: 'f 1', nps: 4.5 })).toEqual(
      refused(
        {
          field: 'id',
          reason:
            'id must be 1–128 characters: letters, digits and . _ : @ / + -, starting with a letter or digit',
        },
        { field: 'nps', reason: 'nps must be an integer number or null' },
      ),
    );
    expect(feedback({})).toEqual(
      refused({
        field: 'nps|csat|ces|emoji|comment',
        reason: 'the payload must carry at least one of nps, csat, ces, emoji, comment',
      }),
    );
    expect(feedback({ nps: 1, segment: { plan: 3 } })).toEqual(
      refused({
        field: 'segment',
        reason:
          'segment must be an object of at most 20 entries, keys like "plan" or "region", values non-empty strings of at most 100 characters',
      }),
    );
    expect(feedback({ nps: 1, occurredAt: hoursAgo(-48) })).toEqual(
      refused({
        field: 'occurredAt',
        reason:
          'occurredAt must be an ISO 8601 date-time with an offset, within the last 5 years and at most 1 day ahead',
      }),
    );
  });

  it('refuses a method name (`problems`) on both doors, and never lets __proto__ reach an instance', () => {
    const withMethod = { tenantId: 't', id: 'f-1', touchpoint: 'x', nps: 3, problems: 'x' };
    expect(validatePayload(RawFeedbackDto, withMethod)).toEqual({
      ok: false,
      problems: [{ field: 'problems', reason: 'problems is not a known field' }],
    });
    expect(validateRecord(RAW_FEEDBACK_RULES, withMethod).ok).toBe(false);
    const plain = JSON.parse(
      '{"tenantId":"t","id":"f-1","touchpoint":"x","nps":3,"__proto__":{"polluted":true}}',
    ) as object;
    expect(validateRecord(RAW_FEEDBACK_RULES, plain)).toEqual({
      ok: false,
      problems: [{ field: '__proto__', reason: '__proto__ is not a known field' }],
    });
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
