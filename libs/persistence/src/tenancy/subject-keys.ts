/**
 * The crypto-shredding keys of `tenancy.subject_keys` (format: `sealed.ts` in @continuum/contracts).
 * listen creates a subject's key in the transaction of the feedback rows it seals for
 * (`ensureSubjectKeys`), measure and act read keys to open what they consume (`SubjectKeyCache`),
 * an erasure deletes them (`eraseSubjectKeys`). Keys never leave this module but as Buffers
 * handed to seal/open: never logged, never published.
 */
import {
  compositeKey,
  newSubjectKey,
  openSealed,
  sealingSubject,
  type FeedbackRecordedV1,
} from '@continuum/contracts';

export interface SubjectRef {
  readonly tenantId: string;
  readonly subject: string;
}

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

interface KeyRow {
  tenant_id: string;
  subject: string;
  key: Buffer;
}

/** Keys by `compositeKey(tenantId, subject)`. */
export type SubjectKeys = Map<string, Buffer>;

const refKey = (r: SubjectRef) => compositeKey(r.tenantId, r.subject);

function unique(refs: readonly SubjectRef[]): SubjectRef[] {
  return [...new Map(refs.map((r) => [refKey(r), r])).values()];
}

const toMap = (rows: readonly KeyRow[], into: SubjectKeys = new Map()) => {
  for (const r of rows) into.set(compositeKey(r.tenant_id, r.subject), r.key);
  return into;
};

/** The keys that exist for `refs` (missing ones, e.g. erased, are absent from the map). */
export async function readSubjectKeys(q: Queryable, refs: readonly SubjectRef[]): Promise<SubjectKeys> {
  const wanted = unique(refs);
  if (wanted.length === 0) return new Map();
  const rows = (await q.query(
    `SELECT k.tenant_id, k.subject, k.key FROM tenancy.subject_keys k
     JOIN json_to_recordset($1::json) AS w(t text, s text) ON k.tenant_id = w.t AND k.subject = w.s`,
    [JSON.stringify(wanted.map((r) => ({ t: r.tenantId, s: r.subject })))],
  )) as KeyRow[];
  return toMap(rows);
}

/**
 * Every subject's key, created where missing: one statement (run it in the transaction of the rows
 * whose events it seals for, so a key exists before any sealed text is published). The statement's
 * snapshot misses a key another transaction committed while this one waited on it: those few are
 * read again.
 */
export async function ensureSubjectKeys(q: Queryable, refs: readonly SubjectRef[]): Promise<SubjectKeys> {
  const wanted = unique(refs);
  if (wanted.length === 0) return new Map();
  const rows = (await q.query(
    `WITH w AS (SELECT * FROM json_to_recordset($1::json) AS w(t text, s text, k text)),
     ins AS (
       INSERT INTO tenancy.subject_keys (tenant_id, subject, key)
       SELECT t, s, decode(k, 'base64') FROM w ORDER BY t, s -- one lock order: no deadlock between batches
       ON CONFLICT DO NOTHING
       RETURNING tenant_id, subject, key
     )
     SELECT tenant_id, subject, key FROM ins
     UNION ALL
     SELECT k.tenant_id, k.subject, k.key FROM tenancy.subject_keys k JOIN w ON k.tenant_id = w.t AND k.subject = w.s`,
    [
      JSON.stringify(
        wanted.map((r) => ({ t: r.tenantId, s: r.subject, k: newSubjectKey().toString('base64') })),
      ),
    ],
  )) as KeyRow[];
  const keys = toMap(rows);
  const missing = wanted.filter((r) => !keys.has(refKey(r)));
  if (missing.length > 0) for (const [k, key] of await readSubjectKeys(q, missing)) keys.set(k, key);
  return keys;
}

/** Deletes a tenant's subjects' keys: whatever was sealed with them is unreadable from now on. */
export async function eraseSubjectKeys(
  q: Queryable,
  tenantId: string,
  subjects: readonly string[],
): Promise<number> {
  if (subjects.length === 0) return 0;
  const [, n] = (await q.query(
    `DELETE FROM tenancy.subject_keys WHERE tenant_id = $1 AND subject = ANY($2::text[])`,
    [tenantId, subjects],
  )) as [unknown, number];
  return n;
}

/**
 * Keys read by measure and act, cached for `ttlMs`: an erasure consumed by this instance drops a
 * subject's key at once (`forget`); one consumed by another instance of the service reaches this
 * one's cache within the TTL. Missing keys are not cached (a subject erased and heard from again
 * has a new key).
 */
export class SubjectKeyCache {
  private readonly keys = new Map<string, { key: Buffer; until: number }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly max = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(q: Queryable, refs: readonly SubjectRef[]): Promise<SubjectKeys> {
    const t = this.now();
    const out: SubjectKeys = new Map();
    const toRead: SubjectRef[] = [];
    for (const r of unique(refs)) {
      const hit = this.keys.get(refKey(r));
      if (hit && hit.until > t) out.set(refKey(r), hit.key);
      else toRead.push(r);
    }
    if (toRead.length === 0) return out;
    for (const [k, key] of await readSubjectKeys(q, toRead)) {
      out.set(k, key);
      this.keys.delete(k);
      this.keys.set(k, { key, until: t + this.ttlMs });
    }
    // Oldest entries first in a Map's order: drop them past the bound.
    for (const k of this.keys.keys()) {
      if (this.keys.size <= this.max) break;
      this.keys.delete(k);
    }
    return out;
  }

  forget(tenantId: string, subject: string): void {
    this.keys.delete(compositeKey(tenantId, subject));
  }
}

/** What a consumer needs of a record to open its sealed comment. */
type Commented = Pick<FeedbackRecordedV1, 'tenantId' | 'customerId' | 'comment' | 'sealedComment'>;

/**
 * The records with their sealed comments opened into `comment` (one key read per batch, cached). A
 * comment whose key is gone (the customer was erased) or that does not open is absent: `comment`
 * null, never an error, since after an erasure that is exactly what must happen.
 */
export async function openSealedComments<T extends Commented>(
  q: Queryable,
  cache: SubjectKeyCache,
  records: readonly T[],
): Promise<T[]> {
  const refs: SubjectRef[] = [];
  for (const r of records) {
    const subject = sealingSubject(r);
    if (r.sealedComment !== undefined && subject !== null) refs.push({ tenantId: r.tenantId, subject });
  }
  if (refs.length === 0) return [...records];
  const keys = await cache.get(q, refs);
  return records.map((r) => {
    if (r.sealedComment === undefined) return r;
    const subject = sealingSubject(r);
    const key = subject === null ? undefined : keys.get(compositeKey(r.tenantId, subject));
    const { sealedComment, ...rest } = r;
    // A record that is not what listen publishes (no string envelope) opens to nothing either.
    const comment =
      key && subject !== null && typeof sealedComment === 'string'
        ? openSealed(key, r.tenantId, subject, sealedComment)
        : null;
    return { ...rest, comment } as T;
  });
}
