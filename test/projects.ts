/**
 * Which test files belong to which vitest project. `unit` is everything not listed here: pure
 * code, no database, no server process, no spawned CLI (test/projects.test.ts checks that).
 * Entries are file paths, or folders ending in `/`.
 */

/** Integration tests against a real database (PGlite and PostgreSQL), in-process. */
export const DB_TESTS = [
  'test/quarterly/quarterly-cli.test.ts',
  'test/quarterly/quarterly-db.test.ts',
  'test/quarterly/quarterly-nightly.test.ts',
  'test/alerts/send-alerts.test.ts',
  'test/catalog/export-corruption.property.test.ts',
  'test/catalog/hostile-values.test.ts',
  'test/catalog/version-writer.test.ts',
  'test/db/',
  'test/feedback/feedback-facts.test.ts',
  'test/feedback/requests-feed.test.ts',
  'test/feedback/requests-import.test.ts',
  'test/nightly/nightly.test.ts',
  'test/plan/plan-import.test.ts',
  'test/reconcile-store/match-cli.test.ts',
  'test/reconcile-store/reconcile-store.test.ts',
  'test/report/reader-role.test.ts',
  'test/report/report-db.test.ts',
  'test/review/review-round-trip.test.ts',
  'test/review/review-validation.test.ts',
  'test/runs/',
  'test/schedule/status-check.test.ts',
  'test/two-dates/two-dates-db.test.ts',
];

/** End to end: the fake platform, spawned CLIs (the built `dist/`), fault injection, the browser. */
export const E2E_TESTS = [
  'test/build.test.ts',
  'test/catalog/scheduled-delistings.test.ts',
  'test/catalog/sync-cli.test.ts',
  'test/catalog/sync-e2e.test.ts',
  'test/catalog/sync-faults.test.ts',
  'test/catalog/sync-kill.test.ts',
  'test/cli/',
  'test/faults/',
  'test/fake-platform/',
  'test/doctor/doctor-fake.test.ts',
  'test/family/',
  'test/feedback/comments-sync.test.ts',
  'test/nightly/nightly-cli.test.ts',
  'test/reconcile-store/reconcile-e2e.test.ts',
  'test/report/browser.test.ts',
  'test/quarterly/quarterly-browser.test.ts',
  'test/review/review-cli.test.ts',
  'test/schedule/schedule-process.test.ts',
  'test/two-dates/two-dates-e2e.test.ts',
];

/** Vitest include globs for a list. */
export function globs(entries: readonly string[]): string[] {
  return entries.map((e) => (e.endsWith('/') ? `${e}**/*.test.ts` : e));
}

/** Whether a repository-relative test file is covered by a list. */
export function listed(entries: readonly string[], file: string): boolean {
  return entries.some((e) => (e.endsWith('/') ? file.startsWith(e) : file === e));
}
