// Runs a compiled entry point with the @continuum/<lib> aliases resolved to dist/libs/<lib>/src.
// Usage: node tools/run.js dist/services/listen/src/main.js [args…]
'use strict';
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = /^@continuum\/([a-z-]+)$/.exec(request);
  if (m) request = path.join(root, 'dist', 'libs', m[1], 'src', 'index.js');
  return resolve.call(this, request, ...rest);
};

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node tools/run.js <compiled entry.js> [args…]');
  process.exit(2);
}
process.argv.splice(1, 1); // the entry sees its own argv, as if run directly
require(path.resolve(root, entry));
