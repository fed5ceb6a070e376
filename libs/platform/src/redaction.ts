/**
 * Customer data in every answer, for callers who may not see it (a viewer who is not also an
 * agent): customer ids, the customers' comments and the texts that quote them are replaced, in
 * whatever read returns them. One place, applied to every route, so a new read cannot forget it.
 */
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import type { AuthedRequest } from './auth';

/** Fields whose values are the secrets themselves (descriptions only quote them). */
const QUOTED_FIELDS: ReadonlySet<string> = new Set([
  'customerId',
  'customerIds',
  'customers',
  'comment',
  'comments',
  'sampleComments',
]);

/** Fields that carry a customer's identity or words (action descriptions and history quote comments). */
export const CUSTOMER_FIELDS: ReadonlySet<string> = new Set([...QUOTED_FIELDS, 'description']);
export const REDACTED = '[redacted]';

/** Every customer id and comment in `value`, to find them quoted elsewhere (titles, keys). */
function secretsOf(value: unknown, into: Set<string>, quoted = false): Set<string> {
  if (typeof value === 'string') {
    if (quoted && value.length >= 3) into.add(value);
  } else if (Array.isArray(value)) for (const v of value) secretsOf(v, into, quoted);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      secretsOf(v, into, quoted || QUOTED_FIELDS.has(k));
  return into;
}

/**
 * A copy of `value` with every customer field redacted (strings to `[redacted]`, lists emptied),
 * and every customer id or comment found in it also cut out of any other text that quotes it
 * (an action's title or dedup key made from a template).
 */
export function redactCustomerData(value: unknown): unknown {
  const secrets = [...secretsOf(value, new Set())].sort((a, b) => b.length - a.length);
  const scrub = (s: string) => secrets.reduce((t, x) => (t.includes(x) ? t.split(x).join(REDACTED) : t), s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (!CUSTOMER_FIELDS.has(k) || x === null || x === undefined) out[k] = walk(x);
      else if (typeof x === 'string') out[k] = REDACTED;
      else if (Array.isArray(x)) out[k] = [];
      else out[k] = walk(x);
    }
    return out;
  };
  return walk(value);
}

@Injectable()
export class RedactionInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const caller = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
    if (!caller || caller.grants.has('read:customers')) return next.handle();
    return next.handle().pipe(map(redactCustomerData));
  }
}
