import type { Server } from 'node:http';
import { ValidationPipe, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { json, text, urlencoded, type NextFunction, type Request, type Response } from 'express';
import { KafkaBatchServer } from '@continuum/kafka';
import { Backpressure } from './backpressure';
import { BaseServiceConfig, loadConfig } from './config';
import { KafkaProvider } from './core.providers';
import { Readiness } from './health';
import { inputGuard } from './input-guard';
import { JsonLogger } from './logger';
import { httpObservability, Metrics } from './metrics';
import { setupOpenApi, type OpenApiInfo } from './openapi';
import { validationProblemFromErrors } from './problem';

export interface BootstrapOptions {
  readonly service: string;
  readonly port: number;
  /** The consumer group of this service's `@EventPattern` handlers. */
  readonly groupId: string;
  readonly bodyLimit?: string;
  /** False for a service without Kafka handlers: no consumer group, none in readiness. */
  readonly consumes?: boolean;
  /** Also parse HTML form posts (`application/x-www-form-urlencoded`), up to this size. */
  readonly formLimit?: string;
  /** Records handed to one consumer handler call (the transport's default when absent). */
  readonly maxRecordsPerCall?: number;
  /** How long a consumer fetch may wait to fill (the transport's default, 1 byte or 100 ms, when absent). */
  readonly fetch?: { readonly minBytes: number; readonly maxWaitMs: number };
  /** Title and description of the service's OpenAPI document (served at `/docs`). */
  readonly openapi: OpenApiInfo;
}

/** Starts a service: HTTP, the batch consumer, graceful shutdown on SIGTERM/SIGINT. */
export async function bootstrapService(
  module: Type<unknown>,
  o: BootstrapOptions,
): Promise<INestApplication> {
  const logger = new JsonLogger(o.service, loadConfig(BaseServiceConfig).LOG_LEVEL);
  const app = await NestFactory.create(module, { logger, bodyParser: false, abortOnError: false });
  const backpressure = app.get(Backpressure);
  app.use((_req: Request, res: Response, next: NextFunction) => {
    backpressure.started();
    res.once('close', () => backpressure.finished());
    next();
  });
  app.use(json({ limit: o.bodyLimit ?? '5mb', type: ['application/json', 'application/*+json'] }));
  app.use(text({ limit: '1mb', type: ['application/yaml', 'application/x-yaml', 'text/yaml'] }));
  if (o.formLimit) app.use(urlencoded({ extended: false, limit: o.formLimit, parameterLimit: 100 }));
  app.use(inputGuard);
  // After the body parsers, so the trace context is not lost in their stream callbacks.
  const metrics = app.get(Metrics);
  app.use(httpObservability(metrics, logger));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: true,
      exceptionFactory: validationProblemFromErrors,
    }),
  );
  const cfg = app.get(BaseServiceConfig);
  // The client address the audit trail records: X-Forwarded-For only from a trusted proxy (the console).
  (app.getHttpAdapter().getInstance() as { set(k: string, v: unknown): void }).set(
    'trust proxy',
    cfg.TRUST_PROXY === 'false' ? false : cfg.TRUST_PROXY,
  );
  const kafka = app.get(KafkaProvider);
  const consumer = new KafkaBatchServer({
    connection: { ...kafka.connection, clientId: `${kafka.connection.clientId}-consumer` },
    groupId: o.groupId,
    metrics: metrics.transport,
    ...(cfg.DLQ_SEAL_PUBLIC_KEY ? { deadLetterSealKey: cfg.DLQ_SEAL_PUBLIC_KEY } : {}),
    ...(o.maxRecordsPerCall ? { maxRecordsPerCall: o.maxRecordsPerCall } : {}),
    ...(o.fetch ? { minBytes: o.fetch.minBytes, maxWaitTimeInMs: o.fetch.maxWaitMs } : {}),
  });
  if (o.consumes !== false) {
    app.connectMicroservice({ strategy: consumer }, { inheritAppConfig: false });
    app.get(Readiness).watchConsumer(consumer);
  }
  setupOpenApi(app, o.openapi);
  await app.init();
  // HTTP first: health and metrics answer even while the consumers wait for the broker.
  await app.listen(o.port, cfg.HOST);
  // Idle keep-alive sockets outlive the clients' own idle timeouts (undici: 4 s, load balancers:
  // 60 s), so a client never sends a request on a socket the server is closing at that instant
  // ("other side closed"); headersTimeout must stay above keepAliveTimeout.
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  logger.log({ msg: `${o.service} listening`, port: o.port, brokers: cfg.KAFKA_BROKERS });
  onShutdownSignal(async (signal) => {
    logger.log({ msg: `${signal}: draining`, service: o.service });
    await app.close();
    logger.log({ msg: 'stopped', service: o.service });
  });
  await app.startAllMicroservices();
  return app;
}

/**
 * Graceful stop: finish the batch in hand, commit, leave the group, drain the outbox relay, close
 * the pools, then exit 0. Nest's own shutdown hooks re-raise the signal instead, which hides a
 * clean stop from supervisors; a stop that hangs is cut after `graceMs` with exit code 1.
 */
function onShutdownSignal(stop: (signal: string) => Promise<void>, graceMs = 30_000): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), graceMs).unref();
    stop(signal).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
