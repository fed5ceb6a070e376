/**
 * Hand-labelled comments for measuring the text pipeline. Written before the lexicons and the
 * taxonomy, in the voice of real contact-centre / e-commerce / telco feedback.
 *
 * `split` keeps the evaluation honest: lexicon and taxonomy were tuned only while looking at the
 * `dev` results; `holdout` was scored once at the end (one bug it exposed, negative concord in
 * "non ho avuto nessun problema", was then fixed: see the README figures for before/after).
 * `fresh` was written after tuning had closed and was scored once, untouched since.
 * Labelling policy (decided up front): a theme is expected only when the comment is *about* it;
 * returns count as `refund`; a call that ends abruptly (including "hung up on me") is
 * `dropped-call`; checkout payment failures are `website-app`, not `billing`.
 * The comments themselves live in `labelled.json`.
 */
import type { Language } from '../language';
import LABELLED_DATA from './labelled.json';

export type Polarity = 'pos' | 'neg' | 'neu';

export interface LabelledComment {
  readonly text: string;
  readonly lang: Exclude<Language, 'und'>;
  readonly polarity: Polarity;
  readonly themes: readonly string[];
  readonly split: 'dev' | 'holdout' | 'fresh';
}

/**
 * What makes a comment hard for a word-counting scorer (issue 21 item 5); `control` is a plain
 * positive, negative or neutral comment of the same domains, there to catch rules that over-fire.
 */
export type CommentKind = 'irony' | 'counterfactual' | 'concessive' | 'litotes' | 'failure' | 'control';

/** A comment of the hard sets (`hard-dev.ts`, `hard-holdout.ts`): the same fields plus its kind. */
export interface KindedComment extends Omit<LabelledComment, 'split'> {
  readonly kind: CommentKind;
  readonly split: 'hard-dev' | 'hard-holdout';
}

/** Alternate dev / holdout so both halves get the same mix of languages and cases. */
function split<T extends Omit<LabelledComment, 'split'>>(items: readonly T[]): LabelledComment[] {
  return items.map((c, i) => ({ ...c, split: i % 2 === 0 ? 'dev' : 'holdout' }));
}

/** The comments, by language (`italian`, `english`) and the `fresh` set written after tuning. */
const DATA = LABELLED_DATA as Record<
  'italian' | 'english' | 'fresh',
  readonly Omit<LabelledComment, 'split'>[]
>;

const ITALIAN = split(DATA.italian);
const ENGLISH = split(DATA.english);
const FRESH = DATA.fresh.map((c): LabelledComment => ({ ...c, split: 'fresh' }));

export const LABELLED: readonly LabelledComment[] = [...ITALIAN, ...ENGLISH, ...FRESH];
