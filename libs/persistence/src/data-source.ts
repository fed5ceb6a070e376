/**
 * Data sources: one per service, bound to the service's own schema. Schema changes happen only
 * through migrations (`synchronize` is off everywhere).
 */
import { DataSource, type MixedList, type EntitySchema } from 'typeorm';

export interface DataSourceOptions {
  readonly url: string;
  readonly schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations?: MixedList<Function | string>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities?: MixedList<Function | string | EntitySchema>;
  readonly applicationName: string;
  readonly poolSize?: number;
}

export function createDataSource(o: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: o.url,
    schema: o.schema,
    migrations: o.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsRun: false,
    entities: o.entities ?? [],
    synchronize: false,
    // Off: typeorm's error log prints query parameters, which carry comment text (PII).
    logging: false,
    applicationName: o.applicationName,
    poolSize: o.poolSize ?? 10,
    extra: { connectionTimeoutMillis: 5000 },
  });
}

/** Creates the schema if needed and runs the pending migrations, each in its own transaction. */
export async function migrate(ds: DataSource): Promise<string[]> {
  const schema = (ds.options as { schema?: string }).schema;
  if (!schema) throw new Error('a service data source must name its schema');
  const wasInitialized = ds.isInitialized;
  if (!wasInitialized) await ds.initialize();
  try {
    await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    if (!wasInitialized) await ds.destroy();
  }
}
