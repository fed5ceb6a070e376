/**
 * collect's spam guards and listen's SMS channel, through the real services: per-link and
 * per-address rate limits answer 429 with Retry-After; an SMS invitation reaches a local
 * Twilio-style gateway (form-encoded To/From/Body, basic auth) with a link to /s/<token>, and a
 * gateway's refusal is recorded as a bounce. Along the way, the survey page is photographed on a
 * phone-sized viewport in Italian and English (tmp/screenshots/, for people to look at).
 */
import 'reflect-metadata';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  callService,
  e2eSuite,
  eventually,
  listenMailing,
  ROOT,
  surveyLinkIn,
  type ReceivedMail,
  type ReceiverAnswer,
} from '@continuum/testing';

jest.setTimeout(240_000);

const RUN = Date.now().toString(36);
const TENANT = `guards-${RUN}`;
const PER_TOKEN = 4;
const PER_ADDRESS = 12;
const texts: { auth: string | undefined; type: string | undefined; form: URLSearchParams }[] = [];

const SURVEY = {
  touchpoints: ['store-visit'],
  question: {
    type: 'csat',
    text: {
      it: 'Quanto sei soddisfatto della visita in negozio?',
      en: 'How satisfied are you with your store visit?',
    },
  },
  comment: { text: { it: 'Vuoi dirci di più?', en: 'Anything to add?' } },
  reasons: {
    text: { it: 'Che cosa ha pesato?', en: 'What mattered?' },
    themes: ['waiting-time', 'transfers'],
  },
  thankYou: { it: 'Grazie!', en: 'Thank you!' },
  invitation: {
    subject: { it: 'Com’è andata in negozio?', en: 'How was your visit?' },
    intro: { it: 'Una domanda, un tocco:', en: 'One question, one tap:' },
  },
  trigger: { sampling: 1, delayMinutes: 0 },
};

async function invite(id: string, channel: 'email' | 'sms', address: string, language: 'it' | 'en') {
  const r = await callService(suite.listen, suite.key, 'POST', '/v1/invitations', {
    id,
    customerId: `cust-${id}`,
    channel,
    touchpoint: 'store-visit',
    address,
    language,
  });
  expect({ id, status: r.status, body: r.body }).toEqual({
    id,
    status: 202,
    body: { id, status: 'recorded' },
  });
}

const mailLink = async (to: string) =>
  surveyLinkIn((await suite.smtp.waitFor((m: ReceivedMail) => m.envelopeTo.includes(to)))[0].text);

// A Twilio-style Messages endpoint: 201 and a sid, or 400 for a number it cannot reach.
const gateway: ReceiverAnswer = ({ headers, body }) => {
  const form = new URLSearchParams(body);
  texts.push({ auth: headers.authorization, type: headers['content-type'], form });
  if (form.get('To') === '+390000000000')
    return {
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ code: 21211, message: "The 'To' number is not a valid phone number." }),
    };
  return {
    status: 201,
    contentType: 'application/json',
    body: JSON.stringify({ sid: `SM${texts.length}`, status: 'queued' }),
  };
};

const suite = e2eSuite({
  tenants: [TENANT],
  smtp: true,
  receiver: gateway,
  services: {
    listen: (s) => ({
      ...listenMailing(s),
      LISTEN_SMS_GATEWAY_URL: `${s.receiver.url}/2010-04-01/Accounts/AC123/Messages.json`,
      LISTEN_SMS_USERNAME: 'AC123',
      LISTEN_SMS_PASSWORD: 'test-token',
      LISTEN_SMS_FROM: '+15005550006',
      LISTEN_SMS_ALLOW_PRIVATE: 'true',
    }),
    collect: {
      COLLECT_RATE_PER_TOKEN: String(PER_TOKEN),
      COLLECT_RATE_PER_ADDRESS: String(PER_ADDRESS),
      COLLECT_RATE_WINDOW_SECONDS: '600',
    },
  },
  journey: {
    stages: [{ id: 'visit', name: 'Visit', owner: 'stores' }],
    touchpoints: [{ id: 'store-visit', name: 'Store visit', stage: 'visit', channel: 'store' }],
    cycle: 'day',
    timeZone: 'Europe/Rome',
  },
  surveys: { store: SURVEY },
  browser: true,
});

describe('SMS invitations through a Twilio-style gateway', () => {
  it('posts To, From and a Body with the /s/<token> link, form-encoded with basic auth; the link opens the page', async () => {
    await invite('sms-1', 'sms', '+393471234567', 'it');
    const sent = await eventually(
      async () => texts.find((t) => t.form.get('To') === '+393471234567'),
      30_000,
    );
    expect(sent.type).toBe('application/x-www-form-urlencoded');
    expect(sent.auth).toBe(`Basic ${Buffer.from('AC123:test-token').toString('base64')}`);
    expect(sent.form.get('From')).toBe('+15005550006');
    const body = sent.form.get('Body') ?? '';
    expect(body.startsWith('Una domanda, un tocco: ')).toBe(true);
    const link = surveyLinkIn(body);
    expect(link.startsWith(`${suite.collect.url}/s/`)).toBe(true);
    const page = await fetch(link, { headers: { 'x-forwarded-for': '203.0.113.1' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(SURVEY.question.text.it);
    const inv = await eventually(async () => {
      const r = await callService(suite.listen, suite.key, 'GET', '/v1/invitations/sms-1');
      return r.body.status === 'sent' ? r.body : null;
    }, 30_000);
    expect(inv).toMatchObject({ channel: 'sms', status: 'sent', lastError: null });
  });

  it('records a bounce when the gateway refuses the number', async () => {
    await invite('sms-bounce', 'sms', '+390000000000', 'en');
    const inv = await eventually(async () => {
      const r = await callService(suite.listen, suite.key, 'GET', '/v1/invitations/sms-bounce');
      return r.body.status === 'bounced' ? r.body : null;
    }, 30_000);
    expect(inv.lastError).toContain('SMS gateway answered 400');
    expect(inv.sentAt).toBeNull();
  });

  it('refuses a phone number that is not E.164, naming the field', async () => {
    const r = await callService(suite.listen, suite.key, 'POST', '/v1/invitations', {
      id: 'sms-bad',
      customerId: 'c',
      channel: 'sms',
      touchpoint: 'store-visit',
      address: '347 123 4567',
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      { field: 'address', reason: 'address must be a phone number in E.164 form, e.g. +393471234567' },
    ]);
  });
});

describe('spam guards on the survey page', () => {
  let link = '';
  let linkEn = '';

  beforeAll(async () => {
    await invite('mail-it', 'email', 'ada@example.test', 'it');
    await invite('mail-en', 'email', 'bob@example.test', 'en');
    [link, linkEn] = await Promise.all([mailLink('ada@example.test'), mailLink('bob@example.test')]);
  });

  it('photographs the page on a phone in Italian and English (tmp/screenshots/)', async () => {
    const dir = path.join(ROOT, 'tmp', 'screenshots');
    mkdirSync(dir, { recursive: true });
    for (const [lang, url] of [
      ['it', link],
      ['en', linkEn],
    ] as const) {
      const page = await suite.browser.newPage({
        viewport: { width: 390, height: 844 },
        extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${lang === 'it' ? 1 : 2}` },
      });
      expect((await page.goto(url))?.status()).toBe(200);
      expect(await page.textContent('h1')).toBe(SURVEY.question.text[lang]);
      const file = path.join(dir, `survey-${lang}-390x844.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect(existsSync(file)).toBe(true);
      await page.close();
    }
  });

  it('a filled honeypot gets the normal thanks and is not kept: the link still answers', async () => {
    const post = (form: Record<string, string>) =>
      fetch(linkEn, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.9' },
        body: new URLSearchParams(form).toString(),
      });
    const bot = await post({ score: '1', website: 'http://spam.example' });
    expect(bot.status).toBe(200);
    expect(await bot.text()).toContain(SURVEY.thankYou.en);
    const person = await post({ score: '5' });
    expect(person.status).toBe(200);
    // The person's answer is the one kept; a second post is refused as already answered.
    expect((await post({ score: '4' })).status).toBe(409);
  });

  it(`limits one link to ${PER_TOKEN} requests a window, whatever the addresses: 429 with Retry-After`, async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < PER_TOKEN + 1; i++) {
      const r = await fetch(link, { headers: { 'x-forwarded-for': `192.0.2.${10 + i}` } });
      statuses.push(r.status);
      if (r.status === 429) {
        retryAfter = r.headers.get('retry-after');
        expect(await r.text()).toContain('Too many attempts');
      }
    }
    // The screenshot already opened this link once.
    expect(statuses.filter((s) => s === 200).length).toBe(PER_TOKEN - 1);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(600);
  });

  it(`limits one address to ${PER_ADDRESS} requests a window, whatever the links: 429 with Retry-After`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PER_ADDRESS + 1; i++) {
      const r = await fetch(`${suite.collect.url}/s/not-a-token-${i}`, {
        headers: { 'x-forwarded-for': '192.0.2.200' },
      });
      statuses.push(r.status);
      if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, PER_ADDRESS).every((s) => s === 400)).toBe(true);
    expect(statuses[PER_ADDRESS]).toBe(429);
    // Another address is not held back.
    expect(
      (await fetch(`${suite.collect.url}/s/not-a-token`, { headers: { 'x-forwarded-for': '192.0.2.201' } }))
        .status,
    ).toBe(400);
  });
});
