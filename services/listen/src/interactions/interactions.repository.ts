import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { InteractionOutcome, InteractionRecordedV1 } from '@continuum/contracts';
import { compositeKey } from '@continuum/contracts';

/** An interaction row: the recorded event's data with its current signals and revision. */
export interface StoredInteraction extends InteractionRecordedV1 {
  readonly eventId: string;
  readonly revision: number;
}

interface Row {
  tenant_id: string;
  id: string;
  event_id: string;
  customer_id: string;
  touchpoint: string;
  stage: string | null;
  owner: string | null;
  channel: string;
  queue: string | null;
  agent_id: string | null;
  outcome: InteractionOutcome;
  started_at: Date;
  ended_at: Date | null;
  wait_seconds: number | null;
  hold_seconds: number | null;
  handle_seconds: number | null;
  transfers: number;
  resolved: boolean | null;
  repeat_contact: boolean;
  fcr: boolean | null;
  revision: number;
  repeat_window_days: number;
  received_at: Date;
  flags: string[];
}

const DAY_MS = 86_400_000;

function fromRow(r: Row): StoredInteraction {
  return {
    eventId: r.event_id,
    revision: r.revision,
    interactionId: r.id,
    tenantId: r.tenant_id,
    customerId: r.customer_id,
    touchpoint: r.touchpoint,
    stage: r.stage,
    owner: r.owner,
    channel: r.channel,
    queue: r.queue,
    agentId: r.agent_id,
    outcome: r.outcome,
    startedAt: r.started_at.toISOString(),
    endedAt: r.ended_at ? r.ended_at.toISOString() : null,
    waitSeconds: r.wait_seconds,
    holdSeconds: r.hold_seconds,
    handleSeconds: r.handle_seconds,
    transfers: r.transfers,
    resolved: r.resolved,
    repeatContact: r.repeat_contact,
    firstContactResolution: r.fcr,
    flags: r.flags,
    repeatWindowDays: r.repeat_window_days,
    repeatWindowEndsAt: new Date(r.started_at.getTime() + r.repeat_window_days * DAY_MS).toISOString(),
    receivedAt: r.received_at.toISOString(),
  };
}

const COLUMNS = `tenant_id, id, event_id, customer_id, touchpoint, stage, owner, channel, queue, agent_id, outcome,
  started_at, ended_at, wait_seconds, hold_seconds, handle_seconds, transfers, resolved, repeat_contact, fcr,
  revision, repeat_window_days, received_at, flags`;

/** The stored contacts of one customer from `from` to `to` (inclusive), by event time. */
export interface NeighbourRange {
  readonly tenantId: string;
  readonly customerId: string;
  readonly from: Date;
  readonly to: Date;
}

export interface SignalUpdate {
  readonly tenantId: string;
  readonly id: string;
  readonly repeatContact: boolean;
  readonly firstContactResolution: boolean | null;
  readonly revision: number;
}

const key = (tenantId: string, id: string) => compositeKey(tenantId, id);

@Injectable()
export class InteractionsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Tenants' repeat-contact windows in days; tenants without a setting are absent. */
  async windows(m: EntityManager, tenantIds: readonly string[]): Promise<Map<string, number>> {
    const rows: { tenant_id: string; repeat_window_days: number }[] = await m.query(
      `SELECT tenant_id, repeat_window_days FROM listen.interaction_settings WHERE tenant_id = ANY($1::text[])`,
      [[...new Set(tenantIds)]],
    );
    return new Map(rows.map((r) => [r.tenant_id, r.repeat_window_days]));
  }

  async setWindow(tenantId: string, days: number): Promise<void> {
    await this.ds.query(
      `INSERT INTO listen.interaction_settings (tenant_id, repeat_window_days) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET repeat_window_days = excluded.repeat_window_days, updated_at = now()`,
      [tenantId, days],
    );
  }

  async window(tenantId: string): Promise<number | null> {
    const rows: { repeat_window_days: number }[] = await this.ds.query(
      `SELECT repeat_window_days FROM listen.interaction_settings WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows[0]?.repeat_window_days ?? null;
  }

  /**
   * Upserts the customers' contact rows in one statement, in key order (no deadlock between
   * batches), which locks them until the transaction ends: batches of the same customers queue.
   */
  async lockCustomers(
    m: EntityManager,
    customers: readonly { tenantId: string; customerId: string; first: Date; last: Date }[],
  ): Promise<void> {
    if (customers.length === 0) return;
    await m.query(
      `INSERT INTO listen.contacts AS c (tenant_id, customer_id, first_contact_at, last_contact_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[]) ORDER BY 1, 2
       ON CONFLICT (tenant_id, customer_id) DO UPDATE
         SET first_contact_at = least(c.first_contact_at, excluded.first_contact_at),
             last_contact_at = greatest(c.last_contact_at, excluded.last_contact_at)`,
      [
        customers.map((c) => c.tenantId),
        customers.map((c) => c.customerId),
        customers.map((c) => c.first),
        customers.map((c) => c.last),
      ],
    );
  }

  /**
   * One statement: which of `ids` exist already, and every stored contact in the ranges.
   * Returns the existing keys (`compositeKey(tenant, id)`) and the neighbours.
   */
  async existingAndNear(
    m: EntityManager,
    ids: readonly { tenantId: string; id: string }[],
    ranges: readonly NeighbourRange[],
  ): Promise<{ existing: Set<string>; near: StoredInteraction[] }> {
    const rows: (Row & { hit: 'id' | 'near' })[] = await m.query(
      `SELECT 'id' AS hit, ${COLUMNS} FROM listen.interactions
         WHERE (tenant_id, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       UNION ALL
       SELECT 'near' AS hit, ${COLUMNS.replace(/(\w+)/g, 'i.$1')}
         FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[]) AS q(tenant_id, customer_id, lo, hi)
         JOIN listen.interactions i
           ON i.tenant_id = q.tenant_id AND i.customer_id = q.customer_id AND i.started_at BETWEEN q.lo AND q.hi`,
      [
        ids.map((i) => i.tenantId),
        ids.map((i) => i.id),
        ranges.map((r) => r.tenantId),
        ranges.map((r) => r.customerId),
        ranges.map((r) => r.from),
        ranges.map((r) => r.to),
      ],
    );
    const existing = new Set<string>();
    const near = new Map<string, StoredInteraction>();
    for (const r of rows) {
      if (r.hit === 'id') existing.add(key(r.tenant_id, r.id));
      else near.set(key(r.tenant_id, r.id), fromRow(r));
    }
    return { existing, near: [...near.values()] };
  }

  /**
   * One statement: inserts the new interactions (skipping ids that exist) and applies the
   * revised signals. Returns the keys actually inserted.
   */
  async write(
    m: EntityManager,
    items: readonly StoredInteraction[],
    updates: readonly SignalUpdate[],
    revisedAt: Date,
  ): Promise<Set<string>> {
    if (items.length === 0 && updates.length === 0) return new Set();
    const col = <K extends keyof StoredInteraction>(k: K) => items.map((i) => i[k]);
    const rows: { tenant_id: string; id: string }[] = await m.query(
      `WITH revised AS (
         UPDATE listen.interactions i
            SET repeat_contact = u.repeat_contact, fcr = u.fcr, revision = u.revision, revised_at = $29
           FROM unnest($24::text[], $25::text[], $26::boolean[], $27::boolean[], $28::integer[])
             AS u(tenant_id, id, repeat_contact, fcr, revision)
          WHERE i.tenant_id = u.tenant_id AND i.id = u.id
         RETURNING i.id
       )
       INSERT INTO listen.interactions (${COLUMNS})
       SELECT t.tenant_id, t.id, t.event_id, t.customer_id, t.touchpoint, t.stage, t.owner, t.channel, t.queue,
              t.agent_id, t.outcome, t.started_at, t.ended_at, t.wait_seconds, t.hold_seconds, t.handle_seconds,
              t.transfers, t.resolved, t.repeat_contact, t.fcr, 0, t.repeat_window_days, t.received_at,
              ARRAY(SELECT jsonb_array_elements_text(t.flags))
       FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[], $14::float8[],
                   $15::float8[], $16::float8[], $17::smallint[], $18::boolean[], $19::boolean[], $20::boolean[],
                   $21::smallint[], $22::timestamptz[], $23::jsonb[])
         AS t(tenant_id, id, event_id, customer_id, touchpoint, stage, owner, channel, queue, agent_id, outcome,
              started_at, ended_at, wait_seconds, hold_seconds, handle_seconds, transfers, resolved,
              repeat_contact, fcr, repeat_window_days, received_at, flags)
       ON CONFLICT (tenant_id, id) DO NOTHING
       RETURNING tenant_id, id`,
      [
        col('tenantId'),
        col('interactionId'),
        col('eventId'),
        col('customerId'),
        col('touchpoint'),
        col('stage'),
        col('owner'),
        col('channel'),
        col('queue'),
        col('agentId'),
        col('outcome'),
        col('startedAt'),
        col('endedAt'),
        col('waitSeconds'),
        col('holdSeconds'),
        col('handleSeconds'),
        col('transfers'),
        col('resolved'),
        col('repeatContact'),
        col('firstContactResolution'),
        col('repeatWindowDays'),
        col('receivedAt'),
        items.map((i) => JSON.stringify(i.flags)),
        updates.map((u) => u.tenantId),
        updates.map((u) => u.id),
        updates.map((u) => u.repeatContact),
        updates.map((u) => u.firstContactResolution),
        updates.map((u) => u.revision),
        revisedAt,
      ],
    );
    return new Set(rows.map((r) => key(r.tenant_id, r.id)));
  }

  async findOne(tenantId: string, id: string): Promise<StoredInteraction | null> {
    const rows: Row[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM listen.interactions WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }
}
