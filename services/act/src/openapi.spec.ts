import 'reflect-metadata';
import { openApiMismatches } from '@continuum/platform';
import { AppModule } from './app.module';
import { OPENAPI_INFO } from './openapi';

// The document is built from a preview of the module graph (no database, no broker): the same
// function the running service serves at /docs-json, held against Nest's own route metadata.
describe('act OpenAPI document', () => {
  it('documents every route the app serves, and only those, with summaries, examples and problems', async () => {
    expect(await openApiMismatches(AppModule, OPENAPI_INFO)).toEqual([]);
  });
});
