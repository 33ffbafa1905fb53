import { sql, type Kysely } from 'kysely';

// Citizen voice: dataset comments (我有話要說) and citizen dataset requests (我想要更多).
// Frozen once shipped: never edit, add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // --- citizen requests -------------------------------------------------------------------
  await db.schema
    .createTable('citizen_requests')
    .addColumn('request_id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('dataset_name', 'text')
    .addColumn('wanted_fields', 'text')
    .addColumn('reason', 'text')
    .addColumn('agencies_complete', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('suggested_agencies', 'text')
    .addColumn('status', 'text')
    .addColumn('dispatch_status', 'text')
    .addColumn('posted_at', 'timestamptz')
    .addColumn('posted_at_raw', 'text')
    .addColumn('replied_at', 'timestamptz')
    .addColumn('replied_at_raw', 'text')
    .addColumn('view_count', 'integer')
    .addColumn('requester', 'text')
    .addColumn('requester_type', 'text')
    .addColumn('industry', 'text')
    .addColumn('replies', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('replies_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ours', 'boolean', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_file', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('answered_seen_at', 'timestamptz')
    .addColumn('raw', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('citizen_requests_ours_idx')
    .on('citizen_requests')
    .columns(['ours', 'status'])
    .execute();

  await db.schema
    .createTable('citizen_request_agencies')
    .addColumn('request_id', 'text', (c) =>
      c.notNull().references('citizen_requests.request_id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('ours', 'boolean', (c) => c.notNull())
    .addPrimaryKeyConstraint('citizen_request_agencies_pk', ['request_id', 'agency'])
    .execute();
  await db.schema
    .createIndex('citizen_request_agencies_agency_idx')
    .on('citizen_request_agencies')
    .column('agency')
    .execute();

  await db.schema
    .createTable('citizen_request_history')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('request_id', 'text', (c) =>
      c.notNull().references('citizen_requests.request_id').onDelete('cascade'),
    )
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('run_id', 'bigint', (c) => c.references('runs.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('created', 'updated')`))
    .addColumn('changed_fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('previous', 'jsonb')
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('citizen_request_history_request_idx')
    .on('citizen_request_history')
    .columns(['request_id', 'seen_at'])
    .execute();

  // --- dataset comments ---------------------------------------------------------------------
  await db.schema
    .createTable('feedback_agency_tids')
    .addColumn('agency_name', 'text', (c) => c.primaryKey())
    .addColumn('agency_tid', 'integer', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('feedback_datasets')
    .addColumn('dataset_id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text')
    .addColumn('agency_name', 'text')
    .addColumn('agency_tid', 'integer')
    .addColumn('comment_quantity', 'integer', (c) => c.notNull())
    .addColumn('quantity_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('fetched_quantity', 'integer')
    .addColumn('fetched_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('dataset_comments')
    .addColumn('comment_id', 'text', (c) => c.primaryKey())
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('body_html', 'text')
    .addColumn('body_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answered', 'boolean', (c) => c.notNull())
    .addColumn('answered_seen_at', 'timestamptz')
    // The platform's comment payload carries no date: posted_at stays null unless a source gives one.
    .addColumn('posted_at', 'timestamptz')
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('removed_seen_at', 'timestamptz')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('raw', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('dataset_comments_dataset_idx')
    .on('dataset_comments')
    .column('dataset_id')
    .execute();

  await db.schema
    .createTable('dataset_comment_replies')
    .addColumn('comment_id', 'text', (c) =>
      c.notNull().references('dataset_comments.comment_id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('body_html', 'text')
    .addColumn('body_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('raw', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_comment_replies_pk', ['comment_id', 'position'])
    .execute();

  await db.schema
    .createTable('dataset_comment_history')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('comment_id', 'text', (c) =>
      c.notNull().references('dataset_comments.comment_id').onDelete('cascade'),
    )
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('run_id', 'bigint', (c) => c.references('runs.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('created', 'updated', 'removed', 'reappeared')`),
    )
    .addColumn('changed_fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('previous', 'jsonb')
    .execute();
  await db.schema
    .createIndex('dataset_comment_history_comment_idx')
    .on('dataset_comment_history')
    .columns(['comment_id', 'seen_at'])
    .execute();

  // --- derived facts (dashboards; reports use the query functions with an explicit as-of date) ---
  await sql`
    create view dataset_comment_facts as
    select dataset_id,
           count(*)::int as comments_total,
           (count(*) filter (where not answered))::int as comments_unanswered,
           min(first_seen_at) as first_comment_seen_at
      from dataset_comments
     where removed_seen_at is null
     group by dataset_id`.execute(db);
  await sql`
    create view citizen_request_facts as
    select request_id,
           title,
           ours,
           status,
           case when status = '已回復' then '已回復'
                when status = '再回復' then '再回復'
                when status in ('未回復', '研議中') then '未回復'
                else null end as status_group,
           posted_at,
           replied_at,
           case when posted_at is not null and replied_at is not null
                then round((extract(epoch from (replied_at - posted_at)) / 86400)::numeric, 1) end as days_to_reply,
           case when status in ('未回復', '研議中', '再回復') and posted_at is not null
                then (current_date - (posted_at at time zone 'Asia/Taipei')::date) end as waiting_days
      from citizen_requests`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop view if exists citizen_request_facts`.execute(db);
  await sql`drop view if exists dataset_comment_facts`.execute(db);
  for (const t of [
    'dataset_comment_history',
    'dataset_comment_replies',
    'dataset_comments',
    'feedback_datasets',
    'feedback_agency_tids',
    'citizen_request_history',
    'citizen_request_agencies',
    'citizen_requests',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
