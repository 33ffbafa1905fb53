// `npm run build` around tsc: `clean` empties dist/ first (tsc never deletes a stale output);
// `check` fails the build if it shipped anything from test/ (the product never imports tests).
import { existsSync, rmSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const dist = new URL('../dist/', import.meta.url);
const mode = process.argv[2];
if (mode === 'clean') rmSync(dist, { recursive: true, force: true });
else if (mode === 'check') {
  if (existsSync(new URL('test/', dist))) {
    process.stderr.write('build: dist/test/ exists: something under src/, jobs/ or tools/ imports test/\n');
    process.exit(1);
  }
} else {
  process.stderr.write('usage: node scripts/dist.js clean|check\n');
  process.exit(2);
}
