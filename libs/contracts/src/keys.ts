/**
 * The key of a record or cell in the services' maps and sets, e.g. a tenant and an id. Parts are
 * joined by NUL, which no part can contain (text with NUL is refused at every door), so keys of
 * different tenants never collide. Kafka record keys are `partitionKey`'s, not these.
 */
export function compositeKey(...parts: readonly (string | number)[]): string {
  return parts.join('\u0000');
}
