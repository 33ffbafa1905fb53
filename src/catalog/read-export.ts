/**
 * Downloading and parsing a pass's exports into its ExportPass. A changed export is downloaded as
 * received, then parsed while a copy is compressed into the archive. The full export is parsed as
 * it downloads; once it is complete, it is compressed into the archive while the parse goes on. A
 * retried download starts the parse over (the batches already written are rolled back to a
 * savepoint).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { Logger } from '../logger.js';
import type { PlatformClient } from '../platform/index.js';
import type { ExportPass } from './export-pass.js';
import { parseExportFileBatches, parseExportStreamBatches } from './export-parser.js';
import { DownloadRestarted, GrowingFile } from './growing-file.js';
import type { PhaseTimer } from './phase-timer.js';
import type { RunArchive } from './raw-archive.js';

export interface ExportReader {
  db: Kysely<Database>;
  client: PlatformClient;
  logger: Logger;
  archive: RunArchive;
  pass: ExportPass;
  format: 'csv' | 'json';
  timer: PhaseTimer;
}

/** A downloaded changed export (`name` in the archive's folder), parsed under `source`. */
export async function readChangedExport(r: ExportReader, name: string, source: string): Promise<void> {
  r.timer.end('download');
  const compressed = r.archive.compress(source, name);
  try {
    await Promise.all([
      compressed,
      r.pass.consume(parseExportFileBatches(r.archive.pathOf(name), { format: r.format, source }), source),
    ]);
  } finally {
    // Never under a reader: the parse may not even have opened the file when a small one is
    // already compressed.
    await compressed.catch(() => undefined);
    await r.archive.discard(name);
  }
  r.timer.end('parseAndStage');
}

export interface FullExportRead {
  downloadedBytes: number;
  /** Times the download, and so the parse, started over. */
  restarts: number;
}

/**
 * Download and parse the full export. `onPlatformCount` receives the platform's own dataset count
 * (asked after the download, so the request pacing never delays the export).
 */
export async function readFullExport(
  r: ExportReader,
  name: string,
  onPlatformCount: (n: number) => void,
): Promise<FullExportRead> {
  const { db, client, logger, archive, pass } = r;
  const out: FullExportRead = { downloadedBytes: 0, restarts: 0 };
  const file = new GrowingFile(archive.pathOf(name));
  const download = client
    .downloadExport(() => [file.writer()])
    .then(
      (dl) => {
        file.complete();
        out.downloadedBytes += dl.bytes;
        r.timer.end('download');
        return dl;
      },
      (err: unknown) => {
        file.fail(err instanceof Error ? err : new Error(String(err)));
        throw err;
      },
    );
  const compressed = download.then(() => archive.compress('catalog-export', name));
  const counted = download.then(() =>
    client.totalCount().then(onPlatformCount, (err: unknown) => {
      logger.warn({ err }, 'could not read the platform dataset count; the count guard is skipped');
    }),
  );
  // Handled here; awaited below (a rejection must not go unhandled while the parse runs).
  for (const p of [download, compressed, counted]) p.catch(() => undefined);
  try {
    await sql`savepoint export_pass`.execute(db);
    for (;;) {
      try {
        await pass.consume(
          parseExportStreamBatches(file.read(), { format: r.format, source: 'catalog-export' }),
          'catalog-export',
        );
        break;
      } catch (err) {
        if (!(err instanceof DownloadRestarted)) throw err;
        await pass.versions.abort();
        await sql`rollback to savepoint export_pass`.execute(db);
        logger.warn(
          { rowsDiscarded: pass.exportRows },
          'the export download started over: its parse starts over too',
        );
        out.restarts++;
        pass.startOver();
      }
    }
    // The last batch written before the savepoint goes (a failure of it is the run's error).
    await pass.versions.finish();
    await sql`release savepoint export_pass`.execute(db);
    await Promise.all([download, compressed, counted]);
  } finally {
    await Promise.allSettled([download, compressed, counted]);
    await archive.discard(name);
  }
  r.timer.end('parseAndStage');
  return out;
}
