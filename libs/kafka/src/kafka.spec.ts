import { Topic } from '@continuum/contracts';
import { deadLetterRecord, DLT_HEADERS } from './dead-letter';
import type { InboundRecord } from './records';
import { chunksBySize } from './outbox-relay';
import { isTransient } from './transient';

const record: InboundRecord = {
  topic: Topic.FeedbackRaw,
  partition: 2,
  offset: '41',
  timestamp: '1700000000000',
  key: 'acme:c-1',
  value: '{"nps":11}',
  headers: { 'x-origin': 'ivr' },
};

describe('deadLetterRecord', () => {
  it('keeps the original key, value and headers and adds the reason and origin', () => {
    const sut = deadLetterRecord(
      { record, reason: 'nps: too big', code: 'validation' },
      'continuum-listen',
      new Date(0),
    );
    expect(sut).toEqual({
      topic: Topic.DeadLetter,
      key: 'acme:c-1',
      value: '{"nps":11}',
      headers: {
        'x-origin': 'ivr',
        [DLT_HEADERS.originalTopic]: Topic.FeedbackRaw,
        [DLT_HEADERS.originalPartition]: '2',
        [DLT_HEADERS.originalOffset]: '41',
        [DLT_HEADERS.originalTimestamp]: '1700000000000',
        [DLT_HEADERS.consumerGroup]: 'continuum-listen',
        [DLT_HEADERS.reason]: 'nps: too big',
        [DLT_HEADERS.code]: 'validation',
        [DLT_HEADERS.failedAt]: '1970-01-01T00:00:00.000Z',
      },
    });
  });

  it('bounds the reason', () => {
    const sut = deadLetterRecord({ record, reason: 'x'.repeat(10_000), code: 'processing' }, 'g');
    expect(sut.headers[DLT_HEADERS.reason]).toHaveLength(4000);
  });
});

describe('isTransient', () => {
  it.each([
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), true],
    [
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      true,
    ],
    [{ name: 'QueryFailedError', message: 'x', driverError: { code: '08006' } }, true],
    [Object.assign(new Error('could not serialize access'), { code: '40001' }), true],
    [new Error('Connection terminated unexpectedly'), true],
    [{ name: 'KafkaJSConnectionError', message: 'Connection error' }, true],
    [Object.assign(new Error('duplicate key value'), { code: '23505' }), false],
    [new TypeError("Cannot read properties of undefined (reading 'nps')"), false],
    ['a string', false],
  ])('%s → %s', (err, expected) => {
    expect(isTransient(err)).toBe(expected);
  });
});

describe('chunksBySize', () => {
  const row = (id: number, size: number) => ({
    id: String(id),
    topic: 't',
    key: 'k',
    headers: {},
    value: 'x'.repeat(size),
  });

  it('keeps order and bounds each chunk, a single oversized row alone', () => {
    const rows = [row(1, 300), row(2, 300), row(3, 300), row(4, 2000), row(5, 10)];
    const sut = chunksBySize(rows, 800);
    expect(sut.map((c) => c.map((r) => r.id))).toEqual([['1', '2'], ['3'], ['4'], ['5']]);
  });
});
