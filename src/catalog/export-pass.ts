/**
 * What the export(s) of one catalogue pass said, row by row: which of our datasets are listed,
 * new or changed (written as versions while the parse goes on), unchanged, or delisted by a
 * 資料集下架 row, and what was quarantined. All of it starts over when a download does.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { nameKey } from '../text/index.js';
import { loadKnown, type KnownDataset, type QuarantineItem } from './catalog-store.js';
import { JsonHasher } from './content-hash.js';
import type { ParsedItem } from './export-parser.js';
import { normalizeRow, type FieldNote } from './normalize-record.js';
import type { PublisherFilter } from './publisher-filter.js';
import { unstorableText } from './stored-record.js';
import type { CatalogProgress } from './sync-catalog.js';
import type { VersionWriter } from './version-writer.js';

/** Quarantined records kept per run (the rest are counted only). */
const QUARANTINE_CAP = 10_000;

export interface ExportPassDeps {
  db: Kysely<Database>;
  mode: 'full' | 'incremental';
  /** Stored datasets: all of them on a full pass, filled as rows name them on an incremental one. */
  known: Map<string, KnownDataset>;
  filter: PublisherFilter;
  timeZone: string;
  newWriter: () => VersionWriter;
  progress: (p: CatalogProgress) => void;
  /** The platform's own dataset count once known (the progress total of a full pass). */
  platformCount: () => number | null;
}

export class ExportPass {
  quarantine: QuarantineItem[] = [];
  quarantined = 0;
  /** Listed on the platform this run (incl. quarantined with an id). */
  seen = new Set<string>();
  /** New or changed this run: dataset id → content hash (new = not in `known`). */
  upserts = new Map<string, string>();
  /** Delisted by a 資料集下架 row of a changed export. */
  delistedByExport = new Set<string>();
  /** The report_date of a dataset's 資料集下架 row: the platform's own delisting date. */
  exportDelistDates = new Map<string, string>();
  unchanged = new Set<string>();
  exportRows = 0;
  /** Records unreadable even for their dataset id (a full pass with any cannot delist). */
  keylessInvalid = 0;
  versions: VersionWriter;
  private readonly looked = new Set<string>();
  private readonly hasher = new JsonHasher();
  private readonly notes: FieldNote[] = [];

  constructor(private readonly deps: ExportPassDeps) {
    this.versions = deps.newWriter();
  }

  addQuarantine(q: QuarantineItem): void {
    this.quarantined++;
    if (this.quarantine.length < QUARANTINE_CAP) this.quarantine.push(q);
  }

  /** Forget what the export said so far (its download started over). */
  startOver(): void {
    this.quarantine = [];
    this.quarantined = 0;
    this.seen = new Set();
    this.upserts = new Map();
    this.delistedByExport = new Set();
    this.exportDelistDates = new Map();
    this.unchanged = new Set();
    this.exportRows = 0;
    this.keylessInvalid = 0;
    this.versions = this.deps.newWriter();
  }

  /** Take in the parsed batches of one export file. */
  async consume(batches: AsyncIterable<ParsedItem[]>, source: string): Promise<void> {
    const { db, mode, known, progress } = this.deps;
    const total = () => (source === 'catalog-export' ? this.deps.platformCount() : null);
    for await (const items of batches) {
      if (mode === 'incremental') {
        const ids = items.flatMap((i) =>
          i.kind === 'row' && !this.looked.has(i.row.datasetId) ? [i.row.datasetId] : [],
        );
        for (const id of ids) this.looked.add(id);
        for (const [id, k] of await loadKnown(db, ids)) known.set(id, k);
      }
      for (const item of items) {
        this.exportRows++;
        if (this.exportRows % 5000 === 0) progress({ phase: 'parse', done: this.exportRows, total: total() });
        // Let I/O callbacks run: the database's replies for the batch in flight would otherwise wait
        // for the next file read.
        if (this.exportRows % 32 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        const writing = this.take(item, source);
        if (writing) await writing;
      }
    }
    progress({ phase: 'parse', done: this.exportRows, total: total() });
  }

  /** One row; returns the version write to wait for, if any (most rows need no await). */
  private take(item: ParsedItem, source: string): Promise<void> | undefined {
    if (item.kind === 'invalid') {
      if (item.key === null) this.keylessInvalid++;
      else this.seen.add(item.key);
      this.addQuarantine({ source, key: item.key, reason: item.reason, raw: item.raw });
      return undefined;
    }
    const { mode, known, filter, timeZone } = this.deps;
    const row = item.row;
    if (!filter.matchesName(row.publisher)) return undefined;
    const id = row.datasetId;
    const prior = known.get(id);
    if (row.changeStatus === '資料集下架') {
      this.seen.delete(id);
      this.unchanged.delete(id);
      const applied = this.upserts.delete(id) && !this.versions.withdraw(id);
      if (applied || (prior && !prior.delisted)) this.delistedByExport.add(id);
      if (source.startsWith('changed-export:')) this.exportDelistDates.set(id, source.slice(15));
      return undefined;
    }
    let record;
    this.notes.length = 0;
    try {
      record = normalizeRow(row, timeZone, this.notes);
    } catch (err) {
      this.seen.add(id);
      this.addQuarantine({
        source,
        key: id,
        reason: `record ${item.recordNo}: ${(err as Error).message}`,
        raw: row,
      });
      return undefined;
    }
    // A full export lists a dataset once. A repeat after its 資料集下架 row is a duplicate too:
    // its first row may have gone out with a batch already (version numbers come from `known`).
    if (mode === 'full' && (this.seen.has(id) || this.delistedByExport.has(id))) {
      this.addQuarantine({
        source,
        key: id,
        reason: `record ${item.recordNo}: duplicate dataset id ${id} (first kept)`,
        raw: row,
      });
      return undefined;
    }
    const json = JSON.stringify(record);
    // JSON.stringify writes NUL and unpaired surrogates (JSON exports only: the CSV is decoded
    // to well-formed text) as \u escapes, and only those: cheap to rule out.
    const unstorable = json.includes('\\u') ? unstorableText(record) : null;
    if (unstorable) {
      this.seen.add(id);
      this.addQuarantine({ source, key: id, reason: `record ${item.recordNo}: ${unstorable}`, raw: null });
      return undefined;
    }
    this.seen.add(id);
    for (const n of this.notes) {
      this.addQuarantine({
        source,
        key: id,
        reason: `record ${item.recordNo}: ${n.field}: ${n.message}; stored as null`,
        raw: { field: n.field, value: n.raw },
      });
    }
    const { bytes, hash } = this.hasher.encode(json);
    this.delistedByExport.delete(id);
    if (prior && prior.hash === hash) {
      if (this.upserts.delete(id)) this.versions.withdraw(id);
      this.unchanged.add(id);
      return undefined;
    }
    this.unchanged.delete(id);
    this.upserts.set(id, hash);
    return this.versions.add({
      datasetId: id,
      versionNo: (prior?.currentVersion ?? 0) + 1,
      titleKey: nameKey(record.title),
      hash,
      record,
      json,
      bytes,
    });
  }
}
