/**
 * Team digests: for each channel in digest mode, one message per period (a local day or week of
 * the journey's time zone) listing the team's overdue, open and newly verified actions. A digest
 * is a row of the delivery log like every notification, sent by the webhook dispatcher; its
 * event id names the period, so the unique (channel, event) index makes it at most one per
 * channel and period, whichever act instance or request writes it first. Never sends anything itself.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { firstSendTime, type QuietHours } from '@continuum/journey';
import { ActConfig } from '../act.config';
import { fromRow, LIVE, type ActionRow } from '../actions/actions.repository';
import { DIGEST_ITEMS, digestOf, renderBulletin } from './bulletin';
import type { ChannelKind } from './channels.dto';
import { digestDue, digestPeriod, type DigestPeriod, type DigestSchedule } from './digest-schedule';

export const DIGEST_EVENT = 'team.digest';

interface DigestChannelRow {
  id: string;
  tenant_id: string;
  team: string;
  kind: ChannelKind;
  target: string;
  digest: DigestSchedule;
  quiet_hours: QuietHours | null;
  created_at: Date;
  time_zone: string;
  last_key: string | null;
}

export interface DigestRun {
  readonly channelId: string;
  readonly kind: ChannelKind;
  /** `day:2026-03-02` / `week:2026-03-02`. */
  readonly period: string;
  readonly timeZone: string;
  /** The digest's delivery id (in GET /v1/notifications), new or the period's earlier one. */
  readonly deliveryId: string;
  /** False when the period's digest had been written already: nothing more is sent. */
  readonly written: boolean;
  /** A digest written now goes out at once, or after the channel's quiet hours; null when not written. */
  readonly sendAt: string | null;
}

type Bucket = 'overdue' | 'open' | 'verified';

@Injectable()
export class DigestService {
  constructor(
    private readonly ds: DataSource,
    private readonly cfg: ActConfig,
  ) {}

  /** The scheduled job: writes every digest due at `now`; returns how many. */
  async runDue(now: Date): Promise<number> {
    const channels = (await this.channels(null)).filter((c) => {
      const p = digestPeriod(now, c.digest, c.time_zone);
      return c.last_key !== eventIdOf(p) && digestDue(p, now, c.created_at);
    });
    return (await this.write(channels, now)).filter((r) => r.written).length;
  }

  /**
   * A team's digests of the period `now` falls in, written now whether or not their time has come
   * (an admin's "send the digest now"); a channel whose digest of the period exists gets nothing more.
   */
  async runTeam(tenantId: string, team: string, now: Date): Promise<DigestRun[]> {
    return this.write(await this.channels({ tenantId, team }), now);
  }

  private async channels(only: { tenantId: string; team: string } | null): Promise<DigestChannelRow[]> {
    return this.ds.query(
      `SELECT c.id, c.tenant_id, c.team, c.kind, c.target, c.digest, c.quiet_hours, c.created_at,
         coalesce(z.time_zone, 'UTC') AS time_zone,
         (SELECT max(d.event_id) FROM act.webhook_deliveries d
          WHERE d.channel_id = c.id AND d.event_type = '${DIGEST_EVENT}') AS last_key
       FROM act.team_channels c LEFT JOIN act.tenant_zones z ON z.tenant_id = c.tenant_id
       WHERE c.active AND c.mode = 'digest' AND ($1::text IS NULL OR (c.tenant_id = $1 AND c.team = $2))
       ORDER BY c.tenant_id, c.team, c.position`,
      [only?.tenantId ?? null, only?.team ?? null],
    );
  }

  private async write(channels: readonly DigestChannelRow[], now: Date): Promise<DigestRun[]> {
    const runs: DigestRun[] = [];
    const lists = new Map<string, Promise<Record<Bucket, { rows: ActionRow[]; total: number }>>>();
    for (const c of channels) {
      const p = digestPeriod(now, c.digest, c.time_zone);
      const teamKey = `${c.tenant_id}\u0000${c.team}\u0000${p.previousSendAt.toISOString()}`;
      if (!lists.has(teamKey)) lists.set(teamKey, this.actionsOf(c.tenant_id, c.team, p, now));
      const l = await lists.get(teamKey)!;
      const payload = renderBulletin(
        c.kind,
        digestOf({
          team: c.team,
          schedule: c.digest,
          timeZone: c.time_zone,
          now,
          overdue: l.overdue.rows.map(fromRow),
          open: l.open.rows.map(fromRow),
          verified: l.verified.rows.map(fromRow),
          counts: { overdue: l.overdue.total, open: l.open.total, verified: l.verified.total },
          consoleUrl: this.cfg.ACT_CONSOLE_URL,
        }),
        c.kind === 'email' ? (JSON.parse(c.target) as string[]) : [],
      );
      const sendAt = firstSendTime(now, c.quiet_hours, c.time_zone);
      const inserted: { id: string }[] = await this.ds.query(
        `INSERT INTO act.webhook_deliveries (id, channel_id, tenant_id, event_type, event_id, action_id, payload,
           next_attempt_at)
         VALUES (gen_random_uuid(), $1, $2, '${DIGEST_EVENT}', $3, NULL, $4, greatest(now(), $5::timestamptz))
         ON CONFLICT (channel_id, event_id) WHERE channel_id IS NOT NULL DO NOTHING
         RETURNING id`,
        [c.id, c.tenant_id, eventIdOf(p), payload, sendAt.toISOString()],
      );
      const existing = async () => {
        const rows: { id: string }[] = await this.ds.query(
          `SELECT id FROM act.webhook_deliveries WHERE channel_id = $1 AND event_id = $2`,
          [c.id, eventIdOf(p)],
        );
        return rows[0].id;
      };
      const id = inserted[0]?.id ?? (await existing());
      runs.push({
        channelId: c.id,
        kind: c.kind,
        period: p.key,
        timeZone: c.time_zone,
        deliveryId: id,
        written: inserted.length > 0,
        sendAt: inserted.length > 0 ? sendAt.toISOString() : null,
      });
    }
    return runs;
  }

  /** The team's live actions (overdue at `now`, or open) and those verified since the previous digest. */
  private async actionsOf(
    tenantId: string,
    team: string,
    p: DigestPeriod,
    now: Date,
  ): Promise<Record<Bucket, { rows: ActionRow[]; total: number }>> {
    const rows: (ActionRow & { bucket: Bucket; total: string })[] = await this.ds.query(
      `WITH x AS (
         SELECT a.*, CASE WHEN a.status = 'verified' THEN 'verified' WHEN a.due_at <= $5 THEN 'overdue' ELSE 'open' END AS bucket
         FROM act.actions a
         WHERE a.tenant_id = $1 AND a.owner = $2
           AND (a.status = ANY($3::text[]) OR (a.status = 'verified' AND a.verified_at > $4 AND a.verified_at <= $5))),
       n AS (
         SELECT x.*, row_number() OVER (PARTITION BY bucket ORDER BY verified_at DESC NULLS LAST, due_at, id) AS rn,
           count(*) OVER (PARTITION BY bucket) AS total
         FROM x)
       SELECT * FROM n WHERE rn <= $6 ORDER BY bucket, rn`,
      [tenantId, team, LIVE, p.previousSendAt.toISOString(), now.toISOString(), DIGEST_ITEMS],
    );
    const out: Record<Bucket, { rows: ActionRow[]; total: number }> = {
      overdue: { rows: [], total: 0 },
      open: { rows: [], total: 0 },
      verified: { rows: [], total: 0 },
    };
    for (const r of rows) {
      out[r.bucket].rows.push(r);
      out[r.bucket].total = Number(r.total);
    }
    return out;
  }
}

/** The delivery's event id: the period, so one digest per channel and period. */
const eventIdOf = (p: DigestPeriod) => `digest:${p.key}`;
