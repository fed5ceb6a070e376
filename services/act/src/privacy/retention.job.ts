import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ERASED_TEXT } from '@continuum/contracts';
import { deleteInChunks, limitedTenants } from '@continuum/persistence';
import { RetentionJob } from '@continuum/platform';
import { ActConfig } from '../act.config';

const DAY_MS = 86_400_000;
const CHUNK = 1000;

export interface RetentionRun {
  readonly actions: number;
  readonly deliveries: number;
  readonly contacts: number;
}

/**
 * act's retention, in chunks. An action closed (resolved, verified, cancelled) longer ago than
 * `resolvedActionDays` keeps its row — its status, times, owner and verification are the counts
 * of effectiveness — but loses what is personal: customer id, description, notes, gap quotes.
 * Finished deliveries older than `deliveryLogDays` go with their attempts; contacts for "you
 * said, we did" follow the feedback they copy (`feedbackDays`).
 */
@Injectable()
export class ActRetention extends RetentionJob {
  constructor(
    private readonly ds: DataSource,
    cfg: ActConfig,
  ) {
    super(cfg.ACT_RETENTION_INTERVAL_MS);
  }

  async run(now = new Date()): Promise<RetentionRun> {
    const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
    let actions = 0;
    let deliveries = 0;
    let contacts = 0;
    for (const t of await limitedTenants(this.ds, 'act', 'resolvedActionDays'))
      for (let n = CHUNK; n === CHUNK; actions += n)
        n = await this.anonymiseChunk(t.tenantId, before(t.days));
    for (const t of await limitedTenants(this.ds, 'act', 'deliveryLogDays'))
      for (let n = CHUNK; n === CHUNK; deliveries += n)
        n = await this.deleteDeliveries(t.tenantId, before(t.days));
    for (const t of await limitedTenants(this.ds, 'act', 'feedbackDays'))
      contacts += await deleteInChunks(this.ds, 'act.contacts', 'tenant_id = $1 AND occurred_at < $2', [
        t.tenantId,
        before(t.days),
      ]);
    const run = { actions, deliveries, contacts };
    if (actions + deliveries + contacts > 0)
      this.logger.log({ msg: 'retention: cleared rows past their tenant’s limit', ...run });
    return run;
  }

  private anonymiseChunk(tenantId: string, before: Date): Promise<number> {
    return this.ds.transaction(async (m) => {
      const picked: { id: string }[] = await m.query(
        `SELECT id FROM act.actions
         WHERE tenant_id = $1 AND personal_data_removed_at IS NULL AND status IN ('resolved', 'verified', 'cancelled')
           AND coalesce(resolved_at, updated_at) < $2
         LIMIT $3 FOR UPDATE SKIP LOCKED`,
        [tenantId, before, CHUNK],
      );
      const ids = picked.map((r) => r.id);
      if (ids.length === 0) return 0;
      await m.query(
        `UPDATE act.action_history SET comment = NULL WHERE action_id = ANY($1::uuid[]) AND comment IS NOT NULL`,
        [ids],
      );
      await m.query(
        `UPDATE act.actions SET customer_id = NULL, description = $2, personal_data_removed_at = now(),
           title = CASE WHEN customer_id IS NULL THEN title ELSE replace(title, customer_id, $2) END,
           dedup_key = CASE WHEN loop = 'inner' THEN 'expired:' || id ELSE dedup_key END,
           gap = CASE WHEN gap ? 'sampleComments' THEN jsonb_set(gap, '{sampleComments}', '[]'::jsonb) ELSE gap END
         WHERE id = ANY($1::uuid[])`,
        [ids, ERASED_TEXT],
      );
      await m.query(
        `UPDATE act.writebacks w SET result = w.result || jsonb_build_object(
           'customerId', NULL, 'dedupKey', a.dedup_key, 'title', a.title, 'description', a.description)
         FROM act.actions a WHERE a.id = w.action_id AND a.id = ANY($1::uuid[])`,
        [ids],
      );
      return ids.length;
    });
  }

  private deleteDeliveries(tenantId: string, before: Date): Promise<number> {
    return this.ds.transaction(async (m) => {
      const picked: { id: string }[] = await m.query(
        `SELECT id FROM act.webhook_deliveries WHERE tenant_id = $1 AND status <> 'pending' AND created_at < $2
         LIMIT $3 FOR UPDATE SKIP LOCKED`,
        [tenantId, before, CHUNK],
      );
      const ids = picked.map((r) => r.id);
      await m.query(`DELETE FROM act.webhook_attempts WHERE delivery_id = ANY($1::uuid[])`, [ids]);
      await m.query(`DELETE FROM act.webhook_deliveries WHERE id = ANY($1::uuid[])`, [ids]);
      return ids.length;
    });
  }
}
