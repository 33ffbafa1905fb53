/**
 * The dashboard role: can connect and read the `reporting` views, nothing else. Views read the
 * raw tables with their owner's rights, so the role needs no grant on any table. PostgreSQL
 * only: the embedded PGlite database has one user and no network listener, so roles mean nothing
 * there and the command refuses with an explanation.
 */
import { sql } from 'kysely';
import type { DbHandle } from '../db/index.js';
import { OdsyncError, ExitCode, InputError } from '../errors.js';

export interface ReaderRoleOptions {
  name: string;
  /** Login password; null = the role cannot log in until one is set. Never logged. */
  password: string | null;
}

export interface ReaderRoleResult {
  created: boolean;
  message: string;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function createReaderRole(
  handle: DbHandle,
  options: ReaderRoleOptions,
): Promise<ReaderRoleResult> {
  if (!ROLE_NAME.test(options.name))
    throw new InputError(
      `--name: "${options.name}" is not a plain role name ([a-z_][a-z0-9_]*, at most 63 characters)`,
    );
  if (handle.engine === 'pglite') {
    throw new OdsyncError(
      'READER_ROLE_PGLITE',
      'db create-reader-role needs PostgreSQL (set DATABASE_URL): the embedded PGlite database has a single ' +
        'user and no network listener, so a read-only role is not meaningful there. Nothing was changed. ' +
        'Dashboards on PGlite can read the reporting.* views through odsync itself.',
      { exitCode: ExitCode.badInput },
    );
  }
  const role = sql.id(options.name);
  return handle.db.transaction().execute(async (tx) => {
    const exists = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_roles where rolname = ${options.name}`.execute(tx);
    const created = (exists.rows[0]?.n ?? 0) === 0;
    if (created) await sql`create role ${role} nologin`.execute(tx);
    else {
      const su = await sql<{
        su: boolean;
      }>`select rolsuper as su from pg_roles where rolname = ${options.name}`.execute(tx);
      if (su.rows[0]?.su)
        throw new InputError(`role ${options.name} is a superuser: refusing to turn it into a reader`);
    }
    await sql`alter role ${role} nosuperuser nocreatedb nocreaterole noreplication nobypassrls noinherit`.execute(
      tx,
    );
    if (options.password !== null) {
      // The password cannot be a bind parameter in ALTER ROLE: PostgreSQL's own format(%L) quotes it.
      const q = await sql<{
        q: string;
      }>`select format('alter role %I login password %L', ${options.name}::text, ${options.password}::text) as q`.execute(
        tx,
      );
      await sql.raw(q.rows[0]!.q).execute(tx);
    }
    await sql`alter role ${role} set default_transaction_read_only = on`.execute(tx);
    // Whatever it may have been granted before: nothing on the application's own tables.
    await sql`revoke all on all tables in schema public from ${role}`.execute(tx);
    await sql`revoke all on all sequences in schema public from ${role}`.execute(tx);
    await sql`revoke create on schema public from ${role}`.execute(tx);
    await sql`grant usage on schema reporting to ${role}`.execute(tx);
    await sql`grant select on all tables in schema reporting to ${role}`.execute(tx);
    // Views added by later migrations (reporting.*_v2) become readable too.
    await sql`alter default privileges in schema reporting grant select on tables to ${role}`.execute(tx);
    const views = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.views where table_schema = 'reporting'`.execute(tx);
    const login =
      options.password !== null
        ? 'can log in with the given password'
        : 'cannot log in until a password is set (--password-env)';
    return {
      created,
      message:
        `${created ? 'created' : 'updated'} role ${options.name}: reads the ${views.rows[0]?.n ?? 0} reporting.* views only, ` +
        `read-only sessions; ${login}`,
    };
  });
}
