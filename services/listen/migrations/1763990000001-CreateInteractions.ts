import { perTenantTable, sqlMigration } from '@continuum/persistence';

/** Interactions with their derived signals, the per-customer contact rows, tenant settings, imports. */
export const CreateInteractions1763990000001 = sqlMigration('CreateInteractions1763990000001', {
  up: [
    `CREATE TABLE listen.interactions (
      tenant_id text NOT NULL,
      id text NOT NULL,
      event_id uuid NOT NULL,
      customer_id text NOT NULL,
      touchpoint text NOT NULL,
      stage text,
      owner text,
      channel text NOT NULL,
      queue text,
      agent_id text,
      outcome text NOT NULL CHECK (outcome IN ('handled', 'abandoned', 'transferred')),
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      wait_seconds double precision CHECK (wait_seconds >= 0),
      hold_seconds double precision CHECK (hold_seconds >= 0),
      handle_seconds double precision CHECK (handle_seconds >= 0),
      transfers smallint NOT NULL CHECK (transfers >= 0),
      resolved boolean,
      repeat_contact boolean NOT NULL,
      fcr boolean,
      revision integer NOT NULL DEFAULT 0,
      repeat_window_days smallint NOT NULL,
      received_at timestamptz NOT NULL,
      revised_at timestamptz,
      flags text[] NOT NULL DEFAULT '{}',
      PRIMARY KEY (tenant_id, id)
    )`,
    // Neighbours of a new contact: the same customer's contacts within the window, by event time.
    `CREATE INDEX interactions_customer_time ON listen.interactions (tenant_id, customer_id, started_at)`,
    // One row per customer: locked while a batch derives its contacts' signals, so that
    // concurrent batches (HTTP, topic, imports) see each other's contacts.
    `CREATE TABLE listen.contacts (
      tenant_id text NOT NULL,
      customer_id text NOT NULL,
      first_contact_at timestamptz NOT NULL,
      last_contact_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, customer_id)
    )`,
    perTenantTable('listen.interaction_settings', [
      'repeat_window_days smallint NOT NULL CHECK (repeat_window_days BETWEEN 1 AND 90)',
    ]),
    `CREATE TABLE listen.imports (
      tenant_id text NOT NULL,
      id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('feedback', 'interactions')),
      status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
      bytes_read bigint NOT NULL DEFAULT 0,
      rows_read integer NOT NULL DEFAULT 0,
      accepted integer NOT NULL DEFAULT 0,
      duplicates integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      rejections jsonb NOT NULL DEFAULT '[]',
      error text,
      started_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      PRIMARY KEY (tenant_id, id)
    )`,
  ],
  down: [
    `DROP TABLE listen.imports`,
    `DROP TABLE listen.interaction_settings`,
    `DROP TABLE listen.contacts`,
    `DROP TABLE listen.interactions`,
  ],
});
