import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { InvitationStatus } from '@continuum/contracts';
import type { StatusCount } from './funnel';

export interface StatusRow {
  readonly tenantId: string;
  readonly invitationId: string;
  readonly status: InvitationStatus;
  readonly touchpoint: string | null;
  readonly channel: string | null;
  readonly reason: string | null;
  readonly cycleLength: string;
  readonly cycleStart: string;
  readonly cycleEnd: string;
  readonly at: string;
}

export interface FunnelFilter {
  readonly from: Date;
  readonly to: Date;
  readonly touchpoint?: string;
  readonly channel?: string;
}

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

@Injectable()
export class FunnelRepository {
  constructor(private readonly ds: DataSource) {}

  /** One row per invitation and status: a status seen again is not counted again. */
  async add(rows: readonly StatusRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted: unknown[] = await this.ds.query(
      `INSERT INTO measure.invitation_statuses (tenant_id, invitation_id, status, touchpoint, channel, reason,
         cycle_length, cycle_start, cycle_end, at)
       SELECT t."tenantId", t."invitationId", t.status, t.touchpoint, t.channel, t.reason,
         t."cycleLength", t."cycleStart", t."cycleEnd", t.at
       FROM json_to_recordset($1::json) AS t("tenantId" text, "invitationId" text, status text, touchpoint text,
         channel text, reason text, "cycleLength" text, "cycleStart" timestamptz, "cycleEnd" timestamptz, at timestamptz)
       ON CONFLICT DO NOTHING RETURNING invitation_id`,
      [JSON.stringify(rows)],
    );
    return inserted.length;
  }

  /** Counts by cycle, touchpoint, channel, status and reason, for cycles starting in [from, to). */
  async counts(tenantId: string, f: FunnelFilter): Promise<StatusCount[]> {
    const rows: {
      cycle_length: string;
      cycle_start: string;
      cycle_end: string;
      touchpoint: string | null;
      channel: string | null;
      status: InvitationStatus;
      reason: string | null;
      n: string;
      answered_delivered: string;
    }[] = await this.ds.query(
      `SELECT s.cycle_length, ${ISO('s.cycle_start')} AS cycle_start, ${ISO('s.cycle_end')} AS cycle_end,
              s.touchpoint, s.channel, s.status, s.reason, count(*) AS n,
              count(*) FILTER (WHERE s.status = 'answered' AND EXISTS (
                SELECT 1 FROM measure.invitation_statuses d
                WHERE d.tenant_id = s.tenant_id AND d.invitation_id = s.invitation_id AND d.status = 'delivered'
                  AND d.cycle_start = s.cycle_start AND d.cycle_length = s.cycle_length
                  AND d.touchpoint IS NOT DISTINCT FROM s.touchpoint AND d.channel IS NOT DISTINCT FROM s.channel
              )) AS answered_delivered
       FROM measure.invitation_statuses s
       WHERE s.tenant_id = $1 AND s.cycle_start >= $2 AND s.cycle_start < $3
         AND ($4::text IS NULL OR s.touchpoint = $4) AND ($5::text IS NULL OR s.channel = $5)
       GROUP BY s.cycle_length, s.cycle_start, s.cycle_end, s.touchpoint, s.channel, s.status, s.reason`,
      [tenantId, f.from, f.to, f.touchpoint ?? null, f.channel ?? null],
    );
    return rows.map((r) => ({
      cycleLength: r.cycle_length,
      cycleStart: r.cycle_start,
      cycleEnd: r.cycle_end,
      touchpoint: r.touchpoint,
      channel: r.channel,
      status: r.status,
      reason: r.reason,
      count: Number(r.n),
      answeredDelivered: Number(r.answered_delivered),
    }));
  }
}
