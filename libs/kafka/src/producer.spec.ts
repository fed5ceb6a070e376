import type { Message } from 'kafkajs';
import { isFatalSequenceError, unacknowledged } from './producer';

describe('unacknowledged', () => {
  const m = (key: string): Message => ({ key, value: key });
  const a1 = m('a1');
  const a2 = m('a2');
  const b1 = m('b1');
  const partitions = new Map<Message, number>([
    [a1, 0],
    [a2, 1],
    [b1, 0],
  ]);
  const sent = [
    { topic: 'a', messages: [a1, a2] },
    { topic: 'b', messages: [b1] },
  ];

  it('keeps the records of partitions the send resolved without (a broker died mid-send)', () => {
    // Partition a/1 moved to the leader that had already acknowledged a/0 and b/0.
    const acked = [
      { topicName: 'a', partition: 0 },
      { topicName: 'b', partition: 0 },
    ];
    expect(unacknowledged(sent, acked, (x) => partitions.get(x))).toEqual([{ topic: 'a', messages: [a2] }]);
  });

  it('is empty when every partition acknowledged; the same partition of another topic does not count', () => {
    expect(
      unacknowledged(
        sent,
        [
          { topicName: 'a', partition: 0 },
          { topicName: 'a', partition: 1 },
          { topicName: 'b', partition: 0 },
        ],
        (x) => partitions.get(x),
      ),
    ).toEqual([]);
    expect(
      unacknowledged(
        sent,
        [
          { topicName: 'a', partition: 0 },
          { topicName: 'a', partition: 1 },
        ],
        (x) => partitions.get(x),
      ),
    ).toEqual([{ topic: 'b', messages: [b1] }]);
  });
});

describe('isFatalSequenceError', () => {
  it('knows the sequence errors kafkajs never recovers from, also wrapped', () => {
    expect(isFatalSequenceError({ type: 'OUT_OF_ORDER_SEQUENCE_NUMBER' })).toBe(true);
    expect(isFatalSequenceError({ type: 'UNKNOWN_PRODUCER_ID' })).toBe(true);
    expect(
      isFatalSequenceError({
        name: 'KafkaJSNumberOfRetriesExceeded',
        originalError: { type: 'OUT_OF_ORDER_SEQUENCE_NUMBER' },
      }),
    ).toBe(true);
    expect(isFatalSequenceError(new Error('x', { cause: { type: 'INVALID_PRODUCER_EPOCH' } }))).toBe(true);
  });

  it('leaves every other error to the caller', () => {
    expect(isFatalSequenceError({ type: 'NOT_LEADER_FOR_PARTITION' })).toBe(false);
    expect(isFatalSequenceError(new Error('connect ECONNREFUSED'))).toBe(false);
    expect(isFatalSequenceError(null)).toBe(false);
    expect(isFatalSequenceError('OUT_OF_ORDER_SEQUENCE_NUMBER')).toBe(false);
  });
});
