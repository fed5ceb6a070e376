import { sqlMigration } from '../migration';

export const CreateTenancy1763900000000 = sqlMigration('CreateTenancy1763900000000', {
  up: [
    `CREATE TABLE tenancy.tenants (
      id text PRIMARY KEY,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE tenancy.api_keys (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenancy.tenants(id),
      prefix text NOT NULL UNIQUE,
      hash text NOT NULL UNIQUE,
      scopes text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`,
  ],
  down: [`DROP TABLE tenancy.api_keys`, `DROP TABLE tenancy.tenants`],
});

/**
 * People: Continuum's own user directory (roles and teams by subject or e-mail), the audit trail
 * every service writes in the transaction of the change it records, and when each key was last used.
 */
export const People1764900000000 = sqlMigration('People1764900000000', {
  up: [
    `ALTER TABLE tenancy.api_keys ADD COLUMN last_used_at timestamptz,
      ADD COLUMN name text, ADD COLUMN created_by text`,
    `CREATE TABLE tenancy.users (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenancy.tenants(id),
      subject text,
      email text,
      name text,
      roles text[] NOT NULL DEFAULT '{}',
      teams text[] NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (subject IS NOT NULL OR email IS NOT NULL)
    )`,
    `CREATE UNIQUE INDEX users_subject ON tenancy.users (tenant_id, subject) WHERE subject IS NOT NULL`,
    `CREATE UNIQUE INDEX users_email ON tenancy.users (tenant_id, lower(email)) WHERE subject IS NULL`,
    `CREATE INDEX users_any_email ON tenancy.users (tenant_id, lower(email))`,
    `CREATE TABLE tenancy.audit (
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
    )`,
    `CREATE INDEX audit_tenant_at ON tenancy.audit (tenant_id, at, id)`,
  ],
  down: [
    `DROP TABLE tenancy.audit`,
    `DROP TABLE tenancy.users`,
    `ALTER TABLE tenancy.api_keys DROP COLUMN last_used_at, DROP COLUMN name, DROP COLUMN created_by`,
  ],
});

/** Publishable widget keys: the origins a key may be used from (null for secret keys). */
export const WidgetKeys1765300000000 = sqlMigration('WidgetKeys1765300000000', {
  up: [`ALTER TABLE tenancy.api_keys ADD COLUMN origins text[]`],
  down: [`ALTER TABLE tenancy.api_keys DROP COLUMN origins`],
});

/**
 * Crypto-shredding keys (issue 20): one random AES-256-GCM key per (tenant, subject) sealing the
 * customer's text on topics. listen writes it with the feedback rows; measure and act read it;
 * erasing the customer deletes it. No foreign key to tenants: raw-topic tenants need no row there.
 */
export const SubjectKeys1765700000000 = sqlMigration('SubjectKeys1765700000000', {
  up: [
    `CREATE TABLE tenancy.subject_keys (
      tenant_id text NOT NULL,
      subject text NOT NULL,
      key bytea NOT NULL CHECK (octet_length(key) = 32),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, subject)
    )`,
  ],
  down: [`DROP TABLE tenancy.subject_keys`],
});

export const TENANCY_MIGRATIONS = [
  CreateTenancy1763900000000,
  People1764900000000,
  WidgetKeys1765300000000,
  SubjectKeys1765700000000,
];
