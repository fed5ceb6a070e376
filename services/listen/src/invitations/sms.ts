/**
 * SMS invitations through an HTTP gateway, provider-neutral but shaped on Twilio's Messages API:
 * `POST <url>` form-encoded `To`, `From`, `Body`, basic auth, 2xx with a JSON receipt. A 4xx
 * refusal (but 408/429) is for good (a bounce: the number is invalid or unreachable); anything
 * else is retried. The gateway must be on a public address unless `allowPrivate` (SSRF guard).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { lookup } from 'node:dns';
import type { SurveyV1 } from '@continuum/contracts';
import { classifyAddress, guardedLookup, refusal } from '@continuum/platform';

export interface SmsGateway {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly from: string;
  readonly allowPrivate: boolean;
  readonly timeoutMs?: number;
}

export class SmsRefused extends Error {
  override readonly name = 'SmsRefused';
  constructor(
    message: string,
    /** True when retrying cannot help (the gateway refused the message itself). */
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** The invitation's text: the intro and the link, short enough for two SMS segments. Pure. */
export function invitationSms(survey: SurveyV1, lang: 'it' | 'en', link: string): string {
  return `${survey.invitation.intro[lang]} ${link}`;
}

/** Sends one SMS; resolves with the gateway's message id (when it gives one). */
export function sendSms(gw: SmsGateway, to: string, body: string): Promise<string | null> {
  const url = new URL(gw.url);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const literal = classifyAddress(host);
  if (!gw.allowPrivate && literal !== null && literal !== 'public')
    return Promise.reject(new SmsRefused(refusal(host, host, literal, 'SMS').message, false));
  const form = new URLSearchParams({ To: to, From: gw.from, Body: body }).toString();
  const auth =
    gw.username !== undefined
      ? { authorization: `Basic ${Buffer.from(`${gw.username}:${gw.password ?? ''}`).toString('base64')}` }
      : {};
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(form),
          accept: 'application/json',
          ...auth,
        },
        timeout: gw.timeoutMs ?? 10_000,
        ...(gw.allowPrivate ? {} : { lookup: guardedLookup(lookup, 'SMS') }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          if (chunks.length < 64) chunks.push(c);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8').slice(0, 2000);
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            try {
              const sid = (JSON.parse(text) as { sid?: unknown }).sid;
              return resolve(typeof sid === 'string' ? sid : null);
            } catch {
              return resolve(null);
            }
          }
          const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
          reject(new SmsRefused(`SMS gateway answered ${status}: ${text.slice(0, 300)}`, permanent));
        });
      },
    );
    req.on('timeout', () => req.destroy(new SmsRefused('SMS gateway timed out', false)));
    req.on('error', (err) =>
      reject(
        err instanceof SmsRefused ? err : new SmsRefused(`SMS gateway unreachable: ${err.message}`, false),
      ),
    );
    req.end(form);
  });
}
