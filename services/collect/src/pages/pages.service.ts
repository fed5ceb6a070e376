/**
 * Survey pages: a link's token is verified (signature, then expiry), its invitation looked up
 * under the token's tenant, and the answer kept once per invitation with its feedback event.
 */
import { Injectable } from '@nestjs/common';
import type { FieldProblem } from '@continuum/contracts';
import { verifySurveyToken } from '@continuum/platform';
import { CollectConfig } from '../collect.config';
import { honeypotFilled, readAnswer } from './answer';
import { PagesRepository, type LinkedInvitation } from './pages.repository';
import { noticePage, surveyPage, thankYouPage, type Lang } from './render';

export interface PageResult {
  readonly status: number;
  readonly html: string;
}

/** The form of the ids a token names (invitation, message key): anything else is looked up nowhere. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class PagesService {
  private readonly secret: string;

  constructor(
    private readonly repo: PagesRepository,
    cfg: CollectConfig,
  ) {
    this.secret = cfg.tokenSecret('survey pages');
  }

  private async open(
    token: string,
    now: Date,
  ): Promise<{ ok: true; inv: LinkedInvitation; lang: Lang } | { ok: false; page: PageResult }> {
    const check = verifySurveyToken(this.secret, token, now);
    if (!check.ok) {
      // The language of a forged token is not to be trusted either.
      const lang: Lang = 'en';
      return check.reason === 'expired'
        ? { ok: false, page: { status: 410, html: noticePage('expired', langOf(token) ?? lang) } }
        : { ok: false, page: { status: 400, html: noticePage('invalid', lang) } };
    }
    const { claims } = check;
    const inv = UUID.test(claims.i) ? await this.repo.invitation(claims.t, claims.i) : null;
    if (!inv || inv.survey.id !== claims.s || inv.survey.version !== claims.v)
      return { ok: false, page: { status: 404, html: noticePage('invalid', claims.l) } };
    if (inv.expiresAt.getTime() <= now.getTime())
      return { ok: false, page: { status: 410, html: noticePage('expired', claims.l) } };
    return { ok: true, inv, lang: claims.l };
  }

  async show(token: string, now = new Date()): Promise<PageResult> {
    const o = await this.open(token, now);
    if (!o.ok) return o.page;
    if (o.inv.answered) return { status: 200, html: noticePage('used', o.lang) };
    await this.repo.opened(o.inv);
    return { status: 200, html: surveyPage(o.inv.survey, o.lang) };
  }

  async answer(token: string, form: Record<string, unknown>, now = new Date()): Promise<PageResult> {
    const o = await this.open(token, now);
    if (!o.ok) return o.page;
    const { inv, lang } = o;
    if (inv.answered) return { status: 409, html: noticePage('used', lang) };
    // A normal-looking thanks, so a bot learns nothing; the link stays open for its person.
    if (honeypotFilled(form)) return { status: 200, html: thankYouPage(inv.survey, lang) };
    const read = readAnswer(inv.survey, form);
    if (!read.ok) return { status: 400, html: surveyPage(inv.survey, lang, keep(form, read.problems)) };
    const a = read.answer;
    const saved = await this.repo.saveAnswer({
      invitation: inv,
      language: lang,
      question: a.question,
      score: a.score,
      comment: a.comment,
      reasons: a.reasons,
      consentToContact: a.consentToContact,
      feedback: {
        tenantId: inv.tenantId,
        // One feedback id per invitation: listen's idempotency on the sender's id is a second guard.
        id: `survey-answer:${inv.key}`,
        touchpoint: inv.touchpoint,
        customerId: inv.customerId,
        occurredAt: now.toISOString(),
        [a.question]: a.score,
        ...(a.comment ? { comment: a.comment } : {}),
        consentToContact: a.consentToContact,
      },
    });
    if (!saved) return { status: 409, html: noticePage('used', lang) };
    return { status: 200, html: thankYouPage(inv.survey, lang) };
  }
}

/** The page's language from an expired token's claims (its signature was checked). */
function langOf(token: string): Lang | null {
  try {
    const c = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { l?: unknown };
    return c.l === 'it' || c.l === 'en' ? c.l : null;
  } catch {
    return null;
  }
}

/** What the customer typed, shown again with the problems (the answer is not stored). */
function keep(form: Record<string, unknown>, problems: FieldProblem[]) {
  const reasons = form.reason === undefined ? [] : Array.isArray(form.reason) ? form.reason : [form.reason];
  return {
    comment: typeof form.comment === 'string' ? form.comment.slice(0, 5000) : '',
    reasons: reasons.filter((r): r is string => typeof r === 'string'),
    consent: form.consent === 'yes',
    problems,
  };
}
