#!/usr/bin/env node
// Runs the compiled CLI. `npm install` builds it (the `prepare` script); `npm run build` rebuilds it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/jobs/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('odsync: not built yet; run `npm install` (or `npm run build`) first\n');
  process.exit(1);
}
// `odsync … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
