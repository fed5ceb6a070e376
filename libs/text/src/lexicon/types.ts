/**
 * A valence is on the AFINN scale (about -5..+5). A pair `[plain, negated]` is for words whose
 * meaning flips in a way a fixed negation factor gets wrong: "arrivato" is neutral, but
 * "mai arrivato" is a complaint; "risolto" is good, "non risolto" is as bad.
 */
export type Valence = number | readonly [plain: number, negated: number];

/** Time units a customer counts waits in; years are loyalty ("cliente da dieci anni"), not waits. */
export type TimeUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/**
 * Vocabulary for counted waits and repeated contacts ("da 15 giorni", "third time I call",
 * "ho chiamato 6 volte"), which report a failure without any opinion word.
 */
export interface QuantityLexicon {
  /** Number words, including the article that counts one ("un mese", "a week"). */
  readonly numbers: Readonly<Record<string, number>>;
  /** Ordinals that count contacts or weeks ("terza volta", "fourth engineer visit"). */
  readonly ordinals: Readonly<Record<string, number>>;
  readonly units: Readonly<Record<string, TimeUnit>>;
  /** Nouns that count attempts or hand-offs: "volte", "times", "calls", "pec", "reparti". */
  readonly repeats: readonly string[];
  /** Words allowed between a number and what it counts ("5 different people", "3 diversi operatori"). */
  readonly countFillers: readonly string[];
  /** Words before a duration that make it time already lost: "da", "dopo", "for", "since", "took". */
  readonly elapsedBefore: readonly string[];
  /** Words right after a duration that do the same: "fa", "ago", "later", "per"/"to" (a task). */
  readonly elapsedAfter: readonly string[];
  /** A duration this close to a waiting word is a wait, even in minutes ("40 minuti di musichetta"). */
  readonly waiting: readonly string[];
  /** Days and months: "da lunedì", "since january" is a wait already under way. */
  readonly dates: readonly string[];
  /** The words that put a date in the past: "da", "since". */
  readonly since: readonly string[];
}

export interface SentimentLexicon {
  /** Surface words (any inflection you list is matched exactly; all are also matched by stem). */
  readonly words: Readonly<Record<string, Valence>>;
  /** Multi-word expressions, matched on consecutive stems before single words. */
  readonly phrases: Readonly<Record<string, Valence>>;
  /** Tokens or phrases that negate what follows within the clause (a short window). */
  readonly negators: readonly string[];
  /** Negators whose scope is the rest of the clause ("non si può dire che", "not what I'd call"). */
  readonly longNegators: readonly string[];
  /** Words a negation reaches across without using up its window (articles, "certo", "exactly"). */
  readonly negationTransparent: readonly string[];
  /** Abilities that pass a negation on to their verb ("non in grado di aiutarmi", "not able to help"). */
  readonly negationCarriers: readonly string[];
  /** Negate a following positive word, soften a negative one ("poco gentile" = not kind). */
  readonly weakNegators: readonly string[];
  /** Multipliers for the next sentiment word ("molto", "very"; "un po'" < 1). */
  readonly modifiers: Readonly<Record<string, number>>;
  /** Valence a modifier carries when it modifies nothing ("costa troppo", "super!"). */
  readonly modifierAlone: Readonly<Record<string, number>>;
  /** Clause contrast: what follows weighs more than what precedes ("ma", "but"). */
  readonly contrast: readonly string[];
  /** Formulaic courtesy: positive only when it is (almost) the whole comment. */
  readonly politeness: readonly string[];
  /**
   * "Problema risolto" / "issue resolved" is praise, not a complaint: in a clause where a
   * resolver occurs un-negated, the problem words in it stop counting against the comment.
   */
  readonly problems: readonly string[];
  readonly resolvers: readonly string[];
  /**
   * "still", "ancora", "again": a state that has not ended. Counts against the comment unless its
   * clause says something good ("still happy", "ancora meglio").
   */
  readonly persistence: Readonly<Record<string, number>>;
  /**
   * Open a conceded clause or phrase ("anche se", "nonostante", "despite", "apart from"). At the
   * start of a sentence the concession weighs little against the main clause that follows.
   */
  readonly concessive: readonly string[];
  /** Concessive only when they open a sentence ("while ..." is also temporal). */
  readonly concessiveInitial: readonly string[];
  /** Announce the verdict ("nel complesso", "alla fine", "overall"): their clause weighs more. */
  readonly summary: readonly string[];
  /**
   * Conditional or hoped-for, not asserted ("sarebbe", "would have", "magari"): a good word in
   * their clause is a missed expectation. The value, if any, is the regret itself
   * ("avrei preferito", "should have").
   */
  readonly irrealis: Readonly<Record<string, number>>;
  /** Open an if-clause ("se", "if"): what it says is hypothetical, not reported. */
  readonly conditionals: readonly string[];
  /** Forms that make an if-clause counterfactual ("were", "could", "fosse"). */
  readonly counterfactual: readonly string[];
  /** Forms that make it a past counterfactual, a complaint in itself ("had", "avessi"). */
  readonly pastCounterfactual: readonly string[];
  /** Indefinite subjects of a conditional: "a competent agent would have…" imagines one. */
  readonly hypotheticalSubjects: readonly string[];
  /** A contrast placed after its clause: "product is great though". */
  readonly trailingContrast: readonly string[];
  /** Negators that, ahead of a conditional, mean "had it not been for" ("senza", "without"). */
  readonly counterfactualNegators: readonly string[];
  /** Phrases that carry their own modality ("non avrei potuto chiedere di meglio", "zero stelle"). */
  readonly modalPhrases: readonly string[];
  /**
   * Sarcasm tags ("said no one ever", "fantastica finché non…"): the praise before them is meant
   * the other way; the value, if any, is the tag's own.
   */
  readonly ironyMarkers: Readonly<Record<string, number>>;
  /**
   * Negators that, ending a clause with nothing left to negate, report coming away with nothing
   * ("aspettare tutto il giorno per niente", "loyalty gets you nothing").
   */
  readonly emptyHanded: readonly string[];
  /** Words of a company's status message that a customer quotes back ("'being processed'"). */
  readonly statusWords: readonly string[];
  readonly quantities: QuantityLexicon;
}
