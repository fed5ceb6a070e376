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

/** One key per tenant and purpose: a survey link's signature is no opt-out link's. */
function keyFor(secret: string, tenantId: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`continuum.${purpose}.v1:${tenantId}`).digest();
}

function sign(secret: string, tenantId: string, payload: string, purpose = 'survey-token'): string {
  return createHmac('sha256', keyFor(secret, tenantId, purpose))
    .update(payload)
    .digest('base64url');
}

export function signSurveyToken(secret: string, claims: SurveyTokenClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(secret, claims.t, payload)}`;
}

/** An opt-out link's claims: the tenant and a random message key (never the customer), the language. */
export interface OptOutTokenClaims {
  readonly t: string;
  /** The key of the message that carried the link (a UUID listen chose). */
  readonly k: string;
  readonly l: 'it' | 'en';
}

export function signOptOutToken(secret: string, claims: OptOutTokenClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(secret, claims.t, payload, 'opt-out-token')}`;
}

/** An opt-out link does not expire: a customer may opt out whenever they read the message. */
export function verifyOptOutToken(
  secret: string,
  token: string,
): { readonly ok: true; readonly claims: OptOutTokenClaims } | { readonly ok: false } {
  const parsed = parse(token);
  if (!parsed) return { ok: false };
  const c = parsed.claims as Record<string, unknown>;
  if (typeof c.t !== 'string' || typeof c.k !== 'string' || (c.l !== 'it' && c.l !== 'en'))
    return { ok: false };
  const claims: OptOutTokenClaims = { t: c.t, k: c.k, l: c.l === 'it' ? 'it' : 'en' };
  return signed(sign(secret, claims.t, parsed.payload, 'opt-out-token'), parsed.signature)
    ? { ok: true, claims }
    : { ok: false };
}

function parse(token: string): { payload: string; signature: string; claims: object } | null {
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return null;
  const [payload, signature] = token.split('.');
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? { payload, signature, claims } : null;
  } catch {
    return null;
  }
}

function signed(expected: string, signature: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  return a.length === b.length && timingSafeEqual(a, b);
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
  const parsed = parse(token);
  if (!parsed || !isClaims(parsed.claims)) return { ok: false, reason: 'malformed' };
  const { claims } = parsed;
  if (!signed(sign(secret, claims.t, parsed.payload), parsed.signature))
    return { ok: false, reason: 'forged' };
  if (claims.e * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
