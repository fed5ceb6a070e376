/**
 * Tenants and their API keys. Keys are shown once, when issued, and stored only as SHA-256
 * hashes. Every service resolves keys here; lookups are cached briefly so a request costs no
 * query. A revocation is announced (`pg_notify` on commit) and every service watching
 * (`watchRevocations`) drops the key from its cache at once; `cacheMs` bounds how long a revoked
 * key can keep working if that announcement is lost.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
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

/** The channel revocations are announced on; the payload is the key's prefix. */
export const KEY_REVOKED_CHANNEL = 'continuum_api_key_revoked';

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
    const count = await this.ds.transaction(async (m) => {
      const [, n] = await m.query<[unknown, number]>(
        `UPDATE tenancy.api_keys SET revoked_at = now() WHERE prefix = $1 AND revoked_at IS NULL`,
        [prefix],
      );
      // Delivered on commit to every service watching; they drop the key from their caches.
      await m.query(`SELECT pg_notify($1, $2)`, [KEY_REVOKED_CHANNEL, prefix]);
      return n;
    });
    this.cache.clear();
    return count > 0;
  }

  /** Drops the cached lookups of the key with this prefix (of every key when none is given). */
  forget(prefix?: string): void {
    if (prefix === undefined) return this.cache.clear();
    for (const [h, v] of this.cache) if (v.principal?.keyPrefix === prefix) this.cache.delete(h);
  }

  /**
   * Listens for revocations on a connection of its own and forgets revoked keys as they are
   * announced. A lost connection is re-made (`retryMs`); on every (re)connection the whole cache
   * is dropped, since announcements made meanwhile were missed. Returns the function that stops it.
   */
  watchRevocations(
    databaseUrl: string,
    log: (msg: string) => void = () => undefined,
    retryMs = 5000,
  ): () => Promise<void> {
    let client: Client | null = null;
    let timer: NodeJS.Timeout | null = null;
    let stopped = false;
    const retry = () => {
      if (stopped || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void connect();
      }, retryMs);
      timer.unref();
    };
    const connect = async (): Promise<void> => {
      const c = new Client({ connectionString: databaseUrl, application_name: 'continuum-key-revocations' });
      c.on('notification', (n) => {
        if (n.channel === KEY_REVOKED_CHANNEL) this.forget(n.payload || undefined);
      });
      c.on('error', (err) => {
        log(`API key revocation listener lost (${err.message}); retrying, cached keys expire meanwhile`);
        if (client === c) client = null;
        void c.end().catch(() => undefined);
        retry();
      });
      try {
        await c.connect();
        await c.query(`LISTEN ${KEY_REVOKED_CHANNEL}`);
        if (stopped) return void (await c.end());
        client = c;
        this.forget();
      } catch (err) {
        log(
          `API key revocation listener unavailable (${err instanceof Error ? err.message : String(err)}); retrying`,
        );
        void c.end().catch(() => undefined);
        retry();
      }
    };
    void connect();
    return async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
      client = null;
    };
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
