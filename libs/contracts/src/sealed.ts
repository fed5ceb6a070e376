/**
 * Crypto-shredding of customer text on topics (issue 20): a comment linked to a customer travels
 * sealed with a random per-(tenant, subject) AES-256-GCM key kept in `tenancy.subject_keys`.
 * Kafka never rewrites a log, so erasing the customer deletes the key instead, and every record
 * that carried their text turns to noise. The envelope is `v1.<iv>.<ciphertext>.<tag>`, each part
 * base64url; the tenant and subject are authenticated data, so a sealed text moved onto another
 * subject's record does not open. Owns the format only: no I/O, keys come from the caller.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const SEALED_VERSION = 'v1';
export const SUBJECT_KEY_BYTES = 32;
/** What a JSON Schema checks of an envelope; `openSealed` checks the rest. */
export const SEALED_PATTERN = '^v1\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]{22}$';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The subject a record's customer text is sealed for: the customer id exactly as the record
 * publishes it. The one place that says so, should the published id become a pseudonym.
 */
export function sealingSubject(data: { readonly customerId: string | null }): string | null {
  return data.customerId;
}

export function newSubjectKey(): Buffer {
  return randomBytes(SUBJECT_KEY_BYTES);
}

const aad = (tenantId: string, subject: string) => Buffer.from(`${tenantId}\n${subject}`, 'utf8');

export function sealText(key: Buffer, tenantId: string, subject: string, text: string): string {
  if (key.length !== SUBJECT_KEY_BYTES) throw new Error(`a subject key has ${SUBJECT_KEY_BYTES} bytes`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(tenantId, subject));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return [SEALED_VERSION, iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/**
 * The text, or null when the envelope does not open: malformed, another version, tampered, or
 * sealed with another key or for another tenant or subject. Never throws: to a consumer, a text it
 * cannot open is a text it does not have (after an erasure that is the point).
 */
export function openSealed(key: Buffer, tenantId: string, subject: string, envelope: string): string | null {
  const parts = envelope.split('.');
  if (parts.length !== 4 || parts[0] !== SEALED_VERSION || key.length !== SUBJECT_KEY_BYTES) return null;
  const [iv, body, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'));
  // base64url decoding skips junk silently: re-encoding must give the same text back.
  if (parts.slice(1).some((p, i) => [iv, body, tag][i].toString('base64url') !== p)) return null;
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(tenantId, subject));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
