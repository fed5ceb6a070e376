/**
 * People's bearer tokens: OAuth 2.0 access tokens (JWT) from the configured issuer, verified
 * offline with `jose` against the issuer's JWKS (found through its discovery document, cached, and
 * fetched again when a token names a key it does not hold), checked for issuer, audience and
 * expiry with a small clock skew, then mapped to a tenant, a person and their roles and teams.
 * Owns verification and mapping only; what a caller may do is `permissions.ts`'s.
 */
import { createRemoteJWKSet, errors as jose, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ROLES, type Role } from './permissions';

export interface BearerSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly tenantClaim: string;
  readonly groupsClaim: string;
  readonly nameClaim: string;
  readonly clockSkewSeconds: number;
  /** IdP group → Continuum roles. */
  readonly groupRoles: ReadonlyMap<string, readonly Role[]>;
  /** IdP group → journey-map teams. */
  readonly groupTeams: ReadonlyMap<string, readonly string[]>;
  /** Groups named `<prefix><team>` put their members in that team (e.g. `team:logistics`). */
  readonly teamGroupPrefix: string;
}

/** Who a valid token says the caller is. Roles and teams come from its groups. */
export interface TokenIdentity {
  readonly tenantId: string;
  readonly subject: string;
  readonly name: string;
  readonly email: string | null;
  readonly roles: readonly Role[];
  readonly teams: readonly string[];
}

/** The token is not acceptable; `reason` says why, for the 401's detail. */
export class TokenRejected extends Error {
  override readonly name = 'TokenRejected';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The issuer's discovery document or keys cannot be fetched: nothing wrong with the request. */
export class IssuerUnavailable extends Error {
  override readonly name = 'IssuerUnavailable';
}

/** Only asymmetric signatures: a shared-secret (HS*) token could be forged by anyone holding the secret. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

/** `a=b,c=d` → a → [b], c → [d] (a key may repeat). */
export function parsePairs(spec: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of spec.split(',')) {
    const eq = part.lastIndexOf('=');
    if (eq <= 0) continue;
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k && v) out.set(k, [...(out.get(k) ?? []), v]);
  }
  return out;
}

export function parseGroupRoles(spec: string): Map<string, Role[]> {
  const pairs = parsePairs(spec);
  const bad = [...pairs.values()].flat().filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length) throw new Error(`unknown role(s) ${bad.join(', ')}; roles are ${ROLES.join(', ')}`);
  return pairs as Map<string, Role[]>;
}

/** A token looks like a JWT (three base64url parts), not like an API key (`ck_…`). */
export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token);
}

function reasonOf(err: unknown, s: BearerSettings): string {
  if (err instanceof jose.JWTExpired)
    return `token expired at ${String(err.payload.exp)} (clock skew ${s.clockSkewSeconds} s)`;
  if (err instanceof jose.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return `token is for another audience (expected "${s.audience}")`;
    if (err.claim === 'iss') return `token from another issuer (expected "${s.issuer}")`;
    if (err.claim === 'nbf') return 'token not valid yet (nbf)';
    return `token claim "${err.claim}" is invalid: ${err.reason}`;
  }
  if (err instanceof jose.JWSSignatureVerificationFailed)
    return "signature does not verify with the issuer's key";
  if (err instanceof jose.JWKSNoMatchingKey) return 'token signed by a key the issuer does not publish';
  if (err instanceof jose.JOSEAlgNotAllowed) return 'token signed with an algorithm that is not accepted';
  return 'malformed token';
}

const strings = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : typeof v === 'string'
      ? v.split(/\s+/).filter(Boolean)
      : [];

export class BearerVerifier {
  private keys: JWTVerifyGetKey | null;
  private discovering: Promise<JWTVerifyGetKey> | null = null;

  /** `keys`: a fixed key set (unit tests); by default the issuer's JWKS, found by discovery. */
  constructor(
    readonly settings: BearerSettings,
    keys?: JWTVerifyGetKey,
  ) {
    this.keys = keys ?? null;
  }

  private async keySet(): Promise<JWTVerifyGetKey> {
    if (this.keys) return this.keys;
    this.discovering ??= (async () => {
      const url = `${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new IssuerUnavailable(`${url} answered ${res.status}`);
      const doc = (await res.json()) as { issuer?: string; jwks_uri?: string };
      if (doc.issuer !== this.settings.issuer || !doc.jwks_uri)
        throw new IssuerUnavailable(`${url} names issuer ${String(doc.issuer)}, not ${this.settings.issuer}`);
      // jose caches the set and fetches it again (at most every 30 s) when a token names an unknown kid.
      const remote = createRemoteJWKSet(new URL(doc.jwks_uri), { timeoutDuration: 5000 });
      const keys: JWTVerifyGetKey = async (header, token) => {
        try {
          return await remote(header, token);
        } catch (err) {
          // A key the set lacks is the token's fault; a set that cannot be fetched is not.
          const fetchFailed =
            !(err instanceof jose.JOSEError) ||
            err instanceof jose.JWKSTimeout ||
            err instanceof jose.JWKSInvalid ||
            err.code === 'ERR_JOSE_GENERIC';
          if (fetchFailed) throw new IssuerUnavailable(`the issuer's keys cannot be fetched: ${String(err)}`);
          throw err;
        }
      };
      this.keys = keys;
      return keys;
    })().catch((err: unknown) => {
      this.discovering = null;
      throw err instanceof IssuerUnavailable
        ? err
        : new IssuerUnavailable(`issuer unreachable: ${String(err)}`);
    });
    return this.discovering;
  }

  /** Verifies the token and maps it; throws TokenRejected (401) or IssuerUnavailable (503). */
  async verify(token: string): Promise<TokenIdentity> {
    const s = this.settings;
    const keys = await this.keySet();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: s.issuer,
        audience: s.audience,
        clockTolerance: s.clockSkewSeconds,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (err) {
      if (err instanceof IssuerUnavailable) throw err;
      throw new TokenRejected(reasonOf(err, s));
    }
    return this.identity(payload);
  }

  /** The tenant, person, roles and teams a verified payload names. */
  identity(payload: JWTPayload): TokenIdentity {
    const s = this.settings;
    const tenant = payload[s.tenantClaim];
    if (typeof tenant !== 'string' || tenant === '')
      throw new TokenRejected(`token has no "${s.tenantClaim}" claim naming the tenant`);
    const groups = strings(payload[s.groupsClaim]);
    const roles = new Set<Role>();
    const teams = new Set<string>();
    for (const g of groups) {
      for (const r of s.groupRoles.get(g) ?? []) roles.add(r);
      for (const t of s.groupTeams.get(g) ?? []) teams.add(t);
      if (s.teamGroupPrefix && g.startsWith(s.teamGroupPrefix) && g.length > s.teamGroupPrefix.length)
        teams.add(g.slice(s.teamGroupPrefix.length));
    }
    const subject = payload.sub!;
    const named = payload[s.nameClaim] ?? payload.preferred_username ?? payload.email;
    return {
      tenantId: tenant,
      subject,
      name: typeof named === 'string' && named ? named : subject,
      email: typeof payload.email === 'string' ? payload.email : null,
      roles: [...roles],
      teams: [...teams],
    };
  }
}
