/**
 * New and changed datasets of a run, written in batches while the export is still being parsed:
 * each batch goes straight into `dataset_versions` (PostgreSQL: one `COPY … FROM STDIN`; PGlite:
 * one `jsonb_to_recordset` insert), then one statement upserts their `datasets` rows from those
 * versions (`applyVersions`), all on the run's one connection and inside its one transaction. One
 * batch is in flight while the next is parsed, so the database works on the other core.
 *
 * The record is written once: a staging table in between (COPY there, then INSERT … SELECT into
 * the versions) cost the database 3.2 s instead of 2.2 s at 53,000 new datasets (issue 9).
 *
 * A batch size of Infinity applies everything at `finish()`: the incremental pass reads several
 * days, where only a dataset's last row of the run counts.
 */
import type { Kysely } from 'kysely';
import type { CopyOpener } from '../db/create-db.js';
import type { Database } from '../db/index.js';
import type { DatasetEventSource } from '../db/tables/catalog.table.js';
import { applyVersions, insertVersions, type VersionKey, type VersionRow } from './catalog-store.js';

// Small batches: rows parsed but not yet written stay few and die young (peak RSS, issue 3).
export const FULL_PASS_BATCH = 500;

const VERSIONS_COPY =
  'copy dataset_versions (dataset_id, version_no, content_hash, data, observed_at, run_id) from stdin' as const;

export interface VersionWriterOptions {
  db: Kysely<Database>;
  runId: number;
  now: Date;
  source: DatasetEventSource;
  batchSize: number;
  copyFrom?: CopyOpener;
}

export class VersionWriter {
  /** Pending rows by dataset id: the key, and the COPY line's place in `lines` or the row (PGlite). */
  private buffer = new Map<string, { key: VersionKey; data: Span | VersionRow }>();
  /**
   * With COPY (PostgreSQL): the batch's COPY lines, encoded as they come. The line and the record's
   * JSON die young instead of waiting in the heap for their batch (peak RSS, issue 3).
   */
  private lines = new LineArena();
  private readonly observedAt: string;
  private inflight: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  added = 0;
  changed = 0;

  constructor(private readonly o: VersionWriterOptions) {
    this.observedAt = o.now.toISOString();
  }

  /** Queue a version; a later row for the same dataset in the same batch replaces the earlier one. */
  async add(row: VersionRow): Promise<void> {
    const { datasetId, versionNo, titleKey } = row;
    const data = this.o.copyFrom ? this.lines.append(versionLine(row, this.observedAt, this.o.runId)) : row;
    this.buffer.set(datasetId, { key: { datasetId, versionNo, titleKey }, data });
    if (this.buffer.size >= this.o.batchSize) await this.flush();
  }

  /**
   * Drop a dataset's pending row. False if its row went out with an earlier batch (applied
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
    const pending = [...this.buffer.values()];
    this.buffer = new Map();
    const keys = pending.map((p) => p.key);
    let data: Buffer | VersionRow[];
    if (this.o.copyFrom) {
      data = this.lines.take(pending.map((p) => p.data as Span));
      this.lines = new LineArena();
    } else data = pending.map((p) => p.data as VersionRow);
    this.inflight = this.write(data, keys).catch((err: unknown) => {
      this.failure = err instanceof Error ? err : new Error(String(err));
    });
  }

  private async write(data: Buffer | VersionRow[], keys: VersionKey[]): Promise<void> {
    const { db, runId, now, source, copyFrom } = this.o;
    if (Buffer.isBuffer(data)) {
      const sink = await copyFrom!(VERSIONS_COPY);
      try {
        await sink.write(data);
        await sink.end();
      } catch (err) {
        await sink.abort();
        throw err;
      }
    } else {
      await insertVersions(db, runId, now, data);
    }
    const n = await applyVersions(db, runId, now, source, keys);
    this.added += n.added;
    this.changed += n.changed;
  }

  private async settle(): Promise<void> {
    await this.inflight;
    if (this.failure) throw this.failure;
  }
}

interface Span {
  start: number;
  end: number;
}

/** Text appended as UTF-8 into one growing buffer. */
export class LineArena {
  private buf = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private spans = 0;

  append(text: string): Span {
    const need = this.used + text.length * 3; // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (need > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.used);
      this.buf = grown;
    }
    const start = this.used;
    this.used += this.buf.write(text, start, 'utf8');
    this.spans++;
    return { start, end: this.used };
  }

  /** The bytes of `kept` (spans of this arena, in order): all of it when nothing was dropped. */
  take(kept: readonly Span[]): Buffer {
    if (kept.length === this.spans) return this.buf.subarray(0, this.used);
    return Buffer.concat(kept.map((s) => this.buf.subarray(s.start, s.end)));
  }
}

/** A version row in COPY text format (tab-separated, backslash escapes). */
export function versionLine(r: VersionRow, observedAt: string, runId: number): string {
  return `${copyText(r.datasetId)}\t${r.versionNo}\t${copyText(r.hash)}\t${copyJson(r.json)}\t${observedAt}\t${runId}\n`;
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
