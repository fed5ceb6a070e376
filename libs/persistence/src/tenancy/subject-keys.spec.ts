import { compositeKey, newSubjectKey, sealText, type FeedbackRecordedV1 } from '@continuum/contracts';
import { openSealedComments, SubjectKeyCache } from './subject-keys';

/** A stand-in for `tenancy.subject_keys` that answers readSubjectKeys' query and counts the reads. */
function keyTable(rows: { tenant_id: string; subject: string; key: Buffer }[]) {
  const reads: string[][] = [];
  return {
    rows,
    reads,
    async query(_sql: string, params?: unknown[]): Promise<unknown> {
      const wanted = JSON.parse(params![0] as string) as { t: string; s: string }[];
      reads.push(wanted.map((w) => `${w.t}/${w.s}`));
      return rows.filter((r) => wanted.some((w) => w.t === r.tenant_id && w.s === r.subject));
    },
  };
}

const feedback = (over: Partial<FeedbackRecordedV1>) =>
  ({ tenantId: 't1', customerId: 'c-1', comment: null, ...over }) as Pick<
    FeedbackRecordedV1,
    'tenantId' | 'customerId' | 'comment' | 'sealedComment'
  >;

describe(SubjectKeyCache.name, () => {
  const key = newSubjectKey();

  it('reads a key once within the TTL, again after it, and again once forgotten', async () => {
    let now = 1_000;
    const table = keyTable([{ tenant_id: 't1', subject: 'c-1', key }]);
    const sut = new SubjectKeyCache(60_000, 10, () => now);
    const ref = [{ tenantId: 't1', subject: 'c-1' }];
    expect((await sut.get(table, ref)).get(compositeKey('t1', 'c-1'))).toBe(key);
    await sut.get(table, ref);
    expect(table.reads).toHaveLength(1);
    now += 60_001;
    await sut.get(table, ref);
    expect(table.reads).toHaveLength(2);
    sut.forget('t1', 'c-1');
    table.rows.length = 0; // erased meanwhile
    expect((await sut.get(table, ref)).size).toBe(0);
    expect(table.reads).toHaveLength(3);
  });

  it('does not cache a missing key: a subject heard from again after its erasure has a new one', async () => {
    const table = keyTable([]);
    const sut = new SubjectKeyCache();
    const ref = [{ tenantId: 't1', subject: 'c-1' }];
    expect((await sut.get(table, ref)).size).toBe(0);
    table.rows.push({ tenant_id: 't1', subject: 'c-1', key });
    expect((await sut.get(table, ref)).size).toBe(1);
  });

  it('keeps at most `max` keys, dropping the oldest', async () => {
    const table = keyTable(['a', 'b', 'c'].map((s) => ({ tenant_id: 't1', subject: s, key })));
    const sut = new SubjectKeyCache(60_000, 2);
    for (const s of ['a', 'b', 'c']) await sut.get(table, [{ tenantId: 't1', subject: s }]);
    await sut.get(table, [{ tenantId: 't1', subject: 'c' }]);
    await sut.get(table, [{ tenantId: 't1', subject: 'a' }]);
    expect(table.reads.flat()).toEqual(['t1/a', 't1/b', 't1/c', 't1/a']);
  });
});

describe(openSealedComments.name, () => {
  const key = newSubjectKey();

  it('opens sealed comments with their subject key; a gone key or a foreign envelope is an absent comment', async () => {
    const table = keyTable([{ tenant_id: 't1', subject: 'c-1', key }]);
    const records = [
      feedback({ sealedComment: sealText(key, 't1', 'c-1', 'Attesa infinita') }),
      feedback({ customerId: 'c-erased', sealedComment: sealText(newSubjectKey(), 't1', 'c-erased', 'x') }),
      feedback({ sealedComment: sealText(key, 't1', 'c-2', 'moved from another customer') }),
      feedback({ customerId: null, comment: 'anonima, in chiaro' }),
      feedback({ sealedComment: 42 as unknown as string }),
    ];
    const sut = await openSealedComments(table, new SubjectKeyCache(), records);
    expect(sut.map((r) => r.comment)).toEqual(['Attesa infinita', null, null, 'anonima, in chiaro', null]);
    expect(sut.every((r) => !('sealedComment' in r))).toBe(true);
    expect(table.reads).toEqual([['t1/c-1', 't1/c-erased']]);
  });

  it('reads nothing for a batch without sealed comments', async () => {
    const table = keyTable([]);
    const records = [feedback({ comment: 'x', customerId: null })];
    expect(await openSealedComments(table, new SubjectKeyCache(), records)).toEqual(records);
    expect(table.reads).toEqual([]);
  });
});
