import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { adminUrl } from './helpers/pg-admin.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAvailable: boolean;
  }
}

/** Decide once whether the PostgreSQL half of the suite can run. In CI it must. */
export default async function setup(project: TestProject): Promise<void> {
  const wanted = (process.env.ODSYNC_TEST_ENGINES ?? 'pglite,postgres').split(',').includes('postgres');
  let available = false;
  if (wanted) {
    const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      available = true;
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      if (process.env.CI)
        throw new Error(`PostgreSQL is required in CI but unreachable at ${adminUrl()}: ${why}`);
      process.stderr.write(
        `\n*** PostgreSQL unreachable (${why}): the PostgreSQL half of the suite is SKIPPED; only PGlite runs. ***\n` +
          `*** Start PostgreSQL or set TEST_DATABASE_URL to run both engines (CI always does).            ***\n\n`,
      );
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  project.provide('postgresAvailable', available);
}
