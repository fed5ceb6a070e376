/**
 * What every Continuum service has: validated config, its schema's data source, the tenant
 * directory and API-key guard, the Kafka client and producer, the outbox relay, health, and
 * problem-details errors. A service's AppModule imports `CoreModule.forRoot(...)` and its features.
 */
import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { ClassConstructor } from 'class-transformer';
import { DataSource, type MixedList } from 'typeorm';
import { describeError, ensureTopics, OutboxRelay } from '@continuum/kafka';
import { TOPICS, type Topic } from '@continuum/contracts';
import { createDataSource, pruneClaims, SubjectKeyCache, TenantDirectory } from '@continuum/persistence';
import { ApiKeyGuard } from './auth';
import { Backpressure } from './backpressure';
import { BaseServiceConfig, loadConfig } from './config';
import { KafkaProvider } from './core.providers';
import { HealthController, Readiness } from './health';
import { Metrics, MetricsController } from './metrics';
import { ProblemFilter } from './problem';
import { RedactionInterceptor } from './redaction';

export interface CoreOptions<C extends BaseServiceConfig> {
  readonly service: string;
  readonly schema: string;
  readonly config: ClassConstructor<C>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: MixedList<Function>;
  /**
   * The service's idempotent consumers (claimEvents' consumer name) and the topic each reads: a
   * claim is kept while that topic keeps its event (its retention, and a day more), then pruned.
   */
  readonly claims?: Readonly<Record<string, Topic>>;
}

export const SERVICE_SCHEMA = Symbol('SERVICE_SCHEMA');
const CLAIM_TOPICS = Symbol('CLAIM_TOPICS');

/** How long a consumer's claims must be kept: its topic's retention, and a day for clock skew. */
export function claimRetentionMs(topic: Topic): number {
  const spec = TOPICS.find((t) => t.name === topic);
  if (!spec) throw new Error(`${topic} is not in the topic catalogue`);
  return spec.retentionMs + 24 * 3600_000;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

@Injectable()
class Lifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('lifecycle');
  private relay: OutboxRelay | null = null;
  private stopping = false;

  constructor(
    private readonly ds: DataSource,
    private readonly kafka: KafkaProvider,
    private readonly cfg: BaseServiceConfig,
    private readonly readiness: Readiness,
    private readonly backpressure: Backpressure,
    private readonly metrics: Metrics,
    private readonly tenants: TenantDirectory,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    @Inject(CLAIM_TOPICS) private readonly claims: Readonly<Record<string, Topic>>,
  ) {}

  private backlogTimer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private pruning: Promise<void> | null = null;
  private stopRevocations: (() => Promise<void>) | null = null;

  /** Sampled, not counted: max − min id over the primary key costs two index probes. */
  private sampleBacklog(): void {
    this.ds
      .query(`SELECT coalesce(max(id) - min(id) + 1, 0)::bigint AS n FROM "${this.schema}".outbox`)
      .then((rows: { n: string }[]) => this.backpressure.reportOutboxBacklog(Number(rows[0]?.n ?? 0)))
      .catch(() => undefined);
  }

  /** Deletes the claims no redelivery can need any more (see CoreOptions.claims). */
  private pruneClaims(): void {
    if (this.pruning || this.stopping) return;
    this.pruning = (async () => {
      for (const [consumer, topic] of Object.entries(this.claims)) {
        const before = new Date(Date.now() - claimRetentionMs(topic));
        const n = await pruneClaims(this.ds, this.schema, consumer, before);
        if (n > 0) this.logger.log(`pruned ${n} claims of ${consumer} older than ${before.toISOString()}`);
      }
    })()
      .catch((err: unknown) =>
        this.logger.warn(`claim pruning failed, retrying later: ${describeError(err)}`),
      )
      .finally(() => (this.pruning = null));
  }

  async onApplicationBootstrap(): Promise<void> {
    // A revoked API key stops working at once, not when its cached lookup expires.
    this.stopRevocations = this.tenants.watchRevocations(this.cfg.DATABASE_URL, (msg) =>
      this.logger.warn(msg),
    );
    // A broker that is down at boot does not stop the service: it serves health (not ready),
    // and topics, relay and consumers catch up once the broker answers.
    if (!(await this.ensureTopics(this.kafka.impatientClient(2)))) void this.ensureTopicsInBackground();
    this.relay = new OutboxRelay(this.ds, this.kafka.producer, {
      schema: this.schema,
      databaseUrl: this.cfg.DATABASE_URL,
      log: (level, msg) => this.logger[level](msg),
      metrics: this.metrics.transport,
    });
    await this.relay.start();
    this.readiness.watchRelay(this.relay);
    this.backlogTimer = setInterval(() => this.sampleBacklog(), 1000);
    this.backlogTimer.unref();
    if (Object.keys(this.claims).length > 0 && this.cfg.CLAIMS_PRUNE_INTERVAL_MS > 0) {
      this.pruneTimer = setInterval(() => this.pruneClaims(), this.cfg.CLAIMS_PRUNE_INTERVAL_MS);
      this.pruneTimer.unref();
      this.pruneClaims();
    }
  }

  private async ensureTopics(kafka = this.kafka.kafka): Promise<boolean> {
    try {
      const created = await ensureTopics(kafka, undefined, this.cfg.KAFKA_REPLICATION_FACTOR);
      if (created.length > 0) this.logger.log(`created topics ${created.join(', ')}`);
      return true;
    } catch (err) {
      this.logger.warn(`cannot ensure the catalogue's topics yet: ${describeError(err)}`);
      return false;
    }
  }

  private async ensureTopicsInBackground(): Promise<void> {
    while (!this.stopping) {
      await sleep(5000);
      if (this.stopping || (await this.ensureTopics())) return;
    }
  }

  // After the HTTP server and the consumers have closed: drain the relay, then let go.
  async onApplicationShutdown(): Promise<void> {
    if (this.backlogTimer) clearInterval(this.backlogTimer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.stopping = true;
    await this.pruning;
    await this.stopRevocations?.();
    await this.relay?.stop();
    await this.kafka.producer.disconnect();
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

@Global()
@Module({})
export class CoreModule {
  static forRoot<C extends BaseServiceConfig>(o: CoreOptions<C>): DynamicModule {
    const config = loadConfig(o.config);
    return {
      module: CoreModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: o.config, useValue: config },
        { provide: BaseServiceConfig, useValue: config },
        { provide: SERVICE_SCHEMA, useValue: o.schema },
        { provide: CLAIM_TOPICS, useValue: o.claims ?? {} },
        {
          provide: DataSource,
          useFactory: async () => {
            const ds = createDataSource({
              url: config.DATABASE_URL,
              schema: o.schema,
              migrations: o.migrations,
              applicationName: `continuum-${o.service}`,
              poolSize: config.DATABASE_POOL_SIZE,
            });
            return ds.initialize();
          },
        },
        {
          provide: TenantDirectory,
          useFactory: (ds: DataSource) => new TenantDirectory(ds),
          inject: [DataSource],
        },
        { provide: KafkaProvider, useFactory: () => new KafkaProvider(config, o.service) },
        // The crypto-shredding keys measure and act open sealed comments with (one cache per process).
        { provide: SubjectKeyCache, useFactory: () => new SubjectKeyCache() },
        {
          provide: Metrics,
          useFactory: (ds: DataSource) => new Metrics(o.service, o.schema, ds),
          inject: [DataSource],
        },
        Readiness,
        Backpressure,
        Lifecycle,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: RedactionInterceptor },
      ],
      exports: [
        o.config,
        BaseServiceConfig,
        DataSource,
        TenantDirectory,
        SubjectKeyCache,
        KafkaProvider,
        Readiness,
        Metrics,
        SERVICE_SCHEMA,
      ],
    };
  }
}
