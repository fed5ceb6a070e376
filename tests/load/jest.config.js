// Benchmarks (`npm run bench:act`): never part of `npm test`, whose projects do not match *.bench.ts.
// They share the end-to-end global setup: an isolated broker and database, built and migrated.
const base = require('../../jest.config.js');
const e2e = base.projects.find((p) => p.displayName === 'e2e');

module.exports = {
  ...e2e,
  rootDir: '../..',
  displayName: 'load',
  // Only the jest-driven benchmark; the others are plain scripts (npm run bench:measure, bench:ingest).
  testMatch: ['<rootDir>/tests/load/act.bench.ts'],
  testTimeout: 600_000,
};
