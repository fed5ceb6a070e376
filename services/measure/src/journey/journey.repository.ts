import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JourneyV1 } from '@continuum/contracts';

@Injectable()
export class JourneyRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Keeps the newest version per tenant in one statement: an older or equal version (a
   * redelivery, or a compacted topic replayed from the start) changes nothing.
   */
  async upsertLatest(journeys: readonly JourneyV1[]): Promise<number> {
    if (journeys.length === 0) return 0;
    // Several versions of one tenant in a batch: only the newest can win.
    const newest = new Map<string, JourneyV1>();
    for (const j of journeys) {
      const seen = newest.get(j.tenantId);
      if (!seen || seen.version < j.version) newest.set(j.tenantId, j);
    }
    const rows = [...newest.values()].sort((a, b) => a.tenantId.localeCompare(b.tenantId));
    const applied: unknown[] = await this.ds.query(
      `INSERT INTO measure.journeys (tenant_id, version, journey)
       SELECT * FROM unnest($1::text[], $2::int[], $3::jsonb[])
       ON CONFLICT (tenant_id) DO UPDATE SET version = EXCLUDED.version, journey = EXCLUDED.journey,
         updated_at = now()
       WHERE measure.journeys.version < EXCLUDED.version
       RETURNING tenant_id`,
      [rows.map((j) => j.tenantId), rows.map((j) => j.version), rows.map((j) => JSON.stringify(j))],
    );
    return applied.length;
  }

  async find(tenantIds: readonly string[]): Promise<JourneyV1[]> {
    if (tenantIds.length === 0) return [];
    const rows: { journey: JourneyV1 }[] = await this.ds.query(
      `SELECT journey FROM measure.journeys WHERE tenant_id = ANY($1::text[])`,
      [tenantIds],
    );
    return rows.map((r) => r.journey);
  }
}
