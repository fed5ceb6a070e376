import { classifyAddress, guardedLookup, refuseWebhookUrl, type Resolve } from './outbound-target';
import type { LookupFunction } from 'node:net';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['2002:7f00:1::', 'loopback'],
    ['fd00:ec2::254', 'metadata'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
  ])('%s is %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it.each(['example.com', '1.2.3', '1.2.3.256', ':::1', '1::2::3', 'fffff::1', ''])(
    '%s is not an address',
    (s) => {
      expect(classifyAddress(s)).toBeNull();
    },
  );
});

describe('refuseWebhookUrl', () => {
  const dns: Record<string, string[]> = {
    'hooks.example.com': ['93.184.216.34', '2606:4700:4700::1111'],
    'rebind.example.com': ['93.184.216.34', '127.0.0.1'],
    'meta.example.com': ['169.254.169.254'],
  };
  const resolve: Resolve = (host) =>
    dns[host] ? Promise.resolve(dns[host]) : Promise.reject(new Error('ENOTFOUND'));
  const sut = (url: string, allowPrivate = false) => refuseWebhookUrl(url, { allowPrivate, resolve });

  it('accepts http(s) URLs whose every address is public', async () => {
    expect(await sut('https://hooks.example.com/x')).toBeNull();
    expect(await sut('http://93.184.216.34:8080/x')).toBeNull();
    expect(await sut('https://[2606:4700:4700::1111]/x')).toBeNull();
  });

  it.each([
    ['ftp://hooks.example.com/x', 'url must be http or https, not ftp'],
    ['file:///etc/passwd', 'url must be http or https, not file'],
    ['https://user:pw@hooks.example.com/x', 'url must not carry credentials (user:password@)'],
    ['https://user@hooks.example.com/x', 'url must not carry credentials (user:password@)'],
    ['not a url', 'url is not a valid absolute URL'],
    ['http://127.0.0.1:8080/x', '127.0.0.1 is a loopback address; webhooks go to public addresses only'],
    ['http://2130706433/x', '127.0.0.1 is a loopback address; webhooks go to public addresses only'],
    ['http://0x7f.1/x', '127.0.0.1 is a loopback address; webhooks go to public addresses only'],
    ['http://0.0.0.0/x', '0.0.0.0 is an unspecified address; webhooks go to public addresses only'],
    ['http://[::1]/x', '::1 is a loopback address; webhooks go to public addresses only'],
    [
      'http://[::ffff:127.0.0.1]/x',
      '::ffff:7f00:1 is a loopback address; webhooks go to public addresses only',
    ],
    [
      'http://169.254.169.254/latest/meta-data',
      '169.254.169.254 is a metadata address; webhooks go to public addresses only',
    ],
    ['http://192.168.0.10/x', '192.168.0.10 is a private address; webhooks go to public addresses only'],
    ['http://[fe80::1]/x', 'fe80::1 is a link-local address; webhooks go to public addresses only'],
    ['http://224.0.0.1/x', '224.0.0.1 is a multicast address; webhooks go to public addresses only'],
    [
      'https://rebind.example.com/x',
      'rebind.example.com resolves to 127.0.0.1, a loopback address; webhooks go to public addresses only',
    ],
    [
      'https://meta.example.com/x',
      'meta.example.com resolves to 169.254.169.254, a metadata address; webhooks go to public addresses only',
    ],
    ['https://nowhere.example.com/x', "url's host nowhere.example.com does not resolve"],
  ])('refuses %s', async (url, reason) => {
    expect(await sut(url)).toBe(reason);
  });

  it('allows private addresses when told to, but never other schemes or credentials', async () => {
    expect(await sut('http://127.0.0.1:9999/hook', true)).toBeNull();
    expect(await sut('https://nowhere.example.com/x', true)).toBeNull();
    expect(await sut('gopher://127.0.0.1/x', true)).toBe('url must be http or https, not gopher');
    expect(await sut('http://a:b@127.0.0.1/x', true)).toBe('url must not carry credentials (user:password@)');
  });
});

describe('guardedLookup', () => {
  const fake =
    (addresses: { address: string; family: number }[]): LookupFunction =>
    (_host, _opts, cb) =>
      (cb as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
  const run = (lookup: LookupFunction, all: boolean) =>
    new Promise<{ err: Error | null; result: unknown }>((resolve) =>
      guardedLookup(lookup)('h.example.com', { all }, (err, address, family) =>
        resolve({ err, result: all ? address : [address, family] }),
      ),
    );

  it('connects to public addresses, in either callback form', async () => {
    const lookup = fake([{ address: '93.184.216.34', family: 4 }]);
    expect(await run(lookup, false)).toEqual({ err: null, result: ['93.184.216.34', 4] });
    expect(await run(lookup, true)).toEqual({ err: null, result: [{ address: '93.184.216.34', family: 4 }] });
  });

  it('refuses when the name now resolves to a private address (DNS rebinding)', async () => {
    const lookup = fake([
      { address: '93.184.216.34', family: 4 },
      { address: '::ffff:10.0.0.5', family: 6 },
    ]);
    const { err } = await run(lookup, false);
    expect(err?.message).toBe(
      'h.example.com resolves to ::ffff:10.0.0.5, a private address; webhooks go to public addresses only',
    );
  });
});
