/**
 * `npm run asyncapi`: writes docs/asyncapi.yaml from libs/contracts. The unit test
 * libs/contracts/src/asyncapi.spec.ts fails while the committed file differs from this output.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderAsyncApi } from '@continuum/contracts';

const out = path.resolve(__dirname, '..', '..', 'docs', 'asyncapi.yaml');
writeFileSync(out, renderAsyncApi());
process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
