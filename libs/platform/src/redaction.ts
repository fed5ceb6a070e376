/**
 * Customer data in every answer, for callers who may not see it (a viewer who is not also an
 * agent): customer ids, the customers' comments and the texts that quote them are replaced, in
 * whatever read returns them. One place, applied to every route, so a new read cannot forget it.
 */
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import type { AuthedRequest } from './auth';

/** Fields that carry a customer's identity or words (action descriptions and history quote comments). */
export const CUSTOMER_FIELDS: ReadonlySet<string> = new Set([
  'customerId',
  'customerIds',
  'customers',
  'comment',
  'comments',
  'sampleComments',
  'description',
]);
export const REDACTED = '[redacted]';

/** A copy of `value` with every customer field redacted: strings to `[redacted]`, lists emptied. */
export function redactCustomerData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactCustomerData);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!CUSTOMER_FIELDS.has(k) || v === null || v === undefined) out[k] = redactCustomerData(v);
    else if (typeof v === 'string') out[k] = REDACTED;
    else if (Array.isArray(v)) out[k] = [];
    else out[k] = redactCustomerData(v);
  }
  return out;
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
