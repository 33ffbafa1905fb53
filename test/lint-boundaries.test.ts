/**
 * The import boundaries in eslint.config.js are real only if they fire: lint probe files (never
 * written to disk) that break each one, at paths the rules cover, and expect the error.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({
    cwd: ROOT,
    // Only the import rule matters here; type information would need the probes in the project.
    overrideConfig: [tseslint.configs.disableTypeChecked],
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  });
});

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('import boundaries (eslint.config.js)', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['src/reconcile is pure: kysely', 'src/reconcile/probe.ts', "import { sql } from 'kysely';", /is pure/],
    [
      'src/reconcile is pure: the clock',
      'src/reconcile/probe.ts',
      "import { systemClock } from '../clock.js';",
      /is pure/,
    ],
    [
      'src/reconcile is pure: the logger',
      'src/reconcile/probe.ts',
      "import type { Logger } from '../logger.js';",
      /is pure/,
    ],
    [
      'src/reconcile is pure: the database',
      'src/reconcile/probe.ts',
      "import type { Database } from '../db/index.js';",
      /is pure/,
    ],
    [
      'src/reconcile: no internals either',
      'src/reconcile/probe.ts',
      "import { normalizeText } from '../text/normalize.js';",
      /through its index\.js/,
    ],
    [
      'src/ never imports jobs/',
      'src/catalog/probe.ts',
      "import { main } from '../../jobs/cli.js';",
      /never imports jobs/,
    ],
    [
      'src/ never imports test/',
      'src/catalog/probe.ts',
      "import { ROOT } from '../../test/helpers/cli.js';",
      /never imports test/,
    ],
    [
      'jobs/ never imports test/',
      'jobs/probe.ts',
      "import { ROOT } from '../test/helpers/cli.js';",
      /never imports test/,
    ],
    [
      'tools/ never imports test/',
      'tools/fake-platform/probe.ts',
      "import { ROOT } from '../../test/helpers/cli.js';",
      /never imports test/,
    ],
    [
      'another module only through its index',
      'src/catalog/probe.ts',
      "import type { Database } from '../db/database.js';",
      /through its index\.js/,
    ],
    [
      '… also from a nested folder',
      'src/db/tables/probe.ts',
      "import type { Clock } from '../../time/zoned-time.js';",
      /through its index\.js/,
    ],
    [
      '… also from a top-level file',
      'src/probe.ts',
      "import { MOL_FAMILY } from './publishers/mol-family.js';",
      /through its index\.js/,
    ],
    [
      '… also from jobs/',
      'jobs/probe.ts',
      "import { openDatabase } from '../src/db/create-db.js';",
      /through its index\.js/,
    ],
    [
      '… also from jobs/commands/',
      'jobs/commands/probe.ts',
      "import { openDatabase } from '../../src/db/create-db.js';",
      /through its index\.js/,
    ],
    [
      'a job knows nothing of commander',
      'jobs/probe.ts',
      "import type { Command } from 'commander';",
      /lives in jobs\/commands/,
    ],
    [
      'jobs/commands/ never imports test/',
      'jobs/commands/probe.ts',
      "import { ROOT } from '../../test/helpers/cli.js';",
      /never imports test/,
    ],
    [
      'src/config is a leaf: no plan/',
      'src/config/probe.ts',
      "import { mergeUnitAgencies } from '../plan/index.js';",
      /config is a leaf/,
    ],
    [
      'src/config is a leaf: no schedule/',
      'src/config/probe.ts',
      "import { cronSchedule } from '../schedule/index.js';",
      /config is a leaf/,
    ],
    [
      'src/config is a leaf: not even a root file but errors.js',
      'src/config/probe.ts',
      "import { systemClock } from '../clock.js';",
      /config is a leaf/,
    ],
    [
      'schemas/ imports nothing from src/',
      'schemas/probe.ts',
      "import { z } from '../src/config/index.js';",
      /imports nothing from src/,
    ],
  ];

  it.each(cases)('%s', async (_name, file, code, message) => {
    const errors = await restricted(file, `${code}\nexport {};\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('allows what the rules allow', async () => {
    expect(
      await restricted(
        'src/catalog/probe.ts',
        "import type { Database } from '../db/index.js';\nimport { OdsyncError } from '../errors.js';\nimport { readX } from './export-parser.js';\nexport {};\n",
      ),
    ).toEqual([]);
    expect(
      await restricted(
        'src/config/probe.ts',
        "import { ConfigError } from '../errors.js';\nimport { ENV_VARS } from './env-vars.js';\nimport { z } from 'zod';\nexport {};\n",
      ),
    ).toEqual([]);
    expect(
      await restricted('src/db/tables/probe.ts', "import type { X } from '../database.js';\nexport {};\n"),
    ).toEqual([]);
    expect(
      await restricted(
        'src/reconcile/probe.ts',
        "import { normalizeText } from '../text/index.js';\nexport {};\n",
      ),
    ).toEqual([]);
    expect(
      await restricted(
        'jobs/probe.ts',
        "import { openDatabase } from '../src/db/index.js';\nimport { loadConfig } from '../src/config/index.js';\nexport {};\n",
      ),
    ).toEqual([]);
    expect(
      await restricted(
        'jobs/commands/probe.ts',
        "import type { Command } from 'commander';\nimport { loadConfig } from '../../src/config/index.js';\nexport {};\n",
      ),
    ).toEqual([]);
  });
});

describe('no SQL in jobs/ (eslint.config.js)', () => {
  let sqlLint: ESLint;
  beforeAll(() => {
    sqlLint = new ESLint({
      cwd: ROOT,
      overrideConfig: [tseslint.configs.disableTypeChecked],
      ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-syntax',
    });
  });
  const messages = async (code: string) => {
    const [result] = await sqlLint.lintText(code, { filePath: 'jobs/commands/probe.ts' });
    return (result?.messages ?? []).map((m) => m.message);
  };

  it('a query builder call or the sql tag in a job is an error', async () => {
    expect(await messages("export const q = (db: any) => db.selectFrom('runs').selectAll();\n")).toEqual([
      'No SQL in jobs/: call a repository function in src/.',
    ]);
    expect(await messages("import { sql } from 'kysely';\nexport const q = sql`select 1`;\n")).toHaveLength(
      1,
    );
  });

  it('calling a repository function is fine', async () => {
    expect(await messages("export const q = (db: any) => lastCompletedStart(db, 'nightly');\n")).toEqual([]);
  });
});
