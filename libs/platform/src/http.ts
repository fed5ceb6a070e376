/**
 * What controllers repeated around their use cases: a 404 for what is not there, an id in the
 * path checked, a body validated by its DTO, an outbound URL checked, the next page's path.
 * Problems keep their wording.
 */
import { HttpStatus } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import { lookup } from 'node:dns/promises';
import { ID_MESSAGE, ID_PATTERN, validateOneOrMany, validatePayload } from '@continuum/contracts';
import { refuseWebhookUrl } from './outbound-target';
import { ProblemException, ValidationProblem } from './problem';

/** `value`, or a 404 problem whose detail says what is not there. */
export function found<T>(value: T | null | undefined | false, detail: string): T {
  if (!value) throw new ProblemException(HttpStatus.NOT_FOUND, 'Not found', detail);
  return value;
}

/** A path parameter that must be an id: the value, or a 400 naming the parameter. */
export function checkedId(field: string, value: string, message = ID_MESSAGE): string {
  if (!ID_PATTERN.test(value))
    throw new ValidationProblem([{ field, reason: message.replace('$property', field) }]);
  return value;
}

/** A body checked by its DTO, or a 400 naming every problem. */
export function validBody<T extends object>(cls: ClassConstructor<T>, body: unknown): T {
  const v = validatePayload(cls, body);
  if (!v.ok) throw new ValidationProblem(v.problems);
  return v.value;
}

/** One object or an array of at most `max`, each checked by the DTO; all-or-nothing. */
export function validBatch<T extends object>(cls: ClassConstructor<T>, body: unknown, max: number): T[] {
  const v = validateOneOrMany(cls, body, max);
  if (!v.ok) throw new ValidationProblem(v.problems);
  return v.values;
}

/** Why `url` may not be sent requests (its host resolved by the system's resolver), or null. */
export function refusedUrl(url: string, allowPrivate: boolean): Promise<string | null> {
  return refuseWebhookUrl(url, {
    allowPrivate,
    resolve: async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address),
  });
}

/**
 * The path of the page after `items` when they fill a page of `limit`, with the cursor `after`
 * takes from the last item; null after the last page.
 */
export function nextPage<T>(
  path: string,
  items: readonly T[],
  limit: number,
  cursor: (last: T) => Record<string, string>,
): string | null {
  const last = items[items.length - 1];
  if (items.length !== limit || !last) return null;
  return `${path}?${new URLSearchParams({ ...cursor(last), limit: String(limit) }).toString()}`;
}
