import { FeedbackDto, InteractionDto, validatePayload } from '@continuum/contracts';
import { mapHeader, rowToPlain, type Column } from './csv-rows';

function columnsOf(kind: 'feedback' | 'interactions', header: string[]): Column[] {
  const h = mapHeader(kind, header);
  if (!h.ok) throw new Error(JSON.stringify(h.problems));
  return h.columns;
}

describe('mapHeader', () => {
  it('maps field names and spreads map fields over name.key columns', () => {
    expect(columnsOf('feedback', ['id', 'touchpoint', 'nps', 'segment.plan', ' segment.region '])).toEqual([
      { field: 'id', kind: 'string' },
      { field: 'touchpoint', kind: 'string' },
      { field: 'nps', kind: 'number' },
      { field: 'segment', kind: 'map', mapKey: 'plan' },
      { field: 'segment', kind: 'map', mapKey: 'region' },
    ]);
  });

  it('refuses unknown, duplicate, empty and misused columns, and missing required ones', () => {
    const h = mapHeader('feedback', ['id', 'score', 'id', '', 'segment', 'nps.x', 'segment.9']);
    expect(h.ok).toBe(false);
    expect(!h.ok && h.problems).toEqual([
      {
        field: 'column 2',
        reason: expect.stringMatching(/^"score" is not a feedback field; columns are id, touchpoint, /),
      },
      { field: 'column 3', reason: 'column "id" appears twice' },
      { field: 'column 4', reason: 'the header cell is empty' },
      { field: 'column 5', reason: '"segment" is a map: use one column per entry, like segment.plan' },
      { field: 'column 6', reason: '"nps.x": only map fields take a ".key" suffix' },
      {
        field: 'column 7',
        reason: '"segment.9": entry names start with a letter, then letters, digits, _ . -',
      },
      { field: 'touchpoint', reason: 'the header lacks the required column "touchpoint"' },
    ]);
  });

  it("knows the interaction file's required columns", () => {
    const h = mapHeader('interactions', ['id', 'customerId', 'touchpoint']);
    expect(!h.ok && h.problems.map((p) => p.field)).toEqual(['channel', 'outcome', 'startedAt']);
  });
});

describe('rowToPlain', () => {
  it('leaves empty cells out, converts numbers and booleans where the DTO expects them', () => {
    const cols = columnsOf('feedback', [
      'id',
      'touchpoint',
      'nps',
      'comment',
      'consentToContact',
      'segment.plan',
      'segment.region',
    ]);
    const plain = rowToPlain(cols, ['f-1', 'checkout', ' 9 ', '10', 'TRUE', 'fibra', '  ']);
    expect(plain).toEqual({
      id: 'f-1',
      touchpoint: 'checkout',
      nps: 9,
      comment: '10',
      consentToContact: true,
      segment: { plan: 'fibra' },
    });
    expect(validatePayload(FeedbackDto, plain).ok).toBe(true);
  });

  it('keeps cells that do not convert as text, so the DTO names the problem', () => {
    const cols = columnsOf('feedback', ['id', 'touchpoint', 'nps', 'consentToContact']);
    const plain = rowToPlain(cols, ['f-2', 'checkout', 'ten', 'yes']);
    expect(plain).toEqual({ id: 'f-2', touchpoint: 'checkout', nps: 'ten', consentToContact: 'yes' });
    const r = validatePayload(FeedbackDto, plain);
    expect(!r.ok && r.problems).toEqual([
      { field: 'nps', reason: 'nps must be an integer number' },
      { field: 'consentToContact', reason: 'consentToContact must be a boolean value' },
    ]);
  });

  it('reads interactions with decimals and booleans', () => {
    const cols = columnsOf('interactions', [
      'id',
      'customerId',
      'channel',
      'touchpoint',
      'outcome',
      'startedAt',
      'waitSeconds',
      'transfers',
      'resolved',
    ]);
    const startedAt = new Date(Date.now() - 86_400_000).toISOString();
    const plain = rowToPlain(cols, [
      'i-1',
      'c-1',
      'voice',
      'ivr',
      'handled',
      startedAt,
      '12.5',
      '0',
      'false',
    ]);
    expect(plain).toEqual({
      id: 'i-1',
      customerId: 'c-1',
      channel: 'voice',
      touchpoint: 'ivr',
      outcome: 'handled',
      startedAt,
      waitSeconds: 12.5,
      transfers: 0,
      resolved: false,
    });
    expect(validatePayload(InteractionDto, plain).ok).toBe(true);
  });
});
