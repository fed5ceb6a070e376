import { taxonomyProblems } from './taxonomy-check';
import { DEFAULT_TAXONOMY, detectThemes, type ThemeTaxonomy } from './themes';

/** A theme of a tenant taxonomy: its id, its [Italian, English] label and its keywords. */
const theme = (
  id: string,
  [itLabel, enLabel]: [string, string],
  keywords: { it: string[]; en: string[] },
) => ({
  id,
  labels: { it: itLabel, en: enLabel },
  keywords,
});

describe('detectThemes with the default taxonomy', () => {
  it.each([
    ['La consegna è arrivata tardi', 'delivery'],
    ['Le consegne sono sempre in ritardo', 'delivery'],
    ['Il pacco è stato consegnato al vicino', 'delivery'],
    ['Fattura sbagliata', 'billing'],
    ['Le fatture arrivano doppie', 'billing'],
    ['Operatore scortese', 'staff-attitude'],
    ['Gli operatori sono stati gentilissimi', 'staff-attitude'],
    ['Tempi di attesa lunghissimi', 'waiting-time'],
    ["Tempo d'attesa: 40 minuti", 'waiting-time'],
    ['Sono rimasto 30 minuti in linea', 'waiting-time'],
    ['La linea è caduta due volte', 'dropped-call'],
    ['È caduta la linea', 'dropped-call'],
    ['Mi hanno trasferito tre volte', 'transfers'],
    ['Rimborso mai arrivato', 'refund'],
    ['Ho fatto il reso due settimane fa', 'refund'],
    ["L'app si blocca", 'website-app'],
    ['Il sito non carica', 'website-app'],
    ['Prodotto di pessima qualità', 'product-quality'],
    ['Qualita scadente', 'product-quality'],
    ['Prezzi troppo alti', 'price'],
    ['Operatore incompetente', 'agent-knowledge'],
    ['Nessuno sapeva rispondere', 'agent-knowledge'],
  ])('it: %s → %s', (text, theme) => expect(detectThemes(text, 'it')).toContain(theme));

  it.each([
    ['Delivery was late', 'delivery'],
    ['Both deliveries were late', 'delivery'],
    ['The courier left my parcel outside', 'delivery'],
    ['I was charged twice', 'billing'],
    ['My invoices are wrong', 'billing'],
    ['Rude agent', 'staff-attitude'],
    ['Waited 40 minutes on hold', 'waiting-time'],
    ['The call dropped', 'dropped-call'],
    ['He hung up on me', 'dropped-call'],
    ['I was transferred three times', 'transfers'],
    ['Still waiting for my refund', 'refund'],
    ['The app keeps crashing', 'website-app'],
    ['Poor quality', 'product-quality'],
    ['Too expensive', 'price'],
    ['The agent was clueless', 'agent-knowledge'],
  ])('en: %s → %s', (text, theme) => expect(detectThemes(text, 'en')).toContain(theme));

  it('returns nothing for off-topic or empty text', () => {
    expect(detectThemes('Buongiorno a tutti', 'it')).toEqual([]);
    expect(detectThemes('', 'en')).toEqual([]);
    expect(detectThemes('Can you help me?', 'en')).toEqual([]);
  });

  it('returns several themes in taxonomy order', () => {
    expect(detectThemes('Attesa infinita e poi la linea è caduta; operatore scortese', 'it')).toEqual([
      'waiting-time',
      'staff-attitude',
      'dropped-call',
    ]);
  });

  it('is accent- and case-insensitive', () => {
    expect(detectThemes('QUALITÀ', 'it')).toEqual(['product-quality']);
    expect(detectThemes('qualita', 'it')).toEqual(['product-quality']);
  });

  it("tries both languages' keywords when the language is undetermined", () => {
    expect(detectThemes('pacco refund', 'und')).toEqual(['delivery', 'refund']);
  });

  it('does not mistake ordinary words for keywords', () => {
    expect(detectThemes('Vorrei sapere quando arriva', 'it')).toEqual([]);
    expect(detectThemes('Nella linea di prodotti nuova', 'it')).not.toContain('dropped-call');
  });
});

describe('custom taxonomies', () => {
  const custom: ThemeTaxonomy = {
    themes: [
      theme('roaming', ['Roaming', 'Roaming'], {
        it: ['roaming', 'traffico dati all estero'],
        en: ['roaming', 'data abroad'],
      }),
      theme('modem', ['Modem', 'Router'], { it: ['modem', 'rout*'], en: ['router*'] }),
    ],
  };

  it('matches stems, prefixes and phrases in any order', () => {
    expect(detectThemes("Il traffico dati all'estero costa troppo", 'it', custom)).toEqual(['roaming']);
    expect(detectThemes("All'estero il traffico dati non va", 'it', custom)).toEqual(['roaming']);
    expect(detectThemes('Il router si riavvia', 'it', custom)).toEqual(['modem']);
    expect(detectThemes('Routers keep rebooting', 'en', custom)).toEqual(['modem']);
    expect(detectThemes('Using data abroad is expensive', 'en', custom)).toEqual(['roaming']);
  });

  it('validates', () => expect(taxonomyProblems(custom)).toEqual([]));
});

// The shape (ids, labels, lists) is TAXONOMY_SCHEMA's, checked by listen first; these are the
// rules that need the text analytics.
describe(taxonomyProblems.name, () => {
  it('accepts the default taxonomy', () => {
    expect(taxonomyProblems(DEFAULT_TAXONOMY)).toEqual([]);
    expect(DEFAULT_TAXONOMY.themes.map((t) => t.id)).toEqual(
      expect.arrayContaining([
        'waiting-time',
        'staff-attitude',
        'agent-knowledge',
        'delivery',
        'billing',
        'refund',
        'website-app',
        'product-quality',
        'price',
        'dropped-call',
        'transfers',
      ]),
    );
  });

  it('reports each problem with its field, in words a tenant admin can act on', () => {
    expect(
      taxonomyProblems({
        themes: [
          theme('delivery', ['Consegna', 'Delivery'], { it: ['consegna'], en: ['delivery'] }),
          theme('delivery', ['Consegne', 'Deliveries'], { it: ['consegne', '', 'di la'], en: ['d*'] }),
          theme('no-keywords', ['x', 'x'], { it: [], en: [] }),
        ],
      }),
    ).toEqual([
      { field: 'themes.1.id', reason: 'theme "delivery" duplicates the id of theme 0' },
      { field: 'themes.1.keywords.it.1', reason: 'keyword "" is empty' },
      {
        field: 'themes.1.keywords.it.2',
        reason: 'keyword "di la" has no content words (only function words or symbols)',
      },
      { field: 'themes.1.keywords.en.0', reason: 'keyword "d*" has a prefix "d*" shorter than 3 letters' },
      { field: 'themes.2.keywords', reason: 'theme "no-keywords" has no usable keywords in either language' },
    ]);
  });

  it('flags keywords that collapse to the same stems', () => {
    expect(
      taxonomyProblems({
        themes: [theme('billing', ['Fattura', 'Billing'], { it: ['fattura', 'fatture'], en: ['bill'] })],
      }),
    ).toEqual([
      { field: 'themes.0.keywords.it.1', reason: 'keyword "fatture" duplicates "fattura" (same stems)' },
    ]);
  });
});
