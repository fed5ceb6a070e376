import { randomBytes } from 'node:crypto';
import { SecretBox, SecretBoxError } from './secret-box';

describe('SecretBox', () => {
  const sut = SecretBox.fromKey(randomBytes(32));

  it('seals a secret so that it opens only for its subscription, and never twice alike', () => {
    const a = sut.seal('whsec_abcdef0123456789', 'sub-1');
    const b = sut.seal('whsec_abcdef0123456789', 'sub-1');
    expect(a).toMatch(/^enc:v1:[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toContain('whsec_');
    expect(a).not.toBe(b);
    expect(sut.open(a, 'sub-1')).toBe('whsec_abcdef0123456789');
    expect(() => sut.open(a, 'sub-2')).toThrow(SecretBoxError);
  });

  it('refuses a tampered box, another key, and plain text', () => {
    const sealed = sut.seal('s3cret-s3cret-s3cret', 'sub-1');
    const [iv, tag, ct] = sealed.slice('enc:v1:'.length).split('.');
    const flipped = Buffer.from(ct, 'base64url');
    flipped[0] ^= 1;
    const tampered = `enc:v1:${iv}.${tag}.${flipped.toString('base64url')}`;
    expect(() => sut.open(tampered, 'sub-1')).toThrow(/does not open/);
    expect(() => SecretBox.fromKey(randomBytes(32)).open(sealed, 'sub-1')).toThrow(/ACT_SECRET_KEY/);
    expect(() => sut.open('s3cret-s3cret-s3cret', 'sub-1')).toThrow(/not sealed/);
  });

  it('takes its key from config; without one it uses the development key, except in production', () => {
    const key = randomBytes(32);
    const fromConfig = SecretBox.fromConfig({ ACT_SECRET_KEY: key.toString('base64') });
    expect(fromConfig.development).toBe(false);
    expect(SecretBox.fromKey(key).open(fromConfig.seal('x'.repeat(16), 'w'), 'w')).toBe('x'.repeat(16));
    expect(SecretBox.fromConfig({}).development).toBe(true);
    expect(SecretBox.fromConfig({ NODE_ENV: 'development' }).development).toBe(true);
    expect(() => SecretBox.fromConfig({ NODE_ENV: 'production' })).toThrow(/ACT_SECRET_KEY is required/);
    expect(() => SecretBox.fromKey(randomBytes(16))).toThrow(/32 bytes/);
  });
});
