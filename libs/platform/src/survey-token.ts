/**
 * Survey invitation links: `<payload>.<signature>`, both base64url; the payload names the tenant,
 * the invitation (a random id, never the customer's), the survey version, the language and the
 * expiry; the signature is HMAC-SHA256 under a key derived per tenant from the shared secret
 * (listen signs, collect verifies). Carries no personal data. Pure apart from node:crypto.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SurveyTokenClaims {
  /** Tenant id. */
  readonly t: string;
  /** Invitation key (a UUID listen chose). */
  readonly i: string;
  /** Survey id and version. */
  readonly s: string;
  readonly v: number;
  /** Language of the page. */
  readonly l: 'it' | 'en';
  /** Expiry, Unix seconds. */
  readonly e: number;
}

export type TokenCheck =
  | { readonly ok: true; readonly claims: SurveyTokenClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'forged' | 'expired' };

const MAX_TOKEN_LENGTH = 1024;

function keyFor(secret: string, tenantId: string): Buffer {
  return createHmac('sha256', secret).update(`continuum.survey-token.v1:${tenantId}`).digest();
}

function sign(secret: string, tenantId: string, payload: string): string {
  return createHmac('sha256', keyFor(secret, tenantId)).update(payload).digest('base64url');
}

export function signSurveyToken(secret: string, claims: SurveyTokenClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(secret, claims.t, payload)}`;
}

function isClaims(v: unknown): v is SurveyTokenClaims {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (
    typeof c.t === 'string' &&
    typeof c.i === 'string' &&
    typeof c.s === 'string' &&
    Number.isInteger(c.v) &&
    (c.l === 'it' || c.l === 'en') &&
    Number.isInteger(c.e)
  );
}

/** Signature first (a forged token learns nothing of expiry), then expiry at `now`. */
export function verifySurveyToken(secret: string, token: string, now = new Date()): TokenCheck {
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token))
    return { ok: false, reason: 'malformed' };
  const [payload, signature] = token.split('.');
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isClaims(claims)) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(sign(secret, claims.t, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'forged' };
  if (claims.e * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
