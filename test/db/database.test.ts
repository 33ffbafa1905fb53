import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/index.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { describeEngines } from '../helpers/engines.js';

describeEngines(
  'migrations',
  (ctx) => {
    it('apply from empty, then are idempotent', async () => {
      const first = await migrateToLatest(ctx.db.handle.db);
      expect(first.applied).toEqual(Object.keys(MIGRATIONS));
      const second = await migrateToLatest(ctx.db.handle.db);
      expect(second.applied).toEqual([]);
      expect(second.alreadyApplied).toBe(Object.keys(MIGRATIONS).length);
      const { rows } = await sql<{ n: number }>`select count(*)::int8 as n from runs`.execute(
        ctx.db.handle.db,
      );
      expect(rows[0]!.n).toBe(0);
    });
  },
  { migrate: false },
);

describeEngines('type parsing', (ctx) => {
  it('returns int8 as number, date as YYYY-MM-DD, timestamptz as Date, identically on both engines', async () => {
    const { rows } = await sql<{ big: number; d: string; ts: Date; num: number; j: { a: number } }>`
      select 9007199254740991::int8 as big, date '2015-08-31' as d,
             timestamptz '2026-01-02 03:04:05.678+08' as ts, 12.5::numeric as num, '{"a":1}'::jsonb as j`.execute(
      ctx.db.handle.db,
    );
    const r = rows[0]!;
    expect(r.big).toBe(9007199254740991);
    expect(r.d).toBe('2015-08-31');
    expect(r.ts).toBeInstanceOf(Date);
    expect(r.ts.toISOString()).toBe('2026-01-01T19:04:05.678Z');
    expect(r.num).toBe(12.5);
    expect(r.j).toEqual({ a: 1 });
  });

  it('round-trips a Date parameter through timestamptz', async () => {
    const at = new Date('2026-11-27T01:02:03.456Z');
    const { rows } = await sql<{ ts: Date }>`select ${at}::timestamptz as ts`.execute(ctx.db.handle.db);
    expect(rows[0]!.ts.toISOString()).toBe(at.toISOString());
  });
});
