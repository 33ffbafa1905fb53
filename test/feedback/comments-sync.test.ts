import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/index.js';
import { agencyCommentFacts, platformCommentsSource } from '../../src/feedback/index.js';
import { silentLogger } from '../../src/logger.js';
import { createPlatformClient } from '../../src/platform/index.js';
import { TEST_CLIENT } from '../catalog/sync-helpers.js';
import * as job from '../../jobs/sync-feedback.js';
import { createFakePlatform, type FakePlatform } from '../../tools/fake-platform/index.js';
import { runCli } from '../helpers/cli.js';
import { describeEngines } from '../helpers/engines.js';

const T1 = '2026-09-15T18:30:00.000Z';
const T1_LATER = '2026-09-15T19:30:00.000Z';
const T2 = '2026-09-16T18:30:00.000Z';
const T3 = '2026-09-17T18:30:00.000Z';

describeEngines('comments sync against the fake platform', (ctx) => {
  let fake: FakePlatform;
  beforeEach(async () => {
    fake = await createFakePlatform({ molCount: 40, otherCount: 20 });
  });
  afterEach(async () => {
    await fake.close();
  });

  async function sync(at: string, options: { full?: boolean; env?: Record<string, string> } = {}) {
    const config = loadConfig({
      DATAGOVTW_BASE_URL: fake.url,
      ODSYNC_HTTP_RATE: '1000',
      ODSYNC_HTTP_CONCURRENCY: '4',
      ODSYNC_HTTP_TIMEOUT_MS: '3000',
      ODSYNC_HTTP_RETRIES: '1',
      ...options.env,
    });
    const clock = fixedClock(at);
    const logger = silentLogger();
    const client = createPlatformClient(config, logger, TEST_CLIENT);
    return job.run(
      {
        config,
        logger,
        clock,
        handle: ctx.db.handle,
        runDeps: { handle: ctx.db.handle, logger, clock, staleAfterMs: 600_000 },
        commentsSource: platformCommentsSource(client, config.feedback.optionsListPath),
      },
      { full: options.full === true },
    );
  }
  const commentCalls = () => fake.requests.filter((r) => r.route === 'comments');
  const comments = () =>
    ctx.db.handle.db.selectFrom('dataset_comments').selectAll().orderBy('comment_id').execute();

  it('stores the comments of our datasets with first_seen_at, no post date, reply state and raw payload', async () => {
    const r = await sync(T1);
    expect(r.status).toBe('succeeded');
    expect(r.requestsFeed).toEqual({
      configured: false,
      message: expect.stringMatching(/requests feed not configured/) as unknown,
    });
    const rows = await comments();
    expect(rows.map((c) => [c.comment_id, c.dataset_id, c.answered])).toEqual([
      ['1201', '33357', true],
      ['1202', '33357', false],
      ['1301', '44062', true],
      ['1401', '28310', false],
    ]);
    for (const c of rows) {
      expect(c.first_seen_at.toISOString()).toBe(T1);
      expect(c.posted_at).toBeNull();
      expect(c.raw).toMatchObject({ cid: c.comment_id });
    }
    expect(rows.find((c) => c.comment_id === '1201')!.answered_seen_at?.toISOString()).toBe(T1);
    expect(rows.find((c) => c.comment_id === '1202')!.answered_seen_at).toBeNull();
    // hostile text is stored as-is (escaped by renderers), with a plain-text rendering
    expect(rows.find((c) => c.comment_id === '1401')!.title).toBe('<script>alert(1)</script>工會資料缺漏');
    const replies = await ctx.db.handle.db.selectFrom('dataset_comment_replies').selectAll().execute();
    expect(replies.map((x) => x.comment_id).sort()).toEqual(['1201', '1301']);
    // only the three datasets with comments were fetched; agency tids resolved once by name
    expect(
      commentCalls()
        .map((c) => (c.body as { nid: string }).nid)
        .sort(),
    ).toEqual(['28310', '33357', '44062']);
    expect(r.comments).toMatchObject({ fetched: 3, created: 4, newlyAnswered: 2, datasetsWithComments: 3 });
    expect(fake.requests.filter((x) => x.route === 'optionsList')).toHaveLength(1);
    const tids = await ctx.db.handle.db
      .selectFrom('feedback_agency_tids')
      .selectAll()
      .orderBy('agency_tid')
      .execute();
    expect(tids.map((t) => [t.agency_name, t.agency_tid])).toContainEqual(['勞動部勞動力發展署', 718]);
  });

  it('unchanged comment counts cause no comment fetches (and the tid cache no options-list call)', async () => {
    await sync(T1);
    const before = commentCalls().length;
    const optionsBefore = fake.requests.filter((x) => x.route === 'optionsList').length;
    const r = await sync(T1_LATER);
    expect(commentCalls().length).toBe(before);
    expect(fake.requests.filter((x) => x.route === 'optionsList').length).toBe(optionsBefore);
    expect(r.comments).toMatchObject({ fetched: 0, skippedUnchanged: r.comments.datasetsListed });
    expect(fake.requests.filter((x) => x.route === 'list').length).toBeGreaterThan(0);
  });

  it('a new comment changes the count: only that dataset is fetched', async () => {
    await sync(T1);
    const before = commentCalls().length;
    fake.state.addComment('44062', { cid: '1302', title: '欄位缺漏', body: '<p>缺少縣市</p>', reply: [] });
    const r = await sync(T1_LATER);
    expect(
      commentCalls()
        .slice(before)
        .map((c) => (c.body as { nid: string }).nid),
    ).toEqual(['44062']);
    expect(r.comments).toMatchObject({ fetched: 1, created: 1 });
    const row = (await comments()).find((c) => c.comment_id === '1302')!;
    expect(row).toMatchObject({ answered: false, body_text: '缺少縣市' });
    expect(row.first_seen_at.toISOString()).toBe(T1_LATER);
  });

  it('records a reply appearing later once, with the run that first saw it', async () => {
    await sync(T1);
    fake.state.addReply('33357', '1202', { title: '機關回復', body: '<p>已新增縣市別欄位</p>' });
    const second = await sync(T2);
    expect(second.comments.newlyAnswered).toBe(1);
    let row = (await comments()).find((c) => c.comment_id === '1202')!;
    expect(row.answered).toBe(true);
    expect(row.answered_seen_at?.toISOString()).toBe(T2);
    const reply = await ctx.db.handle.db
      .selectFrom('dataset_comment_replies')
      .selectAll()
      .where('comment_id', '=', '1202')
      .executeTakeFirstOrThrow();
    expect(reply.first_seen_at.toISOString()).toBe(T2);
    expect(reply.body_text).toBe('已新增縣市別欄位');
    const history = await ctx.db.handle.db
      .selectFrom('dataset_comment_history')
      .selectAll()
      .where('comment_id', '=', '1202')
      .orderBy('id')
      .execute();
    expect(history.map((h) => [h.kind, h.changed_fields])).toEqual([
      ['created', []],
      ['updated', ['replies']],
    ]);
    // Per owning agency: what odsync observed (first seen T1, reply first seen T2: one day).
    const byAgency = await agencyCommentFacts(ctx.db.handle.db);
    expect(byAgency.find((a) => a.agency === '勞動部勞工保險局')).toEqual({
      agency: '勞動部勞工保險局',
      commentsTotal: 2,
      commentsUnanswered: 0,
      observedReplies: 1,
      medianObservedDaysToReply: 1,
    });
    expect(byAgency.find((a) => a.agency === '勞動部')).toMatchObject({
      commentsUnanswered: 1,
      observedReplies: 0,
    });
    // A third run (full: everything fetched again) leaves the first-seen date alone.
    const third = await sync(T3, { full: true });
    expect(third.comments.fetched).toBe(3);
    row = (await comments()).find((c) => c.comment_id === '1202')!;
    expect(row.answered_seen_at?.toISOString()).toBe(T2);
    expect(row.last_seen_at.toISOString()).toBe(T3);
  });

  it('a comment no longer served is marked removed, and counted out of the facts', async () => {
    await sync(T1);
    fake.state.get('44062').comments = [];
    const r = await sync(T1_LATER);
    expect(r.comments).toMatchObject({ fetched: 1, removed: 1 });
    const row = (await comments()).find((c) => c.comment_id === '1301')!;
    expect(row.removed_seen_at?.toISOString()).toBe(T1_LATER);
  });

  it('a list that is not the agency asked for (filter ignored / stale tid) is refused: partial, no comments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'odsync-feedback-'));
    const publishers = join(dir, 'publishers.json');
    // 勞工保險局 with the tid of 衛生福利部 in the fake: rows of another agency come back.
    writeFileSync(publishers, JSON.stringify([{ name: '勞動部勞工保險局', agencyTid: 801 }]));
    const r = await sync(T1, { env: { ODSYNC_PUBLISHERS: publishers } });
    expect(r.status).toBe('partial');
    expect(r.reasons.join(' ')).toMatch(/勞動部勞工保險局.*of another agency/);
    expect(await comments()).toHaveLength(0);
    expect(commentCalls()).toHaveLength(0);
  });

  it('a failing comment call makes the run partial and is retried next run', async () => {
    fake.setFaults({ serverError: { count: 10, status: 503, routes: ['comments'] } });
    const first = await sync(T1);
    expect(first.status).toBe('partial');
    expect(first.comments.fetchFailed).toBeGreaterThan(0);
    fake.clearFaults();
    const second = await sync(T1_LATER);
    expect(second.status).toBe('succeeded');
    expect(await comments()).toHaveLength(4);
  });
});

describe('odsync sync feedback (CLI, embedded database)', () => {
  it('runs as its own command and as a stage of sync all', async () => {
    const fake = await createFakePlatform({ molCount: 10, otherCount: 5 });
    const dataDir = mkdtempSync(join(tmpdir(), 'odsync-feedback-cli-'));
    try {
      const env = { DATAGOVTW_BASE_URL: fake.url, ODSYNC_DATA_DIR: dataDir, ODSYNC_HTTP_RATE: '100' };
      const own = await runCli(['sync', 'feedback'], { env, clock: fixedClock(T1) });
      expect(own.stderr).toBe('');
      expect(own.code).toBe(0);
      expect(own.stdout).toMatch(
        /feedback succeeded: .*comments fetched for 3 .*4 new.*requests feed not configured/,
      );
      const help = await runCli(['sync', 'all', '--help'], { env });
      expect(help.stdout).toMatch(/catalog, feedback/);
    } finally {
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
