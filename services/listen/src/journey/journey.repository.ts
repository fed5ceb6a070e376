import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { JourneyV1 } from '@continuum/contracts';

@Injectable()
export class JourneyRepository {
  constructor(private readonly ds: DataSource) {}

  async find(tenantId: string): Promise<JourneyV1 | null> {
    return (await this.findMany([tenantId])).get(tenantId) ?? null;
  }

  async findMany(tenantIds: readonly string[]): Promise<Map<string, JourneyV1>> {
    if (tenantIds.length === 0) return new Map();
    const rows: { tenant_id: string; journey: JourneyV1 }[] = await this.ds.query(
      `SELECT tenant_id, journey FROM listen.journeys WHERE tenant_id = ANY($1::text[])`,
      [tenantIds],
    );
    return new Map(rows.map((r) => [r.tenant_id, r.journey]));
  }

  /** The tenant's current map, its row locked until the transaction ends (null: none yet). */
  async lockCurrent(m: EntityManager, tenantId: string): Promise<JourneyV1 | null> {
    const rows: { journey: JourneyV1 }[] = await m.query(
      `SELECT journey FROM listen.journeys WHERE tenant_id = $1 FOR UPDATE`,
      [tenantId],
    );
    return rows[0]?.journey ?? null;
  }

  async save(m: EntityManager, j: JourneyV1): Promise<void> {
    await m.query(
      `INSERT INTO listen.journeys (tenant_id, version, journey, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (tenant_id) DO UPDATE SET version = EXCLUDED.version, journey = EXCLUDED.journey, updated_at = now()`,
      [j.tenantId, j.version, JSON.stringify(j)],
    );
  }
}
