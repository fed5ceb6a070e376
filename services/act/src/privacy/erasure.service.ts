import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { commentDigest, ERASED_TEXT, type CloudEvent, type Topic } from '@continuum/contracts';
import { confirmErasure } from '@continuum/persistence';
import type { CustomerEraser } from '@continuum/platform';

interface GapRow {
  id: string;
  description: string;
  gap: { sampleComments?: string[] } & Record<string, unknown>;
}

/** Replaces every occurrence of each quoted text. */
const scrub = (text: string, quotes: readonly string[]) =>
  quotes.reduce((t, q) => (q ? t.split(q).join(ERASED_TEXT) : t), text);

/**
 * act's part of an erasure. Actions stay (their counts, SLAs and effectiveness are the tenant's
 * history) but lose what identifies the customer: the customer id (also in the dedup key), the
 * description quoting their comment, the notes on them; gap evidence quoting their comments loses
 * the quotes. Contacts for "you said, we did" go, and so do the deliveries (webhooks and team
 * notifications) that carried their actions.
 */
@Injectable()
export class ActErasure implements CustomerEraser {
  constructor(private readonly ds: DataSource) {}

  async erase(requests: readonly CloudEvent<Topic.PrivacyErasure>[]): Promise<void> {
    for (const e of requests)
      await this.ds.transaction(async (m) => confirmErasure(m, 'act', e, await this.eraseOne(m, e)));
  }

  private async eraseOne(
    m: EntityManager,
    e: CloudEvent<Topic.PrivacyErasure>,
  ): Promise<Record<string, number>> {
    const { tenantId, customerId, eventIds, commentDigests } = e.data;
    // Events name the customer by pseudonym; a tenant that once put raw ids on topics holds those too.
    const raw = e.data.rawCustomerId ?? customerId;
    const names = [...new Set([customerId, raw])];
    const own: { id: string }[] = await m.query(
      `SELECT id FROM act.actions
       WHERE tenant_id = $1 AND (customer_id = ANY($2::text[]) OR source_event_id = ANY($3::text[])) FOR UPDATE`,
      [tenantId, names, eventIds],
    );
    const ids = own.map((r) => r.id);
    const [, actions] = await m.query<[unknown, number]>(
      `UPDATE act.actions SET customer_id = NULL, dedup_key = 'erased:' || id, description = $2,
         title = replace(replace(title, $3, $2), $4, $2), personal_data_removed_at = now()
       WHERE id = ANY($1::uuid[])`,
      [ids, ERASED_TEXT, customerId, raw],
    );
    // Notes on the customer's actions, and evidence their answers added to anyone's action.
    const [, history] = await m.query<[unknown, number]>(
      `UPDATE act.action_history SET comment = NULL
       WHERE comment IS NOT NULL AND (action_id = ANY($1::uuid[]) OR source_event_id = ANY($2::text[]))`,
      [ids, eventIds],
    );
    const quoted = await this.scrubGapEvidence(m, tenantId, new Set(commentDigests));
    const [, writebacks] = await m.query<[unknown, number]>(
      `UPDATE act.writebacks w SET result = w.result || jsonb_build_object(
         'customerId', NULL, 'dedupKey', a.dedup_key, 'title', a.title, 'description', a.description)
       FROM act.actions a WHERE a.id = w.action_id AND w.tenant_id = $1 AND w.action_id = ANY($2::uuid[])`,
      [tenantId, [...ids, ...quoted]],
    );
    const [, contacts] = await m.query<[unknown, number]>(
      `DELETE FROM act.contacts WHERE tenant_id = $1 AND customer_id = ANY($2::text[])`,
      [tenantId, names],
    );
    // The delivery log keeps each payload as sent: those naming the customer or their actions go.
    const touched = [...ids, ...quoted];
    const deliveries: { id: string }[] = await m.query(
      `SELECT id FROM act.webhook_deliveries
       WHERE tenant_id = $1 AND (action_id = ANY($2::uuid[]) OR strpos(payload, $3) > 0 OR strpos(payload, $4) > 0
         OR EXISTS (SELECT 1 FROM unnest($2::text[]) a WHERE strpos(payload, a) > 0))`,
      [tenantId, touched, JSON.stringify(customerId), JSON.stringify(raw)],
    );
    const delivered = deliveries.map((d) => d.id);
    const [, attempts] = await m.query<[unknown, number]>(
      `DELETE FROM act.webhook_attempts WHERE delivery_id = ANY($1::uuid[])`,
      [delivered],
    );
    const [, logged] = await m.query<[unknown, number]>(
      `DELETE FROM act.webhook_deliveries WHERE id = ANY($1::uuid[])`,
      [delivered],
    );
    return {
      'act.actions': actions + quoted.length,
      'act.action_history': history,
      'act.writebacks': writebacks,
      'act.contacts': contacts,
      'act.webhook_deliveries': logged,
      'act.webhook_attempts': attempts,
    };
  }

  /**
   * Outer-loop actions quote sample comments of their gap (in the gap and the description): the
   * customer's, found by digest, are replaced. Returns the actions changed.
   */
  private async scrubGapEvidence(
    m: EntityManager,
    tenantId: string,
    digests: Set<string>,
  ): Promise<string[]> {
    if (digests.size === 0) return [];
    const rows: GapRow[] = await m.query(
      `SELECT id, description, gap FROM act.actions
       WHERE tenant_id = $1 AND jsonb_array_length(coalesce(gap->'sampleComments', '[]'::jsonb)) > 0 FOR UPDATE`,
      [tenantId],
    );
    const changed: string[] = [];
    for (const r of rows) {
      const samples = r.gap.sampleComments ?? [];
      const theirs = samples.filter((c) => digests.has(commentDigest(c)));
      if (theirs.length === 0) continue;
      await m.query(`UPDATE act.actions SET gap = $2, description = $3 WHERE id = $1`, [
        r.id,
        { ...r.gap, sampleComments: samples.filter((c) => !theirs.includes(c)) },
        scrub(r.description, theirs),
      ]);
      for (const q of theirs)
        await m.query(
          `UPDATE act.action_history SET comment = replace(comment, $2, $3) WHERE action_id = $1 AND strpos(comment, $2) > 0`,
          [r.id, q, ERASED_TEXT],
        );
      changed.push(r.id);
    }
    return changed;
  }
}
