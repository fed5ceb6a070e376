import { tokenize } from './tokenize';

const words = (text: string, lang: 'it' | 'en'): string[] =>
  tokenize(text, lang)
    .filter((t) => t.kind === 'word')
    .map((t) => t.norm);

describe(tokenize.name, () => {
  it('spells out texting shorthand per language', () => {
    expect(words('nn mi hanno risp cmq x ora tt ok', 'it')).toEqual([
      'non',
      'mi',
      'hanno',
      'risp',
      'comunque',
      'per',
      'ora',
      'tutto',
      'ok',
    ]);
    expect(words('thx u guys, pls call', 'en')).toEqual(['thanks', 'you', 'guys', 'please', 'call']);
    // Shorthand of one language is an ordinary word in the other.
    expect(words('x', 'en')).toEqual(['x']);
  });

  it('marks the words of a short quoted span', () => {
    const quoted = (text: string, lang: 'it' | 'en'): string[] =>
      tokenize(text, lang)
        .filter((t) => t.quoted)
        .map((t) => t.norm);
    expect(quoted("cheers for the 'quick' claim", 'en')).toEqual(['quick']);
    expect(quoted('pratica "in lavorazione" da un mese', 'it')).toEqual(['in', 'lavorazione']);
    expect(quoted('stato «in transito» da giorni', 'it')).toEqual(['in', 'transito']);
    // Elisions and typed accents open no quote.
    expect(quoted("l'operatore era un po' lento e' vero", 'it')).toEqual([]);
    // A long quotation is a citation, not a scare quote.
    expect(quoted('they wrote "we will call you back within one working day at the latest"', 'en')).toEqual(
      [],
    );
  });

  it('gives every token the same shape', () => {
    // The scorers read tokens in tight loops; one shape keeps those reads monomorphic.
    const shapes = new Set(
      tokenize("Ciao 👋 l'app 'top', grazie :)", 'it').map((t) => Object.keys(t).join()),
    );
    expect([...shapes]).toEqual(['kind,norm,stem,quoted']);
  });
});
