/**
 * A survey page's form post, checked against the survey version it answers. Pure: what is
 * valid becomes an answer, anything else a problem naming the field.
 */
import { EMOJI_SCORES, type FieldProblem, type SurveyV1 } from '@continuum/contracts';

export const EMOJI_CHOICES = ['angry', 'sad', 'neutral', 'happy', 'love'] as const;

export interface Answer {
  readonly question: SurveyV1['question']['type'];
  /** The score as the feedback field takes it: a number, or an emoji word. */
  readonly score: number | string;
  readonly comment: string | null;
  readonly reasons: readonly string[];
  readonly consentToContact: boolean;
}

const RANGES = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;
/** Markup in a comment: a tag, a comment or a processing instruction. Comments are plain text. */
const MARKUP = /<\s*[a-z!?/]/i;

const one = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;

/** The honeypot, a field people never see: a bot that fills it is thanked and not recorded. */
export function honeypotFilled(form: Record<string, unknown>): boolean {
  return (one(form.website) ?? '') !== '';
}

export function readAnswer(
  survey: SurveyV1,
  form: Record<string, unknown>,
): { ok: true; answer: Answer } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const raw = one(form.score);
  let score: number | string | null = null;
  const type = survey.question.type;
  if (raw === undefined || raw === '') {
    problems.push({ field: 'score', reason: 'choose an answer' });
  } else if (type === 'emoji') {
    if ((EMOJI_CHOICES as readonly string[]).includes(raw) && raw in EMOJI_SCORES) score = raw;
    else problems.push({ field: 'score', reason: `score must be one of ${EMOJI_CHOICES.join(', ')}` });
  } else {
    const [min, max] = RANGES[type];
    const n = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
    if (Number.isInteger(n) && n >= min && n <= max) score = n;
    else problems.push({ field: 'score', reason: `score must be a whole number from ${min} to ${max}` });
  }
  let comment: string | null = null;
  const rawComment = one(form.comment);
  if (rawComment !== undefined && rawComment.trim() !== '') {
    const text = rawComment.replace(/\r\n/g, '\n').trim();
    const max = survey.comment?.maxLength ?? 0;
    if (!survey.comment) problems.push({ field: 'comment', reason: 'this survey takes no comment' });
    else if ([...text].length > max)
      problems.push({ field: 'comment', reason: `comment must be at most ${max} characters` });
    else if (MARKUP.test(text))
      problems.push({ field: 'comment', reason: 'comment must be plain text, without HTML or scripts' });
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text))
      problems.push({ field: 'comment', reason: 'comment must not contain control characters' });
    else comment = text;
  }
  const rawReasons =
    form.reason === undefined ? [] : Array.isArray(form.reason) ? form.reason : [form.reason];
  const chips = new Set((survey.reasons?.chips ?? []).map((c) => c.id));
  const reasons: string[] = [];
  for (const r of rawReasons) {
    if (typeof r !== 'string' || !chips.has(r)) {
      problems.push({ field: 'reason', reason: 'reason must be one of the choices shown' });
      break;
    }
    if (!reasons.includes(r)) reasons.push(r);
  }
  const consent = one(form.consent);
  if (consent !== undefined && consent !== 'yes')
    problems.push({ field: 'consent', reason: 'consent must be yes when given' });
  if (problems.length > 0 || score === null) return { ok: false, problems };
  return {
    ok: true,
    answer: { question: type, score, comment, reasons, consentToContact: consent === 'yes' },
  };
}
