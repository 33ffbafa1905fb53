/**
 * The family as configured and as seen: every configured member with the listed datasets counted
 * as its own, each sub-unit (a publisher name other than the member's own names) beneath it, and
 * how membership was decided, by the same filter the sync uses.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { Publisher } from '../publishers/index.js';
import { PublisherFilter, type MembershipBy } from './publisher-filter.js';

export type MembershipCounts = Partial<Record<MembershipBy, number>>;

export interface SeenPublisher {
  name: string;
  datasets: number;
  by: MembershipCounts;
}

export interface FamilyMemberAsSeen {
  /** The configured member; null when every publisher is ours (`*`). */
  configured: Publisher | null;
  name: string;
  /** Listed datasets of the member, its sub-units' included. */
  datasets: number;
  by: MembershipCounts;
  /** Publisher names seen below the member (its sub-units), largest first. */
  subUnits: SeenPublisher[];
}

export interface FamilyAsSeen {
  members: FamilyMemberAsSeen[];
  /** Stored listed datasets the current configuration no longer counts as ours. */
  notOurs: SeenPublisher[];
}

/** Listed datasets only: a delisted one no longer says anything about who publishes. */
export async function familyAsSeen(
  db: Kysely<Database>,
  publishers: readonly Publisher[] | null,
): Promise<FamilyAsSeen> {
  const rows = await db
    .selectFrom('datasets')
    .select(['publisher_name', 'publisher_oid', 'identifier'])
    .where('delisted_at', 'is', null)
    .execute();
  const filter = new PublisherFilter(publishers);
  const members = new Map<string, FamilyMemberAsSeen>();
  for (const p of publishers ?? [])
    members.set(p.name, { configured: p, name: p.name, datasets: 0, by: {}, subUnits: [] });
  const notOurs = new Map<string, SeenPublisher>();
  const bump = (by: MembershipCounts, key: MembershipBy) => {
    by[key] = (by[key] ?? 0) + 1;
  };
  for (const r of rows) {
    const name = r.publisher_name.trim();
    const m = filter.match({ oid: r.publisher_oid, name, identifier: r.identifier });
    if (!m.ours) {
      const e = notOurs.get(name) ?? { name, datasets: 0, by: {} };
      e.datasets += 1;
      notOurs.set(name, e);
      continue;
    }
    const agency = m.publisher ?? name;
    let member = members.get(agency);
    if (!member)
      members.set(agency, (member = { configured: null, name: agency, datasets: 0, by: {}, subUnits: [] }));
    member.datasets += 1;
    bump(member.by, m.by);
    if (m.subUnit === null) continue; // the member's own name or alias
    let sub = member.subUnits.find((s) => s.name === name);
    if (!sub) member.subUnits.push((sub = { name, datasets: 0, by: {} }));
    sub.datasets += 1;
    bump(sub.by, m.by);
  }
  const bySize = (a: { datasets: number; name: string }, b: { datasets: number; name: string }) =>
    b.datasets - a.datasets || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const list = [...members.values()];
  for (const m of list) m.subUnits.sort(bySize);
  // Configured members keep their configured order; with `*`, largest first.
  if (publishers === null) list.sort(bySize);
  return { members: list, notOurs: [...notOurs.values()].sort(bySize) };
}
