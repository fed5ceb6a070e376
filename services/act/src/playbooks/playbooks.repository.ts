import { recordAudit, type AuditActor } from '@continuum/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DEFAULT_PLAYBOOK, type Playbook } from './playbook.model';

export interface VersionedPlaybook {
  readonly tenantId: string;
  /** 0: the built-in default (the tenant has not stored one). */
  readonly version: number;
  readonly playbook: Playbook;
  readonly format: 'json' | 'yaml' | 'default';
  readonly source: string | null;
  readonly createdAt: string | null;
}

interface Row {
  tenant_id: string;
  version: number;
  document: Playbook;
  source: string | null;
  source_format: 'json' | 'yaml';
  created_at: Date;
}

const fromRow = (r: Row): VersionedPlaybook => ({
  tenantId: r.tenant_id,
  version: r.version,
  playbook: r.document,
  format: r.source_format,
  source: r.source,
  createdAt: r.created_at.toISOString(),
});

export const defaultFor = (tenantId: string): VersionedPlaybook => ({
  tenantId,
  version: 0,
  playbook: DEFAULT_PLAYBOOK,
  format: 'default',
  source: null,
  createdAt: null,
});

export class VersionConflict extends Error {
  override readonly name = 'VersionConflict';
}

/** Playbooks are versioned and immutable: a PUT stores version n+1, and actions name theirs. */
@Injectable()
export class PlaybooksRepository {
  constructor(private readonly ds: DataSource) {}

  /** The current playbook of each tenant, in one query; the default for tenants without one. */
  async current(
    m: EntityManager | DataSource,
    tenantIds: readonly string[],
  ): Promise<Map<string, VersionedPlaybook>> {
    const ids = [...new Set(tenantIds)];
    const out = new Map(ids.map((t) => [t, defaultFor(t)]));
    if (ids.length === 0) return out;
    const rows: Row[] = await m.query(
      `SELECT DISTINCT ON (tenant_id) * FROM act.playbooks WHERE tenant_id = ANY($1::text[])
       ORDER BY tenant_id, version DESC`,
      [ids],
    );
    for (const r of rows) out.set(r.tenant_id, fromRow(r));
    return out;
  }

  async currentOne(tenantId: string, m: EntityManager | DataSource = this.ds): Promise<VersionedPlaybook> {
    return (await this.current(m, [tenantId])).get(tenantId) ?? defaultFor(tenantId);
  }

  async version(tenantId: string, version: number): Promise<VersionedPlaybook | null> {
    if (version === 0) return defaultFor(tenantId);
    const rows: Row[] = await this.ds.query(
      `SELECT * FROM act.playbooks WHERE tenant_id = $1 AND version = $2`,
      [tenantId, version],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async versions(tenantId: string): Promise<{ version: number; format: string; createdAt: string }[]> {
    const rows: { version: number; source_format: string; created_at: Date }[] = await this.ds.query(
      `SELECT version, source_format, created_at FROM act.playbooks WHERE tenant_id = $1 ORDER BY version DESC`,
      [tenantId],
    );
    return rows.map((r) => ({
      version: r.version,
      format: r.source_format,
      createdAt: r.created_at.toISOString(),
    }));
  }

  /** Stores the next version; `expected` (If-Match) must equal the current version when given. */
  async store(
    tenantId: string,
    playbook: Playbook,
    format: 'json' | 'yaml',
    source: string | null,
    expected: number | null,
    actor?: AuditActor,
  ): Promise<VersionedPlaybook> {
    return this.ds.transaction(async (m) => {
      // Serialises writers of one tenant without a table lock.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('act.playbooks:' || $1))`, [tenantId]);
      const cur: { v: number }[] = await m.query(
        `SELECT coalesce(max(version), 0) AS v FROM act.playbooks WHERE tenant_id = $1`,
        [tenantId],
      );
      const current = cur[0]?.v ?? 0;
      if (expected !== null && expected !== current) {
        throw new VersionConflict(
          `If-Match names version ${expected}, but the current version is ${current}`,
        );
      }
      const rows: Row[] = await m.query(
        `INSERT INTO act.playbooks (tenant_id, version, document, source, source_format)
         VALUES ($1, $2, $3::jsonb, $4, $5) RETURNING *`,
        [tenantId, current + 1, JSON.stringify(playbook), source, format],
      );
      if (actor)
        await recordAudit(m, tenantId, actor, [
          {
            action: 'put',
            resource: 'playbook',
            resourceId: String(current + 1),
            detail: { version: current + 1 },
          },
        ]);
      return fromRow(rows[0]);
    });
  }
}
