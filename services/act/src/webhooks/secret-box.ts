/**
 * Webhook secrets at rest: AES-256-GCM under ACT_SECRET_KEY, bound to their subscription's id
 * (a sealed secret copied onto another subscription does not open). Stored as
 * `enc:v1:<iv>.<tag>.<ciphertext>` (base64url). Without ACT_SECRET_KEY, outside production, a
 * fixed development key is used and said so at boot: the format and the code path stay the same,
 * but the secrecy is only as good as the key, so production refuses to start without one.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const SEALED_PREFIX = 'enc:v1:';

/** Not a secret: it is in the source. It only keeps development and test setups key-free. */
const DEVELOPMENT_KEY = createHash('sha256').update('continuum act development key; not a secret').digest();

export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

export interface SecretKeyConfig {
  readonly ACT_SECRET_KEY?: string;
  readonly NODE_ENV?: string;
}

export class SecretBox {
  private constructor(
    private readonly key: Buffer,
    /** True when sealing under the development key. */
    readonly development: boolean,
  ) {}

  static fromKey(key: Buffer): SecretBox {
    if (key.length !== 32) throw new SecretBoxError('the secret key must be 32 bytes');
    return new SecretBox(key, false);
  }

  /** ACT_SECRET_KEY (32 bytes, base64); the development key when absent and not in production. */
  static fromConfig(cfg: SecretKeyConfig): SecretBox {
    if (cfg.ACT_SECRET_KEY) return SecretBox.fromKey(Buffer.from(cfg.ACT_SECRET_KEY, 'base64'));
    if (cfg.NODE_ENV === 'production')
      throw new SecretBoxError(
        'ACT_SECRET_KEY is required in production: 32 random bytes, base64 (e.g. `openssl rand -base64 32`)',
      );
    return new SecretBox(DEVELOPMENT_KEY, true);
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(SEALED_PREFIX);
  }

  seal(secret: string, subscriptionId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
    const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ct].map((b) => b.toString('base64url'));
    return `${SEALED_PREFIX}${parts.join('.')}`;
  }

  open(stored: string, subscriptionId: string): string {
    if (!SecretBox.isSealed(stored)) throw new SecretBoxError('the stored secret is not sealed');
    const parts = stored.slice(SEALED_PREFIX.length).split('.');
    if (parts.length !== 3) throw new SecretBoxError('the stored secret is malformed');
    const [iv, tag, ct] = parts.map((p) => Buffer.from(p, 'base64url'));
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('the stored secret does not open with this key (was ACT_SECRET_KEY changed?)');
    }
  }
}
