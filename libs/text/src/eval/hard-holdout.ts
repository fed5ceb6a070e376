/**
 * Hard holdout (issue 21 item 5): comments that defeat a word-counting scorer, written in full
 * before any change to the scorer and never tuned on. Score it once per scorer change and record
 * the figure in `hard-holdout.scores.md`; tune against `hard-dev.ts` only.
 *
 * Written the way customers of telcos, utilities, banks, couriers and insurers write: typos,
 * missing accents and punctuation, shorthand ("nn", "x", "cmq", "u"), one word to a paragraph.
 * Labelling policy: polarity is what the customer means about the company (irony by its intent,
 * a concessive comment by its main clause, a neutral request stays neutral even when it mentions
 * a problem); themes follow the policy of `labelled.ts` (only what the comment is about).
 *
 * The entries live in `hard-holdout.json`, grouped by kind: irony (praise that means its opposite,
 * usually next to a report of failure); counterfactual (what would have been good, said of what was
 * not); concessive (the main clause decides, the conceded one does not); litotes and understatement
 * (a negated opposite); failure reports (no opinion word at all, only what did not happen); controls
 * (plain positive, negative and neutral comments of the same domains).
 */
import DATA from './hard-holdout.json';
import type { KindedComment } from './labelled';

const ENTRIES = DATA as readonly Omit<KindedComment, 'split'>[];

export const HARD_HOLDOUT: readonly KindedComment[] = ENTRIES.map((c) => ({ ...c, split: 'hard-holdout' }));
