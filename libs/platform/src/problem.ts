/**
 * Errors over HTTP are RFC 9457 problem details (`application/problem+json`). Validation
 * problems list each field with its reason.
 */
import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ValidationError } from 'class-validator';
import type { Request, Response } from 'express';
import type { BatchProblem } from '@continuum/contracts';
import { currentTraceContext } from '@continuum/contracts';
import { describeError, isTransient } from '@continuum/kafka';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: readonly BatchProblem[];
  [extension: string]: unknown;
}

export class ProblemException extends HttpException {
  constructor(status: number, title: string, detail?: string, extra: Record<string, unknown> = {}) {
    super({ title, detail, ...extra }, status);
  }
}

export class ValidationProblem extends ProblemException {
  constructor(errors: readonly BatchProblem[]) {
    const first = errors[0];
    const detail = first
      ? `${first.index !== undefined ? `[${first.index}] ` : ''}${first.field}: ${first.reason}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`
      : 'invalid request';
    super(HttpStatus.BAD_REQUEST, 'Invalid request', detail, { errors });
  }
}

/** The exception factory of the global ValidationPipe. */
export function validationProblemFromErrors(errors: ValidationError[]): ValidationProblem {
  const flat = (es: ValidationError[], prefix: string): BatchProblem[] =>
    es.flatMap((e) => {
      const field = prefix ? `${prefix}.${e.property}` : e.property;
      return [
        ...Object.values(e.constraints ?? {}).map((reason) => ({ field, reason })),
        ...flat(e.children ?? [], field),
      ];
    });
  return new ValidationProblem(flat(errors, ''));
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    let status = 500;
    let body: ProblemBody;
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      const r = exception.getResponse();
      const o: Record<string, unknown> =
        typeof r === 'object' && r !== null ? { ...r } : { detail: String(r) };
      // Nest's own exceptions carry { message, error, statusCode }.
      const message = o.message;
      // Nest's own 400 (it has `error`) is a body parser's syntax error, mapped by Nest's router.
      if (status === 400 && o.errors === undefined && o.error !== undefined && typeof message === 'string')
        o.errors = [{ field: '(body)', reason: message }];
      delete o.message;
      delete o.error;
      delete o.statusCode;
      body = {
        type: 'about:blank',
        title: typeof o.title === 'string' ? o.title : (TITLES[status] ?? 'Error'),
        ...o,
        // The HTTP status, whatever an extension member of the same name said (RFC 9457 §3.1.3).
        status,
        ...(o.detail === undefined && message !== undefined
          ? {
              detail: Array.isArray(message)
                ? message.join('; ')
                : typeof message === 'string'
                  ? message
                  : JSON.stringify(message),
            }
          : {}),
      };
    } else if (isBodyParserError(exception)) {
      status = exception.status;
      body = {
        type: 'about:blank',
        title: TITLES[status] ?? 'Bad request',
        status,
        detail: exception.message,
        // What a parser refuses is the body as a whole (its syntax, size or encoding).
        errors: [{ field: '(body)', reason: exception.message }],
      };
    } else if (isTransient(exception)) {
      // The database or broker is away (restarting, failing over): the request may succeed in a
      // moment, so say so — 503 with Retry-After, not a 500 that reads as a bug in the request.
      status = 503;
      this.logger.warn(`dependency unavailable: ${describeError(exception)}`);
      body = {
        type: 'about:blank',
        title: TITLES[503],
        status: 503,
        detail: 'a dependency (database or broker) is unavailable; retry later',
        retryAfterSeconds: 1,
      };
    } else {
      // Never the internal message: the body names the correlation id the log line carries.
      const correlationId = correlationIdOf();
      this.logger.error({
        msg: exception instanceof Error ? exception.message : String(exception),
        stack: exception instanceof Error ? exception.stack : undefined,
        correlationId,
      });
      body = {
        type: 'about:blank',
        title: TITLES[500],
        status: 500,
        detail: `an unexpected error occurred; quote correlation id ${correlationId}`,
        correlationId,
      };
    }
    if (status >= 500 && body.correlationId === undefined) body.correlationId = correlationIdOf();
    body.instance = req.originalUrl?.split('?')[0];
    if (typeof body.retryAfterSeconds === 'number')
      res.setHeader('Retry-After', String(body.retryAfterSeconds));
    res.status(status).type('application/problem+json').send(JSON.stringify(body));
  }
}

/** The request's trace id (also in the access log line and the `traceresponse` header). */
function correlationIdOf(): string {
  return currentTraceContext()?.traceId ?? randomUUID().replace(/-/g, '');
}

function isBodyParserError(e: unknown): e is { status: number; message: string } {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { status?: unknown }).status === 'number' &&
    'type' in e
  );
}
