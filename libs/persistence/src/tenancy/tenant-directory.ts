/**
 * Tenants and their API keys. Keys are shown once, when issued, and stored only as SHA-256
 * hashes. Every service resolves keys here; lookups are cached briefly so a request costs no
 * query, which bounds how long a revoked key keeps working (`cacheMs`).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

export type KeyScope = 'ingest' | 'read' | 'admin';
export const KEY_SCOPES: readonly KeyScope[] = ['ingest', 'read', 'admin'];

export interface Principal {
  readonly tenantId: string;
  readonly keyPrefix: string;
  readonly scopes: readonly KeyScope[];
}

export interface IssuedKey {
  readonly key: string;
  readonly prefix: string;
}

const TENANT_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export class TenantDirectory {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();

  constructor(
    private readonly ds: DataSource,
    private readonly cacheMs = 30_000,
  ) {}

  async createTenant(id: string, name: string): Promise<void> {
    if (!TENANT_ID.test(id))
      throw new Error(`tenant id "${id}" must be 2–63 lowercase letters, digits or dashes`);
    await this.ds.query(
      `INSERT INTO tenancy.tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`,
      [id, name],
    );
  }

  async tenantExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM tenancy.tenants WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async issueKey(tenantId: string, scopes: readonly KeyScope[] = KEY_SCOPES): Promise<IssuedKey> {
    const prefix = `ck_${randomBytes(4).toString('hex')}`;
    const key = `${prefix}_${randomBytes(24).toString('base64url')}`;
    await this.ds.query(
      `INSERT INTO tenancy.api_keys (id, tenant_id, prefix, hash, scopes) VALUES ($1, $2, $3, $4, $5)`,
      [randomUUID(), tenantId, prefix, hashKey(key), scopes],
    );
    return { key, prefix };
  }

  async revokeKey(prefix: string): Promise<boolean> {
    const [, count] = await this.ds.query<[unknown, number]>(
      `UPDATE tenancy.api_keys SET revoked_at = now() WHERE prefix = $1 AND revoked_at IS NULL`,
      [prefix],
    );
    this.cache.clear();
    return count > 0;
  }

  async resolve(key: string): Promise<Principal | null> {
    const h = hashKey(key);
    const hit = this.cache.get(h);
    if (hit && hit.until > Date.now()) return hit.principal;
    const rows: { tenant_id: string; prefix: string; scopes: KeyScope[] }[] = await this.ds.query(
      `SELECT tenant_id, prefix, scopes FROM tenancy.api_keys WHERE hash = $1 AND revoked_at IS NULL`,
      [h],
    );
    const row = rows[0];
    const principal = row ? { tenantId: row.tenant_id, keyPrefix: row.prefix, scopes: row.scopes } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(h, { principal, until: Date.now() + this.cacheMs });
    return principal;
  }
}
