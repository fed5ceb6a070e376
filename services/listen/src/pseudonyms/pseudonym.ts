/**
 * How a customer id becomes its pseudonym on topics: a keyed hash with the tenant's secret key,
 * which only listen holds. Pure: no I/O.
 */
import { createHmac } from 'node:crypto';

/** Marks a pseudonym, so nobody takes it for a CRM's id; the rest is base64url (an id's characters). */
export const PSEUDONYM_PREFIX = 'psn_';
/** 160 bits of HMAC-SHA256: no two customers of a tenant share a pseudonym in practice. */
const HASH_BYTES = 20;
export const PSEUDONYM_PATTERN = /^psn_[A-Za-z0-9_-]{27}$/;

/** The pseudonym of `customerId` under a tenant's 32-byte key; the same id always gives the same one. */
export function pseudonymOf(key: Buffer, customerId: string): string {
  const mac = createHmac('sha256', key).update(customerId, 'utf8').digest();
  return PSEUDONYM_PREFIX + mac.subarray(0, HASH_BYTES).toString('base64url');
}

/** What a tenant's events carry in `customerId`. */
export type TopicIdMode = 'pseudonymised' | 'raw';
export const TOPIC_ID_MODES: readonly TopicIdMode[] = ['pseudonymised', 'raw'];
