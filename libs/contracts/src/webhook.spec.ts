import { createHmac } from 'node:crypto';
import { signWebhook as sign, verifyWebhookSignature as verifySignature } from './webhook';

describe('webhook signing', () => {
  const at = new Date('2026-11-23T10:00:00.000Z');
  const body = '{"id":"e-1"}';

  it('signs t.body with HMAC-SHA256 of the secret', () => {
    const sut = sign('s3cret-s3cret-s3cret', body, at);
    const t = at.getTime() / 1000;
    const mac = createHmac('sha256', 's3cret-s3cret-s3cret').update(`${t}.${body}`).digest('hex');
    expect(sut).toBe(`t=${t},v1=${mac}`);
  });

  it('verifies its own signatures and refuses another secret, a changed body and a stale timestamp', () => {
    const header = sign('s3cret-s3cret-s3cret', body, at);
    expect(verifySignature('s3cret-s3cret-s3cret', body, header, at)).toBe(true);
    expect(verifySignature('other-secret-other', body, header, at)).toBe(false);
    expect(verifySignature('s3cret-s3cret-s3cret', '{"id":"e-2"}', header, at)).toBe(false);
    expect(verifySignature('s3cret-s3cret-s3cret', body, header, new Date(at.getTime() + 301_000))).toBe(
      false,
    );
    expect(verifySignature('s3cret-s3cret-s3cret', body, 'garbage', at)).toBe(false);
  });
});
