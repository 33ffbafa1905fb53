/**
 * The catalogue as it stood at an instant: which of our datasets existed (first seen before it),
 * with the title of the version current then, and whether they were delisted then.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';

export interface CatalogEntryAsOf {
  datasetId: string;
  title: string;
  publisherName: string;
  publishedDate: string | null;
  versionNo: number;
  delisted: boolean;
}

export async function catalogAsOf(db: Kysely<Database>, at: Date): Promise<CatalogEntryAsOf[]> {
  const r = await sql<{
    dataset_id: string;
    title: string;
    publisher_name: string;
    published_date: string | null;
    version_no: number;
    delisted: boolean;
  }>`
    select d.dataset_id, v.data->>'title' as title, v.data->>'publisherName' as publisher_name,
      v.data->>'publishedDate' as published_date, v.version_no,
      coalesce((select e.event = 'delisted' from dataset_events e
                where e.dataset_id = d.dataset_id and e.at <= ${at}
                order by e.at desc, e.id desc limit 1), false) as delisted
    from datasets d
    join lateral (select version_no, data from dataset_versions v
                  where v.dataset_id = d.dataset_id and v.observed_at <= ${at}
                  order by v.version_no desc limit 1) v on true
    where d.first_seen_at <= ${at}
    order by d.dataset_id`.execute(db);
  return r.rows.map((x) => ({
    datasetId: x.dataset_id,
    title: x.title,
    publisherName: x.publisher_name,
    publishedDate: x.published_date,
    versionNo: x.version_no,
    delisted: x.delisted,
  }));
}
