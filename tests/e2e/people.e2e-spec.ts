/**
 * People against listen and act as real processes, signed in at the test stack's own OpenID
 * Provider (infra/oidc) through its login and consent pages: which tokens are refused and why,
 * agents working only their teams' actions, a body's `actor` changing nothing, and an audit trail
 * that names the person (display name and subject) or the key (prefix) behind every change.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  addOidcUsers,
  callService,
  createTenant,
  e2eSuite,
  eventually,
  jwtClaims,
  pseudonymOf,
  OTHER_RESOURCE,
  SHORT_LIVED_CLIENT,
  signIn,
  SignInError,
  TWO_TEAM_JOURNEY,
  usersOfTenant,
  type RunningService,
} from '@continuum/testing';

jest.setTimeout(180_000);

/** The fixed tenants of the test provider's users file (written by the jest global setup). */
const T = 'people';
const OTHER = 'people-other';
const GHOST = 'people-ghost';
const users = usersOfTenant(T);

const call = (svc: RunningService, credential: string, method: string, path: string, body?: unknown) =>
  callService(svc, credential, method, path, body);

const tokens = new Map<string, string>();
async function tokenOf(u: { login: string; password: string }): Promise<string> {
  if (!tokens.has(u.login)) tokens.set(u.login, (await signIn(u.login, u.password)).accessToken);
  return tokens.get(u.login)!;
}

/** The audit records of the tenant about one resource. */
async function auditOf(resourceId: string): Promise<Record<string, unknown>[]> {
  const r = await call(suite.listen, suite.key, 'GET', '/v1/audit?limit=500');
  expect(r.status).toBe(200);
  return (r.body.items as { resourceId: string }[]).filter((x) => x.resourceId === resourceId);
}

const actions: Record<'logistics' | 'care', string> = { logistics: '', care: '' };

// A journey whose delivery belongs to logistics and whose support desk to customer care, and a
// detractor at each (below): act opens one follow-up per team.
const suite = e2eSuite({
  tenants: [T],
  services: { listen: {}, act: {} },
  journey: TWO_TEAM_JOURNEY,
  cleanExit: true,
});

beforeAll(async () => {
  createTenant(suite.stack, OTHER, 'read');
  const run = randomUUID().slice(0, 8);
  // act knows customers by the pseudonyms listen publishes.
  const pseudonyms = new Map<string, string>();
  for (const c of [`cust-l-${run}`, `cust-c-${run}`])
    pseudonyms.set(c, await pseudonymOf(suite.listen, suite.key, c));
  await eventually(
    async () => {
      // The journey reaches act over cx.journey.v1; feedback sent before would get the default owner.
      const fb = await call(suite.listen, suite.key, 'POST', '/v1/feedback', [
        {
          id: `p-${run}-1`,
          touchpoint: 'courier',
          nps: 1,
          customerId: `cust-l-${run}`,
          consentToContact: true,
        },
        {
          id: `p-${run}-2`,
          touchpoint: 'helpdesk',
          nps: 2,
          customerId: `cust-c-${run}`,
          consentToContact: true,
        },
      ]);
      expect(fb.status).toBeLessThan(300);
      const list = await call(suite.act, suite.key, 'GET', '/v1/actions?limit=500');
      const find = (c: string) =>
        (list.body.items as { id: string; customerId: string; owner: string }[]).find(
          (a) => a.customerId === pseudonyms.get(c),
        );
      const l = find(`cust-l-${run}`);
      const c = find(`cust-c-${run}`);
      return (
        l &&
        c &&
        l.owner === 'logistics' &&
        c.owner === 'customer-care' &&
        Object.assign(actions, { logistics: l.id, care: c.id })
      );
    },
    60_000,
    1000,
  );
});

describe('signing in at the local OpenID Provider', () => {
  it('gives a JWT access token for the API carrying sub, name, tenant and groups', async () => {
    const claims = jwtClaims(await tokenOf(users.agentA));
    expect(claims).toMatchObject({
      sub: users.agentA.sub,
      name: users.agentA.name,
      tenant: T,
      groups: ['continuum-agents', 'team:logistics'],
      aud: 'urn:continuum:api',
      iss: suite.stack.oidcIssuer,
    });
    const r = await call(suite.act, await tokenOf(users.agentA), 'GET', '/v1/actions');
    expect(r.status).toBe(200);
  });

  it('refuses a wrong password on its login page, with the reason shown', async () => {
    await expect(signIn(users.agentA.login, 'not-the-password')).rejects.toThrow(
      new SignInError('Wrong user name or password.'),
    );
  });
});

describe('tokens the services refuse, each with its reason', () => {
  it('an expired token: 401 "token expired"', async () => {
    const { accessToken } = await signIn(users.viewer.login, users.viewer.password, {
      clientId: SHORT_LIVED_CLIENT,
    });
    const exp = Number(jwtClaims(accessToken).exp);
    // Fresh, it is accepted: what follows is the expiry, not something else about this token.
    expect((await call(suite.act, accessToken, 'GET', '/v1/actions')).status).toBe(200);
    // Wait on the clock, not a fixed sleep: until exp plus the services' skew (1 s in tests) has passed.
    await eventually(async () => Date.now() / 1000 > exp + 1 + 0.5, 30_000, 100);
    const r = await call(suite.act, accessToken, 'GET', '/v1/actions');
    expect({ status: r.status, detail: r.body.detail }).toEqual({
      status: 401,
      detail: `token expired at ${exp} (clock skew 1 s)`,
    });
  });

  it('a token for another audience: 401', async () => {
    const { accessToken } = await signIn(users.admin.login, users.admin.password, {
      resource: OTHER_RESOURCE,
    });
    expect(jwtClaims(accessToken).aud).toBe(OTHER_RESOURCE);
    for (const svc of [suite.listen, suite.act]) {
      const r = await call(svc, accessToken, 'GET', svc === suite.act ? '/v1/actions' : '/v1/journey');
      expect({ status: r.status, detail: r.body.detail }).toEqual({
        status: 401,
        detail: 'token is for another audience (expected "urn:continuum:api")',
      });
    }
  });

  it('a token signed by a key the provider does not publish (a forgery of a real one): 401', async () => {
    const real = await tokenOf(users.admin);
    const header = JSON.parse(Buffer.from(real.split('.')[0], 'base64url').toString()) as { kid: string };
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    // Same claims, same kid, same algorithm: only the signature is not the provider's.
    const forged = await new SignJWT(jwtClaims(real))
      .setProtectedHeader({ alg: 'RS256', kid: header.kid, typ: 'at+jwt' })
      .sign(privateKey);
    const r = await call(suite.act, forged, 'GET', '/v1/actions');
    expect({ status: r.status, detail: r.body.detail }).toEqual({
      status: 401,
      detail: "signature does not verify with the issuer's key",
    });
    const unknownKid = await new SignJWT(jwtClaims(real))
      .setProtectedHeader({ alg: 'RS256', kid: 'not-a-provider-key', typ: 'at+jwt' })
      .sign(privateKey);
    const k = await call(suite.listen, unknownKid, 'GET', '/v1/journey');
    expect({ status: k.status, detail: k.body.detail }).toEqual({
      status: 401,
      detail: 'token signed by a key the issuer does not publish',
    });
  });

  it('a token of a tenant Continuum does not know: 401', async () => {
    const ghost = usersOfTenant(GHOST).admin;
    const r = await call(suite.act, await tokenOf(ghost), 'GET', '/v1/actions');
    expect({ status: r.status, detail: r.body.detail }).toEqual({
      status: 401,
      detail: `unknown tenant "${GHOST}" in the token's tenant claim`,
    });
  });

  it("another tenant's token sees that tenant only, never this one's actions", async () => {
    const other = usersOfTenant(OTHER).admin;
    const r = await call(suite.act, await tokenOf(other), 'GET', `/v1/actions/${actions.logistics}`);
    expect(r.status).toBe(404);
    const list = await call(suite.act, await tokenOf(other), 'GET', '/v1/actions');
    expect(list.text).not.toContain(actions.logistics);
  });
});

describe('agents work their teams’ actions only', () => {
  it("an agent of logistics gets 403 on customer care's action, and nothing changes", async () => {
    const before = await call(suite.act, suite.key, 'GET', `/v1/actions/${actions.care}`);
    const auditBefore = await auditOf(actions.care);
    const t = await tokenOf(users.agentA);
    for (const [path, body] of [
      [`/v1/actions/${actions.care}/acknowledge`, { comment: 'not mine' }],
      [`/v1/actions/${actions.care}/resolve`, { rootCause: 'delivery' }],
      [`/v1/actions/${actions.care}/notes`, { text: 'not mine' }],
    ] as const) {
      const r = await call(suite.act, t, 'POST', path, body);
      expect({ path, status: r.status, detail: r.body.detail }).toEqual({
        path,
        status: 403,
        detail: expect.stringContaining('owned by team "customer-care", not one of yours'),
      });
    }
    // Cancelling needs a manager, even of one's own team's action.
    const cancel = await call(suite.act, t, 'POST', `/v1/actions/${actions.logistics}/cancel`, {});
    expect({ status: cancel.status, detail: cancel.body.detail }).toEqual({
      status: 403,
      detail: 'cancelling an action needs the manager or admin role',
    });
    const after = await call(suite.act, suite.key, 'GET', `/v1/actions/${actions.care}`);
    expect(after.body).toEqual(before.body);
    expect(await auditOf(actions.care)).toEqual(auditBefore);
  });

  it('acknowledges, notes and resolves its own team’s action: history and audit name the person', async () => {
    const t = await tokenOf(users.agentA);
    expect(
      (await call(suite.act, t, 'POST', `/v1/actions/${actions.logistics}/acknowledge`, {})).status,
    ).toBe(200);
    const note = await call(suite.act, t, 'POST', `/v1/actions/${actions.logistics}/notes`, {
      text: 'Courier called',
    });
    expect(note.status).toBe(201);
    const resolved = await call(suite.act, t, 'POST', `/v1/actions/${actions.logistics}/resolve`, {
      rootCause: 'delivery',
      comment: 'Redelivered',
    });
    expect({ status: resolved.status, action: resolved.body.status }).toEqual({
      status: 200,
      action: 'resolved',
    });
    const detail = await call(suite.act, suite.key, 'GET', `/v1/actions/${actions.logistics}`);
    const people = (detail.body.history as { change: string; actor: string; actorName: string }[]).filter(
      (h) => h.change !== 'opened',
    );
    expect(people.map((h) => [h.change, h.actor, h.actorName])).toEqual([
      ['acknowledged', `user:${users.agentA.sub}`, users.agentA.name],
      ['noted', `user:${users.agentA.sub}`, users.agentA.name],
      ['resolved', `user:${users.agentA.sub}`, users.agentA.name],
    ]);
    const audit = await auditOf(actions.logistics);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['acknowledge', { kind: 'user', subject: users.agentA.sub, name: users.agentA.name, keyPrefix: null }],
      ['note', { kind: 'user', subject: users.agentA.sub, name: users.agentA.name, keyPrefix: null }],
      ['resolve', { kind: 'user', subject: users.agentA.sub, name: users.agentA.name, keyPrefix: null }],
    ]);
    expect(audit[2]).toMatchObject({
      detail: { from: 'acknowledged', to: 'resolved', rootCause: 'delivery' },
    });
    expect(audit.every((a) => a.ip === '127.0.0.1' || a.ip === '::ffff:127.0.0.1')).toBe(true);
  });

  it('a forged actor in the body changes nothing: the history and the audit name the caller', async () => {
    const t = await tokenOf(users.manager);
    const r = await call(suite.act, t, 'POST', `/v1/actions/${actions.logistics}/reopen`, {
      actor: 'Mallory the CEO',
      comment: 'reopened',
    });
    expect(r.status).toBe(200);
    const detail = await call(suite.act, suite.key, 'GET', `/v1/actions/${actions.logistics}`);
    const last = detail.body.history.at(-1);
    expect({ actor: last.actor, actorName: last.actorName }).toEqual({
      actor: `user:${users.manager.sub}`,
      actorName: users.manager.name,
    });
    const audit = await auditOf(actions.logistics);
    expect(audit.at(-1)).toMatchObject({
      action: 'reopen',
      actor: { kind: 'user', subject: users.manager.sub, name: users.manager.name },
    });
    const all = await call(suite.listen, suite.key, 'GET', '/v1/audit?limit=500');
    expect(all.text).not.toContain('Mallory');
    expect(detail.text).not.toContain('Mallory');
  });
});

describe('keys and the user directory', () => {
  it('an act key acknowledges (the audit names its prefix) and reads nothing', async () => {
    const t = await tokenOf(users.admin);
    const issued = await call(suite.listen, t, 'POST', '/v1/keys', { scopes: ['act'], name: 'ops bridge' });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ prefix: expect.stringMatching(/^ck_[0-9a-f]{8}$/), scopes: ['act'] });
    const actKey = issued.body.key as string;
    expect((await call(suite.act, actKey, 'GET', `/v1/actions/${actions.care}`)).status).toBe(403);
    const ack = await call(suite.act, actKey, 'POST', `/v1/actions/${actions.care}/acknowledge`, {
      actor: 'forged',
    });
    expect(ack.status).toBe(200);
    expect((await auditOf(actions.care)).at(-1)).toMatchObject({
      action: 'acknowledge',
      actor: { kind: 'key', subject: null, name: issued.body.prefix, keyPrefix: issued.body.prefix },
    });
    const keyAudit = await auditOf(issued.body.prefix);
    expect(keyAudit).toEqual([
      expect.objectContaining({
        action: 'create',
        resource: 'key',
        actor: { kind: 'user', subject: users.admin.sub, name: users.admin.name, keyPrefix: null },
      }),
    ]);
    // Listed with its scopes, who issued it and, once used, when; revoked, it stops at once.
    const listed = await eventually(async () => {
      const l = await call(suite.listen, t, 'GET', '/v1/keys');
      const k = (l.body.items as { prefix: string; lastUsedAt: string | null }[]).find(
        (x) => x.prefix === issued.body.prefix,
      );
      return k?.lastUsedAt ? k : null;
    });
    expect(listed).toMatchObject({
      name: 'ops bridge',
      scopes: ['act'],
      createdBy: users.admin.name,
      revokedAt: null,
    });
    expect((await call(suite.listen, t, 'DELETE', `/v1/keys/${issued.body.prefix}`)).status).toBe(204);
    await eventually(
      async () =>
        (await call(suite.act, actKey, 'POST', `/v1/actions/${actions.care}/notes`, { text: 'x' })).status ===
        401,
    );
    expect((await auditOf(issued.body.prefix)).map((a) => a.action)).toEqual(['create', 'revoke']);
  });

  it('users, keys and the audit trail answer the admin only', async () => {
    for (const who of [users.viewer, users.agentA, users.manager]) {
      const t = await tokenOf(who);
      for (const [method, path] of [
        ['GET', '/v1/users'],
        ['PUT', '/v1/users'],
        ['GET', '/v1/keys'],
        ['POST', '/v1/keys'],
        ['GET', '/v1/audit'],
      ]) {
        const r = await call(
          suite.listen,
          t,
          method,
          path,
          method === 'GET' ? undefined : { roles: [], teams: [] },
        );
        expect({ who: who.login, path, method, status: r.status }).toEqual({
          who: who.login,
          path,
          method,
          status: 403,
        });
      }
    }
  });

  it('a person the IdP gives no group gets roles and teams from the user directory', async () => {
    const nobody = {
      sub: `${T}-nobody`,
      login: `nobody@${T}`,
      password: 'nobody-pw',
      name: 'Nora Nobody',
      email: `nora@${T}.test`,
      tenant: T,
      groups: [],
    };
    addOidcUsers([nobody]);
    const t = await tokenOf(nobody);
    const refused = await call(suite.act, t, 'GET', '/v1/actions');
    expect({ status: refused.status, detail: refused.body.detail }).toEqual({
      status: 403,
      detail: 'your roles (none) do not allow "read"; it needs viewer or agent or manager or admin',
    });
    const admin = await tokenOf(users.admin);
    const put = await call(suite.listen, admin, 'PUT', '/v1/users', {
      email: nobody.email,
      name: nobody.name,
      roles: ['agent'],
      teams: ['customer-care'],
    });
    expect(put.status).toBe(200);
    const unknownTeam = await call(suite.listen, admin, 'PUT', '/v1/users', {
      email: nobody.email,
      roles: [],
      teams: ['nope'],
    });
    expect({ status: unknownTeam.status, errors: unknownTeam.body.errors }).toEqual({
      status: 400,
      errors: [{ field: 'teams', reason: '"nope" is not a team of the journey map' }],
    });
    // Every service forgets the tenant's cached memberships when the directory changes.
    await eventually(async () => (await call(suite.act, t, 'GET', '/v1/actions')).status === 200);
    const note = await call(suite.act, t, 'POST', `/v1/actions/${actions.care}/notes`, { text: 'On it' });
    expect({ status: note.status, actorName: note.body.actorName }).toEqual({
      status: 201,
      actorName: nobody.name,
    });
    expect(
      (await call(suite.act, t, 'POST', `/v1/actions/${actions.logistics}/notes`, { text: 'x' })).status,
    ).toBe(403);
    const listed = await call(suite.listen, admin, 'GET', '/v1/users');
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        subject: null,
        email: nobody.email,
        roles: ['agent'],
        teams: ['customer-care'],
      }),
    ]);
    expect((await auditOf(nobody.email)).map((a) => a.action)).toEqual(['put']);
  });

  it('pages through the audit trail with next, filtered by resource', async () => {
    const admin = await tokenOf(users.admin);
    const all = await call(suite.listen, admin, 'GET', '/v1/audit?limit=500');
    const first = await call(suite.listen, admin, 'GET', '/v1/audit?limit=2');
    expect(first.body.items).toEqual(all.body.items.slice(0, 2));
    const second = await call(suite.listen, admin, 'GET', first.body.next);
    expect(second.body.items).toEqual(all.body.items.slice(2, 4));
    const onlyKeys = await call(suite.listen, admin, 'GET', '/v1/audit?resource=key');
    expect(onlyKeys.body.items.length).toBeGreaterThan(0);
    expect(onlyKeys.body.items.every((x: { resource: string }) => x.resource === 'key')).toBe(true);
    const bad = await call(suite.listen, admin, 'GET', '/v1/audit?resource=nope&after=x');
    expect(bad.status).toBe(400);
  });
});
