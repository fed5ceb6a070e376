/** The invitation e-mail: the survey's subject and intro, the question, one link. Pure. */
import type { SurveyV1 } from '@continuum/contracts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const ANSWER = { it: 'Rispondi', en: 'Answer' } as const;
const FOOTER = {
  it: 'Il link vale per una sola risposta e scade tra qualche giorno.',
  en: 'The link takes one answer and expires in a few days.',
} as const;

export function invitationMail(
  survey: SurveyV1,
  lang: 'it' | 'en',
  link: string,
): { subject: string; text: string; html: string } {
  const intro = survey.invitation.intro[lang];
  const question = survey.question.text[lang];
  return {
    subject: survey.invitation.subject[lang],
    text: `${intro}\n\n${question}\n\n${ANSWER[lang]}: ${link}\n\n${FOOTER[lang]}\n`,
    html: `<!doctype html><html lang="${lang}"><body><p>${escape(intro)}</p><p><strong>${escape(question)}</strong></p><p><a href="${escape(link)}">${ANSWER[lang]}</a></p><p style="color:#555">${FOOTER[lang]}</p></body></html>`,
  };
}
