/**
 * Lexicon sentiment for short customer comments, Italian and English, in [-1, 1].
 *
 * Why our own scorer rather than `sentiment`'s analyze(): that one scores single tokens and only
 * negates the immediately preceding token, so it cannot see "attesa infinita", "hung up on me",
 * "non è stato per niente gentile" or "rimborso mai arrivato". We reuse its data (AFINN-165 and
 * the Emoji Sentiment Ranking) as the English / emoji fallback under hand-curated
 * contact-centre lexicons; Italian is curated only (see lexicon/it.ts for why).
 *
 * Per comment: tokenize + stem, match phrases longest-first, score words with a negation window
 * and modifiers, and tag each scored item with the scope it sits in: a conceded clause ("anche se
 * …"), a verdict ("nel complesso …"), an if-clause, an unreal conditional ("sarebbe un buon
 * servizio se …"). Failure reports with no opinion word count too: unresolved states ("ancora",
 * "still"), counted waits and repeated contacts ("da 15 giorni", "third time I call"). Then
 * sarcasm is undone (strong praise followed, with no "but", by a complaint), scopes weigh the
 * items, and the sum is squashed like VADER (x / sqrt(x² + 15)). Everything heavy is compiled once
 * at module load; a comment costs a few microseconds.
 */
import afinn from 'sentiment/languages/en/labels.json';
import emojiRanking from 'sentiment/build/emoji.json';
import { EMOJI_VALENCE } from './lexicon/emoji';
import { EN_LEXICON } from './lexicon/en';
import { IT_LEXICON } from './lexicon/it';
import type { QuantityLexicon, SentimentLexicon, TimeUnit, Valence } from './lexicon/types';
import { tokenize, stemsOf, type TextLang, type Token } from './tokenize';
import type { Language } from './language';

/** How many following words a negator reaches ("non è stato per niente gentile"). */
const NEGATION_WINDOW = 4;
/** A long negator ("non si può dire che", "not what I'd call") reaches the end of its clause. */
const LONG_NEGATION_WINDOW = 12;
/** How many following words a modifier reaches ("molto ma molto gentile" is rare; 2 is enough). */
const MODIFIER_WINDOW = 2;
/** VADER's normalisation constant: one strong word (±3) lands near ±0.6. */
const ALPHA = 15;
/** Generic negation when a word has no explicit negated value: "not good" is bad, "not bad" only mildly good. */
const NEGATE_POSITIVE = -0.9;
const NEGATE_NEGATIVE = -0.5;

/**
 * Scope weights. A conceded clause at the start of a sentence gives way to the main clause
 * ("anche se ho aspettato, mi hanno risolto tutto"); a verdict clause weighs like the clause after
 * "ma". What an if-clause says is not reported ("se il pacco non arriva…"), so it barely counts;
 * good words in an unreal conditional ("sarebbe un buon servizio se…") are missed expectations.
 */
const CONCEDED = 0.25;
const VERDICT = 1.5;
const HYPOTHETICAL = 0.15;
const UNREAL_GOOD = -0.8;
const UNREAL_BAD = 0.3;
/** A past counterfactual if-clause ("se il corriere avesse citofonato…") is itself a complaint. */
const COUNTERFACTUAL = -1;
/** Sarcasm: praise that meant its opposite counts against, at half its strength. */
const IRONY = -0.5;
/** Strong praise (AFINN scale) that can be sarcastic, and the complaint that reveals it. */
const PRAISE = 2;
const BARE_PRAISE = 1.5;
const COMPLAINT = -1.5;

type Role =
  | { kind: 'valence'; value: Valence }
  | { kind: 'negator'; window: number }
  | { kind: 'modifier'; mult: number; alone: number }
  | { kind: 'contrast' }
  | { kind: 'politeness' }
  | { kind: 'persistence'; value: number }
  | { kind: 'concessive'; initialOnly: boolean }
  | { kind: 'summary' }
  | { kind: 'irrealis'; value: number }
  | { kind: 'conditional' }
  | { kind: 'irony'; value: number };

interface Phrase {
  readonly stems: readonly string[];
  readonly role: Role;
  /** Contains its own negator ("nessun problema", "no issues"): an earlier one must not flip it again. */
  readonly selfNegated: boolean;
  /** Carries its own modality ("chiedere di meglio", "zero stars"): conditionals leave it alone. */
  readonly modal: boolean;
}

interface CompiledQuantities {
  readonly numbers: Map<string, number>;
  readonly ordinals: Map<string, number>;
  readonly units: Map<string, TimeUnit>;
  readonly repeats: Set<string>;
  readonly countFillers: Set<string>;
  readonly elapsedBefore: Set<string>;
  readonly elapsedAfter: Set<string>;
  readonly waiting: Set<string>;
  readonly dates: Set<string>;
  readonly since: Set<string>;
  /** Every word that can start a count: numbers, ordinals, bare units, "da"/"since". */
  readonly starters: Set<string>;
}

interface CompiledLexicon {
  readonly lang: TextLang;
  readonly surface: Map<string, Valence>;
  readonly stems: Map<string, Valence>;
  readonly fallbackSurface: Map<string, number>;
  readonly fallbackStems: Map<string, number>;
  /** Single-token roles, keyed by folded surface form. */
  readonly roles: Map<string, Role>;
  /**
   * Multi-token phrases of any role, by first and second stem, longest first. Two keys because
   * many phrases start with the commonest words ("non", "would", "in").
   */
  readonly phrases: Map<string, Map<string, Phrase[]>>;
  /** Negators that only flip positives ("poco gentile") and soften negatives. */
  readonly weak: Set<string>;
  readonly problems: Set<string>;
  readonly resolvers: Set<string>;
  readonly counterfactual: Set<string>;
  readonly pastCounterfactual: Set<string>;
  readonly counterfactualNegators: Set<string>;
  readonly hypotheticalSubjects: Set<string>;
  readonly trailingContrast: Set<string>;
  /** Stem keys of the negators that, ending a clause, mean "for nothing". */
  readonly emptyHanded: Set<string>;
  readonly negationTransparent: Set<string>;
  readonly negationCarriers: Set<string>;
  readonly statusWords: Set<string>;
  readonly modal: Set<string>;
  readonly quantities: CompiledQuantities;
}

function compileQuantities(q: QuantityLexicon): CompiledQuantities {
  return {
    numbers: new Map(Object.entries(q.numbers)),
    ordinals: new Map(Object.entries(q.ordinals)),
    units: new Map(Object.entries(q.units)),
    repeats: new Set(q.repeats),
    countFillers: new Set(q.countFillers),
    elapsedBefore: new Set(q.elapsedBefore),
    elapsedAfter: new Set(q.elapsedAfter),
    waiting: new Set(q.waiting),
    dates: new Set(q.dates),
    since: new Set(q.since),
    starters: new Set([
      ...Object.keys(q.numbers),
      ...Object.keys(q.ordinals),
      ...Object.keys(q.units),
      ...q.since,
    ]),
  };
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
  const phrases = new Map<string, Map<string, Phrase[]>>();
  // Surface forms, not stems: "mancare" shares its stem with the negator "manco".
  const negatorWords = new Set(lex.negators.filter((n) => !n.includes(' ')));
  const modal = new Set(lex.modalPhrases.map((p) => stemsOf(p, lang).join(' ')));
  const add = (text: string, role: Role): void => {
    const st = stemsOf(text, lang);
    if (st.length === 0) return;
    if (st.length === 1 && role.kind !== 'valence') {
      if (!roles.has(text)) roles.set(text, role);
      return;
    }
    const bySecond = phrases.get(st[0]) ?? new Map<string, Phrase[]>();
    const list = bySecond.get(st[1]) ?? [];
    const key = st.join(' ');
    if (list.some((p) => p.stems.join(' ') === key)) return; // curated entries come first
    const selfNegated = tokenize(text, lang).some((t) => negatorWords.has(t.norm));
    list.push({ stems: st, role, selfNegated, modal: modal.has(key) });
    bySecond.set(st[1], list);
    phrases.set(st[0], bySecond);
  };
  for (const n of lex.negators) add(n, { kind: 'negator', window: NEGATION_WINDOW });
  for (const n of lex.longNegators) add(n, { kind: 'negator', window: LONG_NEGATION_WINDOW });
  for (const [m, mult] of Object.entries(lex.modifiers))
    add(m, { kind: 'modifier', mult, alone: lex.modifierAlone[m] ?? 0 });
  for (const c of lex.contrast) add(c, { kind: 'contrast' });
  for (const p of lex.politeness) add(p, { kind: 'politeness' });
  for (const [p, value] of Object.entries(lex.persistence)) add(p, { kind: 'persistence', value });
  for (const c of lex.concessive) add(c, { kind: 'concessive', initialOnly: false });
  for (const c of lex.concessiveInitial) add(c, { kind: 'concessive', initialOnly: true });
  for (const s of lex.summary) add(s, { kind: 'summary' });
  for (const [p, value] of Object.entries(lex.irrealis)) add(p, { kind: 'irrealis', value });
  for (const c of lex.conditionals) add(c, { kind: 'conditional' });
  for (const [m, value] of Object.entries(lex.ironyMarkers)) add(m, { kind: 'irony', value });
  for (const [p, value] of Object.entries(lex.phrases)) add(p, { kind: 'valence', value });
  for (const [p, value] of Object.entries(extraPhrases)) add(p, { kind: 'valence', value });
  for (const bySecond of phrases.values()) {
    for (const list of bySecond.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  }
  for (const w of lex.weakNegators) roles.set(w, { kind: 'negator', window: NEGATION_WINDOW });

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
    counterfactual: new Set(lex.counterfactual),
    pastCounterfactual: new Set(lex.pastCounterfactual),
    counterfactualNegators: new Set(lex.counterfactualNegators),
    hypotheticalSubjects: new Set(lex.hypotheticalSubjects),
    trailingContrast: new Set(lex.trailingContrast),
    emptyHanded: new Set(lex.emptyHanded.map((p) => stemsOf(p, lang).join(' '))),
    negationTransparent: new Set(lex.negationTransparent),
    negationCarriers: new Set(lex.negationCarriers.map((p) => stemsOf(p, lang).join(' '))),
    statusWords: new Set(lex.statusWords),
    modal,
    quantities: compileQuantities(lex.quantities),
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
    const m = t.norm.includes('issim') ? /^(\p{L}{3,})issim[oaie]$/u.exec(t.norm) : null;
    if (m) {
      const base = `${m[1]}o`;
      const b =
        lex.surface.get(base) ??
        lex.stems.get(stemsOf(base, 'it')[0] ?? base) ??
        lex.fallbackStems.get(stemsOf(base, 'it')[0] ?? base);
      if (b !== undefined) return { value: b, mult: 1.5 };
    }
  } else {
    // Superlative: "the fastest", "not the sharpest" = very fast / sharp.
    const m = t.norm.endsWith('est') ? /^(\p{L}{3,}?)(?:i|(\p{L}))?est$/u.exec(t.norm) : null;
    if (m) {
      const bases = m[2] ? [`${m[1]}${m[2]}`, `${m[1]}`, `${m[1]}${m[2]}e`] : [`${m[1]}y`, m[1]];
      for (const base of bases) {
        const b = lex.surface.get(base) ?? lex.fallbackSurface.get(base);
        if (typeof b === 'number' && b > 0) return { value: b, mult: 1.5 };
      }
    }
  }
  // Fallback stems only for inflected forms: a base word missing from AFINN ("back") must not
  // inherit the score of its derivations ("backing" +2).
  const fb =
    lex.fallbackSurface.get(t.norm) ?? (t.stem !== t.norm ? lex.fallbackStems.get(t.stem) : undefined);
  return fb === undefined ? undefined : { value: fb, mult: 1 };
}

function matchPhrase(lex: CompiledLexicon, tokens: readonly Token[], i: number): Phrase | undefined {
  const next = tokens[i + 1];
  if (next === undefined || next.kind !== 'word') return undefined;
  const candidates = lex.phrases.get(tokens[i].stem)?.get(next.stem);
  if (!candidates) return undefined;
  outer: for (const p of candidates) {
    if (i + p.stems.length > tokens.length) continue;
    for (let k = 2; k < p.stems.length; k++) {
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

/** Italian imperfect / pluperfect subjunctive after "se": "rispondesse", "avessi", "arrivassero". */
const IT_SUBJUNCTIVE = /^\p{L}{2,}(?:asse|esse|isse|assero|essero|issero|assi|essi|issi)$/u;
const IT_NOT_SUBJUNCTIVE = new Set(
  'stesse stessi interesse interessi tasse casse classe classi masse basse bassi promesse messe messi rimesse spesse spessi grasse grassi successi processi accessi passi sassi risse ammesse ammessi commesse premesse espresse espressi permessi fissi fisse'.split(
    ' ',
  ),
);

const PARTICIPLE = /^\p{L}{2,}(?:at|ut|it)[oaie]$/u;

/**
 * 0: not a counterfactual form; 1: present ("se qualcuno rispondesse", "if it worked": what is
 * wished for is missing); 2: past ("se avessi saputo", "if he had turned up": it did not happen).
 */
function counterfactualForm(lex: CompiledLexicon, tokens: readonly Token[], i: number): 0 | 1 | 2 {
  const t = tokens[i];
  if (lex.pastCounterfactual.has(t.norm)) return 2;
  if (lex.counterfactual.has(t.norm)) {
    // "se il tecnico fosse venuto" is past; "se ci fosse un problema" is not.
    const next = tokens[i + 1];
    return next?.kind === 'word' && PARTICIPLE.test(next.norm) ? 2 : 1;
  }
  if (lex.lang === 'it') return IT_SUBJUNCTIVE.test(t.norm) && !IT_NOT_SUBJUNCTIVE.has(t.norm) ? 1 : 0;
  // English: a past form in the if-clause ("if the app actually worked").
  return t.norm.length > 4 && t.norm.endsWith('ed') ? 1 : 0;
}

const UNIT_SUFFIX = /^(\d+)(h|hr|hrs|min|mins|gg)$/;
const SHORT_UNITS: Record<string, TimeUnit> = {
  h: 'hour',
  hr: 'hour',
  hrs: 'hour',
  min: 'minute',
  mins: 'minute',
  gg: 'day',
};

const wordAt = (tokens: readonly Token[], k: number): string | undefined =>
  tokens[k]?.kind === 'word' ? tokens[k].norm : undefined;

/** Whether one of the n words before word i (in its clause) makes a duration time already lost. */
function elapsedWithin(q: CompiledQuantities, tokens: readonly Token[], i: number, n: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - n; k--) {
    const w = wordAt(tokens, k);
    if (w === undefined) return false;
    if (q.elapsedBefore.has(w)) return true;
  }
  return false;
}

/**
 * A counted wait or repeated contact starting at word i: "da 15 giorni", "3 settimane per un
 * bonifico", "terza volta che chiamo", "phoned four times", "since tuesday". Returns the value
 * of the failure it reports (0 when the count is harmless: "risolto in 5 minuti") and the words
 * it spans, or undefined when word i starts no count.
 */
function quantityAt(
  lex: CompiledLexicon,
  tokens: readonly Token[],
  i: number,
): { value: number; span: number } | undefined {
  const q = lex.quantities;
  const t = tokens[i];
  // Most words start no count: leave before doing any work.
  const first = t.norm.charCodeAt(0);
  if ((first < 48 || first > 57) && !q.starters.has(t.norm)) return undefined;
  const before = (n: number): boolean => elapsedWithin(q, tokens, i, n);

  // "da lunedì", "since january": a wait already under way.
  if (q.since.has(t.norm) && q.dates.has(wordAt(tokens, i + 1) ?? '')) return { value: -1.5, span: 2 };
  const word = (k: number): string | undefined => wordAt(tokens, k);

  // "sono giorni che provo", "for weeks": a plural unit with no number is a long wait.
  const bare = q.units.get(t.norm);
  if (bare && bare !== 'year' && bare !== 'minute' && /[ie]$|s$/.test(t.norm) && before(2)) {
    return { value: -1.5, span: 1 };
  }

  const ordinal = q.ordinals.get(t.norm);
  if (ordinal !== undefined) {
    // "terza volta", "fourth engineer visit", "third week with no broadband".
    for (let k = i + 1; k <= i + 2; k++) {
      const w = word(k);
      if (w === undefined) break;
      if (q.repeats.has(w)) return { value: ordinal >= 3 ? -1.5 : -1, span: k - i + 1 };
      const unit = q.units.get(w);
      if (unit) return { value: unit === 'week' || unit === 'month' ? -1.5 : 0, span: k - i + 1 };
    }
    return undefined;
  }

  let n: number | undefined;
  let unit: TimeUnit | undefined;
  let next = i + 1;
  const suffixed = UNIT_SUFFIX.exec(t.norm);
  if (suffixed) {
    n = Number(suffixed[1]);
    unit = SHORT_UNITS[suffixed[2]];
  } else {
    n = /^\d+$/.test(t.norm) ? Number(t.norm) : q.numbers.get(t.norm);
    if (n === undefined) return undefined;
    // "a couple of weeks", "un paio di mesi", "5 different people".
    let w = word(next);
    while (w !== undefined && q.countFillers.has(w) && next < i + 3) w = word(++next);
    if (w === undefined) return undefined;
    if (q.repeats.has(w)) return n >= 3 ? { value: -1.5, span: next - i + 1 } : undefined;
    unit = q.units.get(w);
    if (!unit) return undefined;
  }
  const span = next - i + 1;
  if (unit === 'year') return { value: 0, span };
  const after = word(i + span);
  const elapsed = before(3) || (after !== undefined && q.elapsedAfter.has(after));
  // A wait is near a waiting word in the same clause ("40 minuti di musichetta", "2 hours on hold").
  let waiting = false;
  for (let k = Math.max(0, i - 4); k < Math.min(tokens.length, i + span + 4); k++) {
    if (tokens[k].kind === 'boundary' && k > i) break;
    if (tokens[k].kind === 'word' && q.waiting.has(tokens[k].norm)) waiting = true;
  }
  if (unit === 'minute') return { value: waiting ? -1.5 : 0, span };
  if (unit === 'hour') return { value: waiting ? -2 : elapsed ? -1 : 0, span };
  if (!elapsed && !waiting) return { value: 0, span };
  return { value: unit === 'day' && n < 3 ? -1 : -1.5, span };
}

/** One scored piece of a comment, with the scope it was found in. */
interface Item {
  v: number;
  readonly what: string;
  readonly clause: number;
  /** Problem nouns ("guasto", "issue") describe the case, not the service: never sarcasm evidence. */
  readonly problem: boolean;
  readonly persistence: boolean;
  negatedBy: string | undefined;
  /** Plain valence, kept to re-score "senza il tecnico avrei…" where "senza" means "had it not been for". */
  readonly base: Valence | undefined;
  readonly mult: number;
  /** 0 none, 1 conceded at the start of a sentence, 2 conceded after the main clause. */
  readonly concession: 0 | 1 | 2;
  readonly verdict: boolean;
  /** If-clause id (0: none); counterfactual ones are listed in `unreal`. */
  readonly condition: number;
  irrealis: boolean;
  /** Keeps its value whatever the mood (modal phrases, structural findings). */
  readonly fixed: boolean;
  afterContrast: boolean;
  /** In quotation marks: praise quoted back is sarcasm ("the 'quick' claim"). */
  readonly quoted: boolean;
}

function scoreTokens(tokens: readonly Token[], lex: CompiledLexicon, trace?: string[]): Scored {
  const items: Item[] = [];
  let hits = 0;
  let words = 0;
  let politeness = 0;
  let exclamations = 0;
  let contrastSeen = false;
  // Negation and modifier scopes, counted in words still to go; reset at clause boundaries.
  let negLeft = 0;
  let negWeak = false;
  let negBy = '';
  /** An absence noun ("senza linea") only takes a negation nothing else has taken. */
  let negTaken = false;
  let longNegPending = false;
  let modLeft = 0;
  let mod = { mult: 1, alone: 0 };
  let clause = 0;
  const clauseWords: number[] = [0];
  let clauseFirst = '';
  let sentenceItems = 0;
  let concession: 0 | 1 | 2 = 0;
  let verdict = false;
  let condition = 0;
  let irrealis = false;
  // Counterfactual if-clauses: rare, so a plain array allocated on first use.
  let unreal: number[] | undefined;
  let ironyAt = -1;
  /** A status message quoted back ("'in lavorazione'", "'being processed'") in this clause. */
  let quotedStatus = false;
  // Problem words seen in the current clause, and whether the clause says they were resolved.
  let problemItems: number[] = [];
  let resolved = false;
  let clauseStart = 0;

  const closeClause = (question = false): void => {
    if (resolved) for (const k of problemItems) if (items[k].v < 0) items[k].v = 0;
    if (quotedStatus && !question) pushItem(-1.5, '(quoted status)', { fixed: true });
    quotedStatus = false;
    // "is my claim still open?" asks; it does not complain.
    if (question) for (let k = clauseStart; k < items.length; k++) if (items[k].persistence) items[k].v = 0;
    // "still happy", "ancora meglio": an ongoing state that is good is no complaint.
    let good = false;
    for (let k = items.length - 1; k >= clauseStart; k--) {
      if (items[k].persistence && good) items[k].v = 0;
      else if (items[k].v > 0) good = true;
    }
    // "wouldn't call that customer service": a denial with nothing to deny is about the service.
    if (longNegPending) pushItem(-1.5, '(denied)', { fixed: false });
    longNegPending = false;
    problemItems = [];
    resolved = false;
    negLeft = 0;
    concession = 0;
    verdict = false;
    condition = 0;
    irrealis = false;
    clause++;
    clauseWords.push(0);
    clauseStart = items.length;
  };
  const closeModifier = (): void => {
    if (modLeft > 0 && mod.alone !== 0) {
      pushItem(mod.alone, '(modifier alone)', { fixed: false });
    }
    modLeft = 0;
  };
  const pushItem = (
    v: number,
    what: string,
    o: {
      fixed: boolean;
      problem?: boolean;
      persistence?: boolean;
      negatedBy?: string;
      base?: Valence;
      mult?: number;
      quoted?: boolean;
    },
  ): void => {
    items.push({
      v,
      what,
      clause,
      problem: o.problem ?? false,
      persistence: o.persistence ?? false,
      negatedBy: o.negatedBy,
      base: o.base,
      mult: o.mult ?? 1,
      concession,
      verdict,
      condition,
      irrealis,
      fixed: o.fixed,
      afterContrast: contrastSeen,
      quoted: o.quoted ?? false,
    });
    sentenceItems++;
    // A conceded phrase with no comma ends at its first finding: "sebbene gentile | il rimborso…".
    if (concession === 1) concession = 0;
  };
  const push = (
    value: Valence,
    extraMult: number,
    what: string,
    phrase: Phrase | undefined,
    quoted: boolean | undefined,
  ): void => {
    // An absence noun ("senza linea", "no signal") takes only a negation nothing else has taken.
    const absence = typeof value !== 'number' && value[0] === 0;
    // Italian negative concord: "non ho avuto nessun problema" is one negation, not two.
    const negated = negLeft > 0 && !phrase?.selfNegated && !(absence && negTaken);
    const problem = lex.problems.has(what);
    if (problem) problemItems.push(items.length);
    if (lex.resolvers.has(what) && !negated) resolved = true;
    let v = valenceOf(value, negated, negWeak) * extraMult;
    // Zero-valued entries only block fallbacks ("rispetto a" is not "respect"); they don't take a modifier.
    if (v === 0) return;
    if (negated) {
      negTaken = true;
      longNegPending = false;
      // "non sono in grado di aiutarmi", "wasn't able to help": the negation reaches the verb.
      if (lex.negationCarriers.has(what)) negLeft = NEGATION_WINDOW + 1;
    }
    if (modLeft > 0) {
      v *= mod.mult;
      modLeft = 0;
    }
    pushItem(v, what, {
      fixed: phrase?.modal ?? false,
      problem,
      negatedBy: negated ? negBy : undefined,
      base: value,
      mult: extraMult,
      quoted,
    });
    hits++;
  };

  for (let i = 0; i < tokens.length;) {
    const t = tokens[i];
    if (t.kind === 'boundary') {
      exclamations += (t.norm.match(/!/g) ?? []).length;
      closeModifier();
      closeClause(t.norm.includes('?'));
      if (/[.!?…]/.test(t.norm)) sentenceItems = 0;
      i++;
      continue;
    }
    if (t.kind === 'emoji') {
      const v = EMOJI.get(t.norm);
      if (v !== undefined) pushItem(v, t.norm, { fixed: true });
      i++;
      continue;
    }
    words++;
    if (clauseWords[clause]++ === 0) clauseFirst = t.norm;
    // Age the scopes opened by earlier words; articles and hedges ("certo", "exactly") don't.
    if (negLeft > 0 && !lex.negationTransparent.has(t.norm) && --negLeft === 0) negTaken = false;
    if (modLeft > 0 && --modLeft === 0) {
      modLeft = 1; // let closeModifier() account for it
      closeModifier();
    }
    if (condition > 0 && !unreal?.includes(condition)) {
      const form = counterfactualForm(lex, tokens, i);
      if (form > 0) (unreal ??= []).push(condition);
      if (form === 2) pushItem(COUNTERFACTUAL, '(counterfactual)', { fixed: true });
    }

    const phrase = matchPhrase(lex, tokens, i);
    const role: Role | undefined = phrase?.role ?? lex.roles.get(t.norm);
    const span = phrase ? phrase.stems.length : 1;
    if (phrase) {
      words += span - 1;
      clauseWords[clause] += span - 1;
    }
    const what = phrase ? phrase.stems.join(' ') : t.norm;
    if (role) {
      switch (role.kind) {
        case 'negator':
          // "aspettare tutto il giorno per niente": a clause ending on "nothing" got nothing.
          if (
            lex.emptyHanded.has(what) &&
            tokens[i + span]?.kind !== 'word' &&
            negLeft === 0 &&
            clauseWords[clause] >= 3
          ) {
            pushItem(-1.5, `(${what})`, { fixed: false });
          }
          longNegPending = role.window === LONG_NEGATION_WINDOW;
          negLeft = role.window + 1;
          negWeak = !phrase && lex.weak.has(t.norm);
          negBy = t.norm;
          negTaken = false;
          break;
        case 'modifier':
          closeModifier();
          mod = role;
          modLeft = MODIFIER_WINDOW + 1;
          break;
        case 'contrast':
          closeModifier();
          closeClause();
          contrastSeen = true;
          break;
        case 'politeness':
          politeness++;
          break;
        case 'persistence':
          pushItem(role.value, what, { fixed: false, persistence: true });
          break;
        case 'concessive':
          if (lex.trailingContrast.has(what) && tokens[i + span]?.kind !== 'word') {
            // "product is great though": this clause is the point, as after a "but".
            for (let k = 0; k < items.length; k++) items[k].afterContrast = k >= clauseStart;
            contrastSeen = true;
            break;
          }
          if (role.initialOnly && sentenceItems > 0) break;
          concession = sentenceItems === 0 ? 1 : 2;
          break;
        case 'summary':
          concession = 0;
          verdict = true;
          break;
        case 'irrealis': {
          // "senza l'aiuto di Chiara avrei perso l'ordine": the help happened.
          for (let k = clauseStart; k < items.length; k++) {
            const it = items[k];
            if (it.base !== undefined && it.negatedBy && lex.counterfactualNegators.has(it.negatedBy)) {
              it.v = valenceOf(it.base, false, false) * it.mult;
              it.negatedBy = undefined;
            }
          }
          // "a competent agent would have fixed this": an imagined agent, not the one they had.
          if (lex.hypotheticalSubjects.has(clauseFirst)) {
            for (let k = clauseStart; k < items.length; k++) items[k].irrealis = !items[k].fixed;
          }
          condition = 0;
          irrealis = true;
          if (role.value !== 0) pushItem(role.value, what, { fixed: true });
          break;
        }
        case 'conditional': {
          // "se ne sono andati", "se l'è presa": the pronoun, not "if".
          const nextWord = tokens[i + 1]?.norm;
          if (t.norm === 'se' && ['ne', 'lo', 'la', 'li', 'le', 'l'].includes(nextWord ?? '')) break;
          closeModifier();
          condition = clause * 1000 + i + 1;
          irrealis = false;
          break;
        }
        case 'irony':
          ironyAt = items.length;
          if (role.value !== 0) pushItem(role.value, what, { fixed: true });
          break;
        case 'valence':
          push(role.value, 1, what, phrase, t.quoted);
          break;
      }
      i += span;
      continue;
    }
    const quantity = quantityAt(lex, tokens, i);
    if (quantity) {
      if (quantity.value !== 0) pushItem(quantity.value, `(count) ${t.norm}`, { fixed: true });
      words += quantity.span - 1;
      clauseWords[clause] += quantity.span - 1;
      i += quantity.span;
      continue;
    }
    const hit = lookup(lex, t);
    if (hit) push(hit.value, hit.mult, t.norm, undefined, t.quoted);
    if (t.quoted && lex.statusWords.has(t.norm)) quotedStatus = true;
    i++;
  }
  closeModifier();
  closeClause();

  // Moods: hypotheses barely count; in an unreal conditional, good words are missed expectations.
  for (const it of items) {
    if (it.fixed) continue;
    if (it.condition > 0) {
      it.v = unreal?.includes(it.condition) && it.v > 0 ? it.v * UNREAL_GOOD : it.v * HYPOTHETICAL;
    } else if (it.irrealis) {
      it.v *= it.v > 0 ? UNREAL_GOOD : UNREAL_BAD;
    }
  }
  undoSarcasm(items, clauseWords, ironyAt);

  let raw = 0;
  for (const it of items) {
    let w = 1;
    // "X ma Y": Y is what the customer means (VADER's weights).
    if (contrastSeen) w = it.afterContrast ? 1.5 : 0.5;
    if (it.concession === 1) w *= CONCEDED;
    if (it.verdict) w *= VERDICT;
    raw += it.v * w;
    trace?.push(`${it.what}=${(it.v * w).toFixed(2)}`);
  }
  // A bare "Grazie!" is praise; "…, grazie." closing a request is a formula, and closing a
  // complaint it softens nothing.
  if (politeness > 0) raw += words <= 3 ? 2 : raw >= 0 ? 0.3 : 0;
  if (raw !== 0 && exclamations > 0) raw *= 1 + 0.1 * Math.min(exclamations, 3);
  return { raw, hits };
}

/**
 * "Bravi, bravissimi: quarta chiamata e ancora nulla", "great job guys, third week with no
 * broadband": strong praise followed by a complaint with no "but" between them is sarcasm, and so
 * is a bare "bravi" after a complaint. Sincere mixed comments keep their "ma"/"but", and problem
 * nouns ("tecnico bravissimo, ha sostituito il modem guasto") are not complaints.
 */
function undoSarcasm(items: Item[], clauseWords: readonly number[], ironyAt: number): void {
  if (!items.some((it) => it.v > 0)) return;
  const complaint = (it: Item): number =>
    it.v < 0 && !it.problem && it.concession === 0 && it.condition === 0 ? it.v : 0;
  const praise = (it: Item, min: number): boolean =>
    it.v >= min && it.concession === 0 && it.condition === 0 && !it.irrealis && !it.negatedBy;
  // Complaint weight after each item on the same side of a "but".
  const later = new Array<number>(items.length);
  let acc = 0;
  for (let k = items.length - 1; k >= 0; k--) {
    later[k] = acc;
    acc = k > 0 && items[k - 1].afterContrast !== items[k].afterContrast ? 0 : acc + complaint(items[k]);
  }
  // Clauses of at most three words whose every finding is praise: "bravi", "grazie mille".
  const barePraise = clauseWords.map((n) => n <= 3);
  const found = clauseWords.map(() => false);
  for (const it of items) {
    found[it.clause] = true;
    if (!praise(it, BARE_PRAISE)) barePraise[it.clause] = false;
  }
  let before = 0;
  let goodSinceComplaint = false;
  for (let k = 0; k < items.length; k++) {
    const it = items[k];
    // "caro ma ne vale la pena": a "but" between a complaint and praise makes the praise sincere.
    if (k > 0 && it.afterContrast !== items[k - 1].afterContrast) before = 0;
    const bare = barePraise[it.clause] && found[it.clause];
    if ((k < ironyAt || it.quoted) && it.v > 0) it.v *= IRONY;
    else if (praise(it, PRAISE) && later[k] <= COMPLAINT) it.v *= IRONY;
    else if (bare && !goodSinceComplaint && before <= COMPLAINT) it.v *= IRONY;
    const c = complaint(it);
    if (c < 0) {
      before += c;
      goodSinceComplaint = false;
    } else if (it.v > 0) goodSinceComplaint = true;
  }
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
