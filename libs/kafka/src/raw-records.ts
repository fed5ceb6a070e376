import { validateRecord, type RecordRules, type SelfChecking } from '@continuum/contracts';
import type { BatchOutcome, InboundRecord, RecordBatch, Rejection } from './records';

/** A raw record that passed: its tenant, its checked fields and the record itself. */
export interface RawAccepted<T> {
  readonly tenantId: string;
  readonly dto: T;
  readonly record: InboundRecord;
}

/**
 * Reads raw-topic records (the sender's JSON with its `tenantId`, checked by its JSON Schema): invalid JSON, invalid fields
 * and unknown tenants become rejections with their reasons (dead letters); the rest come back
 * with their tenant and record, in batch order. One tenant lookup per distinct tenant in the batch.
 */
export async function readRawRecords<T extends SelfChecking & { readonly tenantId: string }>(
  batch: RecordBatch,
  rules: RecordRules<T>,
  tenantExists: (tenantId: string) => Promise<boolean>,
): Promise<{ accepted: RawAccepted<T>[]; rejected: Rejection[] }> {
  const rejected: Rejection[] = [];
  const valid: { record: InboundRecord; dto: T }[] = [];
  for (const record of batch.records) {
    let plain: unknown;
    try {
      plain = JSON.parse(record.value ?? '');
    } catch {
      rejected.push({ record, code: 'invalid-json', reason: 'record value is not valid JSON' });
      continue;
    }
    const v = validateRecord(rules, plain);
    if (v.ok) valid.push({ record, dto: v.value });
    else
      rejected.push({
        record,
        code: 'validation',
        reason: v.problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
      });
  }
  const known = new Map<string, boolean>();
  for (const t of new Set(valid.map((v) => v.dto.tenantId))) known.set(t, await tenantExists(t));
  const accepted: RawAccepted<T>[] = [];
  for (const { record, dto } of valid) {
    if (known.get(dto.tenantId)) accepted.push({ tenantId: dto.tenantId, dto, record });
    else rejected.push({ record, code: 'unknown-tenant', reason: `tenantId: no tenant "${dto.tenantId}"` });
  }
  return { accepted, rejected };
}

/** The body of a raw-topic batch handler: reads the batch (see `readRawRecords`), hands the accepted to `handle`. */
export async function consumeRawRecords<T extends SelfChecking & { readonly tenantId: string }>(
  batch: RecordBatch,
  rules: RecordRules<T>,
  tenantExists: (tenantId: string) => Promise<boolean>,
  handle: (accepted: RawAccepted<T>[]) => Promise<unknown>,
): Promise<BatchOutcome> {
  const { accepted, rejected } = await readRawRecords(batch, rules, tenantExists);
  await handle(accepted);
  return { rejected };
}
