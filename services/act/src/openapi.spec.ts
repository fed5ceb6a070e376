import 'reflect-metadata';
import { openApiCoverage } from '@continuum/platform';
import { AppModule } from './app.module';
import { OPENAPI_INFO } from './openapi';

// The document is built from a preview of the module graph (no database, no broker): the same
// function the running service serves at /docs-json, held against Nest's own route metadata.
describe('act OpenAPI document', () => {
  it('documents every route the app serves, and only those, with summaries, examples and problems', async () => {
    const sut = await openApiCoverage(AppModule, OPENAPI_INFO);
    expect(sut.served).toEqual(
      expect.arrayContaining(['GET /health/live', 'GET /health/ready', 'GET /metrics']),
    );
    expect(sut.served.length).toBeGreaterThan(3);
    expect(sut.documented).toEqual(sut.served);
    expect(sut.gaps).toEqual([]);
  });
});
