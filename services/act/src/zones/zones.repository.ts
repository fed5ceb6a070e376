import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface TenantZone {
  readonly tenantId: string;
  readonly version: number;
  readonly timeZone: string;
}

/** Each tenant's time zone as its latest journey names it; UTC until one arrives. */
@Injectable()
export class ZonesRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Keeps the newest journey version's zone per tenant: an older or equal one (a redelivery, the
   * compacted topic replayed) changes nothing. Returns how many tenants changed.
   */
  async upsertLatest(zones: readonly TenantZone[]): Promise<number> {
    const newest = new Map<string, TenantZone>();
    for (const z of zones) {
      const seen = newest.get(z.tenantId);
      if (!seen || seen.version < z.version) newest.set(z.tenantId, z);
    }
    if (newest.size === 0) return 0;
    const rows = [...newest.values()].sort((a, b) => a.tenantId.localeCompare(b.tenantId));
    const applied: unknown[] = await this.ds.query(
      `INSERT INTO act.tenant_zones (tenant_id, journey_version, time_zone)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[])
       ON CONFLICT (tenant_id) DO UPDATE SET journey_version = EXCLUDED.journey_version,
         time_zone = EXCLUDED.time_zone, updated_at = now()
       WHERE act.tenant_zones.journey_version < EXCLUDED.journey_version
       RETURNING tenant_id`,
      [rows.map((z) => z.tenantId), rows.map((z) => z.version), rows.map((z) => z.timeZone)],
    );
    return applied.length;
  }

  async zoneOf(tenantId: string, m: EntityManager | DataSource = this.ds): Promise<string> {
    const rows: { time_zone: string }[] = await m.query(
      `SELECT time_zone FROM act.tenant_zones WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows[0]?.time_zone ?? 'UTC';
  }
}
