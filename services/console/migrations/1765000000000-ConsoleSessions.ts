import { sqlMigration } from '@continuum/persistence';

/**
 * The console's own state: people's sessions (the cookie holds a random id; only its SHA-256 is
 * stored) and sign-ins under way (state, nonce and PKCE verifier between redirect and callback).
 */
export const ConsoleSessions1765000000000 = sqlMigration('ConsoleSessions1765000000000', {
  up: [
    `CREATE TABLE console.sessions (
      id_hash bytea PRIMARY KEY,
      tenant_id text NOT NULL,
      subject text NOT NULL,
      name text NOT NULL,
      email text,
      roles text[] NOT NULL,
      teams text[] NOT NULL,
      csrf_token text NOT NULL,
      access_token text NOT NULL,
      access_expires_at timestamptz NOT NULL,
      refresh_token text,
      id_token text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`,
    `CREATE INDEX sessions_expires_at ON console.sessions (expires_at)`,
    `CREATE INDEX sessions_subject ON console.sessions (tenant_id, subject)`,
    `CREATE TABLE console.logins (
      id_hash bytea PRIMARY KEY,
      state text NOT NULL,
      nonce text NOT NULL,
      code_verifier text NOT NULL,
      return_to text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  ],
  down: [`DROP TABLE console.logins`, `DROP TABLE console.sessions`],
});
