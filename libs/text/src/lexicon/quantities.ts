/** Each language's counting words (numbers, time units, repeats, dates): word lists, in quantities.json. */
import DATA from './quantities.json';
import type { QuantityLexicon } from './types';

export const QUANTITIES = DATA as Readonly<Record<'en' | 'it', QuantityLexicon>>;
