import { failureOf, pooled } from './mail';

describe(pooled.name, () => {
  it('asks for a pooled connection, keeping credentials and other settings', () => {
    expect(pooled('smtp://user:p%40ss@127.0.0.1:2525')).toBe('smtp://user:p%40ss@127.0.0.1:2525?pool=true');
    expect(pooled('smtps://mail.example.com/?secure=true')).toBe(
      'smtps://mail.example.com/?secure=true&pool=true',
    );
  });

  it('leaves an explicit choice alone', () => {
    expect(pooled('smtp://127.0.0.1:25?pool=false')).toBe('smtp://127.0.0.1:25?pool=false');
  });
});

describe(failureOf.name, () => {
  const now = new Date('2026-03-02T10:00:00Z');

  it('keeps a refused recipient as a bounce', () => {
    const err = Object.assign(new Error('550 no such user'), { responseCode: 550 });
    expect(failureOf(err, 0, now)).toEqual({ status: 'bounced', message: '550 no such user', retryAt: null });
  });

  it('retries anything else with backoff, then gives up', () => {
    expect(failureOf(new Error('ECONNREFUSED'), 1, now).retryAt).toEqual(new Date('2026-03-02T10:00:10Z'));
    expect(failureOf(new Error('ECONNREFUSED'), 4, now).status).toBe('failed');
  });
});
