import { DEFAULT_TAXONOMY } from '@continuum/text';
import { validateTaxonomy } from './themes.service';

describe(validateTaxonomy.name, () => {
  it('accepts the default taxonomy', () => {
    expect(validateTaxonomy(JSON.parse(JSON.stringify(DEFAULT_TAXONOMY)))).toEqual([]);
  });

  it('also names keyword problems of a wrong but readable shape, in one answer', () => {
    expect(
      validateTaxonomy({ themes: [{ id: 'Roaming!', labels: { it: 'Roaming' }, keywords: { it: [] } }] }),
    ).toEqual([
      { field: 'themes.0.id', reason: 'id must be kebab-case (a-z, 0-9 and "-"), e.g. "waiting-time"' },
      { field: 'themes.0.labels.en', reason: 'en is required' },
      { field: 'themes.0.keywords', reason: 'theme "Roaming!" has no usable keywords in either language' },
    ]);
  });

  it('names the field and reason of a wrong shape (the JSON Schema), before any keyword is read', () => {
    expect(validateTaxonomy(null)).toEqual([{ field: '(body)', reason: 'the payload must be an object' }]);
    expect(validateTaxonomy({ themes: [] })).toEqual([
      { field: 'themes', reason: 'themes must have at least 1 item' },
    ]);
    expect(
      validateTaxonomy({
        themes: [
          { id: 'Delivery', labels: { it: 'Consegne', en: ' ' }, keywords: { it: ['consegne'] } },
          { labels: { it: 'x', en: 'x' }, keywords: { it: [42] } },
          'oops',
        ],
      }),
    ).toEqual([
      { field: 'themes.0.id', reason: 'id must be kebab-case (a-z, 0-9 and "-"), e.g. "waiting-time"' },
      { field: 'themes.0.labels.en', reason: 'en must be a non-empty string' },
      { field: 'themes.1.id', reason: 'id is required' },
      { field: 'themes.1.keywords.it.0', reason: 'item 0 must be a string' },
      { field: 'themes.2', reason: 'item 2 must be an object' },
    ]);
  });

  it('then the keywords (libs/text)', () => {
    expect(
      validateTaxonomy({
        themes: [{ id: 'billing', labels: { it: 'Fattura', en: 'Billing' }, keywords: { it: ['di la'] } }],
      }),
    ).toEqual([
      {
        field: 'themes.0.keywords.it.0',
        reason: 'keyword "di la" has no content words (only function words or symbols)',
      },
      { field: 'themes.0.keywords', reason: 'theme "billing" has no usable keywords in either language' },
    ]);
  });
});
