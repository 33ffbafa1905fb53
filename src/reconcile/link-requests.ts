/**
 * Links citizen requests (我想要更多) to the plan items and datasets they ask for, with the same
 * normalisation and scoring as plan matching. A request may link to one plan item and one dataset
 * (the best of each ≥ low); several requests may ask for the same thing.
 */
import type { Matcher } from './match-plan-items.js';
import { TitleCorpus } from './title-corpus.js';
import { createAgencyGate } from './score-pair.js';
import type { PlanItemInput, RequestInput, RequestLink } from './types.js';

export function linkRequests(
  requests: readonly RequestInput[],
  items: readonly PlanItemInput[],
  matcher: Matcher,
): RequestLink[] {
  if (requests.length === 0) return [];
  const { options, normalizer, datasets } = matcher;
  const itemCorpus = new TitleCorpus(
    items.map((i) => ({ title: i.title, description: i.description, agency: null, planKey: i.planKey })),
    normalizer,
    createAgencyGate([]),
  );
  const links: RequestLink[] = [];
  for (const r of requests) {
    const link = (
      corpus: TitleCorpus<{ title: string; description: string | null; agency: string | null }>,
      make: (doc: number) => Pick<RequestLink, 'target' | 'planKey' | 'datasetId'>,
    ) => {
      const query = corpus.prepareQuery(r.title, r.description);
      const best = corpus.search(query, null, options.lowThreshold)[0];
      if (!best) return;
      links.push({
        requestId: r.requestId,
        ...make(best.doc),
        score: best.score,
        confidence: best.score >= options.highThreshold ? 'high' : 'review',
        evidence: {
          requestTitle: r.title,
          normalizedRequestTitle: query.normalized,
          targetTitle: corpus.docs[best.doc]!.title,
          normalizedTargetTitle: corpus.prepared[best.doc]!.normalized,
          components: best.components,
        },
      });
    };
    link(itemCorpus, (doc) => ({
      target: 'plan_item',
      planKey: itemCorpus.docs[doc]!.planKey,
      datasetId: null,
    }));
    link(datasets, (doc) => ({ target: 'dataset', planKey: null, datasetId: datasets.docs[doc]!.datasetId }));
  }
  return links;
}
