import { signSurveyToken, verifySurveyToken, type SurveyTokenClaims } from './survey-token';

const now = new Date('2026-11-23T12:00:00.000Z');
const claims: SurveyTokenClaims = {
  t: 'acme',
  i: '6f1c1a52-3f7e-4c1e-9d55-0d3f8a3c2b10',
  s: 'after-call',
  v: 2,
  l: 'it',
  e: Math.floor(now.getTime() / 1000) + 3600,
};

describe('survey tokens', () => {
  it('verifies what it signed, with the same secret, before expiry', () => {
    const sut = signSurveyToken('s3cret', claims);
    expect(verifySurveyToken('s3cret', sut, now)).toEqual({ ok: true, claims });
  });

  it('refuses another secret, a changed payload, a payload moved to another tenant, and expiry', () => {
    const sut = signSurveyToken('s3cret', claims);
    expect(verifySurveyToken('other', sut, now)).toEqual({ ok: false, reason: 'forged' });
    const [, sig] = sut.split('.');
    const moved = Buffer.from(JSON.stringify({ ...claims, t: 'globex' })).toString('base64url');
    expect(verifySurveyToken('s3cret', `${moved}.${sig}`, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifySurveyToken('s3cret', sut, new Date(claims.e * 1000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('calls anything else malformed', () => {
    for (const bad of ['', 'abc', 'a.b.c', `${'x'.repeat(2000)}.y`, 'e30.sig'])
      expect(verifySurveyToken('s3cret', bad, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('carries no personal data: only the claims, readable by anyone', () => {
    const sut = signSurveyToken('s3cret', claims);
    expect(JSON.parse(Buffer.from(sut.split('.')[0], 'base64url').toString())).toEqual(claims);
  });
});
