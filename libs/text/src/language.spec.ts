import { detectLanguage } from './language';

describe('detectLanguage', () => {
  it.each([
    "L'operatore è stato molto gentile e mi ha risolto il problema in pochi minuti.",
    'Il pacco non è mai arrivato e nessuno risponde al telefono',
    'Buongiorno, vorrei sapere quando arriva il rimborso',
    'Ottimo servizio',
    'Attesa infinita',
    'Linea caduta',
    'Perfetto',
    'Gentilissimi',
    'Disponibili e cortesi',
    'Consegna veloce',
    'Call center inutile',
    'App lenta',
    'ok grazie',
    'Mai più',
    'Non male',
    'Boh',
  ])('Italian: %s', (text) => expect(detectLanguage(text)).toBe('it'));

  it.each([
    'The agent was really helpful and sorted out my billing issue quickly.',
    'My parcel never arrived and nobody answers the phone',
    'Hello, I would like to know when my refund will be processed',
    'Great service',
    'Waited forever',
    'Rude agent',
    'Perfect',
    'Fantastic',
    'Friendly and polite',
    'Fast delivery',
    'Useless call centre',
    'App crashes',
    'ok thanks',
    'Never again',
    'Not bad',
    'Meh',
  ])('English: %s', (text) => expect(detectLanguage(text)).toBe('en'));

  it.each([
    '',
    '   ',
    '👍',
    '😡😡',
    '12345',
    '[PHONE]',
    '[EMAIL] [PHONE]',
    'ok',
    'Top',
    'super',
    'No',
    'App ok',
    '!!!',
  ])('undetermined: %j', (text) => expect(detectLanguage(text)).toBe('und'));

  it('ignores redaction placeholders, e-mail addresses and URLs', () => {
    expect(detectLanguage('[PHONE] [EMAIL] https://example.com/track?id=the-and-the grazie mille')).toBe(
      'it',
    );
    expect(detectLanguage('mario.rossi@gmail.com thanks a lot')).toBe('en');
  });

  it('goes with the majority in mixed comments', () => {
    expect(detectLanguage("Il customer care mi ha detto che l'order è in consegna domani")).toBe('it');
    expect(detectLanguage('The courier said the pacco was delivered but I never got it')).toBe('en');
  });
});
