/**
 * Theme tagging against a tenant-editable keyword taxonomy (the matcher; the checks of a
 * tenant's taxonomy are in taxonomy-check.ts, the default taxonomy in default-taxonomy.json).
 *
 * Keyword syntax (per language), all case- and accent-insensitive:
 *  - `consegna`        a word, matched by Snowball stem: consegna, consegne, consegnato…
 *  - `rimbors*`        a prefix of the folded word: rimborso, rimborsi, rimborsabile…
 *  - `tempi di attesa` a phrase: its content words (function words like "di"/"the" dropped) must
 *                      all occur, in any order, within a few words: "tempo d'attesa", "la linea
 *                      è caduta" / "caduta la linea". Phrase words may use `*` too.
 * Stems rather than a lemmatiser: fast (sub-microsecond per word) and good enough for the
 * plural/singular and verb forms that matter in short comments.
 */
import { fold, tokenize, type TextLang, type Token } from './tokenize';
import type { Language } from './language';
import DEFAULT_TAXONOMY_DATA from './default-taxonomy.json';

export interface ThemeDefinition {
  /** Stable kebab-case id, stored with each analysed comment. */
  readonly id: string;
  readonly labels: { readonly it: string; readonly en: string };
  readonly keywords: { readonly it: readonly string[]; readonly en: readonly string[] };
}

export interface ThemeTaxonomy {
  readonly themes: readonly ThemeDefinition[];
}

/** A phrase's words may be this many positions apart beyond their own count. */
const PHRASE_SLACK = 3;
const MIN_PREFIX = 3;

const FUNCTION_WORDS: Record<TextLang, Set<string>> = {
  it: new Set(
    'il lo la i gli le l un uno una di d a da in con su per tra fra del dello della dei degli delle al allo alla ai agli alle dal dallo dalla dai dagli dalle nel nello nella nei negli nelle sul sullo sulla sui sugli sulle dell dall nell sull all coll e ed o che mi ti ci si'.split(
      ' ',
    ),
  ),
  en: new Set('the a an of to in on at for with and or my your our is was be by from me i it'.split(' ')),
};

type Part = { readonly stem: string } | { readonly prefix: string };

export interface CompiledKeyword {
  readonly parts: readonly Part[];
}

interface CompiledTheme {
  readonly id: string;
  readonly keywords: Record<TextLang, readonly CompiledKeyword[]>;
}

interface CompiledTaxonomy {
  readonly themes: readonly CompiledTheme[];
  /** Every prefix keyword part, indexed by its first letters, so a comment is scanned once. */
  readonly prefixes: Record<TextLang, Map<string, string[]>>;
}

/** Parse one keyword; returns an error message instead when it cannot match anything sensible. */
export function compileKeyword(raw: string, lang: TextLang): CompiledKeyword | string {
  const text = raw.trim();
  if (!text) return 'is empty';
  const parts: Part[] = [];
  // Split on what the tokenizer would split on, keeping a trailing '*' with its word.
  for (const m of fold(text).matchAll(/([\p{L}\p{N}']+)(\*)?/gu)) {
    const word = m[1];
    if (m[2]) {
      const prefix = word.replace(/'/g, '');
      if (prefix.length < MIN_PREFIX) return `has a prefix "${word}*" shorter than ${MIN_PREFIX} letters`;
      parts.push({ prefix });
      continue;
    }
    for (const t of tokenize(word, lang)) {
      if (t.kind === 'word' && !FUNCTION_WORDS[lang].has(t.norm)) parts.push({ stem: t.stem });
    }
  }
  if (parts.length === 0) return 'has no content words (only function words or symbols)';
  return { parts };
}

function compileTaxonomy(t: ThemeTaxonomy): CompiledTaxonomy {
  const themes: CompiledTheme[] = [];
  const prefixes: Record<TextLang, Map<string, string[]>> = { it: new Map(), en: new Map() };
  for (const theme of t.themes) {
    const keywords: Record<TextLang, CompiledKeyword[]> = { it: [], en: [] };
    for (const lang of ['it', 'en'] as const) {
      for (const k of theme.keywords?.[lang] ?? []) {
        const c = compileKeyword(String(k), lang);
        if (typeof c === 'string') continue; // validateTaxonomy reports it; matching skips it
        keywords[lang].push(c);
        for (const part of c.parts) {
          if (!('prefix' in part)) continue;
          const key = part.prefix.slice(0, MIN_PREFIX);
          const list = prefixes[lang].get(key) ?? [];
          if (!list.includes(part.prefix)) list.push(part.prefix);
          prefixes[lang].set(key, list);
        }
      }
    }
    themes.push({ id: theme.id, keywords });
  }
  return { themes, prefixes };
}

// Tenants pass the same taxonomy object for every comment: compile it once.
const compiled = new WeakMap<ThemeTaxonomy, CompiledTaxonomy>();

function compiledFor(t: ThemeTaxonomy): CompiledTaxonomy {
  let c = compiled.get(t);
  if (!c) {
    c = compileTaxonomy(t);
    compiled.set(t, c);
  }
  return c;
}

/** Where each stem and each taxonomy prefix occurs in one comment (word positions). */
interface View {
  readonly lang: TextLang;
  readonly byStem: Map<string, number[]>;
  readonly byPrefix: Map<string, number[]>;
}

const NOWHERE: readonly number[] = [];

function viewOf(tokens: readonly Token[], lang: TextLang, prefixes: Map<string, string[]>): View {
  const byStem = new Map<string, number[]>();
  const byPrefix = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, k: string, i: number): void => {
    const l = m.get(k);
    if (l) l.push(i);
    else m.set(k, [i]);
  };
  let i = 0;
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    add(byStem, t.stem, i);
    for (const p of prefixes.get(t.norm.slice(0, MIN_PREFIX)) ?? [])
      if (t.norm.startsWith(p)) add(byPrefix, p, i);
    i++;
  }
  return { lang, byStem, byPrefix };
}

const positionsOf = (part: Part, v: View): readonly number[] =>
  ('stem' in part ? v.byStem.get(part.stem) : v.byPrefix.get(part.prefix)) ?? NOWHERE;

function matches(k: CompiledKeyword, v: View): boolean {
  if (k.parts.length === 1) return positionsOf(k.parts[0], v).length > 0;
  const lists = k.parts.map((p) => positionsOf(p, v));
  if (lists.some((l) => l.length === 0)) return false;
  // Any order: some occurrence of the first part has all the others within the window around it.
  const span = k.parts.length + PHRASE_SLACK;
  return lists[0].some((anchor) =>
    lists.slice(1).every((l) => l.some((p) => p !== anchor && Math.abs(p - anchor) < span)),
  );
}

/** detectThemes on tokens already produced for each language to try (lets analyzeComment tokenize once). */
export function detectThemesInTokens(
  tokensByLang: Partial<Record<TextLang, readonly Token[]>>,
  taxonomy: ThemeTaxonomy = DEFAULT_TAXONOMY,
): string[] {
  const c = compiledFor(taxonomy);
  const views: View[] = [];
  for (const lang of ['it', 'en'] as const) {
    const tokens = tokensByLang[lang];
    if (tokens) views.push(viewOf(tokens, lang, c.prefixes[lang]));
  }
  const found: string[] = [];
  for (const theme of c.themes) {
    if (views.some((v) => theme.keywords[v.lang].some((k) => matches(k, v)))) found.push(theme.id);
  }
  return found;
}

/** Theme ids (in taxonomy order) whose keywords occur in the text. 'und' tries both languages. */
export function detectThemes(
  text: string,
  lang: Language,
  taxonomy: ThemeTaxonomy = DEFAULT_TAXONOMY,
): string[] {
  const langs: TextLang[] = lang === 'und' ? ['it', 'en'] : [lang];
  return detectThemesInTokens(Object.fromEntries(langs.map((l) => [l, tokenize(text, l)])), taxonomy);
}

/**
 * Starter taxonomy for contact centre, e-commerce and telco feedback, as data
 * (default-taxonomy.json). Deliberately conservative: ambiguous words (e.g. "ordine",
 * "arrivato", "problema") are left out because they appear under many themes.
 */
export const DEFAULT_TAXONOMY: ThemeTaxonomy = DEFAULT_TAXONOMY_DATA;
