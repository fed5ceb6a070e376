import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTenancy1763900000000 implements MigrationInterface {
  name = 'CreateTenancy1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE tenancy.tenants (
      id text PRIMARY KEY,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE tenancy.api_keys (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenancy.tenants(id),
      prefix text NOT NULL UNIQUE,
      hash text NOT NULL UNIQUE,
      scopes text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tenancy.api_keys`);
    await q.query(`DROP TABLE tenancy.tenants`);
  }
}

export const TENANCY_MIGRATIONS = [CreateTenancy1763900000000];
