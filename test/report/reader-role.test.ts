/**
 * `odsync db create-reader-role`: on PostgreSQL the role reads the reporting.* views and nothing
 * else (no raw table, no write, no DDL); on PGlite the command refuses with an explanation.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { OdsyncError } from '../../src/errors.js';
import { createReaderRole } from '../../src/report/index.js';
import { describeEngines } from '../helpers/engines.js';
import { adminUrl } from '../helpers/pg-admin.js';

describeEngines('db create-reader-role', (ctx) => {
  if (ctx.engine === 'pglite') {
    it('refuses on PGlite with an explanation and changes nothing', async () => {
      const err = await createReaderRole(ctx.db.handle, { name: 'odsync_reader', password: null }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(OdsyncError);
      expect((err as OdsyncError).exitCode).toBe(2);
      expect((err as Error).message).toMatch(/needs PostgreSQL.*single user.*Nothing was changed/s);
    });
    return;
  }

  it('reads the views and nothing else, and cannot write', async () => {
    const name = `odsync_reader_t${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    const first = await createReaderRole(ctx.db.handle, { name, password });
    expect(first.created).toBe(true);
    expect(first.message).not.toContain(password);
    // Idempotent: a second call updates the same role.
    expect((await createReaderRole(ctx.db.handle, { name, password })).created).toBe(false);

    const url = new URL(ctx.db.url!);
    url.username = name;
    url.password = password;
    const reader = new pg.Client({ connectionString: url.href });
    await reader.connect();
    try {
      const denied = async (text: string) => {
        const e = await reader.query(text).then(
          () => null,
          (err: { code?: string }) => err,
        );
        return e?.code ?? 'allowed';
      };
      for (const view of [
        'plan_items_v1',
        'plan_item_status_v1',
        'unit_summary_v1',
        'discrepancies_v1',
        'datasets_v1',
        'feedback_backlog_v1',
        'run_health_v1',
      ])
        expect((await reader.query(`select count(*) from reporting.${view}`)).rowCount, view).toBe(1);
      // Raw tables: permission denied (42501).
      for (const table of [
        'runs',
        'plan_items',
        'datasets',
        'dataset_comments',
        'citizen_requests',
        'discrepancies',
        'match_decisions',
      ])
        expect(await denied(`select * from public.${table} limit 1`), table).toBe('42501');
      // Writes and DDL: refused (read-only session 25006, or permission denied 42501).
      expect(['25006', '42501']).toContain(
        await denied(`insert into public.runs (job, status) values ('x', 'running')`),
      );
      expect(['25006', '42501']).toContain(await denied('create table public.evil (x int)'));
      expect(['25006', '42501']).toContain(await denied('create view reporting.evil as select 1'));
      expect(
        await denied(`begin read write; insert into public.runs (job, status) values ('x', 'running')`),
      ).toBe('42501');
    } finally {
      await reader.end();
      const admin = new pg.Client({ connectionString: ctx.db.url! });
      await admin.connect();
      await admin.query(`drop owned by ${name}`);
      await admin.end();
      const root = new pg.Client({ connectionString: adminUrl() });
      await root.connect();
      await root.query(`drop role if exists ${name}`).catch(() => undefined);
      await root.end();
    }
  });

  it('rejects a role name that is not a plain identifier', async () => {
    await expect(
      createReaderRole(ctx.db.handle, { name: 'x"; drop table runs; --', password: null }),
    ).rejects.toThrow(/not a plain role name/);
  });
});

describe('create-reader-role through the CLI on PGlite', () => {
  it('exits 2 with the explanation', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const r = await runCli(['db', 'create-reader-role'], {
      env: { ODSYNC_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'odsync-role-')) },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs PostgreSQL');
  });
});
