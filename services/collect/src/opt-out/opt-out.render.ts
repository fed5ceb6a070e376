/** The opt-out pages: a confirmation with one button (a mail scanner's GET opts nobody out), then done. Pure. */
import { escapeHtml, page, type Lang } from '../pages/render';

const UI = {
  it: {
    title: 'Non contattarmi più',
    ask: 'Non riceverai più nostri sondaggi né messaggi. Confermi?',
    button: 'Conferma',
    done: 'Fatto: non ti contatteremo più.',
    invalid: 'Questo link non è valido.',
  },
  en: {
    title: 'Stop contacting me',
    ask: 'You will get no more surveys or messages from us. Confirm?',
    button: 'Confirm',
    done: 'Done: we will not contact you again.',
    invalid: 'This link is not valid.',
  },
} as const;

export function optOutPage(lang: Lang, state: 'ask' | 'done' | 'invalid'): string {
  const ui = UI[lang];
  const body =
    state === 'ask'
      ? `<h1>${escapeHtml(ui.title)}</h1><p>${escapeHtml(ui.ask)}</p><form method="post"><button type="submit" name="confirm" value="yes">${escapeHtml(ui.button)}</button></form>`
      : `<h1 class="notice ${state}">${escapeHtml(state === 'done' ? ui.done : ui.invalid)}</h1>`;
  return page(lang, ui.title, body);
}
