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
import { compositeKey } from '@continuum/contracts';

/**
 * `act`: work actions and nothing else (e.g. an ops tool posting acknowledgements back).
 * `ingest:widget`: a publishable key (`cpk_…`) for the web widget: it posts widget answers from
 * its allowed origins and nothing else, so it may sit in a web page. It is never combined.
 */
export type KeyScope = 'ingest' | 'read' | 'act' | 'admin' | 'ingest:widget';
/** The scopes of secret keys (the default of `issueKey`). */
export const KEY_SCOPES: readonly KeyScope[] = ['ingest', 'read', 'act', 'admin'];
export const WIDGET_SCOPE = 'ingest:widget' satisfies KeyScope;

export interface Principal {
  readonly tenantId: string;
  readonly keyPrefix: string;
  readonly scopes: readonly KeyScope[];
  /** A publishable key's allowed origins (`https://shop.example`); none for secret keys. */
  readonly origins?: readonly string[];
}

export interface IssuedKey {
  readonly key: string;
  readonly prefix: string;
}

export interface KeyInfo {
  readonly prefix: string;
  readonly name: string | null;
  readonly scopes: readonly KeyScope[];
  /** A publishable key's allowed origins; null for secret keys. */
  readonly origins: readonly string[] | null;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** A person's roles and teams in a tenant, from Continuum's own user directory. */
export interface Membership {
  readonly roles: readonly string[];
  readonly teams: readonly string[];
}

export interface DirectoryUser extends Membership {
  readonly subject: string | null;
  readonly email: string | null;
  readonly name: string | null;
  readonly updatedAt: string;
}

/** Runs SQL: a data source or a transaction's entity manager. */
interface Queryable {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

const TENANT_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * The channel revocations are announced on; the payload is the key's prefix, or `users:<tenant>`
 * when a tenant's user directory changed.
 */
export const KEY_REVOKED_CHANNEL = 'continuum_api_key_revoked';
const USERS_CHANGED = 'users:';
/** A key's last use is written at most this often per process: a request costs no write. */
const LAST_USED_EVERY_MS = 60_000;

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export class TenantDirectory {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();
  private readonly members = new Map<string, { membership: Membership; until: number }>();
  private readonly tenants = new Map<string, { exists: boolean; until: number }>();
  private readonly lastUsedWritten = new Map<string, number>();

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

  /** `tenantExists`, cached briefly: bearer tokens name their tenant on every request. */
  async knownTenant(id: string): Promise<boolean> {
    const hit = this.tenants.get(id);
    if (hit && hit.until > Date.now()) return hit.exists;
    const exists = await this.tenantExists(id);
    if (this.tenants.size > 10_000) this.tenants.clear();
    this.tenants.set(id, { exists, until: Date.now() + (exists ? this.cacheMs : 2_000) });
    return exists;
  }

  /**
   * Issues a key; `m` puts it in the caller's transaction (with its audit record). A widget key
   * (`ingest:widget`, alone) is publishable: `cpk_…`, with the origins it may be used from.
   */
  async issueKey(
    tenantId: string,
    scopes: readonly KeyScope[] = KEY_SCOPES,
    o: { m?: Queryable; name?: string | null; createdBy?: string | null; origins?: readonly string[] } = {},
  ): Promise<IssuedKey> {
    const widget = scopes.includes(WIDGET_SCOPE);
    if (widget && (scopes.length !== 1 || !o.origins?.length))
      throw new Error('a widget key has the ingest:widget scope alone and at least one allowed origin');
    if (!widget && o.origins?.length) throw new Error('only a widget key has allowed origins');
    const prefix = `${widget ? 'cpk' : 'ck'}_${randomBytes(4).toString('hex')}`;
    const key = `${prefix}_${randomBytes(24).toString('base64url')}`;
    await (o.m ?? this.ds).query(
      `INSERT INTO tenancy.api_keys (id, tenant_id, prefix, hash, scopes, name, created_by, origins)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        randomUUID(),
        tenantId,
        prefix,
        hashKey(key),
        scopes,
        o.name ?? null,
        o.createdBy ?? null,
        widget ? o.origins : null,
      ],
    );
    return { key, prefix };
  }

  async revokeKey(prefix: string): Promise<boolean> {
    const n = await this.ds.transaction((m) => this.revokeIn(m, prefix));
    this.cache.clear();
    return n > 0;
  }

  /**
   * Revokes in the caller's transaction (only a key of `tenantId` when given); the announcement
   * is delivered on commit. Returns how many keys it revoked (0 or 1).
   */
  async revokeIn(m: Queryable, prefix: string, tenantId?: string): Promise<number> {
    const [, n] = await m.query<[unknown, number]>(
      `UPDATE tenancy.api_keys SET revoked_at = now()
       WHERE prefix = $1 AND revoked_at IS NULL AND ($2::text IS NULL OR tenant_id = $2)`,
      [prefix, tenantId ?? null],
    );
    // Delivered on commit to every service watching; they drop the key from their caches.
    if (n > 0) await m.query(`SELECT pg_notify($1, $2)`, [KEY_REVOKED_CHANNEL, prefix]);
    return n;
  }

  /** A tenant's keys, newest first, revoked ones included (never their secrets). */
  async listKeys(tenantId: string): Promise<KeyInfo[]> {
    const rows: {
      prefix: string;
      name: string | null;
      scopes: KeyScope[];
      origins: string[] | null;
      created_at: Date;
      created_by: string | null;
      last_used_at: Date | null;
      revoked_at: Date | null;
    }[] = await this.ds.query(
      `SELECT prefix, name, scopes, origins, created_at, created_by, last_used_at, revoked_at FROM tenancy.api_keys
       WHERE tenant_id = $1 ORDER BY created_at DESC, prefix LIMIT 1000`,
      [tenantId],
    );
    return rows.map((r) => ({
      prefix: r.prefix,
      name: r.name,
      scopes: r.scopes,
      origins: r.origins,
      createdAt: r.created_at.toISOString(),
      createdBy: r.created_by,
      lastUsedAt: r.last_used_at ? r.last_used_at.toISOString() : null,
      revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
    }));
  }

  /** Drops the cached lookups of the key with this prefix (of every key when none is given). */
  forget(prefix?: string): void {
    if (prefix === undefined) {
      this.members.clear();
      return this.cache.clear();
    }
    if (prefix.startsWith(USERS_CHANGED)) {
      const tenant = prefix.slice(USERS_CHANGED.length);
      for (const k of this.members.keys()) if (k.startsWith(compositeKey(tenant, ''))) this.members.delete(k);
      return;
    }
    for (const [h, v] of this.cache) if (v.principal?.keyPrefix === prefix) this.cache.delete(h);
  }

  /** The roles and teams the user directory gives a person (by subject, or by e-mail), cached briefly. */
  async membership(tenantId: string, subject: string, email: string | null): Promise<Membership> {
    const k = compositeKey(tenantId, subject, email ?? '');
    const hit = this.members.get(k);
    if (hit && hit.until > Date.now()) return hit.membership;
    const rows: { roles: string[]; teams: string[] }[] = await this.ds.query(
      `SELECT roles, teams FROM tenancy.users
       WHERE tenant_id = $1 AND (subject = $2 OR ($3::text IS NOT NULL AND lower(email) = lower($3)))`,
      [tenantId, subject, email],
    );
    const membership = {
      roles: [...new Set(rows.flatMap((r) => r.roles))],
      teams: [...new Set(rows.flatMap((r) => r.teams))],
    };
    if (this.members.size > 10_000) this.members.clear();
    this.members.set(k, { membership, until: Date.now() + this.cacheMs });
    return membership;
  }

  async listUsers(tenantId: string): Promise<DirectoryUser[]> {
    const rows: {
      subject: string | null;
      email: string | null;
      name: string | null;
      roles: string[];
      teams: string[];
      updated_at: Date;
    }[] = await this.ds.query(
      `SELECT subject, email, name, roles, teams, updated_at FROM tenancy.users
       WHERE tenant_id = $1 ORDER BY coalesce(subject, lower(email)) LIMIT 5000`,
      [tenantId],
    );
    return rows.map((r) => ({
      subject: r.subject,
      email: r.email,
      name: r.name,
      roles: r.roles,
      teams: r.teams,
      updatedAt: r.updated_at.toISOString(),
    }));
  }

  /**
   * Sets a person's roles and teams (by subject when given, else by e-mail) in the caller's
   * transaction; every service forgets the tenant's cached memberships on commit.
   */
  async putUser(
    m: Queryable,
    tenantId: string,
    u: {
      subject: string | null;
      email: string | null;
      name: string | null;
      roles: readonly string[];
      teams: readonly string[];
    },
  ): Promise<DirectoryUser> {
    const conflict = u.subject
      ? `(tenant_id, subject) WHERE subject IS NOT NULL`
      : `(tenant_id, lower(email)) WHERE subject IS NULL`;
    const rows: { updated_at: Date }[] = await m.query(
      `INSERT INTO tenancy.users (id, tenant_id, subject, email, name, roles, teams)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ${conflict} DO UPDATE SET email = coalesce(EXCLUDED.email, users.email),
         name = coalesce(EXCLUDED.name, users.name), roles = EXCLUDED.roles, teams = EXCLUDED.teams, updated_at = now()
       RETURNING updated_at`,
      [randomUUID(), tenantId, u.subject, u.email, u.name, u.roles, u.teams],
    );
    await m.query(`SELECT pg_notify($1, $2)`, [KEY_REVOKED_CHANNEL, `${USERS_CHANGED}${tenantId}`]);
    this.forget(`${USERS_CHANGED}${tenantId}`);
    return { ...u, updatedAt: rows[0].updated_at.toISOString() };
  }

  /** Records that a key was used: at most one write per key and process a minute, never awaited. */
  private touch(prefix: string): void {
    const now = Date.now();
    if ((this.lastUsedWritten.get(prefix) ?? 0) > now - LAST_USED_EVERY_MS) return;
    if (this.lastUsedWritten.size > 10_000) this.lastUsedWritten.clear();
    this.lastUsedWritten.set(prefix, now);
    this.ds
      .query(`UPDATE tenancy.api_keys SET last_used_at = now() WHERE prefix = $1`, [prefix])
      .catch(() => this.lastUsedWritten.delete(prefix));
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
    if (hit && hit.until > Date.now()) {
      if (hit.principal) this.touch(hit.principal.keyPrefix);
      return hit.principal;
    }
    const rows: { tenant_id: string; prefix: string; scopes: KeyScope[]; origins: string[] | null }[] =
      await this.ds.query(
        `SELECT tenant_id, prefix, scopes, origins FROM tenancy.api_keys WHERE hash = $1 AND revoked_at IS NULL`,
        [h],
      );
    const row = rows[0];
    const principal = row
      ? { tenantId: row.tenant_id, keyPrefix: row.prefix, scopes: row.scopes, origins: row.origins ?? [] }
      : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(h, { principal, until: Date.now() + this.cacheMs });
    if (principal) this.touch(principal.keyPrefix);
    return principal;
  }
}
