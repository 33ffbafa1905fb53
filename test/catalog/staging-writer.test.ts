import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { contentHash } from '../../src/catalog/content-hash.js';
import type { CatalogRecord } from '../../src/catalog/normalize-record.js';
import { StagingWriter, copyText } from '../../src/catalog/staging-writer.js';
import type { StagedRow } from '../../src/catalog/catalog-store.js';
import { describeEngines } from '../helpers/engines.js';

function row(id: string, title: string): StagedRow {
  const record = { datasetId: id, title, description: `說明\t${title}\\n` } as unknown as CatalogRecord;
  return {
    action: 'upsert',
    isNew: true,
    record,
    titleKey: title,
    hash: contentHash(record),
    json: JSON.stringify(record),
  };
}

it('copyText escapes COPY text format specials and writes null as \\N', () => {
  expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
  expect(copyText('\\N')).toBe('\\\\N');
  expect(copyText(null)).toBe('\\N');
});

describeEngines('staging writer', (ctx) => {
  const staged = async () =>
    (
      await sql<{ dataset_id: string; title_key: string; data: { description: string } }>`
        select dataset_id, title_key, data from catalog_staging order by dataset_id`.execute(ctx.db.handle.db)
    ).rows;

  it('streams rows in batches; a row staged again replaces the first; a withdrawn row is removed', async () => {
    const { db, copyFrom } = ctx.db.handle;
    expect(copyFrom === undefined).toBe(ctx.db.engine === 'pglite');
    const w = new StagingWriter(db, 1, copyFrom);
    for (let i = 0; i < 600; i++) await w.add(row(String(1000 + i), `t${i}`)); // more than two batches
    await w.add(row('1000', 'again')); // already sent: replaced after the stream ends
    w.withdraw('1001'); // already sent: deleted
    await w.add(row('2000', 'late'));
    w.withdraw('2000'); // never sent
    await w.finish();
    const rows = await staged();
    expect(rows).toHaveLength(599);
    expect(rows.find((r) => r.dataset_id === '1000')?.title_key).toBe('again');
    expect(rows.find((r) => r.dataset_id === '1001')).toBeUndefined();
    expect(rows.find((r) => r.dataset_id === '2000')).toBeUndefined();
    expect(rows.find((r) => r.dataset_id === '1002')?.data.description).toBe('說明\tt2\\n');
  });

  it('abort leaves nothing half-streamed and the connection usable', async () => {
    const { db, copyFrom } = ctx.db.handle;
    const w = new StagingWriter(db, 1, copyFrom);
    for (let i = 0; i < 300; i++) await w.add(row(String(i), `t${i}`));
    await w.abort();
    if (copyFrom) expect(await staged()).toHaveLength(0); // the COPY was cancelled: all or nothing
    expect((await sql<{ n: number }>`select 1 as n`.execute(db)).rows[0]!.n).toBe(1);
  });
});
