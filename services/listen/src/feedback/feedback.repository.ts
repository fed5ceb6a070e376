import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FeedbackRecordedV1 } from '@continuum/contracts';
import { compositeKey } from '@continuum/contracts';

export interface StoredFeedback extends FeedbackRecordedV1 {
  readonly eventId: string;
}

/** The raw-topic record a row was read from (see the FeedbackOrigin migration). */
export interface FeedbackOrigin {
  readonly originPartition: number;
  readonly originOffset: string;
}

/**
 * A row to insert: `key` is `compositeKey(tenant, id)`, `json` the event's value (the data naming the
 * customer as topics do, with a customer's comment sealed), `customerId` the customer's own id (the
 * row's), `clearComment` the sealed comment for the row, `origin` where it was read from the raw topic.
 */
export interface NewFeedback {
  readonly key: string;
  readonly eventId: string;
  readonly customerId: string | null;
  readonly data: FeedbackRecordedV1;
  readonly json: string;
  readonly clearComment?: string;
  readonly origin?: FeedbackOrigin;
}

interface Row {
  tenant_id: string;
  id: string;
  event_id: string;
  touchpoint: string;
  stage: string | null;
  owner: string | null;
  channel: string | null;
  customer_id: string | null;
  occurred_at: Date;
  received_at: Date;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  emoji: 1 | 2 | 3 | 4 | 5 | null;
  comment: string | null;
  language: 'it' | 'en' | 'und' | null;
  sentiment: number | null;
  themes: string[];
  segment: Record<string, string>;
  consent_to_contact: boolean;
  flags: string[];
}

function fromRow(r: Row): StoredFeedback {
  return {
    eventId: r.event_id,
    feedbackId: r.id,
    tenantId: r.tenant_id,
    touchpoint: r.touchpoint,
    stage: r.stage,
    owner: r.owner,
    channel: r.channel,
    customerId: r.customer_id,
    occurredAt: r.occurred_at.toISOString(),
    receivedAt: r.received_at.toISOString(),
    nps: r.nps,
    csat: r.csat,
    ces: r.ces,
    emoji: r.emoji,
    comment: r.comment,
    language: r.language,
    sentiment: r.sentiment,
    themes: r.themes,
    segment: r.segment,
    consentToContact: r.consent_to_contact,
    flags: r.flags,
  };
}

const COLUMNS = `tenant_id, id, event_id, touchpoint, stage, owner, channel, customer_id, occurred_at, received_at,
  nps, csat, ces, emoji, comment, language, sentiment, themes, segment, consent_to_contact, flags`;

@Injectable()
export class FeedbackRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Inserts in one statement; rows whose (tenant, id) exist already are skipped. Each new answer
   * with a customer is also a survey contact, which the contact policy counts against fatigue:
   * its `survey_contacts` row is written by the same statement. Returns the keys actually
   * inserted, `compositeKey(tenant, id)`.
   */
  async insertNew(m: EntityManager, items: readonly NewFeedback[]): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    // The batch travels as two JSON texts that PostgreSQL unpacks with json_to_recordset and zips
    // row by row (ROWS FROM): the items' data, each as already serialised for its event, and
    // what the rows add to it (event id, origin, the customer's own id where the event carries its
    // pseudonym, the comment the event seals). Parameter arrays would be escaped element by element
    // in JS by the driver.
    const data = `[${items.map((i) => i.json).join(',')}]`;
    const meta = JSON.stringify(
      items.map((i) => ({
        eventId: i.eventId,
        ownCustomerId: i.customerId,
        originPartition: i.origin?.originPartition ?? null,
        originOffset: i.origin?.originOffset ?? null,
        clearComment: i.clearComment ?? null,
      })),
    );
    const rows: { tenant_id: string; id: string }[] = await m.query(
      `WITH ins AS (
       INSERT INTO listen.feedback (${COLUMNS}, origin_partition, origin_offset)
       SELECT t."tenantId", t."feedbackId", t."eventId", t.touchpoint, t.stage, t.owner, t.channel, t."ownCustomerId",
              t."occurredAt", t."receivedAt", t.nps, t.csat, t.ces, t.emoji, coalesce(t."clearComment", t.comment), t.language, t.sentiment,
              t.themes, t.segment, t."consentToContact", t.flags, t."originPartition", t."originOffset"
       FROM ROWS FROM (
              json_to_recordset($1::json) AS ("tenantId" text, "feedbackId" text, touchpoint text, stage text,
                owner text, channel text, "customerId" text, "occurredAt" timestamptz, "receivedAt" timestamptz,
                nps smallint, csat smallint, ces smallint, emoji smallint, comment text, language text,
                sentiment real, themes text[], segment jsonb, "consentToContact" boolean, flags text[]),
              json_to_recordset($2::json) AS ("eventId" uuid, "ownCustomerId" text, "originPartition" integer,
                "originOffset" bigint, "clearComment" text)
            ) AS t
       ON CONFLICT (tenant_id, id) DO NOTHING
       RETURNING tenant_id, id, customer_id, channel, occurred_at
       ), contacts AS (
         INSERT INTO listen.survey_contacts (tenant_id, kind, id, customer_id, channel, at)
         SELECT tenant_id, 'feedback', id, customer_id, channel, occurred_at FROM ins WHERE customer_id IS NOT NULL
         ON CONFLICT DO NOTHING
       )
       SELECT tenant_id, id FROM ins`,
      [data, meta],
    );
    return new Set(rows.map((r) => compositeKey(r.tenant_id, r.id)));
  }

  /**
   * The rows among `items` that were inserted from these very raw records (same partition and
   * offset): a redelivery of records whose events may not have gone out. A resend of an id is
   * another record and is not returned.
   */
  async findOwnRows(
    m: EntityManager,
    items: readonly (Pick<StoredFeedback, 'tenantId' | 'feedbackId'> & FeedbackOrigin)[],
  ): Promise<StoredFeedback[]> {
    if (items.length === 0) return [];
    const rows: Row[] = await m.query(
      `SELECT ${COLUMNS.replace(/(\w+)/g, 'f.$1')} FROM listen.feedback f
       JOIN json_to_recordset($1::json) AS t("tenantId" text, "feedbackId" text, "originPartition" integer,
              "originOffset" bigint)
         ON f.tenant_id = t."tenantId" AND f.id = t."feedbackId"
        AND f.origin_partition = t."originPartition" AND f.origin_offset = t."originOffset"`,
      [
        JSON.stringify(
          items.map((i) => ({
            tenantId: i.tenantId,
            feedbackId: i.feedbackId,
            originPartition: i.originPartition,
            originOffset: i.originOffset,
          })),
        ),
      ],
    );
    return rows.map(fromRow);
  }

  async findOne(tenantId: string, id: string): Promise<StoredFeedback | null> {
    const rows: Row[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM listen.feedback WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** Oldest first from `since` (exclusive of the cursor row), for paging through recent feedback. */
  async listSince(tenantId: string, since: Date, afterId: string, limit: number): Promise<StoredFeedback[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM listen.feedback
       WHERE tenant_id = $1 AND (received_at, id) > ($2, $3)
       ORDER BY received_at, id LIMIT $4`,
      [tenantId, since, afterId, limit],
    );
    return rows.map(fromRow);
  }
}
