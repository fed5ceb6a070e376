/**
 * `GET /metrics` in the Prometheus text format: the transport's metrics (libs/kafka), HTTP
 * latency, the outbox backlog sampled at scrape time, and Node's process metrics. One registry
 * per application, labelled with the service. Public, like health: it carries no tenant data.
 */
import { Controller, Get, Injectable, Res } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import {
  childSpan,
  formatTraceparent,
  parseTraceparent,
  TRACEPARENT_HEADER,
  withTraceContext,
} from '@continuum/contracts';
import { TransportMetrics } from '@continuum/kafka';
import { Public } from './auth';
import { ApiEndpoint } from './openapi';
import type { JsonLogger } from './logger';

/** The outbox count stops at this many rows, so a scrape stays cheap however large the backlog. */
export const OUTBOX_COUNT_CAP = 1_000_000;

@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly transport: TransportMetrics;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(service: string, schema: string, ds: DataSource) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.transport = new TransportMetrics(this.registry);
    this.httpDuration = new Histogram({
      name: 'continuum_http_request_duration_seconds',
      help: 'HTTP request latency by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    // Both outbox gauges come from one query per scrape.
    let sample: Promise<{ n: number; age: number }> | null = null;
    const outbox = () =>
      (sample ??= ds
        .query(
          `SELECT (SELECT count(*) FROM (SELECT 1 FROM "${schema}".outbox LIMIT ${OUTBOX_COUNT_CAP}) c)::int AS n,
                  COALESCE((SELECT extract(epoch FROM now() - created_at) FROM "${schema}".outbox
                            ORDER BY id LIMIT 1), 0)::float8 AS age`,
        )
        .then((rows: { n: number; age: number }[]) => rows[0])
        .catch(() => ({ n: NaN, age: NaN }))
        .finally(() => setTimeout(() => (sample = null), 0)));
    new Gauge({
      name: 'continuum_outbox_backlog',
      help: `Outbox rows not yet published (counted up to ${OUTBOX_COUNT_CAP}; NaN when the database is unreachable).`,
      registers: [this.registry],
      async collect() {
        this.set((await outbox()).n);
      },
    });
    new Gauge({
      name: 'continuum_outbox_oldest_age_seconds',
      help: 'Age of the oldest unpublished outbox row; 0 when the outbox is empty.',
      registers: [this.registry],
      async collect() {
        this.set((await outbox()).age);
      },
    });
  }
}

@Public()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  // Written raw: Express's send() would rewrite the content type's parameters.
  @Get('metrics')
  @ApiEndpoint({
    summary: 'Prometheus metrics',
    description:
      'Events in and out per topic, processing latency, consumer lag, dead letters, outbox backlog, HTTP latency.',
    permission: 'public',
    response: {
      status: 200,
      description: 'The Prometheus text exposition format (version 0.0.4).',
      type: 'text/plain',
      schema: { type: 'string' },
      example: '# TYPE continuum_http_request_duration_seconds histogram\n',
    },
  })
  async scrape(@Res() res: Response): Promise<void> {
    const body = await this.metrics.registry.metrics();
    res.status(200).setHeader('content-type', this.metrics.registry.contentType);
    res.setHeader('cache-control', 'no-store');
    res.end(body);
  }
}

type ObservedRequest = Request & { principal?: { readonly tenantId: string } };

/** The route pattern, never the raw path: ids in paths would explode the label set. */
function routeOf(req: Request): string {
  const route = (req as unknown as { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? route.path : 'unmatched';
}

/**
 * Express middleware, registered after the body parsers: every request becomes a span of the
 * caller's trace (its `traceparent`, when valid) or of a new one. The span is the ambient trace
 * context of the handler, so the events it publishes continue the caller's trace; its id is
 * returned in `traceresponse`. On finish: the latency histogram and a debug access line.
 */
export function httpObservability(metrics: Metrics, logger: JsonLogger) {
  return (req: ObservedRequest, res: Response, next: NextFunction): void => {
    const span = childSpan(parseTraceparent(req.header(TRACEPARENT_HEADER)));
    res.setHeader('traceresponse', formatTraceparent(span));
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req);
      const status = res.statusCode;
      metrics.httpDuration.observe({ method: req.method, route, status: String(status) }, seconds);
      const entry = {
        msg: 'http',
        method: req.method,
        route,
        status,
        ms: Math.round(seconds * 1000),
        traceId: span.traceId,
        ...(req.principal ? { tenantId: req.principal.tenantId } : {}),
      };
      if (status >= 500) logger.warn(entry, 'http');
      else logger.debug(entry, 'http');
    });
    withTraceContext(span, next);
  };
}
