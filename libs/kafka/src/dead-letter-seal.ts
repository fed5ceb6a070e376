/**
 * The original bytes of a dead letter, sealed for the replay tool only: a fresh AES-256-GCM key
 * per record, wrapped with RSA-OAEP (SHA-256) under the replay tool's public key. Services hold
 * the public key and can seal but never open; an operator running `continuum dlq replay` holds the
 * private key. Erasing the private key makes every sealed original unreadable at once.
 */
import {
  createCipheriv,
  createDecipheriv,
  constants,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';

/** What a dead letter keeps of the record it refused, once opened. */
export interface SealedOriginal {
  readonly key: string | null;
  readonly value: string | null;
}

const VERSION = 'v1';
const OAEP = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' } as const;

/** `v1.<wrapped key>.<iv>.<tag>.<ciphertext>`, each part base64url. */
export function sealOriginal(publicKeyPem: string, original: SealedOriginal): string {
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(original), 'utf8'), cipher.final()]);
  const wrapped = publicEncrypt({ key: publicKeyPem, ...OAEP }, dataKey);
  return [VERSION, wrapped, iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The original key and value; throws when the seal is not ours or was tampered with. */
export function openSealed(privateKeyPem: string, sealed: string): SealedOriginal {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new Error('not a sealed dead-letter original');
  const [wrapped, iv, tag, body] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'));
  const dataKey = privateDecrypt({ key: privateKeyPem, ...OAEP }, wrapped);
  const decipher = createDecipheriv('aes-256-gcm', dataKey, iv);
  decipher.setAuthTag(tag);
  const json = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  const o = JSON.parse(json) as SealedOriginal;
  return { key: o.key ?? null, value: o.value ?? null };
}
