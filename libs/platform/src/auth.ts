/**
 * Every endpoint but health needs `Authorization: Bearer <tenant API key>`; the key fixes the
 * tenant, so no request can name another tenant's data. Scopes: ingest, read, admin.
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
import { TenantDirectory, type KeyScope, type Principal } from '@continuum/persistence';
import { Backpressure } from './backpressure';
import { ProblemException } from './problem';

export const PUBLIC_METADATA = 'continuum:public';
export const SCOPE_METADATA = 'continuum:scope';
const PUBLIC = PUBLIC_METADATA;
const SCOPE = SCOPE_METADATA;

export const Public = () => SetMetadata(PUBLIC, true);
export const RequireScope = (scope: KeyScope) => SetMetadata(SCOPE, scope);

type AuthedRequest = Request & { principal?: Principal };

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tenants: TenantDirectory,
    private readonly backpressure: Backpressure,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) {
      throw new ProblemException(
        HttpStatus.UNAUTHORIZED,
        'Unauthorized',
        'send Authorization: Bearer <API key>',
      );
    }
    const principal = await this.tenants.resolve(m[1]);
    if (!principal)
      throw new ProblemException(HttpStatus.UNAUTHORIZED, 'Unauthorized', 'unknown or revoked API key');
    const scope = this.reflector.getAllAndOverride<KeyScope | undefined>(SCOPE, targets) ?? 'read';
    if (!principal.scopes.includes(scope) && !principal.scopes.includes('admin')) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'Forbidden', `this key lacks the "${scope}" scope`);
    }
    this.backpressure.admitKey(principal.keyPrefix);
    if (scope === 'ingest') this.backpressure.admitIngest();
    req.principal = principal;
    return true;
  }
}

/** The authenticated tenant's id, as a handler parameter. */
export const TenantId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const p = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!p) throw new Error('TenantId used on a public route');
  return p.tenantId;
});
