/** The "you said, we did" message: the tenant's template (or the default), filled in. Pure. */
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { FieldProblem, SelfChecking } from '@continuum/contracts';

export type Lang = 'it' | 'en';

class LocalizedDto {
  @MaxLength(5000)
  @IsNotEmpty()
  @IsString()
  it!: string;

  @MaxLength(5000)
  @IsNotEmpty()
  @IsString()
  en!: string;
}

/** `{{title}}` is the action's title (what we did), `{{summary}}` act's sentence about the gap. */
export class LoopTemplateDto implements SelfChecking {
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => LocalizedDto)
  subject!: LocalizedDto;

  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => LocalizedDto)
  body!: LocalizedDto;

  problems(): FieldProblem[] {
    const out: FieldProblem[] = [];
    for (const lang of ['it', 'en'] as const) {
      if (this.subject[lang].length > 200)
        out.push({ field: `subject.${lang}`, reason: `subject.${lang} must be at most 200 characters` });
      for (const [field, text] of [
        [`subject.${lang}`, this.subject[lang]],
        [`body.${lang}`, this.body[lang]],
      ] as const) {
        const unknown = [...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)]
          .map((m) => m[1])
          .filter((p) => !PLACEHOLDERS.includes(p));
        if (unknown.length > 0)
          out.push({
            field,
            reason: `${field} uses unknown placeholders (${unknown.join(', ')}); known: title, summary`,
          });
      }
    }
    return out;
  }
}

export interface LoopTemplate {
  readonly subject: Readonly<Record<Lang, string>>;
  readonly body: Readonly<Record<Lang, string>>;
}

const PLACEHOLDERS = ['title', 'summary'];

export const DEFAULT_TEMPLATE: LoopTemplate = {
  subject: { it: 'Ci hai detto, abbiamo fatto', en: 'You said, we did' },
  body: {
    it: 'Grazie per il tuo riscontro. Ci hai segnalato un problema e abbiamo agito: {{title}}.',
    en: 'Thank you for your feedback. You told us about a problem, and we acted: {{title}}.',
  },
};

const OPT_OUT = {
  it: 'Non vuoi più ricevere nostri messaggi o sondaggi? Clicca qui',
  en: 'No more messages or surveys from us? Click here',
} as const;

/** The message in the customer's language; the opt-out link always closes it. */
export function renderLoopMessage(
  template: LoopTemplate,
  lang: Lang,
  values: { readonly title: string; readonly summary: string },
  optOutLink: string,
): { subject: string; text: string } {
  const fill = (s: string) =>
    s.replace(/\{\{\s*(title|summary)\s*\}\}/g, (_, k: 'title' | 'summary') => values[k]);
  return {
    subject: fill(template.subject[lang]).replace(/[\r\n]+/g, ' '),
    text: `${fill(template.body[lang])}\n\n${OPT_OUT[lang]}: ${optOutLink}\n`,
  };
}
