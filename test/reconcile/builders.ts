/** In-memory builders for the pure reconcile core (no database). */
import type {
  CommentInput,
  DatasetInput,
  MatchDecisionInput,
  PlanItemInput,
  RequestInput,
} from '../../src/reconcile/index.js';

let nextDataset = 90_000;
let nextItem = 1;

export function makeDataset(overrides: Partial<DatasetInput> & { title: string }): DatasetInput {
  return {
    datasetId: String(nextDataset++),
    description: null,
    publisherName: '勞動部',
    updateFrequency: '不定期更新',
    publishedDate: '2015-08-01',
    modifiedDate: null,
    delistedDate: null,
    ...overrides,
  };
}

export function makePlanItem(overrides: Partial<PlanItemInput> & { title: string }): PlanItemInput {
  const seq = overrides.seq ?? nextItem++;
  return {
    planKey: `test#${seq}`,
    seq,
    description: null,
    unit: '勞動關係司',
    agency: '勞動部',
    dueDate: '2015-08-31',
    ...overrides,
  };
}

export function makeComment(
  overrides: Partial<CommentInput> & { commentId: string; datasetId: string },
): CommentInput {
  return { firstSeenDate: '2015-09-01', agencyReplyDate: null, ...overrides };
}

export function makeRequest(
  overrides: Partial<RequestInput> & { requestId: string; title: string },
): RequestInput {
  return { description: null, firstSeenDate: '2015-06-07', replyDate: null, ...overrides };
}

export const confirm = (planKey: string, datasetId: string): MatchDecisionInput => ({
  planKey,
  datasetId,
  decision: 'confirm',
});
export const reject = (planKey: string, datasetId: string): MatchDecisionInput => ({
  planKey,
  datasetId,
  decision: 'reject',
});
