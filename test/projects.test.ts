/**
 * The unit project stays fast only if no database or process test lands in it: every test file
 * not listed in test/projects.ts must be pure, and every listed entry must exist.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { DB_TESTS, E2E_TESTS, listed } from './projects.js';

/** What a unit test file must not use: a database, a spawned process, a fake platform server. */
const NOT_UNIT =
  /from '[^']*\/(helpers\/engines|schedule\/cli-db|faults\/fault-harness|fake-platform(\/index)?)\.js'|from 'node:child_process'|from 'playwright-core'|\bopenDatabase\(/;

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [relative(ROOT, path).split('\\').join('/')] : [];
  });
}

describe('vitest projects', () => {
  const files = testFiles(join(ROOT, 'test'));

  it('every file outside the db and e2e lists is a unit test (no database, process or server)', () => {
    const misplaced = files
      .filter((f) => !listed(DB_TESTS, f) && !listed(E2E_TESTS, f) && f !== 'test/projects.test.ts')
      .filter((f) => NOT_UNIT.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(misplaced, 'add these to DB_TESTS or E2E_TESTS in test/projects.ts').toEqual([]);
  });

  it('every listed entry exists and is in one list only', () => {
    for (const entry of [...DB_TESTS, ...E2E_TESTS]) expect(existsSync(join(ROOT, entry)), entry).toBe(true);
    expect(files.filter((f) => listed(DB_TESTS, f) && listed(E2E_TESTS, f))).toEqual([]);
  });
});
