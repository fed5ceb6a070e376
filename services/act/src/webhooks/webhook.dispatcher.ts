/**
 * Sends webhook deliveries, off every consumer's path. Due rows are claimed with FOR UPDATE SKIP
 * LOCKED and leased (their next attempt moved past the send timeout) before the transaction
 * commits, so several act instances share the work and no HTTP call holds a database transaction;
 * a crash mid-send leaves the lease to expire and the delivery is retried. Each attempt is
 * logged; failures are retried with exponential backoff until ACT_WEBHOOK_MAX_ATTEMPTS. Receivers
 * deduplicate by the stable X-Continuum-Delivery id. Team notifications are deliveries too: to a
 * chat webhook (Slack, Teams: the same POST, unsigned, the URL being the secret) or by e-mail.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ActConfig } from '../act.config';
import { classifyAddress, guardedLookup, PeriodicJob, refusal } from '@continuum/platform';
import {
  signWebhook,
  WEBHOOK_ATTEMPT_HEADER,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_EVENT_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
} from '@continuum/contracts';
import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { backoffMs } from './backoff';
import { SecretBox } from './secret-box';
import { returning } from '../actions/sql';
import type { ChannelKind } from '../notifications/channels.dto';
import { Mailer, MailError } from '../notifications/mailer';
import type { EmailPayload } from '../notifications/render';
import type { ActionView } from '@continuum/contracts';
import { externalRefOf, renderTemplate, type RequestTemplate } from './ticket-template';
import { headersBinding } from './webhooks.repository';

/** The action a delivery's CloudEvent is about (absent for loop.closed). */
function actionIdOf(payload: string): string | null {
  const e = JSON.parse(payload) as { data?: { action?: { id?: string } } };
  return e.data?.action?.id ?? null;
}

interface Claimed {
  id: string;
  webhook_id: string | null;
  channel_id: string | null;
  event_type: string;
  payload: string;
  attempts: number;
  /** Webhook: its URL and sealed secret. Channel: its kind and its sealed URL (chat) or addresses (e-mail). */
  url: string | null;
  secret: string | null;
  kind: ChannelKind | null;
  target: string | null;
  /** A ticket tool's request template, and its headers (sealed). */
  template: RequestTemplate | null;
  template_headers: string | null;
}

interface Result {
  readonly id: string;
  readonly attempt: number;
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
  /** Retrying cannot help (an SMTP 5xx): failed at once. */
  readonly permanent: boolean;
  /** A ticket tool's answer named the ticket made for this action. */
  readonly externalRef: { readonly actionId: string; readonly ref: string } | null;
}

/** Deliveries claimed per round; a full batch means more may be due. */
const BATCH = 50;

@Injectable()
export class WebhookDispatcher extends PeriodicJob {
  constructor(
    private readonly ds: DataSource,
    private readonly cfg: ActConfig,
    private readonly box: SecretBox,
    private readonly mailer: Mailer,
  ) {
    super(cfg.ACT_WEBHOOK_POLL_MS, 'webhooks', 'webhook dispatch failed');
  }

  protected async tick(): Promise<boolean> {
    return (await this.dispatchOnce()) === BATCH;
  }

  /** Looks for due deliveries soon instead of at the next poll (a test message waits for its result). */
  wake(): void {
    this.ticker.poke();
  }

  /** Claims, sends and records one batch; returns how many deliveries it attempted. */
  async dispatchOnce(): Promise<number> {
    const leaseMs = this.cfg.ACT_WEBHOOK_TIMEOUT_MS + 30_000;
    const claimed = await returning<Claimed>(
      this.ds,
      `UPDATE act.webhook_deliveries d
         SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2::float8 / 1000)
       FROM (SELECT id FROM act.webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) c
       WHERE d.id = c.id
       RETURNING d.id, d.webhook_id, d.channel_id, d.event_type, d.payload, d.attempts,
         (SELECT w.url FROM act.webhooks w WHERE w.id = d.webhook_id) AS url,
         (SELECT w.secret FROM act.webhooks w WHERE w.id = d.webhook_id) AS secret,
         (SELECT w.template FROM act.webhooks w WHERE w.id = d.webhook_id) AS template,
         (SELECT w.template_headers FROM act.webhooks w WHERE w.id = d.webhook_id) AS template_headers,
         (SELECT t.kind FROM act.team_channels t WHERE t.id = d.channel_id) AS kind,
         (SELECT t.target FROM act.team_channels t WHERE t.id = d.channel_id) AS target`,
      [BATCH, leaseMs],
    );
    if (claimed.length === 0) return 0;
    const results = await Promise.all(claimed.map((c) => this.send(c)));
    const max = this.cfg.ACT_WEBHOOK_MAX_ATTEMPTS;
    const delays = results.map((r) =>
      backoffMs(r.attempt, this.cfg.ACT_WEBHOOK_BACKOFF_MS, this.cfg.ACT_WEBHOOK_BACKOFF_MAX_MS),
    );
    await this.ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO act.webhook_attempts (delivery_id, attempt, status_code, error, duration_ms)
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::int[]) ON CONFLICT DO NOTHING`,
        [
          results.map((r) => r.id),
          results.map((r) => r.attempt),
          results.map((r) => r.statusCode),
          results.map((r) => r.error),
          results.map((r) => r.durationMs),
        ],
      );
      await m.query(
        `UPDATE act.webhook_deliveries d SET
           status = CASE WHEN r.ok THEN 'delivered' WHEN r.permanent OR r.attempt >= $6 THEN 'failed' ELSE 'pending' END,
           delivered_at = CASE WHEN r.ok THEN now() ELSE NULL END,
           next_attempt_at = now() + make_interval(secs => r.delay_ms::float8 / 1000),
           last_status_code = r.status_code, last_error = r.error
         FROM unnest($1::uuid[], $2::boolean[], $3::int[], $4::text[], $5::int[], $7::int[], $8::boolean[])
           AS r(id, ok, status_code, error, delay_ms, attempt, permanent)
         WHERE d.id = r.id AND d.attempts = r.attempt`,
        [
          results.map((r) => r.id),
          results.map((r) => r.ok),
          results.map((r) => r.statusCode),
          results.map((r) => r.error),
          delays,
          max,
          results.map((r) => r.attempt),
          results.map((r) => r.permanent),
        ],
      );
    });
    const refs = results.flatMap((r) => (r.externalRef ? [r.externalRef] : []));
    if (refs.length > 0) await this.keepExternalRefs(refs);
    const failed = results.filter((r) => !r.ok).length;
    if (failed > 0) this.logger.warn({ msg: 'webhook attempts failed', failed, attempted: results.length });
    return claimed.length;
  }

  /**
   * The ticket key a tool answered with, kept on the action: the first one wins, and a key another
   * action of the tenant already holds is not taken twice (by-ref write-backs must find one action).
   */
  private async keepExternalRefs(refs: readonly { actionId: string; ref: string }[]): Promise<void> {
    await this.ds.query(
      `UPDATE act.actions a SET external_ref = r.ref, updated_at = now()
       FROM unnest($1::uuid[], $2::text[]) AS r(id, ref)
       WHERE a.id = r.id AND a.external_ref IS NULL
         AND NOT EXISTS (SELECT 1 FROM act.actions b WHERE b.tenant_id = a.tenant_id AND b.external_ref = r.ref)`,
      [refs.map((r) => r.actionId), refs.map((r) => r.ref)],
    );
  }

  private async send(c: Claimed): Promise<Result> {
    const started = Date.now();
    const base = { id: c.id, attempt: c.attempts, permanent: false, externalRef: null };
    try {
      if (c.kind === 'email') {
        await this.mailer.send(c.id, c.attempts, JSON.parse(c.payload) as EmailPayload);
        return { ...base, ok: true, statusCode: null, error: null, durationMs: Date.now() - started };
      }
      const { status, answer } = await this.post(c);
      const ok = status >= 200 && status < 300;
      const ref =
        ok && c.template?.externalRefFrom && answer !== null
          ? externalRefOf(answer, c.template.externalRefFrom)
          : null;
      const actionId = ref !== null ? actionIdOf(c.payload) : null;
      return {
        ...base,
        ...(ref !== null && actionId !== null ? { externalRef: { actionId, ref } } : {}),
        ok,
        statusCode: status,
        error: ok ? null : `HTTP ${status}`,
        durationMs: Date.now() - started,
      };
    } catch (err) {
      const msg =
        err instanceof Error
          ? `${err.name}: ${err.message}${'code' in err && typeof err.code === 'string' ? ` (${err.code})` : ''}`
          : String(err);
      return {
        ...base,
        ok: false,
        statusCode: null,
        error: msg.slice(0, 500),
        durationMs: Date.now() - started,
        permanent: err instanceof MailError && err.permanent,
      };
    }
  }

  /** Where a delivery goes and how it is signed: a subscription's secret, or a chat channel's sealed URL. */
  private target(c: Claimed): {
    url: URL;
    secret: string | null;
    contentType: string;
    method: string;
    body: string;
    headers: Record<string, string>;
  } {
    if (c.webhook_id !== null && c.template !== null) {
      const event = JSON.parse(c.payload) as { id: string; data: { action: ActionView } };
      const r = renderTemplate(c.template, {
        action: event.data.action,
        eventType: c.event_type,
        eventId: event.id,
        consoleUrl: this.cfg.ACT_CONSOLE_URL,
      });
      const headers = c.template_headers
        ? (JSON.parse(this.box.open(c.template_headers, headersBinding(c.webhook_id))) as Record<
            string,
            string
          >)
        : {};
      return {
        url: new URL(`${c.url!.replace(/\/+$/, '')}${r.path}`),
        secret: this.box.open(c.secret!, c.webhook_id),
        contentType: 'application/json; charset=utf-8',
        method: r.method,
        body: r.body,
        headers,
      };
    }
    if (c.webhook_id !== null)
      return {
        url: new URL(c.url!),
        secret: this.box.open(c.secret!, c.webhook_id),
        contentType: 'application/cloudevents+json; charset=utf-8',
        method: 'POST',
        body: c.payload,
        headers: {},
      };
    if (c.channel_id === null || c.target === null)
      throw new Error('the notification channel no longer exists');
    return {
      url: new URL(this.box.open(c.target, c.channel_id)),
      secret: null,
      contentType: 'application/json; charset=utf-8',
      method: 'POST',
      body: c.payload,
      headers: {},
    };
  }

  /**
   * One POST, redirects not followed. Unless private targets are allowed, the address is checked
   * as the connection is made (an IP literal here, a name in the socket's own lookup), so a name
   * that has come to resolve to a private address since the subscription (DNS rebinding) is refused.
   */
  private post(c: Claimed): Promise<{ status: number; answer: string | null }> {
    const { url, secret, contentType, method, body, headers } = this.target(c);
    const guard = !this.cfg.ACT_WEBHOOK_ALLOW_PRIVATE;
    if (guard) {
      const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
      const kind = classifyAddress(host);
      if (kind !== null && kind !== 'public') return Promise.reject(refusal(host, host, kind));
    }
    const payload = Buffer.from(body, 'utf8');
    // Only a template that names where the ticket key is gets its answer read, and at most 64 KiB.
    const wantsAnswer = c.template?.externalRefFrom != null;
    return new Promise((resolve, reject) => {
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
        url,
        {
          method,
          signal: AbortSignal.timeout(this.cfg.ACT_WEBHOOK_TIMEOUT_MS),
          ...(guard ? { lookup: guardedLookup(dnsLookup) } : {}),
          headers: {
            ...headers,
            'content-type': contentType,
            'content-length': String(payload.length),
            'user-agent': 'continuum-act-webhooks/1',
            [WEBHOOK_DELIVERY_HEADER]: c.id,
            [WEBHOOK_EVENT_HEADER]: c.event_type,
            [WEBHOOK_ATTEMPT_HEADER]: String(c.attempts),
            ...(secret !== null ? { [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, body, new Date()) } : {}),
          },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (!wantsAnswer || status < 200 || status >= 300) {
            // The status is all that counts; the body is not read (a receiver cannot make act buffer it).
            resolve({ status, answer: null });
            res.destroy();
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > 65_536) {
              resolve({ status, answer: null });
              res.destroy();
            } else chunks.push(chunk);
          });
          res.on('end', () => resolve({ status, answer: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', () => resolve({ status, answer: null }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}
