/**
 * Where Continuum may send outbound HTTP: act's webhooks, listen's SMS gateway (SSRF guard). A URL must be http(s) without
 * credentials, and every address its host resolves to must be a public unicast one: never
 * loopback, private, carrier-grade NAT, link-local (cloud metadata at 169.254.169.254 and
 * fd00:ec2::254 included), multicast, unspecified or reserved, in IPv4 or IPv6, IPv4-mapped and
 * NAT64/6to4-embedded forms included. Checked when a subscription is made and again at every
 * connection (`guardedLookup`), so a name that later resolves elsewhere (DNS rebinding) is refused
 * too. `allowPrivate` (ACT_WEBHOOK_ALLOW_PRIVATE) lifts the address rule for local receivers.
 * Pure but for the resolver it is given.
 */
import { isIP, type LookupFunction } from 'node:net';
import type { LookupAddress, LookupOptions } from 'node:dns';

export type AddressKind =
  'public' | 'unspecified' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'multicast' | 'reserved';

const METADATA_V4 = ['169.254.169.254', '169.254.170.2', '100.100.100.200'];

function v4Bytes(ip: string): number[] | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255) ? bytes : null;
}

function classifyV4(b: readonly number[]): AddressKind {
  const [a, x] = b;
  const ip = b.join('.');
  if (METADATA_V4.includes(ip)) return 'metadata';
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && x >= 16 && x <= 31) || (a === 192 && x === 168)) return 'private';
  if (a === 100 && x >= 64 && x <= 127) return 'private'; // carrier-grade NAT
  if (a === 169 && x === 254) return 'link-local';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved'; // and 255.255.255.255
  if (a === 192 && x === 0 && b[2] === 0) return 'reserved'; // IETF protocol assignments
  if (a === 192 && x === 0 && b[2] === 2) return 'reserved'; // documentation
  if (a === 198 && (x === 18 || x === 19)) return 'reserved'; // benchmarking
  if (a === 198 && x === 51 && b[2] === 100) return 'reserved';
  if (a === 203 && x === 0 && b[2] === 113) return 'reserved';
  return 'public';
}

/** 16 bytes of an IPv6 address (with an optional dotted IPv4 tail and zone), or null. */
function v6Bytes(input: string): number[] | null {
  let ip = input.split('%')[0];
  if (ip.includes('.')) {
    const i = ip.lastIndexOf(':');
    const v4 = v4Bytes(ip.slice(i + 1));
    if (!v4) return null;
    const group = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    ip = `${ip.slice(0, i + 1)}${group(v4[0], v4[1])}:${group(v4[2], v4[3])}`;
  }
  const halves = ip.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':'));
  const left = parse(halves[0]);
  const right = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  const out: number[] = [];
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    const n = parseInt(g, 16);
    out.push(n >> 8, n & 0xff);
  }
  return out;
}

function classifyV6(b: readonly number[]): AddressKind {
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zero(0, 16)) return 'unspecified';
  if (zero(0, 15) && b[15] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96): the IPv4 inside decides.
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return classifyV4(b.slice(12));
  if (zero(0, 12)) return classifyV4(b.slice(12));
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12))
    return classifyV4(b.slice(12));
  if (b[0] === 0x20 && b[1] === 0x02) return classifyV4(b.slice(2, 6)); // 6to4
  const hex = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  if (hex === 'fd00' + '0ec2' + '0'.repeat(20) + '0254') return 'metadata';
  if (b[0] === 0xff) return 'multicast';
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return 'link-local';
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0xc0) return 'private'; // site-local (deprecated)
  if ((b[0] & 0xfe) === 0xfc) return 'private'; // unique local
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8) return 'reserved'; // documentation
  if (b[0] === 0x01 && zero(1, 8)) return 'reserved'; // discard-only 100::/64
  return 'public';
}

/** What kind of address `ip` is; null when it is not an IP address. */
export function classifyAddress(ip: string): AddressKind | null {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (isIP(bare) === 4) {
    const b = v4Bytes(bare);
    return b ? classifyV4(b) : null;
  }
  if (isIP(bare.split('%')[0]) === 6) {
    const b = v6Bytes(bare);
    return b ? classifyV6(b) : null;
  }
  return null;
}

export class WebhookTargetRefused extends Error {
  override readonly name = 'WebhookTargetRefused';
}

/** Why a connection to `ip` (what `host` resolved to) is refused; `purpose` names what is sent. */
export const refusal = (host: string, ip: string, kind: AddressKind, purpose = 'webhooks') => {
  const what = `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} address`;
  return new WebhookTargetRefused(
    host === ip
      ? `${ip} is ${what}; ${purpose} go to public addresses only`
      : `${host} resolves to ${ip}, ${what}; ${purpose} go to public addresses only`,
  );
};

export type Resolve = (host: string) => Promise<readonly string[]>;

/**
 * Why `raw` may not receive webhooks, or null when it may. Resolves the host (with `resolve`)
 * unless private addresses are allowed.
 */
export async function refuseWebhookUrl(
  raw: string,
  o: { readonly allowPrivate: boolean; readonly resolve: Resolve },
): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url is not a valid absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `url must be http or https, not ${url.protocol.slice(0, -1)}`;
  if (url.username || url.password) return 'url must not carry credentials (user:password@)';
  if (!url.hostname) return 'url has no host';
  if (o.allowPrivate) return null;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const literal = classifyAddress(host);
  if (literal !== null) return literal === 'public' ? null : refusal(host, host, literal).message;
  let addresses: readonly string[];
  try {
    addresses = await o.resolve(host);
  } catch {
    return `url's host ${host} does not resolve`;
  }
  if (addresses.length === 0) return `url's host ${host} does not resolve`;
  for (const ip of addresses) {
    const kind = classifyAddress(ip) ?? 'reserved';
    if (kind !== 'public') return refusal(host, ip, kind).message;
  }
  return null;
}

/**
 * A `lookup` for http(s).request that refuses non-public addresses at connection time, so what
 * is checked is what is connected to (no window between a check and the connection's own lookup).
 */
export function guardedLookup(lookup: LookupFunction, purpose = 'webhooks'): LookupFunction {
  return (hostname, options: LookupOptions, callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as unknown as LookupAddress[];
      for (const a of list) {
        const kind = classifyAddress(a.address) ?? 'reserved';
        if (kind !== 'public') return callback(refusal(hostname, a.address, kind, purpose), '', 0);
      }
      if (list.length === 0) return callback(new WebhookTargetRefused(`${hostname} does not resolve`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}
