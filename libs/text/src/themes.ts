/**
 * Theme tagging against a tenant-editable keyword taxonomy.
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

interface CompiledKeyword {
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
function compileKeyword(raw: string, lang: TextLang): CompiledKeyword | string {
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

const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Human-readable problems in a taxonomy a tenant edited (empty list = valid). Accepts unknown
 * input because it usually comes straight from JSON.
 */
export function validateTaxonomy(t: unknown): string[] {
  const errors: string[] = [];
  if (typeof t !== 'object' || t === null || !Array.isArray((t as { themes?: unknown }).themes)) {
    return ['taxonomy must be an object with a "themes" array'];
  }
  const themes = (t as { themes: unknown[] }).themes;
  if (themes.length === 0) errors.push('taxonomy has no themes');
  const seen = new Map<string, number>();
  themes.forEach((raw, i) => {
    const where = `theme #${i + 1}`;
    if (typeof raw !== 'object' || raw === null) {
      errors.push(`${where} is not an object`);
      return;
    }
    const theme = raw as Partial<Record<keyof ThemeDefinition, unknown>>;
    const id = typeof theme.id === 'string' ? theme.id : '';
    const name = id ? `theme "${id}"` : where;
    if (!id) errors.push(`${where} has no id`);
    else if (!ID_RE.test(id))
      errors.push(`${name}: id must be kebab-case (a-z, 0-9 and "-"), e.g. "waiting-time"`);
    if (id) {
      const key = id.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) errors.push(`${name}: duplicate id (also theme #${first})`);
      else seen.set(key, i + 1);
    }
    const labels = theme.labels as Partial<Record<TextLang, unknown>> | undefined;
    for (const lang of ['it', 'en'] as const) {
      const label = labels?.[lang];
      if (typeof label !== 'string' || !label.trim())
        errors.push(`${name}: missing ${lang === 'it' ? 'Italian' : 'English'} label`);
    }
    const keywords = theme.keywords as Partial<Record<TextLang, unknown>> | undefined;
    if (typeof keywords !== 'object' || keywords === null) {
      errors.push(`${name}: keywords must be an object with "it" and "en" lists`);
      return;
    }
    let total = 0;
    for (const lang of ['it', 'en'] as const) {
      const list = keywords[lang];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        errors.push(`${name}: keywords.${lang} must be a list of strings`);
        continue;
      }
      const forms = new Map<string, string>();
      list.forEach((k: unknown, j) => {
        const kw = `${name}: keywords.${lang}[${j}]`;
        if (typeof k !== 'string') {
          errors.push(`${kw} is not a string`);
          return;
        }
        const c = compileKeyword(k, lang);
        if (typeof c === 'string') {
          errors.push(`${kw} "${k}" ${c}`);
          return;
        }
        total++;
        const form = c.parts.map((p) => ('stem' in p ? p.stem : `${p.prefix}*`)).join(' ');
        const dup = forms.get(form);
        if (dup !== undefined) errors.push(`${kw} "${k}" duplicates "${dup}" (same stems)`);
        else forms.set(form, k);
      });
    }
    if (total === 0) errors.push(`${name}: has no usable keywords in either language`);
  });
  return errors;
}

/**
 * Starter taxonomy for contact centre, e-commerce and telco feedback. Deliberately conservative:
 * ambiguous words (e.g. "ordine", "arrivato", "problema") are left out because they appear under
 * many themes.
 */
// prettier-ignore
export const DEFAULT_TAXONOMY: ThemeTaxonomy = {
  themes: [
    {
      id: 'waiting-time',
      labels: { it: 'Tempi di attesa', en: 'Waiting time' },
      keywords: {
        it: ['attesa', 'tempi di attesa', 'aspettato', 'coda', 'musichetta', 'minuti in linea', 'ore in linea',
          'ore al telefono', 'minuti al telefono', 'risposta rapida', 'risposta lenta', 'tempi di risposta',
          'rapidita', 'tempestiv*'],
        en: ['wait', 'waiting time', 'on hold', 'hold music', 'queue', 'forever', 'took ages', 'response time',
          'answered quickly', 'answered straight away'],
      },
    },
    {
      id: 'staff-attitude',
      labels: { it: 'Cortesia del personale', en: 'Staff attitude' },
      keywords: {
        it: ['gentil*', 'cortes*', 'scortes*', 'maleducat*', 'sgarbat*', 'arrogan*', 'antipatic*', 'simpatic*',
          'educat*', 'disponibil*', 'cordial*', 'atteggiamento', 'tono', 'insolen*', 'supponen*',
          'menefreghist*', 'pazien*', 'premuros*', 'sorridente', 'sufficienza', 'irrispettos*'],
        en: ['rude*', 'polite*', 'impolite', 'friendly', 'unfriendly', 'courteous', 'discourteous', 'attitude',
          'manner*', 'patient', 'impatient', 'arrogant', 'condescending', 'dismissive', 'lovely', 'helpful*',
          'unhelpful*', 'respectful', 'disrespectful', 'empathetic', 'caring', 'patronising', 'patronizing'],
      },
    },
    {
      id: 'agent-knowledge',
      labels: { it: 'Competenza', en: 'Agent knowledge' },
      keywords: {
        it: ['competen*', 'incompeten*', 'preparat*', 'impreparat*', 'preparazione', 'esperto',
          'capace', 'incapace', 'informazioni sbagliate', 'informazioni errate', 'informazioni contrastanti',
          'non sapeva', 'nessuno sapeva', 'sapeva dirmi', 'formazione', 'professionalita'],
        en: ['knowledge*', 'clueless', 'competent', 'incompetent', 'expert*', 'trained',
          "didn't know", 'no idea', 'wrong information', 'misinformed', 'explained', 'answer my question',
          'knew what'],
      },
    },
    {
      id: 'delivery',
      labels: { it: 'Consegna', en: 'Delivery' },
      keywords: {
        it: ['consegna', 'spedizione', 'spedito', 'corriere', 'pacco', 'tracking', 'tracciamento', 'imballaggio',
          'imballo', 'ritiro', 'articolo diverso', 'giacenza'],
        en: ['deliver*', 'shipping', 'shipment', 'courier', 'parcel', 'package', 'tracking',
          'dispatch*', 'postage', 'wrong item', 'wrong size'],
      },
    },
    {
      id: 'billing',
      labels: { it: 'Fattura e addebiti', en: 'Billing' },
      keywords: {
        it: ['fattur*', 'bollett*', 'addebit*', 'canone', 'importo', 'costi nascosti', 'estratto conto',
          'farmi pagare', 'pagare due volte', 'conguaglio'],
        en: ['bill', 'invoice', 'charge', 'overcharged', 'fee', 'direct debit',
          'statement'],
      },
    },
    {
      id: 'refund',
      labels: { it: 'Rimborso', en: 'Refund' },
      keywords: {
        it: ['rimbors*', 'reso', 'restituzione', 'soldi indietro', 'storno', 'riaccredit*',
          'nota di credito'],
        en: ['refund*', 'money back', 'return', 'reimburs*', 'credit note', 'chargeback'],
      },
    },
    {
      id: 'website-app',
      labels: { it: 'App e sito', en: 'Website and app' },
      keywords: {
        it: ['app', 'applicazione', 'sito', 'area clienti', 'area personale', 'login', 'password', 'checkout',
          'carrello', 'pagina', 'online'],
        en: ['app', 'website', 'site', 'online', 'log in', 'login', 'password', 'checkout', 'basket', 'cart',
          'webpage', 'page'],
      },
    },
    {
      id: 'product-quality',
      labels: { it: 'Qualità del prodotto', en: 'Product quality' },
      keywords: {
        it: ['qualita', 'difett*', 'rotto', 'rottura', 'guasto', 'danneggiat*', 'rovinat*', 'scadente',
          'materiale'],
        en: ['quality', 'defective', 'faulty', 'broken', 'broke', 'damaged', 'flimsy', 'cheaply made',
          'not as described', 'stopped working', 'poor quality'],
      },
    },
    {
      id: 'price',
      labels: { it: 'Prezzo', en: 'Price' },
      keywords: {
        it: ['prezz*', 'caro', 'costoso', 'costa', 'conveniente', 'economico',
          'offerta', 'sconto', 'tariffa', 'rincaro', 'aumento', 'esoso'],
        en: ['price*', 'pricing', 'expensive', 'overpriced', 'pricey', 'cheap', 'cost', 'value', 'affordable',
          'discount', 'offer', 'tariff'],
      },
    },
    {
      id: 'dropped-call',
      labels: { it: 'Linea caduta', en: 'Dropped call' },
      keywords: {
        it: ['linea caduta', 'cade la linea', 'chiamata interrotta', 'chiamata caduta', 'chiuso il telefono',
          'chiuso in faccia', 'riattaccat*', 'attaccato in faccia', 'linea interrotta'],
        en: ['dropped call', 'call dropped', 'cut off', 'hung up', 'hang up', 'line went dead', 'disconnected',
          'line dropped'],
      },
    },
    {
      id: 'transfers',
      labels: { it: 'Trasferimenti', en: 'Transfers' },
      keywords: {
        it: ['trasferit*', 'trasferiment*', 'passato al reparto', 'passato a un collega',
          'rimpallat*', 'rimbalzat*', 'palleggiat*', 'da un reparto all altro', 'da un operatore all altro'],
        en: ['transfer*', 'passed around', 'passing me', 'another department', 'bounced around',
          'put through to', 'pillar to post'],
      },
    },
  ],
};
