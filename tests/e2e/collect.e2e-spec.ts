/**
 * Continuum collects feedback itself, through the real stack: an interaction at `agent-call`
 * makes an e-mail invitation (nodemailer → the tests' real SMTP server); Chromium opens the link
 * from that e-mail on collect, answers with one tap and a comment; listen records it once (a
 * second click and a replayed link change nothing), measure counts it, act follows the detractor
 * up. A second interaction the same day is kept from a second invitation by the contact policy,
 * counted as skipped with its reason. Then the links that must not work: expired, forged, of
 * another tenant; and answers that must not be stored: an oversized comment, a script.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { signSurveyToken, type SurveyTokenClaims } from '@continuum/platform';
import {
  callService,
  agentCallJourney,
  e2eSuite,
  eventually,
  listenMailing,
  postForm,
  pseudonymOf,
  surveyLinkIn,
  testCollectTokenSecret,
  type ReceivedMail,
  type RunningService,
} from '@continuum/testing';

jest.setTimeout(240_000);

const RUN = Date.now().toString(36);
const TENANT = `collect-${RUN}`;
const OTHER = `collect-other-${RUN}`;
let page: Page;

const api = (svc: RunningService, method: string, path: string, body?: unknown) =>
  callService(svc, suite.key, method, path, body);

const SURVEY = {
  touchpoints: ['agent-call'],
  question: {
    type: 'nps',
    text: {
      it: 'Quanto consiglieresti il nostro servizio clienti a un amico?',
      en: 'How likely are you to recommend our customer service to a friend?',
    },
  },
  comment: { text: { it: 'Vuoi dirci di più?', en: 'Anything to add?' } },
  reasons: {
    text: { it: 'Che cosa ha pesato?', en: 'What mattered?' },
    themes: ['waiting-time', 'transfers'],
  },
  thankYou: { it: 'Grazie, ti abbiamo ascoltato.', en: 'Thank you, we heard you.' },
  invitation: {
    subject: { it: "Com'è andata la chiamata?", en: 'How was your call?' },
    intro: { it: 'Una domanda, un tocco.', en: 'One question, one tap.' },
  },
  trigger: { sampling: 1, delayMinutes: 0 },
};

const linkIn = (mail: ReceivedMail): string => surveyLinkIn(mail.text);
const claimsOf = (link: string): SurveyTokenClaims =>
  JSON.parse(
    Buffer.from(link.split('/s/')[1].split('.')[0], 'base64url').toString('utf8'),
  ) as SurveyTokenClaims;

/** Feedback listen recorded from survey answers of a customer. */
async function answersOf(customerId: string) {
  const r = await api(suite.listen, 'GET', '/v1/feedback?limit=500');
  return (r.body.items as { id: string; customerId: string; nps?: number; comment?: string }[]).filter(
    (f) => f.customerId === customerId && f.id.startsWith('survey-answer:'),
  );
}

const interaction = (id: string, customerId: string) => ({
  id,
  customerId,
  channel: 'voice',
  touchpoint: 'agent-call',
  outcome: 'handled',
  startedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
  endedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
});

const suite = e2eSuite({
  tenants: [TENANT, OTHER],
  smtp: { refuseRecipients: (a) => a.startsWith('bounce@') },
  services: {
    listen: listenMailing,
    measure: {},
    act: {},
    collect: {},
  },
  journey: agentCallJourney('day'),
  surveys: { 'after-call': SURVEY },
  browser: true,
});

beforeAll(async () => {
  for (const [c, email, language] of [
    ['ada', 'ada@example.test', 'it'],
    ['bob', 'bob@example.test', 'en'],
  ])
    expect(
      (await api(suite.listen, 'PUT', `/v1/contacts/${c}`, { email, language, consentToSurvey: true }))
        .status,
    ).toBe(200);
  // A phone-sized viewport: the page is mobile-first.
  page = await suite.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'it-IT' });
});

describe('an interaction at agent-call, answered from the e-mail in Chromium', () => {
  let link = '';

  it('sends an e-mail invitation with a signed link carrying no personal data', async () => {
    expect((await api(suite.listen, 'POST', '/v1/interactions', interaction('ix-1', 'ada'))).status).toBe(
      202,
    );
    const [mail] = await suite.smtp.waitFor((m) => m.envelopeTo.includes('ada@example.test'));
    expect(mail.subject).toBe("Com'è andata la chiamata?");
    link = linkIn(mail);
    expect(link.startsWith(`${suite.collect.url}/s/`)).toBe(true);
    const claims = claimsOf(link);
    expect(Object.keys(claims).sort()).toEqual(['e', 'i', 'l', 's', 't', 'v']);
    expect(JSON.stringify(claims)).not.toMatch(/ada|example/);
    expect(claims).toMatchObject({ t: TENANT, s: 'after-call', v: 1, l: 'it' });
  });

  it('opens the page in Italian, with a CSP that allows no script, and answers with one tap and a comment', async () => {
    const res = await page.goto(link);
    expect(res?.status()).toBe(200);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await page.locator('html').getAttribute('lang')).toBe('it');
    expect(await page.textContent('h1')).toBe(SURVEY.question.text.it);
    expect(await page.locator('script').count()).toBe(0);
    await page.fill('#comment', 'Attesa infinita e nessuno ha risolto');
    await page.getByLabel('Tempi di attesa').check();
    await page.getByLabel('Potete ricontattarmi su questa risposta').check();
    await page.click('button[name="score"][value="2"]');
    await page.waitForSelector('h1.done');
    expect(await page.textContent('h1.done')).toBe(SURVEY.thankYou.it);
  });

  it('records the answer once in listen: a second click and a replayed link change nothing', async () => {
    // A second click posts the same form again: the answer is already in.
    const again = await postForm(link, { score: '9', comment: 'ripensandoci' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Hai già risposto');
    const replay = await page.goto(link);
    expect(replay?.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('Hai già risposto');
    expect((await postForm(link, { score: '10' })).status).toBe(409);
    const recorded = await eventually(async () => {
      const a = await answersOf('ada');
      return a.length > 0 ? a : null;
    }, 30_000);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ nps: 2, comment: 'Attesa infinita e nessuno ha risolto' });
  });

  it('is counted by measure and followed up by act', async () => {
    await eventually(async () => {
      const r = await api(
        suite.measure,
        'GET',
        '/v1/indicators?scope=touchpoint:agent-call&indicator=nps/v1',
      );
      return (r.body.items as { n: number; value: number }[]).some((i) => i.n === 1 && i.value === -100);
    }, 60_000);
    // act knows the customer by pseudonym only.
    const ada = await pseudonymOf(suite.listen, suite.key, 'ada');
    const action = await eventually(async () => {
      const r = await api(suite.act, 'GET', '/v1/actions');
      return (r.body.items as { customerId: string | null; loop: string }[]).find(
        (a) => a.customerId === ada,
      );
    }, 60_000);
    expect(action.loop).toBe('inner');
    // Still one answer after the whole loop ran.
    expect(await answersOf('ada')).toHaveLength(1);
  });

  it('sends no second invitation the same day: the policy skips it, counted with its reason', async () => {
    expect((await api(suite.listen, 'POST', '/v1/interactions', interaction('ix-2', 'ada'))).status).toBe(
      202,
    );
    const skipped = await eventually(async () => {
      const r = await api(suite.listen, 'GET', '/v1/invitations/skipped');
      return r.body.total === 1 ? r.body : null;
    }, 30_000);
    expect(skipped.items).toEqual([
      { reason: 'policy:overall', channel: 'email', touchpoint: 'agent-call', count: 1 },
    ]);
    const second = `interaction:${createHash('sha256').update('ix-2').digest('hex').slice(0, 40)}`;
    expect((await api(suite.listen, 'GET', `/v1/invitations/${second}`)).status).toBe(404);
    expect(suite.smtp.to('ada@example.test')).toHaveLength(1);
  });
});

describe('links and answers that must not work', () => {
  let link = '';

  beforeAll(async () => {
    const r = await api(suite.listen, 'POST', '/v1/invitations', {
      id: 'inv-bob',
      customerId: 'bob',
      channel: 'email',
      touchpoint: 'agent-call',
      address: 'bob@example.test',
      language: 'en',
    });
    expect(r.body).toEqual({ id: 'inv-bob', status: 'recorded' });
    link = linkIn((await suite.smtp.waitFor((m) => m.envelopeTo.includes('bob@example.test')))[0]);
  });

  it('an expired, a forged and another tenant’s token each get a clear page, and store nothing', async () => {
    const claims = claimsOf(link);
    const secret = testCollectTokenSecret();
    const expired = signSurveyToken(secret, { ...claims, e: Math.floor(Date.now() / 1000) - 60 });
    const forged = signSurveyToken('not-the-secret-not-the-secret-not-the-secret', claims);
    const tampered = `${link.slice(0, -2)}${link.endsWith('AA') ? 'BB' : 'AA'}`;
    const otherTenant = signSurveyToken(secret, { ...claims, t: OTHER });
    const cases: [string, number, string][] = [
      [`${suite.collect.url}/s/${expired}`, 410, 'Link expired'],
      [`${suite.collect.url}/s/${forged}`, 400, 'Link not valid'],
      [tampered, 400, 'Link not valid'],
      [`${suite.collect.url}/s/${otherTenant}`, 404, 'Link not valid'],
      [`${suite.collect.url}/s/garbage`, 400, 'Link not valid'],
    ];
    for (const [url, status, title] of cases) {
      const shown = await fetch(url);
      expect({ url, status: shown.status }).toEqual({ url, status });
      expect(await shown.text()).toContain(`<h1 class="notice`);
      const answered = await postForm(url, { score: '0' });
      expect({ url, status: answered.status }).toEqual({ url, status });
      expect(answered.text).toContain(title);
    }
  });

  it('an oversized comment and a script in the comment are refused by name; then a valid answer is kept', async () => {
    const long = await postForm(link, { score: '9', comment: 'x'.repeat(1001) });
    expect(long.status).toBe(400);
    expect(long.text).toContain('data-field="comment"');
    expect(long.text).toContain('comment must be at most 1000 characters');
    const script = await postForm(link, { score: '9', comment: '<script>alert(1)</script>' });
    expect(script.status).toBe(400);
    expect(script.text).toContain('comment must be plain text, without HTML or scripts');
    expect(script.text).not.toContain('<script>');
    expect(script.text).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    // A filled honeypot looks thanked (a bot learns nothing) and is not kept: the link still answers.
    const honeypot = await postForm(link, { score: '1', website: 'http://spam.example' });
    expect(honeypot.status).toBe(200);
    expect(honeypot.text).toContain(SURVEY.thankYou.en);
    const ok = await postForm(link, { score: '9', comment: 'Fine, thanks' });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain(SURVEY.thankYou.en);
    const kept = await eventually(async () => {
      const a = await answersOf('bob');
      return a.length > 0 ? a : null;
    }, 30_000);
    expect(kept).toEqual([expect.objectContaining({ nps: 9, comment: 'Fine, thanks' })]);
  });

  it('records a bounce when the mail server refuses the recipient', async () => {
    const r = await api(suite.listen, 'POST', '/v1/invitations', {
      id: 'inv-bounce',
      customerId: 'cyd',
      channel: 'email',
      touchpoint: 'agent-call',
      address: 'bounce@example.test',
    });
    expect(r.body.status).toBe('recorded');
    const inv = await eventually(async () => {
      const x = await api(suite.listen, 'GET', '/v1/invitations/inv-bounce');
      return x.body.status === 'bounced' ? x.body : null;
    }, 30_000);
    expect(inv).toMatchObject({ status: 'bounced', sentAt: null });
    expect(inv.lastError).toContain('550');
    expect(suite.smtp.refused).toContain('bounce@example.test');
  });

  it('refuses an address without a survey to send, naming the field', async () => {
    const r = await api(suite.listen, 'POST', '/v1/invitations', {
      id: 'inv-nowhere',
      customerId: 'cyd',
      channel: 'email',
      touchpoint: 'kiosk',
      address: 'cyd@example.test',
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ field: 'touchpoint', reason: 'no survey serves touchpoint kiosk' }]);
  });
});
