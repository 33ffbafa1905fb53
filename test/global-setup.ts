import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { adminUrl } from './helpers/pg-admin.js';
import { makeTemplates, type TestTemplates } from './helpers/templates.js';

/** Shared by the projects that list this file (db, e2e): the templates are made once per run. */
interface Shared {
  ready: Promise<{ available: boolean; templates: TestTemplates; remove: () => Promise<void> }>;
  users: number;
}
const registry = globalThis as { __odsyncTestTemplates?: Shared };

/**
 * Decide once whether the PostgreSQL half of the suite can run (in CI it must), and make the
 * migrated template databases every database test starts from.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (registry.__odsyncTestTemplates ??= { ready: prepare(), users: 0 });
  shared.users++;
  const { available, templates } = await shared.ready;
  project.provide('postgresAvailable', available);
  project.provide('testTemplates', templates);
  return async () => {
    if (--shared.users > 0) return;
    registry.__odsyncTestTemplates = undefined;
    await (await shared.ready).remove();
  };
}

async function prepare() {
  const available = await postgresAvailable();
  const { templates, remove } = await makeTemplates(available);
  return { available, templates, remove };
}

async function postgresAvailable(): Promise<boolean> {
  const wanted = (process.env.ODSYNC_TEST_ENGINES ?? 'pglite,postgres').split(',').includes('postgres');
  if (!wanted) return false;
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if (process.env.CI)
      throw new Error(`PostgreSQL is required in CI but unreachable at ${adminUrl()}: ${why}`);
    process.stderr.write(
      `\n*** PostgreSQL unreachable (${why}): the PostgreSQL half of the suite is SKIPPED; only PGlite runs. ***\n` +
        `*** Start PostgreSQL or set TEST_DATABASE_URL to run both engines (CI always does).            ***\n\n`,
    );
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
