import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FeedbackRecordedV1 } from '@continuum/contracts';

export interface StoredFeedback extends FeedbackRecordedV1 {
  readonly eventId: string;
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
   * Inserts in one statement; rows whose (tenant, id) exist already are skipped. Returns the
   * keys actually inserted, `tenant\u0000id`.
   */
  async insertNew(m: EntityManager, items: readonly StoredFeedback[]): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const col = <K extends keyof StoredFeedback>(k: K) => items.map((i) => i[k]);
    const rows: { tenant_id: string; id: string }[] = await m.query(
      `INSERT INTO listen.feedback (${COLUMNS})
       SELECT t.tenant_id, t.id, t.event_id, t.touchpoint, t.stage, t.owner, t.channel, t.customer_id,
              t.occurred_at, t.received_at, t.nps, t.csat, t.ces, t.emoji, t.comment, t.language, t.sentiment,
              ARRAY(SELECT jsonb_array_elements_text(t.themes)), t.segment, t.consent, ARRAY(SELECT jsonb_array_elements_text(t.flags))
       FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::timestamptz[], $10::timestamptz[], $11::smallint[], $12::smallint[], $13::smallint[], $14::smallint[],
                   $15::text[], $16::text[], $17::real[], $18::jsonb[], $19::jsonb[], $20::boolean[], $21::jsonb[])
         AS t(tenant_id, id, event_id, touchpoint, stage, owner, channel, customer_id, occurred_at, received_at,
              nps, csat, ces, emoji, comment, language, sentiment, themes, segment, consent, flags)
       ON CONFLICT (tenant_id, id) DO NOTHING
       RETURNING tenant_id, id`,
      [
        col('tenantId'),
        col('feedbackId'),
        col('eventId'),
        col('touchpoint'),
        col('stage'),
        col('owner'),
        col('channel'),
        col('customerId'),
        col('occurredAt'),
        col('receivedAt'),
        col('nps'),
        col('csat'),
        col('ces'),
        col('emoji'),
        col('comment'),
        col('language'),
        col('sentiment'),
        items.map((i) => JSON.stringify(i.themes)),
        items.map((i) => JSON.stringify(i.segment)),
        col('consentToContact'),
        items.map((i) => JSON.stringify(i.flags)),
      ],
    );
    return new Set(rows.map((r) => `${r.tenant_id}\u0000${r.id}`));
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
