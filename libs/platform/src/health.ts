import { Controller, Get, HttpStatus, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Admin } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { KafkaBatchServer, OutboxRelay } from '@continuum/kafka';
import { Public } from './auth';
import { ApiEndpoint } from './openapi';
import { ProblemException } from './problem';
import { KafkaProvider } from './core.providers';

/** Holds what readiness must ask beyond the database and broker: the consumer and the relay. */
@Injectable()
export class Readiness implements OnModuleDestroy {
  private consumer: KafkaBatchServer | null = null;
  private relay: OutboxRelay | null = null;
  private admin: Admin | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly kafka: KafkaProvider,
  ) {}

  watchConsumer(c: KafkaBatchServer): void {
    this.consumer = c;
  }
  watchRelay(r: OutboxRelay): void {
    this.relay = r;
  }

  async check(): Promise<Record<string, 'up' | 'down'>> {
    const [database, broker] = await Promise.all([this.database(), this.broker()]);
    const checks: Record<string, 'up' | 'down'> = { database, broker };
    if (this.consumer) checks.consumer = this.consumer.isHealthy() ? 'up' : 'down';
    if (this.relay) checks.outbox = this.relay.healthy ? 'up' : 'down';
    return checks;
  }

  private async database(): Promise<'up' | 'down'> {
    try {
      await withTimeout(this.ds.query('SELECT 1'), 2000);
      return 'up';
    } catch {
      return 'down';
    }
  }

  private async broker(): Promise<'up' | 'down'> {
    try {
      if (!this.admin) {
        const admin = this.kafka.kafka.admin();
        await withTimeout(admin.connect(), 2000);
        this.admin = admin;
      }
      await withTimeout(this.admin.describeCluster(), 2000);
      return 'up';
    } catch {
      const a = this.admin;
      this.admin = null;
      await a?.disconnect().catch(() => undefined);
      return 'down';
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}

const CHECKS = {
  type: 'object',
  additionalProperties: { enum: ['up', 'down'] },
  description: 'database, broker, and once started consumer and outbox',
};

const READY_SCHEMA = {
  type: 'object',
  required: ['status', 'checks'],
  additionalProperties: false,
  properties: { status: { const: 'ready' }, checks: CHECKS },
};

@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Get('live')
  @ApiEndpoint({
    summary: 'Liveness: the process answers',
    permission: 'public',
    response: {
      status: 200,
      description: 'Alive.',
      schema: {
        type: 'object',
        required: ['status'],
        additionalProperties: false,
        properties: { status: { const: 'ok' } },
      },
      example: { status: 'ok' },
    },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiEndpoint({
    summary: 'Readiness: database, broker, consumer and outbox relay are up',
    permission: 'public',
    response: {
      status: 200,
      description: 'Ready.',
      schema: READY_SCHEMA,
      example: { status: 'ready', checks: { database: 'up', broker: 'up', consumer: 'up', outbox: 'up' } },
    },
    problems: [503],
    problemNotes: { 503: 'Not ready: a dependency is down (`checks` says which)' },
    problemExamples: {
      503: {
        title: 'Not ready',
        detail: 'a dependency is down',
        extra: { checks: { database: 'up', broker: 'down', consumer: 'down', outbox: 'up' } },
      },
    },
  })
  async ready(): Promise<{ status: 'ready'; checks: Record<string, string> }> {
    const checks = await this.readiness.check();
    if (Object.values(checks).some((c) => c === 'down')) {
      throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'Not ready', 'a dependency is down', {
        checks,
      });
    }
    return { status: 'ready', checks };
  }
}
