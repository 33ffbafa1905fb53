/**
 * A searchable corpus of titled documents (datasets, or plan items for request links): each title
 * normalised and featurised once, an inverted index over the features, and exact scoring of the
 * candidates the index proposes.
 */
import { bigramFeatures } from './bigram-similarity.js';
import { CandidateIndex } from './candidate-index.js';
import type { TitleNormalizer } from './normalize-title.js';
import { nameKey } from '../text/index.js';
import {
  scorePair,
  timingWindow,
  type PreparedDocSide,
  type PreparedQuerySide,
  type PreparedSide,
} from './score-pair.js';
import type { AgencyGate, ScoreComponents } from './types.js';

export interface CorpusDoc {
  title: string;
  description: string | null;
  agency: string | null;
  fields?: readonly string[];
  contactName?: string | null;
  publishedDate?: string | null;
}

/** What a plan item adds to its title and summary: its unit and its publication window. */
export interface QueryContext {
  unit?: string | null;
  adoptedDate?: string | null;
  dueDate?: string | null;
}

export type PreparedDoc = PreparedDocSide;

export interface PreparedQuery extends PreparedSide, PreparedQuerySide {
  title: string;
}

export interface ScoredHit {
  doc: number;
  score: number;
  components: ScoreComponents;
}

/** How many index hits are scored exactly per query (the index's count-based order is approximate). */
export const INDEX_POOL = 24;

export class TitleCorpus<T extends CorpusDoc> {
  readonly prepared: PreparedDoc[];
  private readonly index: CandidateIndex;

  constructor(
    readonly docs: readonly T[],
    private readonly normalizer: TitleNormalizer,
    private readonly gate: (a: string | null, b: string | null) => AgencyGate,
  ) {
    this.prepared = docs.map((doc) => prepareDoc(doc, normalizer));
    this.index = new CandidateIndex(this.prepared.map((p) => p.features));
  }

  prepareQuery(title: string, description: string | null, context: QueryContext = {}): PreparedQuery {
    const { normalized, light } = this.normalizer.both(title);
    const features = bigramFeatures(normalized);
    const lightFeatures = bigramFeatures(light);
    const descriptionFeatures = description ? bigramFeatures(this.normalizer.light(description)) : [];
    const unitKey = context.unit ? nameKey(context.unit) : '';
    return {
      title,
      normalized,
      features,
      lightFeatures,
      featureSet: new Set(features),
      lightFeatureSet: new Set(lightFeatures),
      descriptionFeatures,
      descriptionFeatureSet: new Set(descriptionFeatures),
      unitKey: unitKey === '' ? null : unitKey,
      window: timingWindow(context.adoptedDate, context.dueDate ?? null),
    };
  }

  /** The document title lightly normalised (keeps years and suffixes). */
  light(doc: number): string {
    return this.normalizer.light(this.docs[doc]!.title);
  }

  /** Score one query against one document. */
  score(query: PreparedQuery, doc: number, agency: string | null): ScoredHit {
    const p = this.prepared[doc]!;
    return { doc, ...scorePair(query, p, this.gate(agency, this.docs[doc]!.agency)) };
  }

  /** Candidates with score ≥ floor, best first (ties by document order). */
  search(query: PreparedQuery, agency: string | null, floor: number, pool = INDEX_POOL): ScoredHit[] {
    const hits = this.index.query(query.features, pool);
    const scored: ScoredHit[] = [];
    for (const h of hits) {
      const s = this.score(query, h.doc, agency);
      if (s.score >= floor) scored.push(s);
    }
    scored.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return scored;
  }
}

function prepareDoc(doc: CorpusDoc, normalizer: TitleNormalizer): PreparedDoc {
  const { normalized, light } = normalizer.both(doc.title);
  let text: ReadonlySet<string> | undefined;
  let lightFeatures: string[] | undefined;
  return {
    normalized,
    features: bigramFeatures(normalized),
    // Only scored candidates need these: built on first use.
    get lightFeatures() {
      return (lightFeatures ??= bigramFeatures(light));
    },
    hasDescription: !!doc.description && doc.description.trim() !== '',
    hasFields: (doc.fields?.length ?? 0) > 0,
    // Built lazily: descriptions are long and only candidates need them.
    textFeatures: () =>
      (text ??= new Set([
        ...bigramFeatures(light + (doc.description ? normalizer.light(doc.description) : '')),
        ...(doc.fields ?? []).flatMap((f) => bigramFeatures(normalizer.light(f))),
      ])),
    unitText: nameKey(`${doc.agency ?? ''} ${doc.contactName ?? ''}`),
    publishedDate: doc.publishedDate ?? null,
  };
}
