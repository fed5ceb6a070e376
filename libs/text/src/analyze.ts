/**
 * The one call the listen service makes per comment. Redaction runs first so that nothing
 * downstream (logs, stored analysis, the language model of tomorrow) ever sees the raw PII, and
 * so that numbers and e-mail addresses don't sway language or sentiment.
 */
import { detectLanguage, type Language } from './language';
import { redactPii, type PiiKind } from './pii';
import { scoreSentimentTokens } from './sentiment';
import { detectThemesInTokens, type ThemeTaxonomy } from './themes';
import { tokenize, type TextLang, type Token } from './tokenize';

export interface AnalyzeOptions {
  /** Tenant taxonomy; defaults to DEFAULT_TAXONOMY. Pass the same object each time (compiled once). */
  readonly taxonomy?: ThemeTaxonomy;
  /** Used when detection is undecided (very short or emoji-only comments), e.g. the tenant's locale. */
  readonly languageHint?: Exclude<Language, 'und'>;
}

export interface CommentAnalysis {
  readonly redacted: string;
  readonly pii: PiiKind[];
  readonly language: Language;
  /** Polarity in [-1, 1]. */
  readonly sentiment: number;
  readonly themes: string[];
}

export function analyzeComment(text: string, opts: AnalyzeOptions = {}): CommentAnalysis {
  const { text: redacted, found } = redactPii(text);
  const detected = detectLanguage(redacted);
  const language = detected === 'und' && opts.languageHint ? opts.languageHint : detected;
  // Tokenize once per language tried; sentiment and themes share the tokens.
  const langs: TextLang[] = language === 'und' ? ['it', 'en'] : [language];
  const tokens: Partial<Record<TextLang, Token[]>> = {};
  for (const l of langs) tokens[l] = tokenize(redacted, l);
  return {
    redacted,
    pii: found,
    language,
    sentiment: scoreSentimentTokens(tokens),
    themes: detectThemesInTokens(tokens, opts.taxonomy),
  };
}
