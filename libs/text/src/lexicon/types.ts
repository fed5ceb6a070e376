/**
 * A valence is on the AFINN scale (about -5..+5). A pair `[plain, negated]` is for words whose
 * meaning flips in a way a fixed negation factor gets wrong: "arrivato" is neutral, but
 * "mai arrivato" is a complaint; "risolto" is good, "non risolto" is as bad.
 */
export type Valence = number | readonly [plain: number, negated: number];

export interface SentimentLexicon {
  /** Surface words (any inflection you list is matched exactly; all are also matched by stem). */
  readonly words: Readonly<Record<string, Valence>>;
  /** Multi-word expressions, matched on consecutive stems before single words. */
  readonly phrases: Readonly<Record<string, Valence>>;
  /** Tokens or phrases that negate what follows within the clause (a short window). */
  readonly negators: readonly string[];
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
}
