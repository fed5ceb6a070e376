import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SurveyV1 } from '@continuum/contracts';

@Injectable()
export class SurveysRepository {
  constructor(private readonly ds: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  /** One writer of a tenant's surveys at a time: versions and touchpoint ownership stay consistent. */
  async lockTenant(tenantId: string, m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`listen.surveys:${tenantId}`]);
  }

  async find(tenantId: string, id: string, version?: number, m?: EntityManager): Promise<SurveyV1 | null> {
    const rows: { definition: SurveyV1 }[] = await (m ?? this.ds).query(
      version === undefined
        ? `SELECT definition FROM listen.surveys WHERE tenant_id = $1 AND id = $2 ORDER BY version DESC LIMIT 1`
        : `SELECT definition FROM listen.surveys WHERE tenant_id = $1 AND id = $2 AND version = $3`,
      version === undefined ? [tenantId, id] : [tenantId, id, version],
    );
    return rows[0]?.definition ?? null;
  }

  /** The latest version of each other survey of the tenant serving one of these touchpoints. */
  async servingTouchpoints(
    tenantId: string,
    exceptId: string,
    touchpoints: readonly string[],
    m: EntityManager,
  ): Promise<{ id: string; touchpoints: string[] }[]> {
    return m
      .query(
        `SELECT DISTINCT ON (id) id, touchpoints FROM listen.surveys
       WHERE tenant_id = $1 AND id <> $2 ORDER BY id, version DESC`,
        [tenantId, exceptId],
      )
      .then((rows: { id: string; touchpoints: string[] }[]) =>
        rows.filter((r) => r.touchpoints.some((t) => touchpoints.includes(t))),
      );
  }

  /** The survey serving a touchpoint now (the latest version of the one that lists it). */
  async forTouchpoint(tenantId: string, touchpoint: string, m?: EntityManager): Promise<SurveyV1 | null> {
    const rows: { definition: SurveyV1 }[] = await (m ?? this.ds).query(
      `SELECT definition FROM (
         SELECT DISTINCT ON (id) definition, touchpoints FROM listen.surveys
         WHERE tenant_id = $1 ORDER BY id, version DESC
       ) latest WHERE $2 = ANY(touchpoints) LIMIT 1`,
      [tenantId, touchpoint],
    );
    return rows[0]?.definition ?? null;
  }

  async insert(tenantId: string, survey: SurveyV1, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO listen.surveys (tenant_id, id, version, touchpoints, definition, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [tenantId, survey.id, survey.version, survey.touchpoints, JSON.stringify(survey), survey.updatedAt],
    );
  }
}
