import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { OdsyncError } from '../errors.js';
import { MIGRATIONS } from './migrations/index.js';

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/** Apply every pending migration. Returns what was applied; throws (with cause) if one fails. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r: MigrationResult) => r.status === 'Error');
  if (error !== undefined || failed) {
    throw new OdsyncError(
      'MIGRATION',
      `migration ${failed?.migrationName ?? '(setup)'} failed: ${errorText(error)}`,
      {
        cause: error,
      },
    );
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  return { applied, alreadyApplied: Object.keys(MIGRATIONS).length - applied.length };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
