import { analyzeComment, DEFAULT_TAXONOMY, type ThemeTaxonomy } from './index';

describe('analyzeComment', () => {
  it('redacts first and analyses the redacted text', () => {
    const r = analyzeComment(
      "L'operatore è stato scortese e la linea è caduta. Richiamatemi al 333 1234567 o scrivete a mario.rossi@gmail.com",
    );
    expect(r.redacted).toBe(
      "L'operatore è stato scortese e la linea è caduta. Richiamatemi al [PHONE] o scrivete a [EMAIL]",
    );
    expect(r.pii).toEqual(['PHONE', 'EMAIL']);
    expect(r.language).toBe('it');
    expect(r.sentiment).toBeLessThan(-0.1);
    expect(r.themes).toEqual(['staff-attitude', 'dropped-call']);
  });

  it('analyses English comments', () => {
    const r = analyzeComment('Waited forever on hold, then the agent was rude. Order 123456.');
    expect(r).toMatchObject({ pii: [], language: 'en', themes: ['waiting-time', 'staff-attitude'] });
    expect(r.redacted).toBe('Waited forever on hold, then the agent was rude. Order 123456.');
    expect(r.sentiment).toBeLessThan(-0.1);
  });

  it('never leaks PII into any field', () => {
    const r = analyzeComment(
      'IBAN IT60X0542811101000000123456, carta 4111 1111 1111 1111, CF RSSMRA85T10H501O',
    );
    expect(r.pii).toEqual(['IBAN', 'CARD', 'CODICE_FISCALE']);
    expect(JSON.stringify(r)).not.toMatch(/IT60X|4111|RSSMRA/);
  });

  it('uses the language hint only when detection is undecided', () => {
    expect(analyzeComment('👍').language).toBe('und');
    expect(analyzeComment('👍', { languageHint: 'it' }).language).toBe('it');
    expect(analyzeComment('Waited forever', { languageHint: 'it' }).language).toBe('en');
  });

  it('scores emoji-only and empty comments without failing', () => {
    expect(analyzeComment('😡').sentiment).toBeLessThan(-0.1);
    expect(analyzeComment('')).toEqual({ redacted: '', pii: [], language: 'und', sentiment: 0, themes: [] });
  });

  it('accepts a tenant taxonomy', () => {
    const taxonomy: ThemeTaxonomy = {
      themes: [
        ...DEFAULT_TAXONOMY.themes,
        {
          id: 'roaming',
          labels: { it: 'Roaming', en: 'Roaming' },
          keywords: { it: ['roaming'], en: ['roaming'] },
        },
      ],
    };
    expect(analyzeComment('Problemi di roaming in Francia', { taxonomy }).themes).toEqual(['roaming']);
    expect(analyzeComment('Problemi di roaming in Francia').themes).toEqual([]);
  });
});
