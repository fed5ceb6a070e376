/**
 * The widget's door: a publishable key (`?key=cpk_…`, in the URL so that a CORS preflight, which
 * carries no credential, names it too) used from one of its allowed origins. Anything else is
 * refused before the body is read: 401 for a missing or unknown key, 403 for a secret key or an
 * origin the key does not allow (without CORS headers, so the browser shows the page nothing).
 */
import {
  createParamDecorator,
  HttpStatus,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { TenantDirectory, WIDGET_SCOPE } from '@continuum/persistence';
import { ProblemException } from '@continuum/platform';
import { RateLimits } from '../spam/spam.guards';

export interface WidgetCaller {
  readonly tenantId: string;
  readonly keyPrefix: string;
  readonly origin: string;
}

type WidgetRequest = Request & { widget?: WidgetCaller };

@Injectable()
export class WidgetGuard implements CanActivate {
  constructor(
    private readonly tenants: TenantDirectory,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<WidgetRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const key = typeof req.query.key === 'string' ? req.query.key : '';
    if (!key) throw problem(HttpStatus.UNAUTHORIZED, 'send the publishable widget key as ?key=cpk_…');
    const p = await this.tenants.resolve(key);
    if (!p) throw problem(HttpStatus.UNAUTHORIZED, 'unknown or revoked widget key');
    if (p.scopes.length !== 1 || p.scopes[0] !== WIDGET_SCOPE)
      throw problem(
        HttpStatus.FORBIDDEN,
        'only a publishable widget key (scope ingest:widget) works here; a secret key must never be put in a web page',
      );
    const origin = req.headers.origin;
    if (!origin)
      throw problem(HttpStatus.FORBIDDEN, 'the Origin header is missing: the widget answers web pages only');
    if (!(p.origins ?? []).includes(origin))
      throw problem(HttpStatus.FORBIDDEN, `origin ${origin.slice(0, 200)} is not allowed for this key`);
    const a = this.limits.admit(req.ip ?? 'unknown', null);
    // The origin is allowed from here on: even a refusal is readable by the widget.
    res.set({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin' });
    if (!a.ok)
      throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, 'Too many requests', 'slow down', {
        retryAfterSeconds: a.retryAfterSeconds,
      });
    req.widget = { tenantId: p.tenantId, keyPrefix: p.keyPrefix, origin };
    return true;
  }
}

const problem = (status: HttpStatus, detail: string) =>
  new ProblemException(status, status === HttpStatus.UNAUTHORIZED ? 'Unauthorized' : 'Forbidden', detail);

/** The admitted widget caller, as a handler parameter. */
export const Widget = createParamDecorator((_: unknown, ctx: ExecutionContext): WidgetCaller => {
  const w = ctx.switchToHttp().getRequest<WidgetRequest>().widget;
  if (!w) throw new Error('WidgetGuard did not run');
  return w;
});
