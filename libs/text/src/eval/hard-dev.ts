/**
 * Hard development set (issue 21 item 5): the same kinds of comment as `hard-holdout.ts`, written
 * separately and before any scorer change, for tuning the scorer against. It holds the examples
 * quoted in the issue, so the holdout does not. Same labelling policy as the holdout.
 *
 * The entries live in `hard-dev.json`, grouped by kind: irony, counterfactual (irrealis),
 * concessive, litotes, failure reports, controls; then a second batch, written after the first
 * holdout scoring to widen the tuning set (more irony, litotes and concessives, and neutral
 * comments that look like complaints).
 */
import DATA from './hard-dev.json';
import type { KindedComment } from './labelled';

const ENTRIES = DATA as readonly Omit<KindedComment, 'split'>[];

export const HARD_DEV: readonly KindedComment[] = ENTRIES.map((c) => ({ ...c, split: 'hard-dev' }));
