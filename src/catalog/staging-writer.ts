/**
 * New and changed datasets of a run, written in batches while the export is still being parsed:
 * each batch goes to `catalog_staging` (PostgreSQL: one `COPY … FROM STDIN`; PGlite: one
 * `jsonb_to_recordset` insert) and is applied at once (`applyStaged`), all on the run's one
 * connection and inside its one transaction. One batch is in flight while the next is parsed, so
 * the database works on the other core.
 *
 * A batch size of Infinity applies everything at `finish()`: the incremental pass reads several
 * days, where only a dataset's last row of the run counts.
 */
import type { Kysely } from 'kysely';
import type { CopyOpener } from '../db/create-db.js';
import type { Database } from '../db/index.js';
import type { DatasetEventSource } from '../db/tables/catalog.table.js';
import { applyStaged, stageRows, type StagedRow } from './catalog-store.js';

// Small batches: rows parsed but not yet written stay few and die young (peak RSS, issue 3).
export const FULL_PASS_BATCH = 500;

const STAGING_COPY =
  'copy catalog_staging (run_id, dataset_id, title_key, content_hash, data) from stdin' as const;

export interface StagingOptions {
  db: Kysely<Database>;
  runId: number;
  now: Date;
  source: DatasetEventSource;
  batchSize: number;
  copyFrom?: CopyOpener;
}

export class StagingWriter {
  /** Pending rows by dataset id: with COPY already as text, so the parsed record dies young. */
  private buffer = new Map<string, StagedRow | string>();
  private inflight: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  added = 0;
  changed = 0;

  constructor(private readonly o: StagingOptions) {}

  /** Stage a row; a later row for the same dataset in the same batch replaces the earlier one. */
  async add(row: StagedRow): Promise<void> {
    this.buffer.set(row.record.datasetId, this.o.copyFrom ? copyLine(this.o.runId, row) : row);
    if (this.buffer.size >= this.o.batchSize) await this.flush();
  }

  /**
   * Drop a staged dataset's pending row. False if its row went out with an earlier batch (applied
   * already: the caller then delists it).
   */
  withdraw(id: string): boolean {
    return this.buffer.delete(id);
  }

  /** Every row applied. */
  async finish(): Promise<void> {
    await this.flush();
    await this.settle();
  }

  /** Wait for the batch in flight, ignoring its failure (the caller is rolling back). */
  async abort(): Promise<void> {
    await this.inflight;
  }

  private async flush(): Promise<void> {
    await this.settle();
    if (this.buffer.size === 0) return;
    const rows = [...this.buffer.values()];
    this.buffer = new Map();
    const batch = this.o.copyFrom ? (rows as string[]).join('') : (rows as StagedRow[]);
    this.inflight = this.write(batch).catch((err: unknown) => {
      this.failure = err instanceof Error ? err : new Error(String(err));
    });
  }

  private async write(batch: string | StagedRow[]): Promise<void> {
    const { db, runId, now, source, copyFrom } = this.o;
    if (typeof batch === 'string') {
      const sink = await copyFrom!(STAGING_COPY);
      try {
        await sink.write(batch);
        await sink.end();
      } catch (err) {
        await sink.abort();
        throw err;
      }
    } else {
      await stageRows(db, runId, batch);
    }
    const n = await applyStaged(db, runId, now, source);
    this.added += n.added;
    this.changed += n.changed;
  }

  private async settle(): Promise<void> {
    await this.inflight;
    if (this.failure) throw this.failure;
  }
}

/** A row in COPY text format (tab-separated, `\N` for null, backslash escapes). */
export function copyLine(runId: number, r: StagedRow): string {
  return (
    `${runId}\t${copyText(r.record.datasetId)}\t` +
    `${copyText(r.titleKey)}\t${r.hash}\t${copyJson(r.json)}\n`
  );
}

const COPY_SPECIAL = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** JSON text in COPY text format: JSON.stringify leaves no raw tab or line break, only backslashes. */
function copyJson(json: string): string {
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}

/** One field in COPY text format. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(COPY_SPECIAL, (ch) => COPY_ESCAPES[ch]!);
}
