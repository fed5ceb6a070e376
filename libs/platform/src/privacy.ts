/**
 * The Kafka doors every service holding customer data shares: erasure requests, handed to the
 * service's own `CustomerEraser`, and the tenants' retention limits, kept in `<schema>.retention`.
 */
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { sealingSubject, Topic, type CloudEvent } from '@continuum/contracts';
import {
  BatchConsumer,
  decodeEvents,
  describeError,
  type BatchOutcome,
  type RecordBatch,
} from '@continuum/kafka';
import { storeRetention, SubjectKeyCache } from '@continuum/persistence';
import { SERVICE_SCHEMA } from './core.module';
import { Ticker } from './ticker';

/** A service's part of an erasure: its own rows, then `confirmErasure` in the same transaction. */
export abstract class CustomerEraser {
  abstract erase(requests: readonly CloudEvent<Topic.PrivacyErasure>[]): Promise<void>;
}

/**
 * Erasure requests from listen; erasing twice changes nothing, so redeliveries need no claim.
 * listen deleted the customer's data key before publishing the request: a cached copy goes first.
 */
@BatchConsumer()
export class ErasureConsumer {
  constructor(
    private readonly eraser: CustomerEraser,
    private readonly keys: SubjectKeyCache,
  ) {}

  @EventPattern(Topic.PrivacyErasure)
  async onErasure(batch: RecordBatch): Promise<BatchOutcome> {
    // The data's shape and tenant: decodeEvents, against the topic's JSON Schema.
    const { events, rejected } = decodeEvents(batch, Topic.PrivacyErasure);
    for (const { event } of events) {
      const subject = sealingSubject(event.data);
      if (subject !== null) this.keys.forget(event.data.tenantId, subject);
      // A tenant that once put raw ids on topics has keys by the raw id too.
      if (event.data.rawCustomerId) this.keys.forget(event.data.tenantId, event.data.rawCustomerId);
    }
    await this.eraser.erase(events.map((d) => d.event));
    return { rejected };
  }
}

/** Keeps the tenants' retention limits listen publishes, in the service's own schema. */
@BatchConsumer()
export class RetentionLimitsConsumer {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @EventPattern(Topic.PrivacyRetention)
  async onLimits(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.PrivacyRetention);
    await storeRetention(
      this.ds,
      this.schema,
      events.map((d) => d.event.data),
    );
    return { rejected };
  }
}

/** A retention job: `run` on start and every `intervalMs` (0: never), stopped before the pool closes. */
@Injectable()
export abstract class RetentionJob implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly logger = new Logger('retention');
  private readonly ticker: Ticker;

  protected constructor(intervalMs: number) {
    this.ticker = new Ticker(
      intervalMs,
      async () => {
        await this.run();
      },
      (err) => this.logger.warn(`retention run failed: ${describeError(err)}`),
    );
  }

  abstract run(now?: Date): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.ticker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.ticker.stop();
  }
}
