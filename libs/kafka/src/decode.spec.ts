import { createEvent, toBinaryHeaders, Topic, type ContactOptedOutV1 } from '@continuum/contracts';
import { consumeEvents, decodeEvents } from './decode';
import type { RecordBatch } from './records';

function batchOf(...items: { data: unknown; tenantId?: string }[]): RecordBatch {
  return {
    topic: Topic.ContactOptedOut,
    partition: 0,
    records: items.map(({ data, tenantId = 'acme' }, i) => {
      const e = createEvent({
        type: Topic.ContactOptedOut,
        source: '/continuum/collect',
        tenantId,
        data: data as ContactOptedOutV1,
      });
      return {
        topic: Topic.ContactOptedOut,
        partition: 0,
        offset: String(i),
        timestamp: '0',
        key: null,
        value: JSON.stringify(data),
        headers: toBinaryHeaders(e),
      };
    }),
  };
}

const ok: ContactOptedOutV1 = {
  tenantId: 'acme',
  customerId: 'c-1',
  source: 'loop-message',
  at: '2026-12-01T10:00:00.000Z',
};

describe(decodeEvents.name, () => {
  it("checks each event's data against its topic's JSON Schema and the event's tenant", () => {
    const { events, rejected } = decodeEvents(
      batchOf(
        { data: ok },
        { data: { ...ok, customerId: 'c 1', at: 'yesterday' } },
        { data: { ...ok, extra: 1 } },
        { data: ok, tenantId: 'other' },
      ),
      Topic.ContactOptedOut,
    );
    expect(events.map((e) => e.record.offset)).toEqual(['0']);
    expect(rejected.map((r) => [r.record.offset, r.code, r.reason])).toEqual([
      [
        '1',
        'validation',
        'customerId: customerId must be 1–128 characters: letters, digits and . _ : @ / + -, starting with a letter or digit; at: at must be a date-time',
      ],
      ['2', 'validation', 'extra: extra is not a known field'],
      ['3', 'validation', 'tenantId: tenantId must equal the ce_tenantid header'],
    ]);
  });

  it('then applies the rules a schema cannot say', () => {
    const { events, rejected } = decodeEvents(batchOf({ data: ok }), Topic.ContactOptedOut, () => 'no');
    expect(events).toEqual([]);
    expect(rejected.map((r) => r.reason)).toEqual(['no']);
  });
});

describe(consumeEvents.name, () => {
  it('hands the valid events to the handler and answers the invalid records as rejected', async () => {
    const handled: string[] = [];
    const outcome = await consumeEvents(
      batchOf({ data: ok }, { data: { ...ok, customerId: 'c-2' } }, { data: ok, tenantId: 'other' }),
      Topic.ContactOptedOut,
      async (events) => {
        handled.push(...events.map((e) => e.data.customerId));
        return { opened: 1 };
      },
      (e) => (e.data.customerId === 'c-2' ? 'not c-2' : null),
    );
    expect(handled).toEqual(['c-1']);
    expect(outcome.rejected.map((r) => [r.record.offset, r.code, r.reason])).toEqual([
      ['1', 'validation', 'not c-2'],
      ['2', 'validation', 'tenantId: tenantId must equal the ce_tenantid header'],
    ]);
  });

  it('also rejects the events the handler refuses, with its reasons', async () => {
    const outcome = await consumeEvents(
      batchOf({ data: ok }, { data: { ...ok, customerId: 'c-2' } }),
      Topic.ContactOptedOut,
      async (events) => ({
        refused: new Map(events.filter((e) => e.data.customerId === 'c-2').map((e) => [e.id, 'refused c-2'])),
      }),
    );
    expect(outcome.rejected.map((r) => [r.record.offset, r.code, r.reason])).toEqual([
      ['1', 'validation', 'refused c-2'],
    ]);
  });
});
