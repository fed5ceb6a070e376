import { InteractionDto, RawInteractionDto, transfersOf } from './interaction.dto';
import { validateOneOrMany, validatePayload } from './validate';

/** The validator's clock, fixed: its plausibility window is relative to now. */
const NOW = Date.parse('2026-06-01T12:00:00Z');
const started = new Date(NOW - 3600_000);
const at = (seconds: number) => new Date(started.getTime() + seconds * 1000).toISOString();

const valid = {
  id: 'i-1',
  customerId: 'c-1',
  channel: 'voice',
  touchpoint: 'call-queue',
  outcome: 'handled',
  startedAt: started.toISOString(),
};

beforeAll(() => jest.useFakeTimers({ now: NOW }));
afterAll(() => jest.useRealTimers());

function problemsOf(body: unknown) {
  const r = validatePayload(InteractionDto, body);
  return r.ok ? [] : r.problems;
}

describe('InteractionDto', () => {
  it('accepts a minimal interaction and one with every field', () => {
    expect(problemsOf(valid)).toEqual([]);
    const full = {
      ...valid,
      queue: 'billing L1',
      agentId: 'agent-7',
      endedAt: at(600),
      waitSeconds: 45.5,
      holdSeconds: 30,
      handleSeconds: 520,
      transfers: 1,
      resolved: true,
    };
    const r = validatePayload(InteractionDto, full);
    expect(r.ok && r.value).toBeInstanceOf(InteractionDto);
  });

  it.each([
    [{ ...valid, outcome: 'dropped' }, 'outcome', 'outcome must be one of handled, abandoned, transferred'],
    [{ ...valid, customerId: undefined }, 'customerId', 'customerId must be a string'],
    [{ ...valid, channel: '' }, 'channel', 'channel should not be empty'],
    [
      { ...valid, touchpoint: 'call queue' },
      'touchpoint',
      expect.stringContaining('touchpoint must be 1–128'),
    ],
    [{ ...valid, waitSeconds: -1 }, 'waitSeconds', 'waitSeconds must not be less than 0'],
    [{ ...valid, handleSeconds: 86_401 }, 'handleSeconds', 'handleSeconds must not be greater than 86400'],
    [
      { ...valid, holdSeconds: '30' },
      'holdSeconds',
      'holdSeconds must be a number conforming to the specified constraints',
    ],
    [
      { ...valid, waitSeconds: 1.23456 },
      'waitSeconds',
      'waitSeconds must be a number conforming to the specified constraints',
    ],
    [{ ...valid, transfers: 1.5 }, 'transfers', 'transfers must be an integer number'],
    [{ ...valid, transfers: -1 }, 'transfers', 'transfers must not be less than 0'],
    [{ ...valid, transfers: 51 }, 'transfers', 'transfers must not be greater than 50'],
    [{ ...valid, resolved: 'yes' }, 'resolved', 'resolved must be a boolean value'],
    [{ ...valid, startedAt: '2026-01-01T10:00:00' }, 'startedAt', expect.stringContaining('ISO 8601')],
    [{ ...valid, endedAt: 'tomorrow' }, 'endedAt', expect.stringContaining('ISO 8601')],
    [{ ...valid, score: 3 }, 'score', 'score is not a known field'],
  ])('refuses %j naming %s', (body, field, reason) => {
    expect(problemsOf(body)).toContainEqual({ field, reason });
  });

  describe('rules across fields', () => {
    it('endedAt is not before startedAt and at most a day after it', () => {
      expect(problemsOf({ ...valid, endedAt: at(-1) })).toEqual([
        { field: 'endedAt', reason: 'endedAt must not be before startedAt' },
      ]);
      expect(problemsOf({ ...valid, endedAt: at(86_401) })).toEqual([
        { field: 'endedAt', reason: 'endedAt must be at most 86400 seconds after startedAt' },
      ]);
      expect(problemsOf({ ...valid, endedAt: at(0) })).toEqual([]);
    });

    it('the wait fits inside the interaction, with a second of rounding', () => {
      expect(problemsOf({ ...valid, endedAt: at(60), waitSeconds: 61 })).toEqual([]);
      expect(problemsOf({ ...valid, endedAt: at(60), waitSeconds: 61.5 })).toEqual([
        {
          field: 'waitSeconds',
          reason: "waitSeconds must not exceed the interaction's duration (endedAt − startedAt = 60 s)",
        },
      ]);
      // Without endedAt there is nothing to compare against.
      expect(problemsOf({ ...valid, waitSeconds: 5000 })).toEqual([]);
    });

    it('hold time is part of handle time', () => {
      expect(problemsOf({ ...valid, holdSeconds: 31, handleSeconds: 30 })).toEqual([
        {
          field: 'holdSeconds',
          reason: 'holdSeconds must not exceed handleSeconds (hold time is part of handle time)',
        },
      ]);
      expect(problemsOf({ ...valid, holdSeconds: 31 })).toEqual([]);
    });

    it('an abandoned contact has no handle or hold time, no transfers and is not resolved', () => {
      const abandoned = { ...valid, outcome: 'abandoned', waitSeconds: 90 };
      expect(problemsOf(abandoned)).toEqual([]);
      expect(problemsOf({ ...abandoned, agentId: 'a-1', handleSeconds: 0, resolved: false })).toEqual([]);
      expect(
        problemsOf({ ...abandoned, handleSeconds: 12, holdSeconds: 3, transfers: 1, resolved: true }),
      ).toEqual([
        { field: 'handleSeconds', reason: 'handleSeconds must be absent or 0 when outcome is abandoned' },
        { field: 'holdSeconds', reason: 'holdSeconds must be absent or 0 when outcome is abandoned' },
        { field: 'transfers', reason: 'transfers must be absent or 0 when outcome is abandoned' },
        { field: 'resolved', reason: 'resolved cannot be true when outcome is abandoned' },
      ]);
    });

    it('a transferred contact was transferred at least once; a handled one may have been', () => {
      expect(problemsOf({ ...valid, outcome: 'transferred', transfers: 0 })).toEqual([
        { field: 'transfers', reason: 'transfers must be at least 1 when outcome is transferred' },
      ]);
      expect(problemsOf({ ...valid, outcome: 'transferred' })).toEqual([]);
      expect(problemsOf({ ...valid, outcome: 'handled', transfers: 2 })).toEqual([]);
      expect(transfersOf({ outcome: 'transferred' })).toBe(1);
      expect(transfersOf({ outcome: 'handled' })).toBe(0);
      expect(transfersOf({ outcome: 'transferred', transfers: 3 })).toBe(3);
    });

    it('cross-field rules run only once every field is valid on its own', () => {
      expect(problemsOf({ ...valid, outcome: 'abandoned', handleSeconds: -3 })).toEqual([
        { field: 'handleSeconds', reason: 'handleSeconds must not be less than 0' },
      ]);
    });
  });

  it('needs tenantId on the raw topic', () => {
    const r = validatePayload(RawInteractionDto, valid);
    expect(r.ok ? [] : r.problems.map((p) => p.field)).toEqual(['tenantId']);
    expect(validatePayload(RawInteractionDto, { ...valid, tenantId: 'acme' }).ok).toBe(true);
  });

  it('validates batches item by item, all or nothing', () => {
    const many = validateOneOrMany(
      InteractionDto,
      [valid, { ...valid, id: 'i-2', outcome: 'transferred', transfers: 0 }],
      1000,
    );
    expect(many).toEqual({
      ok: false,
      problems: [
        { index: 1, field: 'transfers', reason: 'transfers must be at least 1 when outcome is transferred' },
      ],
    });
  });
});

describe('InteractionDto: personal data in identifiers (issue 20)', () => {
  it.each([
    ['customerId', 'giulia.bianchi@libero.it', 'email'],
    ['customerId', '00393471234567', 'phone'],
    ['agentId', 'agent@contact-centre.it', 'email'],
    ['queue', 'richiamare 02 1234 5678', 'phone'],
  ] as const)('refuses %s holding %s', (field, value, kind) => {
    const r = validatePayload(InteractionDto, { ...valid, [field]: value });
    expect(r.ok ? [] : r.problems).toEqual([
      { field, reason: `${field} looks like personal data (${kind}); send a pseudonymous value instead` },
    ]);
  });
});
