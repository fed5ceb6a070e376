/**
 * People's console sessions, kept in PostgreSQL (console.sessions) so any console instance serves
 * any browser and a restart signs nobody out. The cookie carries a random 256-bit id; the table
 * holds only its SHA-256, so a read of the table gives no usable cookie. A session ends after
 * CONSOLE_SESSION_IDLE_MINUTES without a request or CONSOLE_SESSION_MAX_HOURS after sign-in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface Session {
  readonly tenantId: string;
  readonly subject: string;
  readonly name: string;
  readonly email: string | null;
  /** Roles and teams from the token's groups at sign-in (the directory's are added per request). */
  readonly roles: readonly string[];
  readonly teams: readonly string[];
  readonly csrfToken: string;
  readonly accessToken: string;
  readonly accessExpiresAt: Date;
  readonly refreshToken: string | null;
  readonly idToken: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export type NewSession = Omit<Session, 'csrfToken' | 'createdAt' | 'expiresAt'>;

export interface PendingLogin {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly returnTo: string;
}

const hash = (id: string) => createHash('sha256').update(id).digest();
export const randomId = () => randomBytes(32).toString('base64url');

interface Row {
  tenant_id: string;
  subject: string;
  name: string;
  email: string | null;
  roles: string[];
  teams: string[];
  csrf_token: string;
  access_token: string;
  access_expires_at: Date;
  refresh_token: string | null;
  id_token: string | null;
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date;
}

/** typeorm answers UPDATE and DELETE … RETURNING with [rows, count]. */
function returned<T>(raw: unknown): T[] {
  return Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) ? (raw[0] as T[]) : (raw as T[]);
}

export class SessionStore {
  constructor(
    private readonly ds: DataSource,
    readonly idleSeconds: number,
    readonly maxSeconds: number,
  ) {}

  /** Stores a new session; returns the cookie value (never stored). */
  async create(s: NewSession): Promise<{ id: string; session: Session }> {
    const id = randomId();
    const csrfToken = randomId();
    const rows: { created_at: Date; expires_at: Date }[] = await this.ds.query(
      `INSERT INTO console.sessions (id_hash, tenant_id, subject, name, email, roles, teams, csrf_token,
         access_token, access_expires_at, refresh_token, id_token, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now() + make_interval(secs => $13))
       RETURNING created_at, expires_at`,
      [
        hash(id),
        s.tenantId,
        s.subject,
        s.name,
        s.email,
        s.roles,
        s.teams,
        csrfToken,
        s.accessToken,
        s.accessExpiresAt,
        s.refreshToken,
        s.idToken,
        this.maxSeconds,
      ],
    );
    return { id, session: { ...s, csrfToken, createdAt: rows[0].created_at, expiresAt: rows[0].expires_at } };
  }

  /**
   * The live session a cookie names, its idle clock restarted; null when there is none or it has
   * expired (an expired one is deleted on the way).
   */
  async touch(id: string): Promise<Session | null> {
    const rows = returned<Row>(
      await this.ds.query(
        `UPDATE console.sessions SET last_seen_at = now()
       WHERE id_hash = $1 AND expires_at > now() AND last_seen_at > now() - make_interval(secs => $2)
       RETURNING *`,
        [hash(id), this.idleSeconds],
      ),
    );
    if (rows.length === 0) {
      await this.ds.query(`DELETE FROM console.sessions WHERE id_hash = $1`, [hash(id)]);
      return null;
    }
    const r = rows[0];
    return {
      tenantId: r.tenant_id,
      subject: r.subject,
      name: r.name,
      email: r.email,
      roles: r.roles,
      teams: r.teams,
      csrfToken: r.csrf_token,
      accessToken: r.access_token,
      accessExpiresAt: r.access_expires_at,
      refreshToken: r.refresh_token,
      idToken: r.id_token,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
    };
  }

  async updateTokens(
    id: string,
    t: { accessToken: string; accessExpiresAt: Date; refreshToken: string | null },
  ): Promise<void> {
    await this.ds.query(
      `UPDATE console.sessions SET access_token = $2, access_expires_at = $3, refresh_token = $4 WHERE id_hash = $1`,
      [hash(id), t.accessToken, t.accessExpiresAt, t.refreshToken],
    );
  }

  async destroy(id: string): Promise<void> {
    await this.ds.query(`DELETE FROM console.sessions WHERE id_hash = $1`, [hash(id)]);
  }

  /** Starts a sign-in; returns the id for the short-lived login cookie. */
  async begin(login: PendingLogin): Promise<string> {
    const id = randomId();
    await this.ds.query(
      `INSERT INTO console.logins (id_hash, state, nonce, code_verifier, return_to) VALUES ($1, $2, $3, $4, $5)`,
      [hash(id), login.state, login.nonce, login.codeVerifier, login.returnTo],
    );
    return id;
  }

  /** The sign-in a login cookie names, removed (a code is redeemed once); null if unknown or older than 10 minutes. */
  async finish(id: string): Promise<PendingLogin | null> {
    const rows = returned<{ state: string; nonce: string; code_verifier: string; return_to: string }>(
      await this.ds.query(
        `DELETE FROM console.logins WHERE id_hash = $1 AND created_at > now() - interval '10 minutes'
         RETURNING state, nonce, code_verifier, return_to`,
        [hash(id)],
      ),
    );
    const r = rows[0];
    return r
      ? { state: r.state, nonce: r.nonce, codeVerifier: r.code_verifier, returnTo: r.return_to }
      : null;
  }

  /** Deletes expired sessions and abandoned sign-ins. */
  async prune(): Promise<void> {
    await this.ds.query(
      `DELETE FROM console.sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(secs => $1)`,
      [this.idleSeconds],
    );
    await this.ds.query(`DELETE FROM console.logins WHERE created_at <= now() - interval '10 minutes'`);
  }
}
