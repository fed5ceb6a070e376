import { isValidCodiceFiscale, luhnValid, redactPii, type PiiKind } from './pii';

// Test identities are fictitious; codici fiscali were cross-checked with codice-fiscale-js, cards
// are the networks' published test numbers, IBANs the registry's examples.
const redacts = (text: string, expected: string, kinds: PiiKind[]): void => {
  const r = redactPii(text);
  expect(r.text).toBe(expected);
  expect(r.found).toEqual(kinds);
};
const untouched = (text: string): void => {
  const r = redactPii(text);
  expect(r.text).toBe(text);
  expect(r.found).toEqual([]);
};

describe('redactPii: e-mail', () => {
  it.each([
    ['Scrivetemi a mario.rossi@gmail.com grazie', 'Scrivetemi a [EMAIL] grazie'],
    ['email: Mario.Rossi+cx@azienda.co.uk.', 'email: [EMAIL].'],
    ['reply to j_smith99@example.org please', 'reply to [EMAIL] please'],
    ['mario punto rossi chiocciola gmail punto com', '[EMAIL]'],
    ['write to john (at) example (dot) com', 'write to [EMAIL]'],
    ['contatto: giulia.bianchi[at]libero.it', 'contatto: [EMAIL]'],
  ])('%s', (text, expected) => redacts(text, expected, ['EMAIL']));

  it.each(['I was at home at 5', 'Ci vediamo @ negozio', 'prezzo @ 5 euro'])('leaves %s', untouched);
});

describe('redactPii: IBAN', () => {
  it.each([
    ['IBAN IT60X0542811101000000123456 per il rimborso', 'IBAN [IBAN] per il rimborso'],
    ['iban it60 x054 2811 1010 0000 0123 456 grazie', 'iban [IBAN] grazie'],
    ['IBAN: GB82 WEST 1234 5698 7654 32', 'IBAN: [IBAN]'],
    ['refund to DE89370400440532013000 thanks', 'refund to [IBAN] thanks'],
    ['IT60-X054-2811-1010-0000-0123-456', '[IBAN]'],
  ])('%s', (text, expected) => redacts(text, expected, ['IBAN']));

  it.each([
    'IT60X0542811101000000123457 (check digits wrong)',
    'IT60X05428111010000001234 troppo corto',
    'codice promo IT2024SCONTO10',
    'modello XY12 ABCD',
  ])('leaves %s', untouched);
});

describe('redactPii: codice fiscale', () => {
  it.each([
    ['CF RSSMRA85T10H501O', 'CF [CODICE_FISCALE]'],
    ['il mio codice fiscale è rssmra85t10h501o.', 'il mio codice fiscale è [CODICE_FISCALE].'],
    ['BNCGLI90D43F205U', '[CODICE_FISCALE]'],
    ['omocodia RSSMRAURT10H501X', 'omocodia [CODICE_FISCALE]'],
    ['VRDLCUT8L25F839D ok', '[CODICE_FISCALE] ok'],
  ])('%s', (text, expected) => redacts(text, expected, ['CODICE_FISCALE']));

  it.each(['CF RSSMRA85T10H501A (check char wrong)', 'codice RSSMRA85Z10H501O', 'ABCDEFGHIJKLMNOP'])(
    'leaves %s',
    untouched,
  );

  it('validates the check character', () => {
    expect(isValidCodiceFiscale('RSSMRA85T10A562S')).toBe(true);
    expect(isValidCodiceFiscale('RSSMRA85T10A562T')).toBe(false);
    expect(isValidCodiceFiscale('short')).toBe(false);
  });
});

describe('redactPii: payment cards', () => {
  it.each([
    ['carta 4111 1111 1111 1111 scad 12/26', 'carta [CARD] scad 12/26'],
    ['card 4111-1111-1111-1111', 'card [CARD]'],
    ['5555555555554444', '[CARD]'],
    ['amex 3782 822463 10005', 'amex [CARD]'],
    ['Discover 6011 1111 1111 1117.', 'Discover [CARD].'],
    ['mastercard 2223 0031 2200 3222', 'mastercard [CARD]'],
  ])('%s', (text, expected) => redacts(text, expected, ['CARD']));

  it.each([
    'card 4111 1111 1111 1112',
    'ordine n. 1234567890123',
    'IMEI 356938035643809',
    'tracking 1234567812345670',
    'my card ending 4242 was declined',
  ])('leaves %s', untouched);

  it('implements Luhn', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });
});

describe('redactPii: phones', () => {
  it.each([
    ['chiamatemi al +39 333 1234567', 'chiamatemi al [PHONE]'],
    ['cell 333-123 4567', 'cell [PHONE]'],
    ['0039 333 1234567', '[PHONE]'],
    ['ufficio 02 1234 5678', 'ufficio [PHONE]'],
    ['Roma 06/1234567', 'Roma [PHONE]'],
    ['tel. 347.1234567', 'tel. [PHONE]'],
    ['cell: (+39) 347 123 4567', 'cell: [PHONE]'],
    ['3331234567', '[PHONE]'],
    ['numero verde 800 123 456', 'numero verde [PHONE]'],
    ['UK office +44 20 7946 0958', 'UK office [PHONE]'],
    ['call me on +1 (415) 555-2671', 'call me on [PHONE]'],
    ['call me on (415) 555-2671', 'call me on [PHONE]'],
    ['Berlin +49 30 12345678', 'Berlin [PHONE]'],
    ['ordine +39 333 1234567', 'ordine [PHONE]'], // identifiers never carry an international prefix
  ])('%s', (text, expected) => redacts(text, expected, ['PHONE']));

  it.each([
    'ordine 123456',
    'tracking: 1Z999AA10123456784',
    'amazon 402-1234567-1234567',
    'pratica n. 33312345',
    'consegna il 12/03/2024',
    'il 03/12/2024 alle 10:30',
    'il 03.12.2024',
    'il 03-12-2024',
    'delivered on 2024-03-12 at 14:30',
    'ore 14.30 del 3.12.2024',
    'dal 02/01 al 05/01',
    'pagato € 49,90',
    'pagato 1.234,56 €',
    'charged £1,299.00 twice',
    'ho pagato 129 euro',
    'fattura 2024/001234',
    'Ho aspettato 45 minuti',
    'waited 3 hours and 20 minutes',
    'modello AB3331234567',
  ])('leaves %s', untouched);
});

// Issue 20 item 7: a word that usually introduces an identifier ("n.", "nr", "#", "numero",
// "number", "ordine") used to spare a number that validates as a card or a phone. Validation now
// wins: context may only spare what fails validation.
describe('redactPii: validated numbers whatever precedes them', () => {
  it.each([
    ['pagato con la carta n. 4111 1111 1111 1111', 'pagato con la carta n. [CARD]'],
    ['carta nr 4111111111111111 rifiutata', 'carta nr [CARD] rifiutata'],
    ['numero 5555555555554444', 'numero [CARD]'],
    [
      'la carta numero: 5555 5555 5555 4444 è stata addebitata due volte',
      'la carta numero: [CARD] è stata addebitata due volte',
    ],
    ['card # 4111-1111-1111-1111', 'card # [CARD]'],
    ['card number 378282246310005 was charged twice', 'card number [CARD] was charged twice'],
    ['my card no. 6011111111111117', 'my card no. [CARD]'],
    ['ordine 4111111111111111', 'ordine [CARD]'],
    ['order #5555555555554444', 'order #[CARD]'],
  ])('card: %s', (text, expected) => redacts(text, expected, ['CARD']));

  it.each([
    ['richiamatemi al n. 333 1234567', 'richiamatemi al n. [PHONE]'],
    ['cellulare nr 347 1234567', 'cellulare nr [PHONE]'],
    ['cell nr. 3471234567 dopo le 18', 'cell nr. [PHONE] dopo le 18'],
    ['tel # 3331234567', 'tel # [PHONE]'],
    ['numero 0612345678', 'numero [PHONE]'],
    ['il mio numero: 02 1234 5678', 'il mio numero: [PHONE]'],
    ['call me back on number 3331234567', 'call me back on number [PHONE]'],
    ['phone no. (415) 555-2671', 'phone no. [PHONE]'],
    ['reach me at # 020 7946 0958', 'reach me at # [PHONE]'],
    // Valid numbering-plan matches after an order keyword are phones as far as validation can tell.
    ['ordine 0212345678', 'ordine [PHONE]'],
    ['numero ordine: 0212345678', 'numero ordine: [PHONE]'],
    ['order no. 0212345678', 'order no. [PHONE]'],
    ['codice cliente 0612345678', 'codice cliente [PHONE]'],
    ['ticket #0612345678', 'ticket #[PHONE]'],
    ['tracking 05123456789', 'tracking [PHONE]'],
  ])('phone: %s', (text, expected) => redacts(text, expected, ['PHONE']));

  it.each([
    'ordine n. 4111 1111 1111 1112', // Luhn fails
    'numero ordine 1234567812345670', // Luhn-valid but no issuer starts with 1
    'order number 33312345', // no numbering plan matches
    'ticket # 123456',
    'pratica nr 402-1234567-1234567',
    'IMEI 356938035643809', // Luhn-valid by design, but 15 digits is no JCB length
  ])('leaves %s', untouched);
});

describe('redactPii: long and repetitive input', () => {
  it('finds two cards written in one run of digit groups', () => {
    redacts('carte 4111 1111 1111 1111 5555 5555 5555 4444', 'carte [CARD] [CARD]', ['CARD']);
  });

  it('finds a spoken address far from the start of a long text', () => {
    const filler = 'il servizio punto vendita era ok '.repeat(40);
    redacts(
      `${filler}scrivete a mario punto rossi chiocciola gmail punto com`,
      `${filler}scrivete a [EMAIL]`,
      ['EMAIL'],
    );
  });

  it('finds every address among many spoken "at"s', () => {
    const text =
      'a at b; '.repeat(30) + 'giulia at libero dot it e ' + 'x at y; '.repeat(30) + 'luca at tim dot it';
    expect(redactPii(text).text.match(/\[EMAIL\]/g)).toHaveLength(2);
  });

  it('leaves a long run of small digit groups alone', () => {
    untouched('12 '.repeat(1_500).trim());
  });
});

describe('redactPii: mixed', () => {
  it('redacts several kinds, reporting each once in order', () => {
    const r = redactPii(
      'Sono Mario, tel 333 1234567, email mario.rossi@gmail.com, IBAN IT60X0542811101000000123456, cell 347 7654321. Ordine 123456 del 12/03/2024, € 49,90.',
    );
    expect(r.text).toBe(
      'Sono Mario, tel [PHONE], email [EMAIL], IBAN [IBAN], cell [PHONE]. Ordine 123456 del 12/03/2024, € 49,90.',
    );
    expect(r.found).toEqual(['PHONE', 'EMAIL', 'IBAN']);
  });

  it('keeps the order number while redacting the phone', () => {
    redacts("Il mio numero è 0612345678 e l'ordine è 123456", "Il mio numero è [PHONE] e l'ordine è 123456", [
      'PHONE',
    ]);
  });

  it('returns the same string when there is nothing to do', () => {
    const text = 'Operatore gentilissimo, problema risolto!';
    expect(redactPii(text).text).toBe(text);
    expect(redactPii('').found).toEqual([]);
  });
});
