/**
 * Lexicon sentiment for short customer comments, Italian and English, in [-1, 1].
 *
 * Why our own scorer rather than `sentiment`'s analyze(): that one scores single tokens and only
 * negates the immediately preceding token, so it cannot see "attesa infinita", "hung up on me",
 * "non è stato per niente gentile" or "rimborso mai arrivato". We reuse its data (AFINN-165 and
 * the Emoji Sentiment Ranking) as the English / emoji fallback under hand-curated
 * contact-centre lexicons; Italian is curated only (see lexicon/it.ts for why).
 *
 * Per comment: tokenize + stem, match phrases longest-first, score words with a negation window,
 * modifiers and clause contrast, then squash the sum like VADER (x / sqrt(x² + 15)).
 * Everything heavy is compiled once at module load; a comment costs a few microseconds.
 */
import afinn from 'sentiment/languages/en/labels.json';
import emojiRanking from 'sentiment/build/emoji.json';
import { EMOJI_VALENCE } from './lexicon/emoji';
import { EN_LEXICON } from './lexicon/en';
import { IT_LEXICON } from './lexicon/it';
import type { SentimentLexicon, Valence } from './lexicon/types';
import { tokenize, stemsOf, type TextLang, type Token } from './tokenize';
import type { Language } from './language';

/** How many following words a negator reaches ("non è stato per niente gentile"). */
const NEGATION_WINDOW = 4;
/** How many following words a modifier reaches ("molto ma molto gentile" is rare; 2 is enough). */
const MODIFIER_WINDOW = 2;
/** VADER's normalisation constant: one strong word (±3) lands near ±0.6. */
const ALPHA = 15;
/** Generic negation when a word has no explicit negated value: "not good" is bad, "not bad" only mildly good. */
const NEGATE_POSITIVE = -0.9;
const NEGATE_NEGATIVE = -0.5;

type Role =
  | { kind: 'valence'; value: Valence }
  | { kind: 'negator' }
  | { kind: 'modifier'; mult: number; alone: number }
  | { kind: 'contrast' }
  | { kind: 'politeness' };

interface Phrase {
  readonly stems: readonly string[];
  readonly role: Role;
  /** Contains its own negator ("nessun problema", "no issues"): an earlier one must not flip it again. */
  readonly selfNegated: boolean;
}

interface CompiledLexicon {
  readonly lang: TextLang;
  readonly surface: Map<string, Valence>;
  readonly stems: Map<string, Valence>;
  readonly fallbackSurface: Map<string, number>;
  readonly fallbackStems: Map<string, number>;
  /** Single-token roles, keyed by folded surface form. */
  readonly roles: Map<string, Role>;
  /** Multi-token phrases of any role, by first stem, longest first. */
  readonly phrases: Map<string, Phrase[]>;
  /** Negators that only flip positives ("poco gentile") and soften negatives. */
  readonly weak: Set<string>;
  readonly problems: Set<string>;
  readonly resolvers: Set<string>;
}

function compile(
  lang: TextLang,
  lex: SentimentLexicon,
  fallbackSurface: Map<string, number>,
  fallbackStems: Map<string, number>,
  extraPhrases: Readonly<Record<string, number>> = {},
): CompiledLexicon {
  const surface = new Map<string, Valence>();
  const stems = new Map<string, Valence>();
  for (const [word, value] of Object.entries(lex.words)) {
    surface.set(word, value);
    const s = stemsOf(word, lang)[0];
    // First listed wins on a stem collision: base forms are listed first.
    if (s !== undefined && !stems.has(s)) stems.set(s, value);
  }

  const roles = new Map<string, Role>();
  const phrases = new Map<string, Phrase[]>();
  const negatorStems = new Set(lex.negators.flatMap((n) => stemsOf(n, lang)));
  const add = (text: string, role: Role): void => {
    const st = stemsOf(text, lang);
    if (st.length === 0) return;
    if (st.length === 1 && role.kind !== 'valence') {
      roles.set(text, role);
      return;
    }
    const list = phrases.get(st[0]) ?? [];
    if (list.some((p) => p.stems.join(' ') === st.join(' '))) return; // curated entries come first
    list.push({ stems: st, role, selfNegated: st.some((x) => negatorStems.has(x)) });
    phrases.set(st[0], list);
  };
  for (const n of lex.negators) add(n, { kind: 'negator' });
  for (const [m, mult] of Object.entries(lex.modifiers))
    add(m, { kind: 'modifier', mult, alone: lex.modifierAlone[m] ?? 0 });
  for (const c of lex.contrast) add(c, { kind: 'contrast' });
  for (const p of lex.politeness) add(p, { kind: 'politeness' });
  for (const [p, value] of Object.entries(lex.phrases)) add(p, { kind: 'valence', value });
  for (const [p, value] of Object.entries(extraPhrases)) add(p, { kind: 'valence', value });
  for (const list of phrases.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  for (const w of lex.weakNegators) roles.set(w, { kind: 'negator' });

  return {
    lang,
    surface,
    stems,
    fallbackSurface,
    fallbackStems,
    roles,
    phrases,
    weak: new Set(lex.weakNegators),
    problems: new Set(lex.problems),
    resolvers: new Set(lex.resolvers),
  };
}

/** Stem → mean valence, dropping stems whose words disagree in sign (e.g. "help"/"helpless"). */
function stemTable(entries: Iterable<[string, number]>, lang: TextLang): Map<string, number> {
  const acc = new Map<string, number[]>();
  for (const [w, v] of entries) {
    const s = stemsOf(w, lang);
    if (s.length !== 1) continue;
    const list = acc.get(s[0]) ?? [];
    list.push(v);
    acc.set(s[0], list);
  }
  const out = new Map<string, number>();
  for (const [s, vs] of acc) {
    if (vs.some((v) => v > 0) && vs.some((v) => v < 0)) continue;
    out.set(s, vs.reduce((a, b) => a + b, 0) / vs.length);
  }
  return out;
}

function buildEnglish(): CompiledLexicon {
  // AFINN's own negators/courtesy words are handled structurally; keep them out of the fallback.
  const structural = new Set([
    ...EN_LEXICON.negators,
    ...EN_LEXICON.politeness,
    ...Object.keys(EN_LEXICON.modifiers),
  ]);
  const single: [string, number][] = [];
  const multi: Record<string, number> = {};
  for (const [w, v] of Object.entries(afinn as Record<string, number>)) {
    if (structural.has(w)) continue;
    if (w.includes(' ')) multi[w] = v;
    else single.push([w, v]);
  }
  return compile('en', EN_LEXICON, new Map(single), stemTable(single, 'en'), multi);
}

function buildItalian(): CompiledLexicon {
  return compile('it', IT_LEXICON, new Map(), new Map());
}

const LEXICONS: Record<TextLang, CompiledLexicon> = { it: buildItalian(), en: buildEnglish() };

const EMOJI = new Map<string, number>([
  ...Object.entries(emojiRanking as Record<string, number>),
  ...Object.entries(EMOJI_VALENCE),
]);

interface Scored {
  /** Raw sum on the AFINN scale, before squashing. */
  readonly raw: number;
  /** Lexical hits (not emoji): used to pick a lexicon when the language is unknown. */
  readonly hits: number;
}

function lookup(lex: CompiledLexicon, t: Token): { value: Valence; mult: number } | undefined {
  const direct = lex.surface.get(t.norm) ?? lex.stems.get(t.stem);
  if (direct !== undefined) return { value: direct, mult: 1 };
  if (lex.lang === 'it') {
    // Absolute superlative: gentilissimo = very gentile, velocissimi = very veloce.
    const m = /^(\p{L}{3,})issim[oaie]$/u.exec(t.norm);
    if (m) {
      const base = `${m[1]}o`;
      const b =
        lex.surface.get(base) ??
        lex.stems.get(stemsOf(base, 'it')[0] ?? base) ??
        lex.fallbackStems.get(stemsOf(base, 'it')[0] ?? base);
      if (b !== undefined) return { value: b, mult: 1.5 };
    }
  }
  // Fallback stems only for inflected forms: a base word missing from AFINN ("back") must not
  // inherit the score of its derivations ("backing" +2).
  const fb =
    lex.fallbackSurface.get(t.norm) ?? (t.stem !== t.norm ? lex.fallbackStems.get(t.stem) : undefined);
  return fb === undefined ? undefined : { value: fb, mult: 1 };
}

function matchPhrase(lex: CompiledLexicon, tokens: readonly Token[], i: number): Phrase | undefined {
  const candidates = lex.phrases.get(tokens[i].stem);
  if (!candidates) return undefined;
  outer: for (const p of candidates) {
    if (i + p.stems.length > tokens.length) continue;
    for (let k = 1; k < p.stems.length; k++) {
      const t = tokens[i + k];
      if (t.kind !== 'word' || t.stem !== p.stems[k]) continue outer;
    }
    return p;
  }
  return undefined;
}

function valenceOf(value: Valence, negated: boolean, weak: boolean): number {
  if (typeof value !== 'number') {
    if (!negated) return value[0];
    return weak ? value[1] * 0.6 : value[1];
  }
  if (!negated) return value;
  if (weak) return value > 0 ? value * NEGATE_POSITIVE : value * 0.5;
  return value * (value > 0 ? NEGATE_POSITIVE : NEGATE_NEGATIVE);
}

function scoreTokens(tokens: readonly Token[], lex: CompiledLexicon, trace?: string[]): Scored {
  const items: number[] = [];
  let hits = 0;
  let words = 0;
  let politeness = 0;
  let exclamations = 0;
  let contrastAt = -1;
  // Negation and modifier scopes, counted in words still to go; reset at clause boundaries.
  let negLeft = 0;
  let negWeak = false;
  let modLeft = 0;
  let mod = { mult: 1, alone: 0 };
  // Problem words seen in the current clause, and whether the clause says they were resolved.
  let problemItems: number[] = [];
  let resolved = false;
  const closeClause = (): void => {
    if (resolved) for (const k of problemItems) if (items[k] < 0) items[k] = 0;
    problemItems = [];
    resolved = false;
  };

  const closeModifier = (): void => {
    if (modLeft > 0 && mod.alone !== 0) {
      items.push(mod.alone);
      trace?.push(`(modifier alone)=${mod.alone}`);
    }
    modLeft = 0;
  };
  const push = (value: Valence, extraMult: number, what: string, selfNegated = false): void => {
    // Italian negative concord: "non ho avuto nessun problema" is one negation, not two.
    const negated = negLeft > 0 && !selfNegated;
    if (lex.problems.has(what)) problemItems.push(items.length);
    if (lex.resolvers.has(what) && !negated) resolved = true;
    let v = valenceOf(value, negated, negWeak) * extraMult;
    // Zero-valued entries only block fallbacks ("rispetto a" is not "respect"); they don't take a modifier.
    if (v === 0) return;
    if (modLeft > 0) {
      v *= mod.mult;
      modLeft = 0;
    }
    trace?.push(`${what}=${v.toFixed(2)}`);
    items.push(v);
    hits++;
  };

  for (let i = 0; i < tokens.length;) {
    const t = tokens[i];
    if (t.kind === 'boundary') {
      exclamations += (t.norm.match(/!/g) ?? []).length;
      closeModifier();
      closeClause();
      negLeft = 0;
      i++;
      continue;
    }
    if (t.kind === 'emoji') {
      const v = EMOJI.get(t.norm);
      if (v !== undefined) items.push(v);
      if (v !== undefined) trace?.push(`${t.norm}=${v}`);
      i++;
      continue;
    }
    words++;
    // Age the scopes opened by earlier words.
    if (negLeft > 0) negLeft--;
    if (modLeft > 0 && --modLeft === 0) {
      modLeft = 1; // let closeModifier() account for it
      closeModifier();
    }

    const phrase = matchPhrase(lex, tokens, i);
    const role: Role | undefined = phrase?.role ?? lex.roles.get(t.norm);
    const span = phrase ? phrase.stems.length : 1;
    if (phrase) words += span - 1;
    if (role) {
      switch (role.kind) {
        case 'negator':
          negLeft = NEGATION_WINDOW + 1;
          negWeak = !phrase && lex.weak.has(t.norm);
          break;
        case 'modifier':
          closeModifier();
          mod = role;
          modLeft = MODIFIER_WINDOW + 1;
          break;
        case 'contrast':
          closeModifier();
          closeClause();
          if (contrastAt < 0) contrastAt = items.length;
          negLeft = 0;
          break;
        case 'politeness':
          politeness++;
          break;
        case 'valence':
          push(role.value, 1, phrase ? phrase.stems.join(' ') : t.norm, phrase?.selfNegated);
          break;
      }
      i += span;
      continue;
    }
    const hit = lookup(lex, t);
    if (hit) push(hit.value, hit.mult, t.norm);
    i++;
  }
  closeModifier();
  closeClause();

  // "X ma Y": Y is what the customer means (VADER's weights).
  let raw = 0;
  items.forEach((v, k) => {
    raw += contrastAt < 0 ? v : k < contrastAt ? v * 0.5 : v * 1.5;
  });
  // A bare "Grazie!" is praise; "…, grazie." closing a request is a formula.
  if (politeness > 0) raw += words <= 3 ? 2 : 0.3;
  if (raw !== 0 && exclamations > 0) raw *= 1 + 0.1 * Math.min(exclamations, 3);
  return { raw, hits };
}

function squash(raw: number): number {
  const s = raw / Math.sqrt(raw * raw + ALPHA);
  return Math.max(-1, Math.min(1, s));
}

/** Debugging aid: the scored items behind a comment's polarity (not part of the public API). */
export function traceSentiment(
  text: string,
  lang: Exclude<Language, 'und'>,
): { score: number; items: string[] } {
  const items: string[] = [];
  const { raw } = scoreTokens(tokenize(text, lang), LEXICONS[lang], items);
  return { score: squash(raw), items };
}

/** scoreSentiment on tokens already produced for each language to try (lets analyzeComment tokenize once). */
export function scoreSentimentTokens(tokensByLang: Partial<Record<TextLang, readonly Token[]>>): number {
  const scored = (['it', 'en'] as const).flatMap((l) => {
    const tokens = tokensByLang[l];
    return tokens ? [scoreTokens(tokens, LEXICONS[l])] : [];
  });
  if (scored.length === 0) return 0;
  if (scored.length === 1) return squash(scored[0].raw);
  // Unknown language: the lexicon that recognises more words wins; a tie averages.
  const [it, en] = scored;
  if (it.hits === en.hits) return squash((it.raw + en.raw) / 2);
  return squash(it.hits > en.hits ? it.raw : en.raw);
}

/**
 * Polarity of a comment in [-1, 1]; 0 when nothing opinionated is found. With `lang` 'und' both
 * lexicons are tried and the one that recognises more words wins (emoji count for both).
 */
export function scoreSentiment(text: string, lang: Language): number {
  const langs: TextLang[] = lang === 'und' ? ['it', 'en'] : [lang];
  return scoreSentimentTokens(Object.fromEntries(langs.map((l) => [l, tokenize(text, l)])));
}
