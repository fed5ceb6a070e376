import { randomBytes } from 'node:crypto';
import { ID_PATTERN } from '@continuum/contracts';
import { PSEUDONYM_PATTERN, pseudonymOf } from './pseudonym';

describe(pseudonymOf.name, () => {
  const key = Buffer.alloc(32, 7);
  const sut = pseudonymOf;

  it('is stable for a key and id, and an id of the contracts', () => {
    const p = sut(key, 'crm-48213');
    expect(sut(key, 'crm-48213')).toBe(p);
    expect(p).toMatch(PSEUDONYM_PATTERN);
    expect(p).toMatch(ID_PATTERN);
  });

  it("differs between customers and between tenants' keys", () => {
    expect(sut(key, 'crm-1')).not.toBe(sut(key, 'crm-2'));
    expect(sut(key, 'crm-1')).not.toBe(sut(randomBytes(32), 'crm-1'));
  });

  it('never carries an id that looks like an e-mail address or a phone number (issue 20 item 6)', () => {
    for (const id of ['mario.rossi@example.com', '+393331234567', '333 123 4567']) {
      const p = sut(key, id);
      expect(p).toMatch(PSEUDONYM_PATTERN);
      expect(p).not.toContain('@');
      expect(p).not.toContain(id);
    }
  });
});
