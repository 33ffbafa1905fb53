/**
 * Store one dataset's comments as fetched: upsert by comment id, replies by position, history of
 * every change, answered_seen_at recorded once (the first fetch that shows a reply), comments no
 * longer served marked removed. The platform gives no post date: posted_at stays null.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { PlatformComment } from '../platform/index.js';
import { htmlToText } from '../text/index.js';

export interface CommentSnapshot {
  title: string | null;
  body: string | null;
  replies: { title: string | null; body: string | null }[];
}

export interface StoreCommentsResult {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  reappeared: number;
  newlyAnswered: number;
}

const snapshotOf = (c: PlatformComment): CommentSnapshot => ({
  title: c.title ?? null,
  body: c.body ?? null,
  replies: (c.reply ?? []).map((r) => ({ title: r.title ?? null, body: r.body ?? null })),
});

const hashOf = (s: CommentSnapshot) => createHash('sha256').update(JSON.stringify(s)).digest('hex');

/**
 * Replace what we know of `datasetId`'s comments with `comments` (one transaction).
 * `keepIds`: comment ids that failed validation this time; they are not marked removed.
 */
export async function storeDatasetComments(
  db: Kysely<Database>,
  datasetId: string,
  comments: readonly PlatformComment[],
  options: { now: Date; runId: number | null; keepIds: ReadonlySet<string> },
): Promise<StoreCommentsResult> {
  const { now, runId } = options;
  const result: StoreCommentsResult = {
    created: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    reappeared: 0,
    newlyAnswered: 0,
  };
  await db.transaction().execute(async (trx) => {
    const existing = new Map(
      (
        await trx.selectFrom('dataset_comments').selectAll().where('dataset_id', '=', datasetId).execute()
      ).map((r) => [r.comment_id, r]),
    );
    const seen = new Set<string>();
    for (const c of comments) {
      if (seen.has(c.cid)) continue; // the same comment twice in one payload: first wins
      seen.add(c.cid);
      const snap = snapshotOf(c);
      const hash = hashOf(snap);
      const answered = snap.replies.length > 0;
      const before = existing.get(c.cid);
      const columns = {
        title: snap.title,
        body_html: snap.body,
        body_text: snap.body === null ? '' : htmlToText(snap.body),
        reply_count: snap.replies.length,
        answered,
        content_hash: hash,
        raw: JSON.stringify(c),
      };
      if (!before) {
        await trx
          .insertInto('dataset_comments')
          .values({
            comment_id: c.cid,
            dataset_id: datasetId,
            ...columns,
            answered_seen_at: answered ? now : null,
            posted_at: null,
            first_seen_at: now,
            last_seen_at: now,
          })
          .execute();
        await trx
          .insertInto('dataset_comment_history')
          .values({
            comment_id: c.cid,
            seen_at: now,
            run_id: runId,
            kind: 'created',
            changed_fields: '[]',
            previous: 'null',
          })
          .execute();
        result.created++;
        if (answered) result.newlyAnswered++;
      } else {
        if (before.dataset_id !== datasetId) {
          // A comment id is global; seeing it under another dataset is a move we record, not a duplicate.
          await trx
            .updateTable('dataset_comments')
            .set({ dataset_id: datasetId })
            .where('comment_id', '=', c.cid)
            .execute();
        }
        const reappeared = before.removed_seen_at !== null;
        const changed = before.content_hash !== hash;
        const becameAnswered = answered && before.answered_seen_at === null;
        await trx
          .updateTable('dataset_comments')
          .set({
            ...(changed ? columns : {}),
            ...(becameAnswered ? { answered_seen_at: now } : {}),
            last_seen_at: now,
            removed_seen_at: null,
          })
          .where('comment_id', '=', c.cid)
          .execute();
        if (reappeared) {
          result.reappeared++;
          await trx
            .insertInto('dataset_comment_history')
            .values({
              comment_id: c.cid,
              seen_at: now,
              run_id: runId,
              kind: 'reappeared',
              changed_fields: '[]',
              previous: 'null',
            })
            .execute();
        }
        if (changed) {
          const prev = JSON.parse(JSON.stringify(before.raw)) as PlatformComment;
          const prevSnap = snapshotOf(prev);
          const fields = (['title', 'body', 'replies'] as const).filter(
            (k) => JSON.stringify(prevSnap[k]) !== JSON.stringify(snap[k]),
          );
          await trx
            .insertInto('dataset_comment_history')
            .values({
              comment_id: c.cid,
              seen_at: now,
              run_id: runId,
              kind: 'updated',
              changed_fields: JSON.stringify(fields),
              previous: JSON.stringify(prevSnap),
            })
            .execute();
          result.updated++;
        } else if (!reappeared) {
          result.unchanged++;
        }
        if (becameAnswered) result.newlyAnswered++;
      }
      // Replies by position: new floors get their first_seen_at, changed floors are rewritten.
      const known = new Map(
        (
          await trx
            .selectFrom('dataset_comment_replies')
            .select(['position', 'title', 'body_html'])
            .where('comment_id', '=', c.cid)
            .execute()
        ).map((r) => [r.position, r]),
      );
      for (const [position, reply] of (c.reply ?? []).entries()) {
        const r = known.get(position);
        const values = {
          title: reply.title ?? null,
          body_html: reply.body ?? null,
          body_text: reply.body ? htmlToText(reply.body) : '',
          raw: JSON.stringify(reply),
        };
        if (!r) {
          await trx
            .insertInto('dataset_comment_replies')
            .values({ comment_id: c.cid, position, ...values, first_seen_at: now })
            .execute();
        } else if (r.title !== values.title || r.body_html !== values.body_html) {
          await trx
            .updateTable('dataset_comment_replies')
            .set(values)
            .where('comment_id', '=', c.cid)
            .where('position', '=', position)
            .execute();
        }
      }
      const replyCount = c.reply?.length ?? 0;
      if (known.size > replyCount) {
        await trx
          .deleteFrom('dataset_comment_replies')
          .where('comment_id', '=', c.cid)
          .where('position', '>=', replyCount)
          .execute();
      }
    }
    for (const [id, row] of existing) {
      if (seen.has(id) || options.keepIds.has(id) || row.removed_seen_at !== null) continue;
      await trx
        .updateTable('dataset_comments')
        .set({ removed_seen_at: now })
        .where('comment_id', '=', id)
        .execute();
      await trx
        .insertInto('dataset_comment_history')
        .values({
          comment_id: id,
          seen_at: now,
          run_id: runId,
          kind: 'removed',
          changed_fields: '[]',
          previous: 'null',
        })
        .execute();
      result.removed++;
    }
  });
  return result;
}
