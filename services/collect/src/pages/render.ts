/**
 * The survey page, server-rendered: no script at all (the CSP forbids any), one form whose score
 * buttons submit it, so one tap answers; labels, fieldsets and focus styles for keyboards and
 * screen readers. Every text from a survey or a customer is escaped. Pure.
 */
import type { FieldProblem, SurveyText, SurveyV1 } from '@continuum/contracts';
import { EMOJI_CHOICES } from './answer';

export type Lang = 'it' | 'en';

export const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Each question type's score range; the web widget (widget.script.ts) uses the same. */
export const SCORE_RANGE: Readonly<Record<'nps' | 'csat' | 'ces', readonly [number, number]>> = {
  nps: [0, 10],
  csat: [1, 5],
  ces: [1, 7],
};

/** The words at the ends of each scale and the emoji's names, shared with the web widget. */
export const SCALE_TEXT = {
  it: {
    lowHigh: {
      nps: ['Per niente probabile', 'Estremamente probabile'],
      csat: ['Per niente soddisfatto', 'Molto soddisfatto'],
      ces: ['Molto difficile', 'Molto facile'],
    },
    emoji: {
      angry: 'Arrabbiato',
      sad: 'Scontento',
      neutral: 'Neutro',
      happy: 'Contento',
      love: 'Entusiasta',
    },
  },
  en: {
    lowHigh: {
      nps: ['Not at all likely', 'Extremely likely'],
      csat: ['Not at all satisfied', 'Very satisfied'],
      ces: ['Very difficult', 'Very easy'],
    },
    emoji: { angry: 'Angry', sad: 'Unhappy', neutral: 'Neutral', happy: 'Happy', love: 'Delighted' },
  },
} as const;

const UI = {
  it: {
    title: 'Il tuo parere',
    send: 'Invia',
    optional: 'facoltativo',
    consent: 'Potete ricontattarmi su questa risposta',
    ...SCALE_TEXT.it,
    errors: 'Controlla la risposta:',
    usedTitle: 'Hai già risposto',
    used: 'Questa risposta è già arrivata: grazie. Non serve fare altro.',
    expiredTitle: 'Link scaduto',
    expired: 'Questo link non è più valido. Grazie comunque del tuo tempo.',
    invalidTitle: 'Link non valido',
    invalid: 'Questo link non è valido. Controlla di averlo copiato per intero dal messaggio ricevuto.',
  },
  en: {
    title: 'Your feedback',
    send: 'Send',
    optional: 'optional',
    consent: 'You may contact me about this answer',
    ...SCALE_TEXT.en,
    errors: 'Please check your answer:',
    usedTitle: 'Already answered',
    used: 'We already have this answer: thank you. There is nothing more to do.',
    expiredTitle: 'Link expired',
    expired: 'This link is no longer valid. Thank you for your time all the same.',
    invalidTitle: 'Link not valid',
    invalid: 'This link is not valid. Please check that you copied all of it from the message you received.',
  },
} as const;

const EMOJI_GLYPHS: Record<(typeof EMOJI_CHOICES)[number], string> = {
  angry: '😡',
  sad: '🙁',
  neutral: '😐',
  happy: '🙂',
  love: '😍',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/survey.css">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const t = (text: SurveyText, lang: Lang) => escapeHtml(text[lang]);

export interface FormState {
  readonly comment?: string;
  readonly reasons?: readonly string[];
  readonly consent?: boolean;
  readonly problems?: readonly FieldProblem[];
}

export function surveyPage(survey: SurveyV1, lang: Lang, state: FormState = {}): string {
  const ui = UI[lang];
  const q = survey.question;
  const errors = state.problems?.length
    ? `<div class="errors" role="alert" id="errors"><p>${ui.errors}</p><ul>${state.problems
        .map((p) => `<li data-field="${escapeHtml(p.field)}">${escapeHtml(p.reason)}</li>`)
        .join('')}</ul></div>`
    : '';
  const comment = survey.comment
    ? `<div class="field"><label for="comment">${t(survey.comment.text, lang)} <span class="hint">(${ui.optional})</span></label>
<textarea id="comment" name="comment" rows="4" maxlength="${survey.comment.maxLength}">${escapeHtml(state.comment ?? '')}</textarea></div>`
    : '';
  const chips = survey.reasons
    ? `<fieldset class="chips"><legend>${t(survey.reasons.text, lang)} <span class="hint">(${ui.optional})</span></legend>${survey.reasons.chips
        .map(
          (c) =>
            `<label class="chip"><input type="checkbox" name="reason" value="${escapeHtml(c.id)}"${state.reasons?.includes(c.id) ? ' checked' : ''}> ${t(c.label, lang)}</label>`,
        )
        .join('')}</fieldset>`
    : '';
  let buttons: string;
  let scale = '';
  if (q.type === 'emoji') {
    buttons = EMOJI_CHOICES.map(
      (e) =>
        `<button type="submit" name="score" value="${e}" class="score emoji" aria-label="${ui.emoji[e]}"><span aria-hidden="true">${EMOJI_GLYPHS[e]}</span></button>`,
    ).join('');
  } else {
    const [min, max] = SCORE_RANGE[q.type];
    const [low, high] = ui.lowHigh[q.type];
    const n: string[] = [];
    for (let i = min; i <= max; i++) {
      const label = i === min ? `${i} – ${low}` : i === max ? `${i} – ${high}` : String(i);
      n.push(
        `<button type="submit" name="score" value="${i}" class="score" aria-label="${escapeHtml(label)}">${i}</button>`,
      );
    }
    buttons = n.join('');
    scale = `<p class="scale" aria-hidden="true"><span>${escapeHtml(low)}</span><span>${escapeHtml(high)}</span></p>`;
  }
  const body = `<h1>${t(q.text, lang)}</h1>
${errors}
<form method="post" class="survey" novalidate>
${comment}
${chips}
<div class="field consent"><label><input type="checkbox" name="consent" value="yes"${state.consent ? ' checked' : ''}> ${ui.consent}</label></div>
<div class="hp" aria-hidden="true"><label for="website">Website</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
<fieldset class="scores"><legend>${t(q.text, lang)}</legend>
<div class="buttons ${q.type}">${buttons}</div>
${scale}
</fieldset>
</form>`;
  return page(lang, ui.title, body);
}

export function thankYouPage(survey: SurveyV1, lang: Lang): string {
  return page(lang, UI[lang].title, `<h1 class="done" tabindex="-1">${t(survey.thankYou, lang)}</h1>`);
}

export type Notice = 'used' | 'expired' | 'invalid';

export function noticePage(notice: Notice, lang: Lang): string {
  const ui = UI[lang];
  const [title, text] =
    notice === 'used'
      ? [ui.usedTitle, ui.used]
      : notice === 'expired'
        ? [ui.expiredTitle, ui.expired]
        : [ui.invalidTitle, ui.invalid];
  return page(
    lang,
    title,
    `<h1 class="notice ${notice}">${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`,
  );
}

/** Mobile first: big tap targets, high contrast (WCAG AA), a visible focus ring. */
export const SURVEY_CSS = `*{box-sizing:border-box}
body{margin:0;font:17px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1f;background:#f6f6f8}
main{max-width:36rem;margin:0 auto;padding:1.25rem 1rem 2rem}
h1{font-size:1.3rem;line-height:1.3;margin:.5rem 0 1.25rem}
fieldset{border:0;margin:0 0 1.25rem;padding:0}
legend{font-weight:600;margin-bottom:.5rem;padding:0}
.scores legend{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.field{margin:0 0 1.25rem}
label{display:block;font-weight:600;margin-bottom:.4rem}
.hint{font-weight:400;color:#4a4a55}
textarea{width:100%;font:inherit;padding:.6rem;border:2px solid #5c5c6b;border-radius:.5rem;background:#fff;color:#1b1b1f}
.chip{display:inline-flex;align-items:center;gap:.4rem;font-weight:400;margin:0 .5rem .5rem 0;padding:.45rem .75rem;border:2px solid #5c5c6b;border-radius:2rem;background:#fff}
.consent label{font-weight:400;display:flex;gap:.5rem;align-items:flex-start}
.buttons{display:grid;gap:.4rem}
.buttons.nps{grid-template-columns:repeat(6,1fr)}
.buttons.csat,.buttons.emoji{grid-template-columns:repeat(5,1fr)}
.buttons.ces{grid-template-columns:repeat(7,1fr)}
.score{min-height:3rem;font:inherit;font-weight:700;border:2px solid #1d4ed8;border-radius:.5rem;background:#fff;color:#1d3a8a;cursor:pointer}
.score.emoji{font-size:1.6rem}
.score:hover{background:#e8eeff}
.scale{display:flex;justify-content:space-between;font-size:.85rem;color:#4a4a55;margin:.4rem 0 0}
:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.errors{border:2px solid #b91c1c;border-radius:.5rem;background:#fff5f5;color:#7f1d1d;padding:.5rem 1rem;margin-bottom:1rem}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
@media (min-width:40rem){.buttons.nps{grid-template-columns:repeat(11,1fr)}}
`;
