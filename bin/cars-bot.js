#!/usr/bin/env node
// `cars-bot`: runs the compiled CLI in dist/. In a checkout, the sources are compiled again first
// when they changed since the last build (about a second); `npm install` builds dist/ (prepare).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const compiled = path.join(root, 'dist', 'cli', 'main.js');
if (fs.existsSync(path.join(root, 'src'))) {
  const build = require('../scripts/build-dist.js');
  if (!build.distIsCurrent()) {
    try {
      build.transpile();
    } catch (err) {
      process.stderr.write(`error: could not compile src/ into dist/: ${err && err.message ? err.message : err}\n`);
      process.exit(1);
    }
  }
} else if (!fs.existsSync(compiled)) {
  process.stderr.write('error: dist/ is missing: run `npm run build` (or `npm install`, which builds it)\n');
  process.exit(1);
}
require(compiled).main(process.argv);
