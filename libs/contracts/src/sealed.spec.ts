import { newSubjectKey, openSealed, SEALED_PATTERN, sealText } from './sealed';

describe('sealed text', () => {
  const key = newSubjectKey();
  const text = 'Attesa infinita al telefono, [PHONE] — è già la terza volta';
  const sealed = () => sealText(key, 't1', 'c-42', text);

  /** Flips one bit of one part of an envelope. */
  const flip = (envelope: string, part: 1 | 2 | 3): string => {
    const parts = envelope.split('.');
    const bytes = Buffer.from(parts[part], 'base64url');
    bytes[0] ^= 1;
    parts[part] = bytes.toString('base64url');
    return parts.join('.');
  };

  it('opens with the key, tenant and subject it was sealed for; the envelope holds no clear text', () => {
    const sut = sealed();
    expect(sut).toMatch(new RegExp(SEALED_PATTERN));
    expect(sut).not.toContain('Attesa');
    expect(openSealed(key, 't1', 'c-42', sut)).toBe(text);
    expect(openSealed(key, 't1', 'c-42', sealText(key, 't1', 'c-42', ''))).toBe('');
  });

  it('seals the same text differently each time (fresh iv)', () => {
    expect(sealed()).not.toBe(sealed());
  });

  it('refuses a tampered iv, ciphertext or tag', () => {
    const sut = sealed();
    for (const part of [1, 2, 3] as const) expect(openSealed(key, 't1', 'c-42', flip(sut, part))).toBeNull();
  });

  it('refuses another key, another tenant, another subject', () => {
    const sut = sealed();
    expect(openSealed(newSubjectKey(), 't1', 'c-42', sut)).toBeNull();
    expect(openSealed(key, 't2', 'c-42', sut)).toBeNull();
    expect(openSealed(key, 't1', 'c-43', sut)).toBeNull();
  });

  it('refuses malformed envelopes and other versions without throwing', () => {
    const [, iv, body, tag] = sealed().split('.');
    for (const bad of [
      '',
      'garbage',
      `v2.${iv}.${body}.${tag}`,
      `v1.${iv}.${body}`,
      `v1.${iv}.${body}.${tag}.x`,
      `v1.${iv}.${body}.${tag.slice(0, -2)}`,
      `v1.${iv}.${body}!.${tag}`,
    ])
      expect({ bad, opened: openSealed(key, 't1', 'c-42', bad) }).toEqual({ bad, opened: null });
    expect(openSealed(Buffer.alloc(16), 't1', 'c-42', sealed())).toBeNull();
  });

  it('refuses to seal with a key of the wrong size', () => {
    expect(() => sealText(Buffer.alloc(16), 't1', 'c-42', text)).toThrow(/32 bytes/);
  });
});
