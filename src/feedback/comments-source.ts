/**
 * What the comments sync needs from the platform, as a small interface so the sync does not
 * depend on the client's internals. `platformCommentsSource` adapts the issue-3 PlatformClient.
 */
import { SchemaError } from '../errors.js';
import type { PlatformClient, PlatformComment } from '../platform/index.js';
import {
  agencyOptionSchema,
  optionsListEnvelopeSchema,
  type AgencyOption,
} from '../../schemas/feedback-options-list.js';

export interface ListedDataset {
  nid: string;
  title: string | null;
  agencyName: string | null;
  agencyTid: number | null;
  commentQuantity: number | null;
}

export interface CommentsSource {
  /** Agency facet (name → tid). */
  agencyOptions(): Promise<{ options: AgencyOption[]; invalid: number }>;
  /** Every dataset of one agency tid, with its comment count. */
  listAgency(tid: number): Promise<{ count: number; items: ListedDataset[]; invalid: number }>;
  /** The comments (with replies) of one dataset, validated; `raw` is the whole response body. */
  comments(
    nid: string,
  ): Promise<{ comments: PlatformComment[]; invalidKeys: (string | null)[]; raw: unknown }>;
  /** HTTP requests sent so far (for counters). */
  requestCount(): number;
}

export function platformCommentsSource(client: PlatformClient, optionsPath: string): CommentsSource {
  return {
    async agencyOptions() {
      const body = await client.http.postJson(optionsPath, { name: 'agency' });
      const env = optionsListEnvelopeSchema.safeParse(body);
      if (!env.success) throw new SchemaError(`${optionsPath}: unexpected response shape`);
      const options: AgencyOption[] = [];
      let invalid = 0;
      for (const raw of env.data) {
        const r = agencyOptionSchema.safeParse(raw);
        if (r.success) options.push(r.data);
        else invalid++;
      }
      return { options, invalid };
    },
    async listAgency(tid) {
      const page = await client.listAllByAgency(tid);
      return {
        count: page.count,
        invalid: page.invalid.length,
        items: page.items.map((i) => ({
          nid: i.nid,
          title: i.title ?? null,
          agencyName: i.agency_name ?? null,
          agencyTid: i.agency_tid === undefined ? null : Number(i.agency_tid),
          commentQuantity: i.comment_quantity ?? null,
        })),
      };
    },
    async comments(nid) {
      const r = await client.fetchComments(nid);
      return { comments: r.comments, invalidKeys: r.invalid.map((i) => i.key), raw: r.raw };
    },
    requestCount: () => client.stats.requests,
  };
}
