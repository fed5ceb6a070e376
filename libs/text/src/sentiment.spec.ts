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

// Issue 21 item 5: comments a word count gets wrong. Examples come from hard-dev or are made up
// here; the hard holdout is never quoted in tests.
describe('scoreSentiment: irony', () => {
  it.each([
    ['it', 'bravi, bravissimi: quarta chiamata e ancora nulla'],
    ['it', 'davvero un ottimo servizio, sono senza corrente da ieri sera e nessuno sa niente'],
    ['it', "perfetto, l'operatore mi ha chiuso il telefono in faccia. grazie mille"],
    ['it', 'assicurazione fantastica finché non devi aprire un sinistro'],
    ['en', 'great, just great. fourth engineer visit and still no dial tone'],
    ['en', 'best insurer ever, said nobody after making a claim'],
    ['en', 'wonderful customer care, if you like talking to a wall'],
    ['en', "oh good, my claim is 'being processed' again"],
    ['en', 'thanks for the "quick" reply'],
  ] as const)('sarcastic (%s): %s', (lang, t) => neg(t, lang));

  it.each([
    ['it', 'Tecnico bravissimo, ha sostituito il modem guasto'],
    ['it', 'Rimborso ricevuto in tre giorni, velocissimi!'],
    ['it', 'Attesa lunga ma alla fine risolto tutto, bravi'],
    ['en', 'Long wait, then a really helpful agent'],
    ['en', 'pricey but worth every penny'],
  ] as const)('sincere praise stays praise (%s): %s', (lang, t) => pos(t, lang));

  it('keeps a "but" between praise and complaint a sincere mix', () => {
    neg('Gentilissimi ma la linea non va', 'it');
    neg('Friendly staff but nobody could answer my question', 'en');
  });
});

describe('scoreSentiment: counterfactuals and conditionals', () => {
  it.each([
    ['it', 'sarebbe un buon servizio se qualcuno rispondesse'],
    ['it', 'il servizio sarebbe perfetto se solo le fatture arrivassero in tempo'],
    ['it', 'se il corriere avesse citofonato avrei ritirato io il pacco'],
    ['it', 'avrei preferito saperlo prima di pagare'],
    ['en', 'would be 5 stars if the app actually worked'],
    ['en', 'a competent agent would have fixed this on the first call'],
    ['en', "I'd give negative stars if I could"],
    ['en', "you'd think a bank could manage to send a card on time"],
  ] as const)('missed expectation (%s): %s', (lang, t) => neg(t, lang));

  it.each([
    ['it', 'senza il tecnico di ieri sarei ancora al buio, grazie mille'],
    ['it', 'vi consiglierei a occhi chiusi'],
    ['en', 'I would recommend you to anyone looking for a fair insurer'],
    ['en', 'if it wasnt for Priya I would have cancelled, she was brilliant'],
  ] as const)('still praise (%s): %s', (lang, t) => pos(t, lang));

  it.each([
    ['it', 'se ci fosse un problema con la consegna vi chiamo io'],
    ['it', 'sarebbe possibile parlare con un responsabile?'],
    ['en', 'I would be grateful if you could call me back'],
    ['en', 'can I get a refund if I cancel within 14 days'],
  ] as const)('a hypothesis or a request is neutral (%s): %s', (lang, t) => neu(t, lang));
});

describe('scoreSentiment: concessions', () => {
  it.each([
    ['it', 'nel complesso soddisfatto, nonostante qualche intoppo'],
    ['it', "l'attesa è stata lunga, tuttavia il tecnico è stato bravissimo"],
    ['it', 'nonostante tutto consiglio questa compagnia'],
    ['en', 'despite the wait, the engineer was brilliant'],
    ['en', 'delivery was a day late, product is great though'],
  ] as const)('the main clause wins, for (%s): %s', (lang, t) => pos(t, lang));

  it.each([
    ['it', 'anche se gentili non sono stati in grado di aiutarmi'],
    ['it', 'gentili, però il problema rimane'],
    ['en', 'even though the staff were friendly, nothing has been fixed'],
    ['en', 'the agent was lovely although my bill is still wrong'],
  ] as const)('the main clause wins, against (%s): %s', (lang, t) => neg(t, lang));
});

describe('scoreSentiment: litotes', () => {
  it.each([
    ['it', 'non potevano fare di meglio'],
    ['it', 'non ho nulla di cui lamentarmi'],
    ['it', 'non mi hanno fatto mancare nulla'],
    ['en', "can't complain"],
    ['en', "couldn't have been easier"],
    ['en', 'not too shabby'],
  ] as const)('a negated negative is praise (%s): %s', (lang, t) => pos(t, lang));

  it.each([
    ['it', 'non è stato il massimo'],
    ['it', 'non sono stati certo dei fulmini'],
    ['it', 'non si può dire che siano stati veloci'],
    ['en', 'the agent wasnt the sharpest'],
    ['en', "not what I'd call a fast delivery"],
    ['en', "wouldn't call that customer service"],
  ] as const)('a negated positive is a complaint (%s): %s', (lang, t) => neg(t, lang));
});

describe('scoreSentiment: failure reports with no opinion word', () => {
  it.each([
    ['it', 'il tecnico non si è presentato'],
    ['it', 'terza volta che chiamo e nessuno sa niente'],
    ['it', 'sono ancora senza linea'],
    ['it', 'pacco fermo in deposito da 10 giorni'],
    ['it', 'sono giorni che provo a parlare con qualcuno'],
    ['it', 'che bello aspettare il corriere tutto il giorno per niente'],
    ['it', 'nn mi hanno richiamato'],
    ['en', 'the technician never showed up'],
    ['en', 'ordered on the 1st, still nothing'],
    ['en', "I've had no broadband since tuesday"],
    ['en', 'phoned four times, each time told something different'],
    ['en', 'parcel has been stuck at the depot for a week'],
  ] as const)('%s: %s', (lang, t) => neg(t, lang));

  it('does not count harmless numbers and states', () => {
    pos('risolto in 5 minuti', 'it');
    pos('Refund processed within 48 hours', 'en');
    neu('sono cliente da dieci anni', 'it');
    neu('is my claim still open?', 'en');
    neu('ho inviato il modulo, attendo conferma', 'it');
    neu('vorrei attivare l\'offerta "Casa Plus"', 'it');
    pos('still happy with you after all these years', 'en');
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
