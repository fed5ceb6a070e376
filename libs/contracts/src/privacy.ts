import { createHash } from 'node:crypto';
import { ERASING_SERVICES } from './events';

/** How `PrivacyErasureV1.commentDigests` are made: SHA-256 of the UTF-8 text, lowercase hex. */
export function commentDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What replaces erased free text that a row must keep (a non-null column, an action's description). */
export const ERASED_TEXT = '[erased]';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Why an erasure request cannot be applied, or null; `tenantId` is the event's ce_tenantid. */
export function erasureProblem(data: unknown, tenantId: string): string | null {
  if (!isObj(data)) return 'data must be a JSON object';
  if (data.tenantId !== tenantId) return 'data.tenantId must equal the ce_tenantid header';
  if (typeof data.erasureId !== 'string' || !UUID.test(data.erasureId)) return 'erasureId must be a UUID';
  if (typeof data.customerId !== 'string' || data.customerId === '')
    return 'customerId must be a non-empty string';
  if (
    data.rawCustomerId !== undefined &&
    (typeof data.rawCustomerId !== 'string' || data.rawCustomerId === '')
  )
    return 'rawCustomerId must be a non-empty string when present';
  for (const k of ['feedbackIds', 'eventIds', 'commentDigests', 'invitationKeys'])
    if (!strings(data[k])) return `${k} must be an array of strings`;
  return null;
}

/** Why an erasure confirmation cannot be recorded, or null. */
export function erasedProblem(data: unknown, tenantId: string): string | null {
  if (!isObj(data)) return 'data must be a JSON object';
  if (data.tenantId !== tenantId) return 'data.tenantId must equal the ce_tenantid header';
  if (typeof data.erasureId !== 'string' || !UUID.test(data.erasureId)) return 'erasureId must be a UUID';
  if (!(ERASING_SERVICES as readonly unknown[]).includes(data.service))
    return `service must be one of ${ERASING_SERVICES.join(', ')}`;
  if (typeof data.erasedAt !== 'string' || Number.isNaN(Date.parse(data.erasedAt)))
    return 'erasedAt must be an instant';
  if (!isObj(data.rows) || !Object.values(data.rows).every((n) => Number.isInteger(n) && (n as number) >= 0))
    return 'rows must map table names to counts';
  return null;
}

/** Why retention limits cannot be applied, or null. */
export function retentionProblem(data: unknown, tenantId: string): string | null {
  if (!isObj(data)) return 'data must be a JSON object';
  if (data.tenantId !== tenantId) return 'data.tenantId must equal the ce_tenantid header';
  for (const k of [
    'feedbackDays',
    'interactionDays',
    'commentSampleDays',
    'resolvedActionDays',
    'deliveryLogDays',
  ]) {
    const v = data[k];
    if (v !== null && !(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 3650))
      return `${k} must be null or whole days from 1 to 3650`;
  }
  return null;
}
