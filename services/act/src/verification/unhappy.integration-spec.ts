/**
 * The one definition of "unhappy" (libs/indicators) has a TypeScript and a SQL form; act's
 * loop-closed query uses the SQL one. Here PostgreSQL evaluates the SQL over every combination
 * of scores (absent ones included) and sentiment signs, and must agree with `isUnhappy` on each.
 */
import type { DataSource } from 'typeorm';
import { isUnhappy, unhappySql, type AnswerScores } from '@continuum/indicators';
import { createDataSource } from '@continuum/persistence';

jest.setTimeout(60_000);

const url = process.env.CONTINUUM_TEST_DATABASE_URL;
let ds: DataSource;

beforeAll(async () => {
  if (!url) throw new Error('CONTINUUM_TEST_DATABASE_URL is not set: run through the integration project');
  ds = await createDataSource({
    url,
    schema: 'act',
    applicationName: 'act-unhappy-int',
    poolSize: 1,
  }).initialize();
});

afterAll(async () => {
  await ds?.destroy();
});

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('unhappySql', () => {
  it('agrees with isUnhappy on every combination of scores and sentiment', async () => {
    const answers: AnswerScores[] = [];
    for (const nps of [null, ...range(0, 10)])
      for (const csat of [null, ...range(1, 5)])
        for (const ces of [null, ...range(1, 7)])
          for (const emoji of [null, ...range(1, 5)])
            for (const sentiment of [null, -0.5, 0, 0.5]) answers.push({ nps, csat, ces, emoji, sentiment });
    const rows: { i: number; unhappy: boolean }[] = await ds.query(
      `SELECT c.i, ${unhappySql('c')} AS unhappy
       FROM unnest($1::int[], $2::smallint[], $3::smallint[], $4::smallint[], $5::smallint[], $6::float8[])
         AS c(i, nps, csat, ces, emoji, sentiment)
       ORDER BY c.i`,
      [
        answers.map((_, i) => i),
        answers.map((a) => a.nps),
        answers.map((a) => a.csat),
        answers.map((a) => a.ces),
        answers.map((a) => a.emoji),
        answers.map((a) => a.sentiment),
      ],
    );
    expect(rows).toHaveLength(answers.length);
    const disagreements = rows.filter((r) => r.unhappy !== isUnhappy(answers[r.i]));
    expect(disagreements).toEqual([]);
    // Both outcomes occur, so agreement is not vacuous.
    expect(new Set(rows.map((r) => r.unhappy))).toEqual(new Set([true, false]));
  });
});
