import { sql, type Kysely } from 'kysely';

// Dashboard views: schema `reporting`, one versioned view per subject. A view's columns
// never change meaning: a change is a new view (`…_v2`) next to the old one. Dates are calendar
// days in Asia/Taipei (the ministry's time zone). Column-by-column documentation: README
// "Reports and dashboard tables". Frozen once shipped: never edit a migration that has shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists reporting`.execute(db);

  // Plan items as currently imported, one row per item of the latest version of each label.
  await sql`
    create view reporting.plan_items_v1 as
    select i.plan_key, i.label, i.seq, i.title, i.unit, i.agency, i.planned_raw, i.due_date,
      i.due_precision, i.version_id, v.imported_at as version_imported_at, v.file_name as version_file_name,
      i.removed_at is not null as removed, i.removed_at
    from public.plan_items i
    join public.plan_versions v on v.id = i.version_id`.execute(db);

  // Status of every plan item in the latest reconciliation (greatest as-of date, then latest run).
  await sql`
    create view reporting.plan_item_status_v1 as
    with latest as (
      select run_id, as_of from public.reconcile_runs order by as_of desc, run_id desc limit 1
    )
    select s.plan_key, i.label, i.seq, i.title, i.unit, i.agency, i.planned_raw, s.due_date, s.status,
      s.dataset_id, d.title as dataset_title, s.published_date, s.lag_days, s.overdue_days,
      s.method as match_method, s.score as match_score,
      coalesce(c.comments, 0) as comments, coalesce(c.unanswered, 0) as unanswered_comments,
      latest.as_of, latest.run_id as reconcile_run_id
    from latest
    join public.reconcile_item_statuses s on s.run_id = latest.run_id
    join public.plan_items i on i.plan_key = s.plan_key
    left join public.datasets d on d.dataset_id = s.dataset_id
    left join (
      select dataset_id, count(*)::int as comments, (count(*) filter (where not answered))::int as unanswered
      from public.dataset_comments where removed_seen_at is null group by dataset_id
    ) c on c.dataset_id = s.dataset_id and s.status <> 'needs_review'`.execute(db);

  // Per owning unit (管理單位): counts per status in the latest reconciliation.
  await sql`
    create view reporting.unit_summary_v1 as
    select unit, min(agency) as agency, count(*)::int as plan_items,
      (count(*) filter (where status = 'published_on_time'))::int as published_on_time,
      (count(*) filter (where status = 'published_late'))::int as published_late,
      (count(*) filter (where status = 'overdue'))::int as overdue,
      (count(*) filter (where status = 'pending'))::int as pending,
      (count(*) filter (where status = 'missing'))::int as missing,
      (count(*) filter (where status = 'needs_review'))::int as needs_review,
      round(((count(*) filter (where status in ('published_on_time', 'published_late')))::numeric
        / nullif(count(*), 0)), 3)::float8 as published_share,
      max(overdue_days) as max_overdue_days,
      max(as_of) as as_of
    from reporting.plan_item_status_v1
    group by unit`.execute(db);

  // Every discrepancy ever seen, open or resolved, with its life cycle.
  await sql`
    create view reporting.discrepancies_v1 as
    select id, kind, plan_key, dataset_id,
      case when resolved_at is null then 'open' else 'resolved' end as state,
      first_seen, last_seen, resolved_at,
      (coalesce(resolved_at, (now() at time zone 'Asia/Taipei')::date) - first_seen) as days_open,
      detail, first_run_id, resolved_run_id
    from public.discrepancies`.execute(db);

  // Our datasets on the platform with their citizen-comment backlog.
  await sql`
    create view reporting.datasets_v1 as
    select d.dataset_id, d.title, d.publisher_name, d.update_frequency, d.published_date,
      (d.modified_at at time zone 'Asia/Taipei')::date as modified_date,
      (d.first_seen_at at time zone 'Asia/Taipei')::date as first_seen,
      (d.last_seen_at at time zone 'Asia/Taipei')::date as last_seen,
      (d.delisted_at at time zone 'Asia/Taipei')::date as delisted_on,
      d.delisted_at is null as listed,
      coalesce(c.comments, 0) as comments,
      coalesce(c.unanswered, 0) as unanswered_comments
    from public.datasets d
    left join (
      select dataset_id, count(*)::int as comments, (count(*) filter (where not answered))::int as unanswered
      from public.dataset_comments where removed_seen_at is null group by dataset_id
    ) c on c.dataset_id = d.dataset_id`.execute(db);

  // Citizen comments and requests still waiting for an agency reply.
  await sql`
    create view reporting.feedback_backlog_v1 as
    select 'comment'::text as kind, c.comment_id as id, c.dataset_id, d.title as dataset_title,
      d.publisher_name as agency, c.title, c.body_text as body, null::text as platform_status,
      (c.first_seen_at at time zone 'Asia/Taipei')::date as first_seen,
      null::date as posted_on,
      ((now() at time zone 'Asia/Taipei')::date - (c.first_seen_at at time zone 'Asia/Taipei')::date) as waiting_days
    from public.dataset_comments c
    left join public.datasets d on d.dataset_id = c.dataset_id
    where not c.answered and c.removed_seen_at is null
    union all
    select 'request'::text, r.request_id, null::text, null::text,
      (select a.agency from public.citizen_request_agencies a
        where a.request_id = r.request_id and a.ours order by a.position limit 1),
      r.title, r.reason, r.status,
      (r.first_seen_at at time zone 'Asia/Taipei')::date,
      (r.posted_at at time zone 'Asia/Taipei')::date,
      ((now() at time zone 'Asia/Taipei')::date - (coalesce(r.posted_at, r.first_seen_at) at time zone 'Asia/Taipei')::date)
    from public.citizen_requests r
    where r.ours and r.replied_at is null and r.answered_seen_at is null
      and coalesce(r.status, '') not in ('已回復', '再回復')`.execute(db);

  // Health of every job in the run journal: last run, last success, recent failures.
  await sql`
    create view reporting.run_health_v1 as
    select j.job, l.id as last_run_id, l.status as last_status, l.started_at as last_started_at,
      l.finished_at as last_finished_at,
      extract(epoch from (l.finished_at - l.started_at))::float8 as last_duration_seconds,
      l.error as last_error, l.counters as last_counters,
      s.id as last_success_run_id, s.finished_at as last_success_at,
      (extract(epoch from (now() - s.finished_at)) / 3600.0)::float8 as hours_since_success,
      (select count(*) from public.runs x where x.job = j.job and x.started_at > now() - interval '7 days')::int as runs_7d,
      (select count(*) from public.runs x where x.job = j.job and x.status = 'failed'
        and x.started_at > now() - interval '7 days')::int as failures_7d
    from (select distinct job from public.runs) j
    join lateral (select * from public.runs r where r.job = j.job order by r.started_at desc, r.id desc limit 1) l on true
    left join lateral (select r.id, r.finished_at from public.runs r where r.job = j.job and r.status = 'succeeded'
      order by r.finished_at desc nulls last, r.id desc limit 1) s on true`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema if exists reporting cascade`.execute(db);
}
