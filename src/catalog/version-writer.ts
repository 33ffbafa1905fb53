/**
 * New and changed datasets of a run, written in batches while the export is still being parsed,
 * all on the run's one connection and inside its one transaction. One batch is in flight while the
 * next is parsed, so the database works on the other core.
 *
 * PostgreSQL: each batch is `COPY … FROM STDIN` of its versions into `dataset_versions` (binary
 * format: the record's JSON goes in as the bytes that were hashed, with no escaping on either side)
 * and, for datasets not stored yet, of their `datasets` rows and `listed` events (text format); the
 * changed datasets' rows are then upserted from their new versions by one statement
 * (`applyVersions`). PGlite (no COPY): one insert of the versions, then `applyVersions` for all.
 *
 * Each record is written once, and a new dataset's row without an upsert: a staging table in
 * between, or upserting every row from its version, each cost more than the COPYs themselves
 * (figures in docs/performance.md; the choice in docs/decisions/0002-json-versions-by-binary-copy.md).
 *
 * A batch size of Infinity applies everything at `finish()`: the incremental pass reads several
 * days, where only a dataset's last row of the run counts.
 */
import type { Kysely } from 'kysely';
import type { CopyOpener, CopyStatement, Database, DatasetEventSource } from '../db/index.js';
import { applyVersions, insertVersions, type VersionKey, type VersionRow } from './catalog-store.js';

// Small batches: rows parsed but not yet written stay few and die young (peak RSS).
export const FULL_PASS_BATCH = 500;

const VERSIONS_COPY =
  'copy dataset_versions (dataset_id, version_no, content_hash, data, observed_at, run_id) from stdin with (format binary)' as const;
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

/** The batch's COPY data, encoded as it comes (see ByteArena). */
class Batch {
  readonly versions = new ByteArena();
  readonly datasets = new ByteArena();
  readonly events = new ByteArena();

  /** Empty again, keeping its buffers (their pages are mapped already: writing fresh ones faults). */
  reset(): this {
    this.versions.reset();
    this.datasets.reset();
    this.events.reset();
    return this;
  }
}

export class VersionWriter {
  /** Pending rows by dataset id. */
  private buffer = new Map<string, Pending>();
  /**
   * With COPY (PostgreSQL): the batch's lines, as UTF-8. The lines and the record's JSON die young
   * instead of waiting in the heap for their batch (peak RSS).
   */
  private batch = new Batch();
  /** The batch sent last, once the server has it all: the next one to fill. */
  private spare: Batch | null = null;
  private readonly observedAt: string;
  /** The last two fields of every binary version tuple: observed_at and run_id. */
  private readonly versionTail: Buffer;
  private inflight: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  added = 0;
  changed = 0;

  constructor(private readonly o: VersionWriterOptions) {
    this.observedAt = o.now.toISOString();
    this.versionTail = versionTail(o.now, o.runId);
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
        version: appendVersion(this.batch.versions, row, this.versionTail),
        dataset: isNew(key) ? this.batch.datasets.append(datasetLine(row, at, runId)) : null,
        event: isNew(key)
          ? this.batch.events.append(`${copyText(datasetId)}\tlisted\t${at}\t${source}\t${runId}\n`)
          : null,
      };
    } else {
      const { bytes: _reused, ...kept } = row; // `bytes` may be a reused buffer: not kept
      pending.row = kept;
    }
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
      const sent = this.batch;
      const { versions, datasets, events } = sent;
      this.batch = this.spare?.reset() ?? new Batch();
      this.spare = null;
      const fresh = pending.filter((p) => isNew(p.key));
      const copies: Array<[CopyStatement, Buffer[]]> = [
        [VERSIONS_COPY, [BINARY_HEADER, versions.take(pending.map((p) => p.spans!.version)), BINARY_TRAILER]],
        [DATASETS_COPY, [datasets.take(fresh.map((p) => p.spans!.dataset!))]],
        [EVENTS_COPY, [events.take(fresh.map((p) => p.spans!.event!))]],
      ];
      const changed = pending.filter((p) => !isNew(p.key)).map((p) => p.key);
      work = async () => {
        await this.copyAndApply(copies, fresh.length, changed);
        this.spare = sent;
      };
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
    copies: Array<[CopyStatement, Buffer[]]>,
    added: number,
    changed: VersionKey[],
  ): Promise<void> {
    for (const [statement, parts] of copies) {
      if (statement !== VERSIONS_COPY && added === 0) continue;
      const sink = await this.o.copyFrom!(statement);
      try {
        for (const part of parts) await sink.write(part);
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

/** COPY data (text lines, binary tuples) appended into one growing buffer, a span per row. */
export class ByteArena {
  private buf = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private spans = 0;
  private start = 0;

  reset(): void {
    this.used = this.spans = this.start = 0;
  }

  /** A text line, as UTF-8 (a row of its own). */
  append(text: string): Span {
    this.text(text);
    return this.end();
  }

  /** Room for `bytes` more bytes. */
  private reserve(bytes: number): void {
    const need = this.used + bytes;
    if (need <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.used);
    this.buf = grown;
  }

  /** UTF-8 of `text` (at most 3 bytes per UTF-16 unit). */
  text(text: string): void {
    this.reserve(text.length * 3);
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  int16(n: number): void {
    this.reserve(2);
    this.used = this.buf.writeInt16BE(n, this.used);
  }

  int32(n: number): void {
    this.reserve(4);
    this.used = this.buf.writeInt32BE(n, this.used);
  }

  bytes(b: Buffer): void {
    this.reserve(b.length);
    this.used += b.copy(this.buf, this.used);
  }

  /** A binary COPY field of text: its byte length, then its UTF-8. */
  field(text: string): void {
    this.reserve(4 + text.length * 3);
    const at = this.used;
    this.used += 4;
    this.text(text);
    this.buf.writeInt32BE(this.used - at - 4, at);
  }

  /** Close the row appended since the last one. */
  end(): Span {
    const span = { start: this.start, end: this.used };
    this.start = this.used;
    this.spans++;
    return span;
  }

  /** The bytes of `kept` (spans of this arena, in order): all of it when nothing was dropped. */
  take(kept: readonly Span[]): Buffer {
    if (kept.length === this.spans) return this.buf.subarray(0, this.used);
    return Buffer.concat(kept.map((s) => this.buf.subarray(s.start, s.end)));
  }
}

/** Binary COPY: the signature, no flags, no header extension; the end: a field count of -1. */
const BINARY_HEADER = Buffer.from('PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1');
const BINARY_TRAILER = Buffer.from([0xff, 0xff]);
/** PostgreSQL's epoch (binary timestamptz: microseconds since it). */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

/** observed_at (timestamptz) and run_id (bigint) as binary COPY fields. */
function versionTail(now: Date, runId: number): Buffer {
  const b = Buffer.alloc(24);
  b.writeInt32BE(8, 0);
  b.writeBigInt64BE(BigInt(now.getTime() - PG_EPOCH_MS) * 1000n, 4);
  b.writeInt32BE(8, 12);
  b.writeBigInt64BE(BigInt(runId), 16);
  return b;
}

/**
 * A version as a binary COPY tuple in VERSIONS_COPY's column order. `data` (json) is the UTF-8 of
 * the record's JSON, byte for byte what the content hash is of.
 */
export function appendVersion(arena: ByteArena, r: VersionRow, tail: Buffer): Span {
  arena.int16(6);
  arena.field(r.datasetId);
  arena.int32(4);
  arena.int32(r.versionNo);
  arena.field(r.hash);
  const json = r.bytes ?? Buffer.from(r.json, 'utf8');
  arena.int32(json.length);
  arena.bytes(json);
  arena.bytes(tail);
  return arena.end();
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

/** One field in COPY text format. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(COPY_SPECIAL, (ch) => COPY_ESCAPES[ch]!);
}
