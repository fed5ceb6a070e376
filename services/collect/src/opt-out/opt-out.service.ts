/**
 * Opt-out links of "you said, we did" messages: the token (signed by listen, no personal data)
 * names a message; its customer's opt-out travels to listen's contact policy as
 * `cx.contact.opted-out.v1`, through the outbox, once per link.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, partitionKey, Topic } from '@continuum/contracts';
import { enqueueOutbox, outboxRecord } from '@continuum/persistence';
import { verifyOptOutToken } from '@continuum/platform';
import { CollectConfig } from '../collect.config';
import { UUID, type PageResult } from '../pages/pages.service';
import { optOutPage } from './opt-out.render';

@Injectable()
export class OptOutService {
  private readonly secret: string;

  constructor(
    private readonly ds: DataSource,
    cfg: CollectConfig,
  ) {
    this.secret = cfg.tokenSecret('opt-out links');
  }

  /**
   * The message's customer as topics name them (read-only from listen's row the link names), or
   * null: a pseudonym unless the tenant opted into raw ids. Rows from before pseudonyms hold none.
   */
  private async customerOf(
    token: string,
  ): Promise<{ tenantId: string; key: string; customerId: string; lang: 'it' | 'en' } | null> {
    const check = verifyOptOutToken(this.secret, token);
    if (!check.ok || !UUID.test(check.claims.k)) return null;
    const rows: { customer_id: string }[] = await this.ds.query(
      `SELECT coalesce(topic_customer_id, customer_id) AS customer_id FROM listen.loop_messages
       WHERE tenant_id = $1 AND key = $2`,
      [check.claims.t, check.claims.k],
    );
    return rows[0]
      ? {
          tenantId: check.claims.t,
          key: check.claims.k,
          customerId: rows[0].customer_id,
          lang: check.claims.l,
        }
      : null;
  }

  async show(token: string): Promise<PageResult> {
    const c = await this.customerOf(token);
    return c
      ? { status: 200, html: optOutPage(c.lang, 'ask') }
      : { status: 404, html: optOutPage('en', 'invalid') };
  }

  async confirm(token: string, now = new Date()): Promise<PageResult> {
    const c = await this.customerOf(token);
    if (!c) return { status: 404, html: optOutPage('en', 'invalid') };
    await this.ds.transaction(async (m) => {
      const first: unknown[] = await m.query(
        `INSERT INTO collect.opt_outs (tenant_id, message_key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING message_key`,
        [c.tenantId, c.key],
      );
      if (first.length === 0) return;
      const data = {
        tenantId: c.tenantId,
        customerId: c.customerId,
        source: 'loop-message',
        at: now.toISOString(),
      };
      const e = createEvent({
        type: Topic.ContactOptedOut,
        source: '/continuum/collect',
        tenantId: c.tenantId,
        time: now,
        data,
      });
      await enqueueOutbox(m, 'collect', [
        outboxRecord(Topic.ContactOptedOut, partitionKey(c.tenantId, c.customerId), e),
      ]);
    });
    return { status: 200, html: optOutPage(c.lang, 'done') };
  }
}
