import { scoreSentiment } from './sentiment';

const pos = (text: string, lang: 'it' | 'en' | 'und'): void =>
  expect(scoreSentiment(text, lang)).toBeGreaterThan(0.1);
const neg = (text: string, lang: 'it' | 'en' | 'und'): void =>
  expect(scoreSentiment(text, lang)).toBeLessThan(-0.1);
const neu = (text: string, lang: 'it' | 'en' | 'und'): void =>
  expect(Math.abs(scoreSentiment(text, lang))).toBeLessThan(0.1);

describe('scoreSentiment: Italian', () => {
  it.each([
    'Operatrice gentilissima',
    'Personale cortese e competente',
    'Molto gentile',
    'Problema risolto',
    'Mi hanno risolto tutto in pochi minuti',
    'Non ho mai avuto problemi',
    'Nessun problema',
    'Non male',
    'Tutto ok grazie',
    'Grazie!',
    'Lo consiglio a tutti',
    'Bravi 👏',
  ])('positive: %s', (t) => pos(t, 'it'));

  it.each([
    'Non è stato gentile',
    'Non è stato per niente gentile',
    'Poco gentile',
    'Operatore scortese',
    'Attesa infinita',
    'La linea è caduta tre volte',
    'Il rimborso non è mai arrivato',
    'Rimborso mai arrivato',
    'Niente di che',
    'Problema non risolto',
    'Non mi hanno risolto niente',
    'Non funziona niente',
    'Nessuna risposta dopo tre email',
    'Mi ha chiuso il telefono in faccia',
    'Mai più',
    'Pessima esperienza, non lo consiglio',
    'Costa troppo',
    'Addebito non autorizzato sulla carta',
    "Gentile ma un po' lento",
  ])('negative: %s', (t) => neg(t, 'it'));

  it.each([
    'Ho chiamato per cambiare indirizzo',
    "Vorrei sapere lo stato dell'ordine, grazie",
    'Ho chiesto informazioni sulla fattura',
  ])('neutral: %s', (t) => neu(t, 'it'));

  it('intensifiers and superlatives strengthen', () => {
    expect(scoreSentiment('molto gentile', 'it')).toBeGreaterThan(scoreSentiment('gentile', 'it'));
    expect(scoreSentiment('gentilissimo', 'it')).toBeGreaterThan(scoreSentiment('gentile', 'it'));
    expect(scoreSentiment('davvero pessimo', 'it')).toBeLessThan(scoreSentiment('pessimo', 'it'));
  });

  it('treats negative concord as a single negation', () => {
    pos("Non c'è stato nessun problema", 'it');
    pos('Non ho mai avuto nessun problema con voi', 'it');
    pos('Non abbiamo avuto nessun problema, grazie', 'it');
    neg('Non è mai stato gentile', 'it');
  });

  it('weighs the clause after "ma" more', () => {
    pos("Un po' lento ma gentile", 'it');
    neg('Operatori cortesi ma poco competenti', 'it');
  });
});

describe('scoreSentiment: English', () => {
  it.each([
    'Very helpful',
    'Sorted it quickly',
    'They sorted it quickly, thanks',
    'Issue resolved',
    'Not bad at all',
    'I had no issues',
    'Thanks',
    'Thank you so much for your help',
    'Absolutely brilliant service',
    'Quick and easy',
    'Great!',
  ])('positive: %s', (t) => pos(t, 'en'));

  it.each([
    'Not helpful',
    'The agent was not helpful at all',
    'Waited forever',
    'Rude agent',
    'He hung up on me',
    'Never got a reply',
    'Nobody called me back',
    'The issue is still not resolved',
    'The app does not work',
    'Refund still not received after 3 weeks',
    'Kept me on hold for an hour',
    'could have been better',
    'not very good',
    'Worst customer service ever',
    'The agent was lovely but the problem is not fixed',
  ])('negative: %s', (t) => neg(t, 'en'));

  it.each([
    'Can you help me with my bill?',
    'I would like to cancel my order',
    'Please call me back',
    'My customer support ticket number',
  ])('neutral: %s', (t) => neu(t, 'en'));

  it('intensifiers strengthen', () => {
    expect(scoreSentiment('very helpful', 'en')).toBeGreaterThan(scoreSentiment('helpful', 'en'));
    expect(scoreSentiment('extremely rude', 'en')).toBeLessThan(scoreSentiment('rude', 'en'));
  });
});

describe('scoreSentiment: emoji and edge cases', () => {
  it('reads emoji in any language', () => {
    for (const e of ['😡', '🙁', '👎']) neg(e, 'und');
    for (const e of ['🙂', '😍', '👍']) pos(e, 'und');
    neu('😐', 'und');
    expect(scoreSentiment('😡', 'und')).toBeLessThan(scoreSentiment('🙁', 'und'));
    expect(scoreSentiment('😍', 'und')).toBeGreaterThan(scoreSentiment('🙂', 'und'));
    pos('Tutto ok 👍🏻', 'it'); // skin tone modifier
    neg('Servizio 👎👎', 'it');
    pos('thanks :)', 'en');
    neg('still waiting :(', 'en');
  });

  it('stays within [-1, 1] and is 0 for nothing', () => {
    expect(scoreSentiment('', 'it')).toBe(0);
    expect(scoreSentiment('12345 [PHONE]', 'und')).toBe(0);
    const long = 'pessimo orribile vergognoso schifo '.repeat(50);
    expect(scoreSentiment(long, 'it')).toBeGreaterThanOrEqual(-1);
    expect(scoreSentiment('ottimo eccellente perfetto!!! '.repeat(50), 'it')).toBeLessThanOrEqual(1);
  });

  it('uses whichever lexicon recognises the words when the language is unknown', () => {
    pos('Perfetto', 'und');
    neg('Terrible', 'und');
  });

  it('is accent- and case-insensitive', () => {
    expect(scoreSentiment('QUALITÀ PESSIMA', 'it')).toBeCloseTo(scoreSentiment('qualita pessima', 'it'), 10);
    expect(scoreSentiment('Mai più', 'it')).toBeCloseTo(scoreSentiment('mai piu', 'it'), 10);
  });
});
