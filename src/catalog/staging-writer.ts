/**
 * Writes a run's new and changed datasets to `catalog_staging` while the export is still being
 * parsed. On PostgreSQL the rows stream through one `COPY … FROM STDIN` (the physical limit of
 * loading rows); on PGlite, and for a dataset staged twice in one run (a changed export read day by
 * day), they go in batches through `stageRows`, whose upsert keeps the later row.
 */
import type { Kysely } from 'kysely';
import type { CopyOpener, CopySink } from '../db/create-db.js';
import type { Database } from '../db/index.js';
import { stageRows, unstage, type StagedRow } from './catalog-store.js';

// Small batches: rows parsed but not yet sent stay few, so they die young (peak RSS, issue 3).
const BATCH = 250;

const STAGING_COPY =
  'copy catalog_staging (run_id, dataset_id, action, is_new, title_key, content_hash, data) from stdin' as const;

export class StagingWriter {
  private buffer = new Map<string, StagedRow>();
  /** Ids whose row the database has (or is receiving). */
  private readonly written = new Set<string>();
  /** Rows for ids already sent through COPY: upserted once the COPY is done. */
  private readonly restaged = new Map<string, StagedRow>();
  private readonly withdrawn = new Set<string>();
  private sink: CopySink | undefined;
  /** One batch in flight while the next is parsed (the database works on the other core). */
  private inflight: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly runId: number,
    private readonly copyFrom?: CopyOpener,
  ) {}

  /** Stage a row; a later row for the same dataset replaces the earlier one. */
  async add(row: StagedRow): Promise<void> {
    const id = row.record.datasetId;
    this.withdrawn.delete(id);
    if (this.written.has(id) && this.sink) this.restaged.set(id, row);
    else this.buffer.set(id, row);
    if (this.buffer.size >= BATCH) await this.flush();
  }

  /** Drop a dataset's staged row (a later row said it is unchanged or delisted). */
  withdraw(id: string): void {
    this.buffer.delete(id);
    this.restaged.delete(id);
    if (this.written.has(id)) this.withdrawn.add(id);
  }

  /** Everything staged and stored; withdrawn rows removed. */
  async finish(): Promise<void> {
    await this.flush();
    await this.settle();
    if (this.sink) {
      const sink = this.sink;
      this.sink = undefined;
      await sink.end();
    }
    if (this.restaged.size > 0) await stageRows(this.db, this.runId, [...this.restaged.values()]);
    if (this.withdrawn.size > 0) await unstage(this.db, this.runId, [...this.withdrawn]);
  }

  /** Abandon the run's staging (the next run clears what reached the table). Never throws. */
  async abort(): Promise<void> {
    await this.inflight.catch(() => undefined);
    await this.sink?.abort();
    this.sink = undefined;
  }

  private async flush(): Promise<void> {
    await this.settle();
    if (this.buffer.size === 0) return;
    const rows = [...this.buffer.values()];
    this.buffer = new Map();
    for (const r of rows) this.written.add(r.record.datasetId);
    if (this.copyFrom) this.sink ??= await this.copyFrom(STAGING_COPY);
    const sink = this.sink;
    const sent = sink ? sink.write(copyLines(this.runId, rows)) : stageRows(this.db, this.runId, rows);
    this.inflight = sent.catch((err: unknown) => {
      this.failure = err instanceof Error ? err : new Error(String(err));
    });
  }

  private async settle(): Promise<void> {
    await this.inflight;
    if (this.failure) throw this.failure;
  }
}

/** Rows in COPY text format (tab-separated, `\N` for null, backslash escapes). */
export function copyLines(runId: number, rows: readonly StagedRow[]): string {
  const run = String(runId);
  let out = '';
  for (const r of rows) {
    out +=
      `${run}\t${copyText(r.record.datasetId)}\t${r.action}\t${r.isNew ? 't' : 'f'}\t` +
      `${copyText(r.titleKey)}\t${r.hash}\t${copyJson(r.json)}\n`;
  }
  return out;
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
