import 'reflect-metadata';
import { openApiCoverage } from '@continuum/platform';
import { AppModule } from './app.module';
import { OPENAPI_INFO } from './openapi';

// Built from a preview of the module graph (no database, no broker), held against Nest's routes.
describe('collect OpenAPI document', () => {
  it('documents every route collect serves, the widget’s included, with summaries and problems', async () => {
    const sut = await openApiCoverage(AppModule, OPENAPI_INFO);
    expect(sut.served).toEqual(
      expect.arrayContaining([
        'GET /widget.js',
        'OPTIONS /widget/v1/answers',
        'POST /widget/v1/answers',
        'OPTIONS /widget/v1/form',
        'POST /widget/v1/form',
      ]),
    );
    expect(sut.documented).toEqual(sut.served);
    // The HTML pages' own gaps (no example of a whole page) predate the widget.
    expect(sut.gaps.filter((g) => g.includes('widget'))).toEqual([]);
  });
});
