/**
 * Webhook signatures, the contract with receivers: `X-Continuum-Signature: t=<unix seconds>,
 * v1=<hex HMAC-SHA256>` over `<t>.<raw body>` with the subscription's secret. The timestamp in
 * the signed text lets a receiver refuse replays; `X-Continuum-Delivery` is stable across retries
 * so a receiver can deduplicate. `verifyWebhookSignature` is the reference for integrators.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SIGNATURE_HEADER = 'x-continuum-signature';
export const WEBHOOK_DELIVERY_HEADER = 'x-continuum-delivery';
export const WEBHOOK_EVENT_HEADER = 'x-continuum-event';
export const WEBHOOK_ATTEMPT_HEADER = 'x-continuum-attempt';

export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const mac = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${mac}`;
}

export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string,
  now: Date,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
