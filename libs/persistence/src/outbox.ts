/**
 * Transactional outbox: events are written in the same transaction as the business rows they
 * describe; a relay (libs/kafka) publishes them after commit. `pg_notify` inside the transaction
 * is delivered on commit, which wakes the relay without polling delay.
 */
import type { EntityManager, MigrationInterface } from 'typeorm';
import { toBinaryHeaders, type CloudEvent } from '@continuum/contracts';
import { sqlMigration } from './migration';

export interface OutboxRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly headers: Record<string, string>;
  /** The record value: JSON text (the event's data). */
  readonly value: string;
}

export function outboxRecord(topic: string, key: string, event: CloudEvent): OutboxRecord {
  return { topic, key, headers: toBinaryHeaders(event), value: JSON.stringify(event.data) };
}

export function outboxChannel(schema: string): string {
  return `${schema}_outbox`;
}

/** Multi-row insert; one statement per call, whatever the number of records. */
export async function enqueueOutbox(
  m: EntityManager,
  schema: string,
  records: readonly OutboxRecord[],
): Promise<void> {
  if (records.length === 0) return;
  // One JSON text rather than four arrays: the driver escapes array elements in JS, which for
  // thousands of event bodies costs more than the insert itself. Each value is JSON already and
  // goes in as it is, not re-escaped as a string (a `json` field keeps its text verbatim), and
  // json_to_recordset reads each element once.
  let rows = '';
  for (const r of records) {
    rows += `${rows ? ',' : '['}{"topic":${JSON.stringify(r.topic)},"key":${JSON.stringify(r.key)},"headers":${JSON.stringify(r.headers)},"value":${r.value}}`;
  }
  await m.query(
    `INSERT INTO "${schema}".outbox (topic, key, headers, value)
     SELECT t.topic, t.key, t.headers, t.value::text
     FROM json_to_recordset($1::json) AS t(topic text, key text, headers json, value json)`,
    [`${rows}]`],
  );
  await m.query(`SELECT pg_notify($1, '')`, [outboxChannel(schema)]);
}

/**
 * Idempotent consumer: claims event ids for a consumer in the caller's transaction and returns
 * those not seen before. Effects are applied only for the returned ids, so a redelivered event
 * changes nothing, and a rolled-back transaction releases its claims.
 */
export async function claimEvents(
  m: EntityManager,
  schema: string,
  consumer: string,
  eventIds: readonly string[],
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows: { event_id: string }[] = await m.query(
    `INSERT INTO "${schema}".processed_events (consumer, event_id)
     SELECT $1, id FROM unnest($2::text[]) AS id
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, [...new Set(eventIds)]],
  );
  return new Set(rows.map((r) => r.event_id));
}

/**
 * Deletes a consumer's claims made before `before`, in chunks of `chunk` rows (short row locks,
 * bounded WAL per statement); returns how many went. A claim only guards against an event coming
 * again, so once the topic the consumer reads no longer keeps the record, its claim is dead weight
 * that every later claim pays for in a bigger primary-key index. The `processed_events_age` BRIN
 * index (claims are appended in time order) finds old rows without a scan.
 */
export async function pruneClaims(
  q: { query(sql: string, params?: unknown[]): Promise<unknown> },
  schema: string,
  consumer: string,
  before: Date,
  chunk = 10_000,
): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = (await q.query(
      `WITH gone AS (
         DELETE FROM "${schema}".processed_events WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM "${schema}".processed_events
           WHERE consumer = $1 AND processed_at < $2 LIMIT $3))
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [consumer, before, chunk],
    )) as { n: number }[];
    total += rows[0].n;
    if (rows[0].n < chunk) return total;
  }
}

/**
 * The index `pruneClaims` relies on: a migration of each claiming service, under the name it was
 * released with there.
 */
export function claimsByAgeMigration(name: string, schema: string): new () => MigrationInterface {
  return sqlMigration(name, {
    up: [
      `CREATE INDEX IF NOT EXISTS processed_events_age ON "${schema}".processed_events USING brin (processed_at)`,
    ],
    down: [`DROP INDEX IF EXISTS "${schema}".processed_events_age`],
  });
}

/** The tables every service schema has; from each service's first migration. */
export function messagingTables(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}".outbox (
    id bigserial PRIMARY KEY,
    topic text NOT NULL,
    key text,
    headers jsonb NOT NULL,
    value text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
    `CREATE TABLE "${schema}".processed_events (
    consumer text NOT NULL,
    event_id text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
  )`,
  ];
}

export function dropMessagingTables(schema: string): string[] {
  return [`DROP TABLE IF EXISTS "${schema}".processed_events`, `DROP TABLE IF EXISTS "${schema}".outbox`];
}

/**
 * Outbox headers are only stored and read back, never queried: `json` keeps the text as it came,
 * where `jsonb` parsed and re-encoded every row on insert.
 */
export function outboxHeadersAsJson(schema: string): string {
  return `ALTER TABLE "${schema}".outbox ALTER COLUMN headers TYPE json USING headers::json`;
}

/** `outboxHeadersAsJson` as a migration of a service whose outbox began as `jsonb`. */
export function outboxHeadersJsonMigration(name: string, schema: string): new () => MigrationInterface {
  return sqlMigration(name, {
    up: [outboxHeadersAsJson(schema)],
    down: [`ALTER TABLE "${schema}".outbox ALTER COLUMN headers TYPE jsonb USING headers::jsonb`],
  });
}
