/**
 * Shared normalisation for sentiment, themes and language hints: one pass that folds case and
 * accents, drops redaction placeholders and URLs, and yields word / emoji / clause-boundary
 * tokens. Words carry a Snowball stem so Italian inflection (consegna/consegne,
 * operatore/operatori) and English (waited/waiting) collapse to one key.
 */
import { StemmerIt } from '@nlpjs/lang-it';
import { StemmerEn } from '@nlpjs/lang-en-min';

export type TextLang = 'it' | 'en';

export type TokenKind = 'word' | 'emoji' | 'boundary';

export interface Token {
  readonly kind: TokenKind;
  /** Folded surface form (lower case, no accents); for emoji the pictograph without modifiers. */
  readonly norm: string;
  /** Snowball stem of `norm` for words; equal to `norm` otherwise. */
  readonly stem: string;
  /** Inside quotation marks of a few words ("'quick' claim", "«in lavorazione»"). */
  readonly quoted: boolean;
}

// Stateless apart from a scratch buffer, so one instance each serves every call.
const STEMMERS: Record<TextLang, { stemWord(w: string): string }> = {
  it: new StemmerIt(),
  en: new StemmerEn(),
};

/**
 * Lower-case, strip combining marks (accents, but also VS16 and skin-tone modifiers on emoji),
 * and unify typographic apostrophes so "perché"/"perche" and "didn’t"/"didn't" compare equal.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\p{M}\u{1F3FB}-\u{1F3FF}\u200d]/gu, '')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .toLowerCase();
}

export function stem(word: string, lang: TextLang): string {
  // Digits and one-letter words carry no morphology; skip the stemmer for them.
  if (word.length < 3 || /\d/.test(word)) return word;
  return STEMMERS[lang].stemWord(word);
}

/**
 * Alternatives, in priority order: placeholders and URLs (skipped), emoticons, words with inner
 * apostrophes, lone pictographs, clause-ending punctuation. Everything else is whitespace/noise.
 */
const TOKEN_RE =
  /(\[(?:email|phone|iban|card|codice_fiscale)\]|https?:\/\/\S+|www\.\S+)|(>:\(|:'\(|[:;=][-^o]?[)(\][dp/|*](?![\p{L}\p{N}])|<3)|([\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*)|(\p{Extended_Pictographic})|([.!?;:,…]+|\s[-–—]\s)/gu;

// prettier-ignore
const EMOTICONS: Record<string, string> = {
  ':)': ':)', ':-)': ':)', '=)': ':)', ':]': ':)', ':d': ':d', ':-d': ':d', '=d': ':d', ':p': ';)',
  ';)': ';)', ';-)': ';)', ':(': ':(', ':-(': ':(', '=(': ':(', ':[': ':(', ":'(": ":'(", ':/': ':/',
  ':-/': ':/', ':|': ':|', ':-|': ':|', '<3': '<3', '>:(': '>:(', ':*': '<3', ':-*': '<3',
};

/**
 * A short span in quotation marks. The opening mark must not follow a letter, so elisions and
 * typed accents ("l'operatore", "po'", "e'") never open one.
 */
const QUOTED_RE = /(?<![\p{L}\p{N}])(["'«])([^"'«»\n]{1,60}?)(["'»])(?![\p{L}\p{N}])/gu;

const MAY_QUOTE_RE = /["«]|(?:^|\s)'/;
const NO_SPANS: readonly [number, number][] = [];

function quotedSpans(folded: string): readonly [number, number][] {
  // Cheap test first: an opening single quote follows a space or starts the text.
  if (!MAY_QUOTE_RE.test(folded)) return NO_SPANS;
  const spans: [number, number][] = [];
  for (const m of folded.matchAll(QUOTED_RE)) {
    const [all, open, inner, close] = m;
    if ((open === '«') !== (close === '»') || (open !== '«' && open !== close)) continue;
    if (inner.trim().split(/\s+/).length > 6) continue;
    spans.push([m.index, m.index + all.length]);
  }
  return spans;
}

export function tokenize(text: string, lang: TextLang): Token[] {
  const out: Token[] = [];
  const folded = fold(text);
  const spans = quotedSpans(folded);
  for (const m of folded.matchAll(TOKEN_RE)) {
    const [, skip, emoticon, word, emoji, punct] = m;
    if (skip !== undefined) continue;
    if (emoticon !== undefined) {
      const e = EMOTICONS[emoticon] ?? emoticon;
      out.push({ kind: 'emoji', norm: e, stem: e, quoted: false });
    } else if (word !== undefined) {
      // Every token has the same shape, so the loops that read them stay monomorphic.
      const quoted = spans.length > 0 && spans.some(([a, b]) => m.index > a && m.index < b);
      pushWord(out, word, lang, quoted);
    } else if (emoji !== undefined) {
      out.push({ kind: 'emoji', norm: emoji, stem: emoji, quoted: false });
    } else if (punct !== undefined) {
      const p = punct.trim() || ',';
      out.push({ kind: 'boundary', norm: p, stem: p, quoted: false });
    }
  }
  return out;
}

/** Texting shorthand customers type, spelled out so lexicons and taxonomies see the word. */
// prettier-ignore
const SHORTHAND: Record<TextLang, ReadonlyMap<string, string>> = {
  it: new Map(Object.entries({
    nn: 'non', cmq: 'comunque', xke: 'perche', xche: 'perche', xk: 'perche', x: 'per', tt: 'tutto',
    sn: 'sono', ke: 'che', qlc: 'qualche', qlcs: 'qualcosa', grz: 'grazie', cn: 'con', nemm: 'nemmeno',
  })),
  en: new Map(Object.entries({
    u: 'you', ur: 'your', pls: 'please', plz: 'please', thx: 'thanks', thnx: 'thanks', tho: 'though',
    thru: 'through', cuz: 'because', coz: 'because', gr8: 'great', b4: 'before', wk: 'week',
  })),
};

function pushWord(out: Token[], raw: string, lang: TextLang, quoted: boolean): void {
  // Every shorthand is at most four letters: skip the lookup for longer words.
  const word = (raw.length <= 4 && SHORTHAND[lang].get(raw)) || raw;
  if (!word.includes("'")) {
    out.push({ kind: 'word', norm: word, stem: stem(word, lang), quoted });
    return;
  }
  if (lang === 'it') {
    // Italian elision: l'operatore, dell'app, un'attesa -> separate article and noun.
    for (const part of word.split("'"))
      if (part) out.push({ kind: 'word', norm: part, stem: stem(part, lang), quoted });
  } else {
    // English contraction: didn't -> didnt, I'd -> id, so negators are single tokens.
    const joined = word.replace(/'/g, '');
    out.push({ kind: 'word', norm: joined, stem: stem(joined, lang), quoted });
  }
}

/** Tokens of a keyword or phrase from a lexicon/taxonomy, stems only. */
export function stemsOf(phrase: string, lang: TextLang): string[] {
  return tokenize(phrase, lang)
    .filter((t) => t.kind === 'word')
    .map((t) => t.stem);
}
