// One definition of an unhappy answer, used by measure (unhappy counts, themes and comment
// samples among unhappy answers), act (who is kept as a contact for "you said, we did") and
// verification (who is told) — in TypeScript and, generated from the same table, in SQL.
//
// unhappy/v1: an answer is unhappy when ANY score it carries is in the bottom of its scale —
// NPS 0–6 (a detractor), CSAT 1–2, CES 1–3 (CES 2.0, 1–7, higher is easier), emoji 1–2 — or,
// when it carries no score at all, when its comment reads negative (sentiment < 0).
//
// Why any score, not the first one present: each score is the customer's own answer to a
// different question; NPS 8 with CSAT 1 says "I would recommend you, and this contact was
// terrible" — an unhappy contact a CX team follows up, whatever order the fields come in. Why
// the comment only without scores: a score is what the customer chose to say; sentiment is our
// reading of free text ("ottimo servizio, ma la consegna…") and is noisier, so it must not
// overrule a good score, only speak where there is nothing else.

export const UNHAPPY_DEFINITION = 'unhappy/v1';

/** The highest score of each scale that counts as unhappy. */
export const UNHAPPY_AT_MOST = { nps: 6, csat: 2, ces: 3, emoji: 2 } as const;

export type UnhappyScore = keyof typeof UNHAPPY_AT_MOST;
const SCORES = Object.keys(UNHAPPY_AT_MOST) as UnhappyScore[];

/** Sentiment strictly below this is negative (used only without scores). */
export const UNHAPPY_SENTIMENT_BELOW = 0;

export type AnswerScores = { readonly [K in UnhappyScore]: number | null } & {
  readonly sentiment: number | null;
};

export function isUnhappy(a: AnswerScores): boolean {
  let scored = false;
  for (const k of SCORES) {
    const v = a[k];
    if (v === null) continue;
    if (v <= UNHAPPY_AT_MOST[k]) return true;
    scored = true;
  }
  return !scored && a.sentiment !== null && a.sentiment < UNHAPPY_SENTIMENT_BELOW;
}

/** Which scores (or 'sentiment') make an answer unhappy; empty when it is not. */
export function unhappyBecause(a: AnswerScores): (UnhappyScore | 'sentiment')[] {
  const why: (UnhappyScore | 'sentiment')[] = SCORES.filter(
    (k) => a[k] !== null && a[k] <= UNHAPPY_AT_MOST[k],
  );
  if (why.length === 0 && isUnhappy(a)) why.push('sentiment');
  return why;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * The same definition as a SQL boolean expression over columns named nps, csat, ces, emoji and
 * sentiment (of the table aliased `alias`, when given). NULL scores are absent answers.
 */
export function unhappySql(alias?: string): string {
  if (alias !== undefined && !IDENTIFIER.test(alias)) throw new RangeError(`not a SQL alias: ${alias}`);
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  const bad = SCORES.map((k) => `${col(k)} <= ${UNHAPPY_AT_MOST[k]}`);
  const noScore = SCORES.map((k) => `${col(k)} IS NULL`).join(' AND ');
  return `COALESCE(${bad.join(' OR ')} OR (${noScore} AND ${col('sentiment')} < ${UNHAPPY_SENTIMENT_BELOW}), false)`;
}
