import { createEvent, toBinaryHeaders, Topic, type ContactOptedOutV1 } from '@continuum/contracts';
import { decodeEvents } from './decode';
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

describe(decodeEvents.name, () => {
  const ok: ContactOptedOutV1 = {
    tenantId: 'acme',
    customerId: 'c-1',
    source: 'loop-message',
    at: '2026-12-01T10:00:00.000Z',
  };

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
