import { recordAudit, type AuditActor } from '@continuum/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returning } from '../actions/sql';
import { SecretBox } from './secret-box';
import type { RequestTemplate } from './ticket-template';

export interface WebhookView {
  readonly id: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly description: string | null;
  readonly active: boolean;
  readonly createdAt: string;
  /** A request template, when the subscription has one: header values are never read back. */
  readonly template?: {
    readonly method: string;
    readonly path: string;
    readonly headers: readonly string[];
    readonly body: unknown;
    readonly params: Readonly<Record<string, string>>;
    readonly externalRefFrom: string | null;
  };
}

interface Row {
  id: string;
  url: string;
  event_types: string[];
  description: string | null;
  active: boolean;
  created_at: Date;
  template: (RequestTemplate & { headerNames: string[] }) | null;
}

const fromRow = (r: Row): WebhookView => ({
  id: r.id,
  url: r.url,
  eventTypes: r.event_types,
  description: r.description,
  active: r.active,
  createdAt: r.created_at.toISOString(),
  ...(r.template
    ? {
        template: {
          method: r.template.method,
          path: r.template.path,
          headers: r.template.headerNames,
          body: r.template.body,
          params: r.template.params,
          externalRefFrom: r.template.externalRefFrom,
        },
      }
    : {}),
});

/** What AES-GCM binds a subscription's template headers to (not its secret's binding). */
export const headersBinding = (webhookId: string) => `${webhookId}:template-headers`;

/** A delivery's state and attempt log, as webhook deliveries and team notifications both show it. */
export interface DeliveryState {
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
  readonly log: {
    attempt: number;
    at: string;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
  }[];
}

export interface DeliveryView extends DeliveryState {
  readonly id: string;
  readonly eventType: string;
  readonly eventId: string;
}

/** A row of act.webhook_deliveries with its attempts (json_agg of act.webhook_attempts) as `log`. */
export interface DeliveryRow {
  id: string;
  event_type: string;
  event_id: string;
  status: DeliveryView['status'];
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  log: {
    attempt: number;
    at: string;
    status_code: number | null;
    error: string | null;
    duration_ms: number;
  }[];
}

export function deliveryStateOf(r: DeliveryRow): DeliveryState {
  return {
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    deliveredAt: r.delivered_at ? r.delivered_at.toISOString() : null,
    log: r.log.map((a) => ({
      attempt: a.attempt,
      at: new Date(a.at).toISOString(),
      statusCode: a.status_code,
      error: a.error,
      durationMs: a.duration_ms,
    })),
  };
}

/**
 * Subscriptions and their delivery log. Secrets are stored sealed (SecretBox) and never read back
 * out over HTTP; only the dispatcher opens them, to sign.
 */
@Injectable()
export class WebhooksRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly box: SecretBox,
  ) {}

  async create(
    tenantId: string,
    w: {
      id: string;
      url: string;
      eventTypes: readonly string[];
      secret: string;
      description: string | null;
      template: { template: RequestTemplate; headers: Record<string, string> } | null;
    },
    actor: AuditActor,
  ): Promise<WebhookView> {
    return this.ds.transaction(async (m) => {
      const rows: Row[] = await m.query(
        `INSERT INTO act.webhooks (id, tenant_id, url, event_types, secret, description, template, template_headers)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, url, event_types, description, active, created_at, template`,
        [
          w.id,
          tenantId,
          w.url,
          w.eventTypes,
          this.box.seal(w.secret, w.id),
          w.description,
          w.template ? { ...w.template.template, headerNames: Object.keys(w.template.headers) } : null,
          w.template ? this.box.seal(JSON.stringify(w.template.headers), headersBinding(w.id)) : null,
        ],
      );
      await recordAudit(m, tenantId, actor, [
        {
          action: 'create',
          resource: 'webhook',
          resourceId: w.id,
          detail: { url: w.url, eventTypes: w.eventTypes, template: w.template !== null },
        },
      ]);
      return fromRow(rows[0]);
    });
  }

  async list(tenantId: string): Promise<WebhookView[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT id, url, event_types, description, active, created_at, template FROM act.webhooks
       WHERE tenant_id = $1 ORDER BY created_at, id`,
      [tenantId],
    );
    return rows.map(fromRow);
  }

  async find(tenantId: string, id: string): Promise<WebhookView | null> {
    const rows: Row[] = await this.ds.query(
      `SELECT id, url, event_types, description, active, created_at, template FROM act.webhooks WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** Stops new deliveries; pending ones are marked failed. */
  async deactivate(tenantId: string, id: string, actor: AuditActor): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const rows = await returning<{ id: string }>(
        m,
        `UPDATE act.webhooks SET active = false WHERE tenant_id = $1 AND id = $2 RETURNING id`,
        [tenantId, id],
      );
      if (rows.length === 0) return false;
      await m.query(
        `UPDATE act.webhook_deliveries SET status = 'failed', last_error = 'subscription deleted'
         WHERE webhook_id = $1 AND status = 'pending'`,
        [id],
      );
      await recordAudit(m, tenantId, actor, [{ action: 'delete', resource: 'webhook', resourceId: id }]);
      return true;
    });
  }

  async deliveries(webhookId: string, status: string | undefined, limit: number): Promise<DeliveryView[]> {
    const rows: DeliveryRow[] = await this.ds.query(
      `SELECT d.*, coalesce((SELECT json_agg(a ORDER BY a.attempt) FROM act.webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS log
       FROM act.webhook_deliveries d WHERE d.webhook_id = $1 AND ($2::text IS NULL OR d.status = $2)
       ORDER BY d.created_at DESC, d.id LIMIT $3`,
      [webhookId, status ?? null, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      eventType: r.event_type,
      eventId: r.event_id,
      ...deliveryStateOf(r),
    }));
  }
}
