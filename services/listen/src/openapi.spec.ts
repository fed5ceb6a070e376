import { NestFactory } from '@nestjs/core';
import {
  createOpenApiDocument,
  documentationGaps,
  documentedRoutes,
  servedRoutes,
} from '@continuum/platform';
import { AppModule } from './app.module';
import { OPENAPI_INFO } from './openapi';

// The document is built from a preview of the module graph (no database, no broker): the same
// function the running service serves at /docs-json, held against Nest's own route metadata.
describe('listen OpenAPI document', () => {
  it('documents every route the app serves, and only those, with summaries, examples and problems', async () => {
    const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
    try {
      const sut = createOpenApiDocument(app, OPENAPI_INFO);
      const served = servedRoutes(AppModule);
      expect(served).toEqual(
        expect.arrayContaining(['GET /health/live', 'GET /health/ready', 'GET /metrics']),
      );
      expect(served.length).toBeGreaterThan(3);
      expect(documentedRoutes(sut)).toEqual(served);
      expect(documentationGaps(sut)).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
