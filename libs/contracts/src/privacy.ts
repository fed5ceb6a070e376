import { createHash } from 'node:crypto';

/** How `PrivacyErasureV1.commentDigests` are made: SHA-256 of the UTF-8 text, lowercase hex. */
export function commentDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What replaces erased free text that a row must keep (a non-null column, an action's description). */
export const ERASED_TEXT = '[erased]';
