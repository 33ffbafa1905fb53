/**
 * New and changed datasets of a run, written in batches while the export is still being parsed,
 * all on the run's one connection and inside its one transaction. One batch is in flight while the
 * next is parsed, so the database works on the other core.
 *
 * PostgreSQL: each batch is `COPY … FROM STDIN` of its versions into `dataset_versions` and, for
 * datasets not stored yet, of their `datasets` rows and `listed` events; the changed datasets' rows
 * are then upserted from their new versions by one statement (`applyVersions`). PGlite (no COPY):
 * one `jsonb_to_recordset` insert of the versions, then `applyVersions` for all of them.
 *
 * Each record is written once, and a new dataset's row without an upsert: at 53,000 new datasets a
 * staging table in between cost PostgreSQL 3.2 s, the upsert of every row from its version 2.7 s,
 * the three COPYs 2.3 s (issue 9).
 *
 * A batch size of Infinity applies everything at `finish()`: the incremental pass reads several
 * days, where only a dataset's last row of the run counts.
 */
import type { Kysely } from 'kysely';
import type { CopyOpener, CopyStatement } from '../db/create-db.js';
import type { Database } from '../db/index.js';
import type { DatasetEventSource } from '../db/tables/catalog.table.js';
import { applyVersions, insertVersions, type VersionKey, type VersionRow } from './catalog-store.js';

// Small batches: rows parsed but not yet written stay few and die young (peak RSS, issue 3).
export const FULL_PASS_BATCH = 500;

const VERSIONS_COPY =
  'copy dataset_versions (dataset_id, version_no, content_hash, data, observed_at, run_id) from stdin' as const;
const DATASETS_COPY =
  'copy datasets (dataset_id, title, title_key, publisher_name, update_frequency, published_date, published_at, modified_at, content_hash, current_version, first_seen_at, last_seen_at, first_run_id, last_run_id) from stdin' as const;
const EVENTS_COPY = 'copy dataset_events (dataset_id, event, at, source, run_id) from stdin' as const;

export interface VersionWriterOptions {
  db: Kysely<Database>;
  runId: number;
  now: Date;
  source: DatasetEventSource;
  batchSize: number;
  copyFrom?: CopyOpener;
}

/** A pending row: its key, and where its COPY lines are (PostgreSQL) or the row itself (PGlite). */
interface Pending {
  key: VersionKey;
  /** Its version line; for a new dataset also its datasets row and its event. */
  spans: { version: Span; dataset: Span | null; event: Span | null } | null;
  row: VersionRow | null;
}

/** Version 1: a dataset not stored yet (a stored one's next version is its current_version + 1). */
const isNew = (key: VersionKey): boolean => key.versionNo === 1;

/** The batch's COPY lines, encoded as they come (see LineArena). */
class Batch {
  readonly versions = new LineArena();
  readonly datasets = new LineArena();
  readonly events = new LineArena();
}

export class VersionWriter {
  /** Pending rows by dataset id. */
  private buffer = new Map<string, Pending>();
  /**
   * With COPY (PostgreSQL): the batch's lines, as UTF-8. The lines and the record's JSON die young
   * instead of waiting in the heap for their batch (peak RSS, issue 3).
   */
  private batch = new Batch();
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
    const key = { datasetId, versionNo, titleKey };
    const pending: Pending = { key, spans: null, row: null };
    if (this.o.copyFrom) {
      const { runId, source } = this.o;
      const at = this.observedAt;
      pending.spans = {
        version: this.batch.versions.append(versionLine(row, at, runId)),
        dataset: isNew(key) ? this.batch.datasets.append(datasetLine(row, at, runId)) : null,
        event: isNew(key)
          ? this.batch.events.append(`${copyText(datasetId)}\tlisted\t${at}\t${source}\t${runId}\n`)
          : null,
      };
    } else pending.row = row;
    this.buffer.set(datasetId, pending);
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
    let work: () => Promise<void>;
    if (this.o.copyFrom) {
      const { versions, datasets, events } = this.batch;
      this.batch = new Batch();
      const fresh = pending.filter((p) => isNew(p.key));
      const copies: Array<[CopyStatement, Buffer]> = [
        [VERSIONS_COPY, versions.take(pending.map((p) => p.spans!.version))],
        [DATASETS_COPY, datasets.take(fresh.map((p) => p.spans!.dataset!))],
        [EVENTS_COPY, events.take(fresh.map((p) => p.spans!.event!))],
      ];
      const changed = pending.filter((p) => !isNew(p.key)).map((p) => p.key);
      work = () => this.copyAndApply(copies, fresh.length, changed);
    } else {
      const rows = pending.map((p) => p.row!);
      work = async () => {
        await insertVersions(this.o.db, this.o.runId, this.o.now, rows);
        await this.apply(rows);
      };
    }
    this.inflight = work().catch((err: unknown) => {
      this.failure = err instanceof Error ? err : new Error(String(err));
    });
  }

  private async copyAndApply(
    copies: Array<[CopyStatement, Buffer]>,
    added: number,
    changed: VersionKey[],
  ): Promise<void> {
    for (const [statement, data] of copies) {
      if (data.length === 0) continue;
      const sink = await this.o.copyFrom!(statement);
      try {
        await sink.write(data);
        await sink.end();
      } catch (err) {
        await sink.abort();
        throw err;
      }
    }
    this.added += added;
    await this.apply(changed);
  }

  /** Upsert the datasets rows of versions already written. */
  private async apply(versions: readonly VersionKey[]): Promise<void> {
    const n = await applyVersions(this.o.db, this.o.runId, this.o.now, this.o.source, versions);
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

/** A new dataset's `datasets` row in COPY text format (the columns of DATASETS_COPY). */
export function datasetLine(r: VersionRow, observedAt: string, runId: number): string {
  const d = r.record;
  return (
    `${copyText(r.datasetId)}\t${copyText(d.title)}\t${copyText(r.titleKey)}\t${copyText(d.publisherName)}\t` +
    `${copyText(d.updateFrequency)}\t${copyText(d.publishedDate)}\t${copyText(d.publishedAt)}\t` +
    `${copyText(d.modifiedAt)}\t${copyText(r.hash)}\t${r.versionNo}\t${observedAt}\t${observedAt}\t${runId}\t${runId}\n`
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
