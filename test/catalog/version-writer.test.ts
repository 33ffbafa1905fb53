import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { contentHash } from '../../src/catalog/content-hash.js';
import type { CatalogRecord } from '../../src/catalog/normalize-record.js';
import { createHash } from 'node:crypto';
import {
  ByteArena,
  VersionWriter,
  appendVersion,
  copyText,
  datasetLine,
} from '../../src/catalog/version-writer.js';
import type { VersionRow } from '../../src/catalog/catalog-store.js';
import { describeEngines } from '../helpers/engines.js';

function row(id: string, title: string, versionNo = 1): VersionRow {
  const record = {
    datasetId: id,
    title,
    description: `說明\t${title}\\n`,
    publisherName: '勞動部',
    updateFrequency: null,
    publishedDate: '2016-01-02',
    publishedAt: '2016-01-02T02:00:00.000Z',
    modifiedAt: null,
  } as unknown as CatalogRecord;
  const json = JSON.stringify(record);
  return { datasetId: id, versionNo, titleKey: title, hash: contentHash(record), record, json };
}

it('copyText escapes COPY text format specials and writes null as \\N', () => {
  expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
  expect(copyText('\\N')).toBe('\\\\N');
  expect(copyText(null)).toBe('\\N');
});

it('datasetLine writes a COPY line in the column order of its COPY statement', () => {
  const r = { ...row('12', '標題\t一'), versionNo: 3, hash: 'h' };
  expect(datasetLine(r, '2026-09-15T18:30:00.000Z', 7)).toBe(
    '12\t標題\\t一\t標題\\t一\t勞動部\t\\N\t2016-01-02\t2016-01-02T02:00:00.000Z\t\\N\th\t3\t' +
      '2026-09-15T18:30:00.000Z\t2026-09-15T18:30:00.000Z\t7\t7\n',
  );
});

it('appendVersion writes a binary COPY tuple: six length-prefixed fields, the JSON as is', () => {
  const arena = new ByteArena();
  const r = { ...row('12', '標題'), versionNo: 3, hash: 'h', json: '{"a":"x\\ty"}' };
  const tail = Buffer.from('0123456789abcdefghijklmn'); // observed_at and run_id: 24 bytes
  const b = arena.take([appendVersion(arena, r, tail)]);
  let at = 0;
  const int16 = () => ((at += 2), b.readInt16BE(at - 2));
  const int32 = () => ((at += 4), b.readInt32BE(at - 4));
  const field = () => {
    const n = int32();
    return b.subarray(at, (at += n));
  };
  expect(int16()).toBe(6);
  expect(field().toString()).toBe('12');
  expect(field().readInt32BE(0)).toBe(3);
  expect(field().toString()).toBe('h');
  expect(field().toString()).toBe('{"a":"x\\ty"}');
  expect(b.subarray(at).toString()).toBe(tail.toString());
});

it('ByteArena returns the kept rows, growing past its first buffer; reset keeps the buffer', () => {
  const arena = new ByteArena();
  const big = '資'.repeat(400_000) + '\n'; // 1.2 MB in UTF-8: more than the first buffer
  const a = arena.append('一\n');
  const b = arena.append(big);
  const c = arena.append('c\n');
  expect(arena.take([a, b, c]).toString('utf8')).toBe(`一\n${big}c\n`);
  expect(arena.take([c, a]).toString('utf8')).toBe('c\n一\n');
  arena.reset();
  const d = arena.append('d\n');
  expect(d).toEqual({ start: 0, end: 2 });
  expect(arena.take([d]).toString()).toBe('d\n');
});

describeEngines('version writer', (ctx) => {
  const NOW = new Date('2026-09-15T18:30:00Z');
  const datasets = async () =>
    (
      await sql<{ dataset_id: string; title: string; current_version: number }>`
        select dataset_id, title, current_version from datasets order by dataset_id`.execute(ctx.db.handle.db)
    ).rows;

  it('applies batches as they fill, in the session transaction; a rollback undoes every batch', async () => {
    const session = await ctx.db.handle.session();
    expect(session.copyFrom === undefined).toBe(ctx.db.engine === 'pglite');
    try {
      await sql`begin`.execute(session.db);
      const w = new VersionWriter({
        db: session.db,
        runId: 1,
        now: NOW,
        source: 'full_pass',
        batchSize: 100,
        ...(session.copyFrom ? { copyFrom: session.copyFrom } : {}),
      });
      for (let i = 0; i < 250; i++) await w.add(row(String(1000 + i), `t${i}`));
      await w.add(row('1249', 'replaced in its batch'));
      expect(w.withdraw('1000')).toBe(false); // applied with the first batch
      await w.add(row('2000', 'late'));
      expect(w.withdraw('2000')).toBe(true); // still pending: dropped
      await w.finish();
      expect(w.added).toBe(250);
      const rows = await sql<{ n: number }>`select count(*)::int as n from datasets`.execute(session.db);
      expect(rows.rows[0]!.n).toBe(250);
      const versions = await sql<{ n: number }>`select count(*)::int as n from dataset_versions`.execute(
        session.db,
      );
      expect(versions.rows[0]!.n).toBe(250);
      const one = await sql<{ title: string; description: string }>`
        select d.title, v.data->>'description' as description from datasets d
        join dataset_versions v on v.dataset_id = d.dataset_id where d.dataset_id = '1249'`.execute(
        session.db,
      );
      expect(one.rows[0]).toEqual({
        title: 'replaced in its batch',
        description: '說明\treplaced in its batch\\n',
      });
      // A new dataset's row and event (COPY on PostgreSQL, the upsert on PGlite): the same columns.
      const stored = await sql<Record<string, unknown>>`
        select d.title_key, d.publisher_name, d.update_frequency, d.published_date::text,
          d.published_at, d.modified_at, d.content_hash, d.current_version, d.first_seen_at,
          d.last_seen_at, d.first_run_id::int, d.last_run_id::int, d.delisted_at,
          (select count(*)::int from dataset_events e where e.dataset_id = d.dataset_id
             and e.event = 'listed' and e.source = 'full_pass' and e.at = ${NOW} and e.run_id = 1) as listed
        from datasets d where d.dataset_id = '1249'`.execute(session.db);
      expect(stored.rows[0]).toEqual({
        title_key: 'replaced in its batch',
        publisher_name: '勞動部',
        update_frequency: null,
        published_date: '2016-01-02',
        published_at: new Date('2016-01-02T02:00:00.000Z'),
        modified_at: null,
        content_hash: row('1249', 'replaced in its batch').hash,
        current_version: 1,
        first_seen_at: NOW,
        last_seen_at: NOW,
        first_run_id: 1,
        last_run_id: 1,
        delisted_at: null,
        listed: 1,
      });
      const events = await sql<{ n: number }>`select count(*)::int as n from dataset_events`.execute(
        session.db,
      );
      expect(events.rows[0]!.n).toBe(250);
      await sql`rollback`.execute(session.db);
    } finally {
      await session.release();
    }
    expect(await datasets()).toEqual([]);
  });

  it('stores each version as the very JSON its content hash is of, across batches', async () => {
    const session = await ctx.db.handle.session();
    try {
      const w = new VersionWriter({
        db: session.db,
        runId: 1,
        now: NOW,
        source: 'full_pass',
        batchSize: 3, // batches reuse the buffers of the batch before last
        ...(session.copyFrom ? { copyFrom: session.copyFrom } : {}),
      });
      const rows = Array.from({ length: 10 }, (_v, i) =>
        row(String(500 + i), `標題 "${i}"\t${'長'.repeat(i * 50)}`),
      );
      for (const r of rows) await w.add(r);
      await w.finish();
      const stored = await sql<{
        dataset_id: string;
        data: string;
        content_hash: string;
        observed_at: Date;
        run_id: number;
      }>`
        select dataset_id, data::text as data, content_hash, observed_at, run_id::int as run_id
        from dataset_versions order by dataset_id`.execute(session.db);
      expect(stored.rows).toEqual(
        rows.map((r) => ({
          dataset_id: r.datasetId,
          data: r.json,
          content_hash: r.hash,
          observed_at: NOW,
          run_id: 1,
        })),
      );
      for (const v of stored.rows)
        expect(createHash('sha256').update(v.data).digest('base64url')).toBe(v.content_hash);
    } finally {
      await session.release(true);
    }
  });

  it('a changed dataset gets the next version; a failed batch surfaces at the next call', async () => {
    const session = await ctx.db.handle.session();
    try {
      const w = (runId: number, now: Date) =>
        new VersionWriter({
          db: session.db,
          runId,
          now,
          source: 'changed_export',
          batchSize: Infinity,
          ...(session.copyFrom ? { copyFrom: session.copyFrom } : {}),
        });
      const first = w(1, NOW);
      await first.add(row('7', 'v1'));
      await first.finish();
      const second = w(2, new Date('2026-09-16T18:30:00Z'));
      await second.add(row('7', 'v2', 2));
      await second.finish();
      expect(second.changed).toBe(1);
      expect(await datasets()).toMatchObject([{ dataset_id: '7', title: 'v2', current_version: 2 }]);
      // A row the database refuses (a NUL byte) fails the batch; the error reaches the caller.
      const third = w(3, NOW);
      await third.add(row('8', 'bad\u0000'));
      await expect(third.finish()).rejects.toThrow();
    } finally {
      await session.release(true);
    }
  });
});
