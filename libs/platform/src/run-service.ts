import type { Type } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import type { MixedList } from 'typeorm';
import { installKafkajsEncoder } from '@continuum/kafka';
import { createDataSource, migrate } from '@continuum/persistence';
import { bootstrapService } from './bootstrap';
import { loadConfig, type BaseServiceConfig } from './config';
import type { OpenApiInfo } from './openapi';
import { routesOf } from './routes';

export interface ServiceDefinition<C extends BaseServiceConfig> {
  readonly service: string;
  readonly schema: string;
  readonly module: Type<unknown>;
  readonly config: ClassConstructor<C>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: MixedList<Function>;
  readonly port: (c: C) => number;
  /** Records per handler call (default: the transport's); bigger batches amortise per-batch work. */
  readonly maxRecordsPerCall?: (c: C) => number;
  /** Consumer fetch sizing (see BootstrapOptions.fetch). */
  readonly fetch?: (c: C) => { readonly minBytes: number; readonly maxWaitMs: number };
  /** Title and description of the OpenAPI document at `/docs`. */
  readonly openapi: OpenApiInfo;
  /** False for a service with no Kafka handlers (it only publishes). */
  readonly consumes?: boolean;
  /** Parse HTML form posts up to this size (public pages only). */
  readonly formLimit?: string;
}

function fail(service: string, err: unknown): never {
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), service, msg })}\n`,
  );
  process.exit(1);
}

/**
 * A service's entry point: `main.js` serves; `main.js migrate` migrates its schema and exits;
 * `main.js routes` prints its HTTP routes and exits.
 */
export async function runService<C extends BaseServiceConfig>(d: ServiceDefinition<C>): Promise<void> {
  try {
    const cfg = loadConfig(d.config);
    // `main.js routes`: the routes this service registers, as JSON (tests check their coverage).
    if (process.argv[2] === 'routes') {
      process.stdout.write(`${JSON.stringify(routesOf(d.module))}\n`);
      return;
    }
    if (process.argv[2] === 'migrate') {
      const ds = createDataSource({
        url: cfg.DATABASE_URL,
        schema: d.schema,
        migrations: d.migrations,
        applicationName: `continuum-${d.service}-migrate`,
      });
      const done = await migrate(ds);
      process.stdout.write(
        `${d.service}: ${done.length ? `applied ${done.join(', ')}` : 'schema up to date'}\n`,
      );
      return;
    }
    // The one place kafkajs's record encoding is replaced (see libs/kafka/src/kafkajs-encoder.ts):
    // before the service's first produce or fetch loads the modules it replaces.
    installKafkajsEncoder();
    await bootstrapService(d.module, {
      service: d.service,
      port: d.port(cfg),
      groupId: `continuum-${d.service}`,
      maxRecordsPerCall: d.maxRecordsPerCall?.(cfg),
      fetch: d.fetch?.(cfg),
      openapi: d.openapi,
      ...(d.formLimit ? { formLimit: d.formLimit } : {}),
      ...(d.consumes === false ? { consumes: false } : {}),
    });
  } catch (err) {
    fail(d.service, err);
  }
}
