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

/**
 * People: Continuum's own user directory (roles and teams by subject or e-mail), the audit trail
 * every service writes in the transaction of the change it records, and when each key was last used.
 */
export class People1764900000000 implements MigrationInterface {
  name = 'People1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenancy.api_keys ADD COLUMN last_used_at timestamptz,
      ADD COLUMN name text, ADD COLUMN created_by text`);
    await q.query(`CREATE TABLE tenancy.users (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenancy.tenants(id),
      subject text,
      email text,
      name text,
      roles text[] NOT NULL DEFAULT '{}',
      teams text[] NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (subject IS NOT NULL OR email IS NOT NULL)
    )`);
    await q.query(
      `CREATE UNIQUE INDEX users_subject ON tenancy.users (tenant_id, subject) WHERE subject IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX users_email ON tenancy.users (tenant_id, lower(email)) WHERE subject IS NULL`,
    );
    await q.query(`CREATE INDEX users_any_email ON tenancy.users (tenant_id, lower(email))`);
    await q.query(`CREATE TABLE tenancy.audit (
      id bigserial PRIMARY KEY,
      tenant_id text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'key', 'system')),
      actor_subject text,
      actor_name text,
      key_prefix text,
      client_ip text,
      action text NOT NULL,
      resource text NOT NULL,
      resource_id text,
      detail jsonb
    )`);
    await q.query(`CREATE INDEX audit_tenant_at ON tenancy.audit (tenant_id, at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tenancy.audit`);
    await q.query(`DROP TABLE tenancy.users`);
    await q.query(
      `ALTER TABLE tenancy.api_keys DROP COLUMN last_used_at, DROP COLUMN name, DROP COLUMN created_by`,
    );
  }
}

/** Publishable widget keys: the origins a key may be used from (null for secret keys). */
export class WidgetKeys1765300000000 implements MigrationInterface {
  name = 'WidgetKeys1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenancy.api_keys ADD COLUMN origins text[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenancy.api_keys DROP COLUMN origins`);
  }
}

/**
 * Crypto-shredding keys (issue 20): one random AES-256-GCM key per (tenant, subject) sealing the
 * customer's text on topics. listen writes it with the feedback rows; measure and act read it;
 * erasing the customer deletes it. No foreign key to tenants: raw-topic tenants need no row there.
 */
export class SubjectKeys1765700000000 implements MigrationInterface {
  name = 'SubjectKeys1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE tenancy.subject_keys (
      tenant_id text NOT NULL,
      subject text NOT NULL,
      key bytea NOT NULL CHECK (octet_length(key) = 32),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, subject)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tenancy.subject_keys`);
  }
}

export const TENANCY_MIGRATIONS = [
  CreateTenancy1763900000000,
  People1764900000000,
  WidgetKeys1765300000000,
  SubjectKeys1765700000000,
];
