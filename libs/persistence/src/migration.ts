/**
 * Migrations as data: a name and the SQL statements `up` and `down` run, in order. TypeORM takes
 * any class in a data source's `migrations` and records each by `name`: a released migration keeps
 * its name for ever (renamed, it would run again).
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export interface MigrationStatements {
  readonly up: readonly string[];
  readonly down: readonly string[];
}

async function run(q: QueryRunner, statements: readonly string[]): Promise<void> {
  for (const s of statements) await q.query(s);
}

/** The migration class for TypeORM's `migrations` list. */
export function sqlMigration(name: string, statements: MigrationStatements): new () => MigrationInterface {
  return class implements MigrationInterface {
    readonly name = name;

    up(q: QueryRunner): Promise<void> {
      return run(q, statements.up);
    }

    down(q: QueryRunner): Promise<void> {
      return run(q, statements.down);
    }
  };
}

/**
 * A table of one row per tenant (its settings, or a document replaced whole): `columns` stand
 * between the tenant id and the time of the last change.
 */
export function perTenantTable(table: string, columns: readonly string[]): string {
  return `CREATE TABLE ${table} (
      tenant_id text PRIMARY KEY,
      ${columns.join(',\n      ')},
      updated_at timestamptz NOT NULL DEFAULT now()
    )`;
}
