import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, exportJWK, SignJWT, type JWK } from 'jose';
import { BearerVerifier, looksLikeJwt, parseGroupRoles, TokenRejected, type BearerSettings } from './bearer';

const ISSUER = 'http://127.0.0.1:9400';
const AUDIENCE = 'urn:continuum:api';

async function keyPair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { privateKey, jwk };
}

const settings = (over: Partial<BearerSettings> = {}): BearerSettings => ({
  issuer: ISSUER,
  audience: AUDIENCE,
  tenantClaim: 'tenant',
  groupsClaim: 'groups',
  nameClaim: 'name',
  clockSkewSeconds: 5,
  groupRoles: parseGroupRoles('continuum-agents=agent,continuum-admins=admin,ops=manager,ops=viewer'),
  groupTeams: new Map([['8f1c-guid', ['billing']]]),
  teamGroupPrefix: 'team:',
  ...over,
});

describe(BearerVerifier.name, () => {
  let good: Awaited<ReturnType<typeof keyPair>>;
  let stranger: Awaited<ReturnType<typeof keyPair>>;
  let sut: BearerVerifier;
  const nowS = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    good = await keyPair('k1');
    stranger = await keyPair('k1'); // same kid, another key: a forgery
    sut = new BearerVerifier(settings(), createLocalJWKSet({ keys: [good.jwk] }));
  });

  const token = (
    claims: Record<string, unknown>,
    o: { key?: typeof good; exp?: number; aud?: string; iss?: string } = {},
  ) =>
    new SignJWT({
      tenant: 'acme',
      name: 'Lucia Rossi',
      groups: ['continuum-agents', 'team:logistics'],
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: (o.key ?? good).jwk.kid, typ: 'at+jwt' })
      .setSubject('u-1')
      .setIssuer(o.iss ?? ISSUER)
      .setAudience(o.aud ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(o.exp ?? nowS() + 600)
      .sign((o.key ?? good).privateKey);

  const rejection = async (t: string | Promise<string>) => {
    try {
      await sut.verify(await t);
    } catch (err) {
      if (err instanceof TokenRejected) return err.reason;
      throw err;
    }
    throw new Error('accepted');
  };

  it('maps a valid token to tenant, person, roles and teams', async () => {
    await expect(sut.verify(await token({ email: 'l@acme.test' }))).resolves.toEqual({
      tenantId: 'acme',
      subject: 'u-1',
      name: 'Lucia Rossi',
      email: 'l@acme.test',
      roles: ['agent'],
      teams: ['logistics'],
    });
  });

  it('maps groups by the configured table and the team prefix, and a group to several roles', async () => {
    const id = await sut.verify(await token({ groups: ['ops', '8f1c-guid', 'team:', 'unrelated'] }));
    expect([...id.roles].sort()).toEqual(['manager', 'viewer']);
    expect(id.teams).toEqual(['billing']);
    // A space-separated string claim, as some providers send `groups` or `roles`.
    const spaced = await sut.verify(await token({ groups: 'continuum-admins team:care' }));
    expect({ roles: spaced.roles, teams: spaced.teams }).toEqual({ roles: ['admin'], teams: ['care'] });
  });

  it('falls back to preferred_username, email, then sub for the name', async () => {
    expect((await sut.verify(await token({ name: undefined, preferred_username: 'lr' }))).name).toBe('lr');
    expect((await sut.verify(await token({ name: undefined }))).name).toBe('u-1');
  });

  it('rejects an expired token, past the clock skew only', async () => {
    expect(await rejection(token({}, { exp: nowS() - 60 }))).toMatch(
      /^token expired at \d+ \(clock skew 5 s\)$/,
    );
    // Within the skew it still passes.
    await expect(sut.verify(await token({}, { exp: nowS() - 2 }))).resolves.toMatchObject({ subject: 'u-1' });
  });

  it('rejects another audience, another issuer, a forged signature and a malformed token', async () => {
    expect(await rejection(token({}, { aud: 'urn:continuum:other-api' }))).toBe(
      'token is for another audience (expected "urn:continuum:api")',
    );
    expect(await rejection(token({}, { iss: 'http://evil.example' }))).toBe(
      'token from another issuer (expected "http://127.0.0.1:9400")',
    );
    expect(await rejection(token({}, { key: stranger }))).toBe(
      "signature does not verify with the issuer's key",
    );
    expect(await rejection('bm90.anNvbg.c2ln')).toBe('malformed token');
  });

  it('rejects a token signed with a shared secret (HS256) even if its kid matches', async () => {
    const hs = await new SignJWT({ tenant: 'acme' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('u-1')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(nowS() + 60)
      .sign(new TextEncoder().encode('a-shared-secret-of-enough-length!!'));
    expect(await rejection(hs)).toBe('token signed with an algorithm that is not accepted');
  });

  it('rejects a token without the tenant claim, naming the claim', async () => {
    expect(await rejection(token({ tenant: undefined }))).toBe(
      'token has no "tenant" claim naming the tenant',
    );
    const other = new BearerVerifier(
      settings({ tenantClaim: 'org' }),
      createLocalJWKSet({ keys: [good.jwk] }),
    );
    await expect(other.verify(await token({ org: 'acme-2' }))).resolves.toMatchObject({ tenantId: 'acme-2' });
  });

  it('tells JWTs from API keys', () => {
    expect(looksLikeJwt('ck_1a2b3c4d_Zm9vYmFy')).toBe(false);
    expect(looksLikeJwt('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')).toBe(true);
  });

  it('refuses a role mapping to an unknown role', () => {
    expect(() => parseGroupRoles('x=superuser')).toThrow('unknown role(s) superuser');
  });
});
