/**
 * Every endpoint but health needs `Authorization: Bearer <credential>`: a tenant API key (machines)
 * or an access token (JWT) from the configured OpenID issuer (people). Either fixes the tenant, so
 * no request can name another tenant's data. Each route declares the one permission it needs
 * (`Requires`, default `read`); what each key scope and role grants is `permissions.ts`'s table.
 */
import {
  createParamDecorator,
  HttpStatus,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { TenantDirectory, type AuditActor, type KeyScope } from '@continuum/persistence';
import { Backpressure } from './backpressure';
import {
  BearerVerifier,
  IssuerUnavailable,
  looksLikeJwt,
  parseGroupRoles,
  parsePairs,
  TokenRejected,
  type TokenIdentity,
} from './bearer';
import { BaseServiceConfig } from './config';
import {
  grantsOfRoles,
  grantsOfScopes,
  reaches,
  rolesFor,
  ROLES,
  scopeFor,
  type Permission,
  type Reach,
  type Role,
} from './permissions';
import { ProblemException } from './problem';

export const PUBLIC_METADATA = 'continuum:public';
export const PERMISSION_METADATA = 'continuum:permission';

export const Public = () => SetMetadata(PUBLIC_METADATA, true);
/** The permission a route needs (`read` when a route declares none). */
export const Requires = (permission: Permission) => SetMetadata(PERMISSION_METADATA, permission);

/** Who is calling: an API key or a signed-in person, with what they may do. */
export type Caller =
  | {
      readonly kind: 'key';
      readonly tenantId: string;
      readonly keyPrefix: string;
      readonly scopes: readonly KeyScope[];
      readonly grants: ReadonlyMap<Permission, Reach>;
      readonly teams: readonly string[];
    }
  | (TokenIdentity & { readonly kind: 'user'; readonly grants: ReadonlyMap<Permission, Reach> });

export type AuthedRequest = Request & { principal?: Caller };

/** The caller's id as the action log and events show it: `user:<sub>` or `key:<prefix>`. */
export function callerId(c: Caller): string {
  return c.kind === 'user' ? `user:${c.subject}` : `key:${c.keyPrefix}`;
}

/** The caller's name for people to read: the person's display name, or the key's prefix. */
export function callerName(c: Caller): string {
  return c.kind === 'user' ? c.name : c.keyPrefix;
}

/** May the caller use `permission` on a resource owned by `owner` (a team)? */
export function callerReaches(c: Caller, permission: Permission, owner: string | null): boolean {
  return reaches(c.grants.get(permission), c.teams, owner);
}

const unauthorized = (detail: string) =>
  new ProblemException(HttpStatus.UNAUTHORIZED, 'Unauthorized', detail);

@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly bearer: BearerVerifier | null;

  constructor(
    private readonly reflector: Reflector,
    private readonly tenants: TenantDirectory,
    private readonly backpressure: Backpressure,
    private readonly cfg: BaseServiceConfig,
  ) {
    this.bearer = bearerVerifier(cfg);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) throw unauthorized('send Authorization: Bearer <API key or access token>');
    const caller = looksLikeJwt(m[1]) ? await this.person(m[1]) : await this.key(m[1]);
    const permission =
      this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_METADATA, targets) ?? 'read';
    if (!caller.grants.has(permission)) {
      const detail =
        caller.kind === 'key'
          ? `this key lacks the "${scopeFor(permission)}" scope`
          : `your roles (${caller.roles.join(', ') || 'none'}) do not allow "${permission}"; it needs ${rolesFor(permission).join(' or ')}`;
      throw new ProblemException(HttpStatus.FORBIDDEN, 'Forbidden', detail, { permission });
    }
    this.backpressure.admitKey(caller.kind === 'key' ? caller.keyPrefix : `user:${caller.subject}`);
    if (permission === 'ingest') this.backpressure.admitIngest();
    req.principal = caller;
    return true;
  }

  private async key(key: string): Promise<Caller> {
    const p = await this.tenants.resolve(key);
    if (!p) throw unauthorized('unknown or revoked API key');
    return { kind: 'key', ...p, grants: grantsOfScopes(p.scopes), teams: [] };
  }

  private async person(token: string): Promise<Caller> {
    if (!this.bearer) throw unauthorized('this service accepts API keys only (no AUTH_ISSUER configured)');
    let id;
    try {
      id = await this.bearer.verify(token);
    } catch (err) {
      if (err instanceof TokenRejected) throw unauthorized(err.reason);
      if (err instanceof IssuerUnavailable)
        throw new ProblemException(
          HttpStatus.SERVICE_UNAVAILABLE,
          'Service unavailable',
          'the identity provider cannot be reached to check the token; retry later',
          { retryAfterSeconds: 5 },
        );
      throw err;
    }
    if (!(await this.tenants.knownTenant(id.tenantId)))
      throw unauthorized(
        `unknown tenant "${id.tenantId}" in the token's ${this.cfg.AUTH_TENANT_CLAIM} claim`,
      );
    let roles = this.cfg.AUTH_MEMBERSHIP === 'directory' ? [] : id.roles;
    let teams = this.cfg.AUTH_MEMBERSHIP === 'directory' ? [] : id.teams;
    if (this.cfg.AUTH_MEMBERSHIP !== 'groups') {
      const d = await this.tenants.membership(id.tenantId, id.subject, id.email);
      roles = [
        ...new Set([...roles, ...d.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r))]),
      ];
      teams = [...new Set([...teams, ...d.teams])];
    }
    return { kind: 'user', ...id, roles, teams, grants: grantsOfRoles(roles) };
  }
}

/** The service's bearer-token verifier from its config; null when no issuer is configured. */
export function bearerVerifier(cfg: BaseServiceConfig): BearerVerifier | null {
  if (!cfg.AUTH_ISSUER) return null;
  return new BearerVerifier({
    issuer: cfg.AUTH_ISSUER,
    audience: cfg.AUTH_AUDIENCE,
    tenantClaim: cfg.AUTH_TENANT_CLAIM,
    groupsClaim: cfg.AUTH_GROUPS_CLAIM,
    nameClaim: cfg.AUTH_NAME_CLAIM,
    clockSkewSeconds: cfg.AUTH_CLOCK_SKEW_SECONDS,
    groupRoles: parseGroupRoles(cfg.AUTH_GROUP_ROLES),
    groupTeams: parsePairs(cfg.AUTH_GROUP_TEAMS ?? ''),
    teamGroupPrefix: cfg.AUTH_TEAM_GROUP_PREFIX,
  });
}

const callerOf = (ctx: ExecutionContext): Caller => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  if (!req.principal) throw new Error('the caller is unknown on a public route');
  return req.principal;
};

/** The authenticated tenant's id, as a handler parameter. */
export const TenantId = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string => callerOf(ctx).tenantId,
);

/** The authenticated caller (key or person), as a handler parameter. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller =>
  callerOf(ctx),
);

/** Who is changing something, for the audit trail: the caller and the client's address. */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): AuditActor => {
  const c = callerOf(ctx);
  const ip = ctx.switchToHttp().getRequest<Request>().ip ?? null;
  return c.kind === 'user'
    ? { kind: 'user', subject: c.subject, name: c.name, keyPrefix: null, ip }
    : { kind: 'key', subject: null, name: c.keyPrefix, keyPrefix: c.keyPrefix, ip };
});
