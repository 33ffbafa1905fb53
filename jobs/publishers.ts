/** `odsync publishers`: the family as configured and as seen, so an operator sees what counts as ours. */
import { familyAsSeen, type FamilyAsSeen, type MembershipCounts } from '../src/catalog/index.js';
import type { Runtime } from './runtime.js';

export async function run(rt: Runtime): Promise<FamilyAsSeen & { all: boolean }> {
  return { ...(await familyAsSeen(rt.handle.db, rt.config.publishers)), all: rt.config.publishers === null };
}

export function toJson(r: FamilyAsSeen & { all: boolean }): unknown {
  return {
    all: r.all,
    publishers: r.members.map((m) => ({
      name: m.name,
      configured: m.configured
        ? {
            aliases: m.configured.aliases,
            oid: m.configured.oid,
            agencyCode: m.configured.agencyCode,
            agencyTid: m.configured.agencyTid,
          }
        : null,
      datasets: m.datasets,
      by: m.by,
      subUnits: m.subUnits,
    })),
    notOurs: r.notOurs,
  };
}

const BY_LABEL: Record<string, string> = {
  oid: 'oid',
  name: 'name',
  name_prefix: 'name prefix',
  identifier: 'identifier',
  all: '*',
};

const byText = (by: MembershipCounts) =>
  Object.entries(by)
    .map(([k, n]) => `${BY_LABEL[k] ?? k} ${n}`)
    .join(', ') || '-';

export function toText(r: FamilyAsSeen & { all: boolean }): string {
  const lines = [
    r.all
      ? 'ODSYNC_PUBLISHERS=*: every publisher is ours'
      : `${r.members.length} configured publisher(s); listed datasets counted as ours, by how membership was decided`,
  ];
  for (const m of r.members) {
    const c = m.configured;
    const ids = c
      ? ` [oid ${c.oid ?? '-'}, code ${c.agencyCode ?? '-'}, tid ${c.agencyTid ?? '-'}${c.aliases.length ? `, aliases ${c.aliases.join('、')}` : ''}]`
      : '';
    lines.push(`${m.name}${ids}: ${m.datasets} dataset(s) (${byText(m.by)})`);
    for (const s of m.subUnits) lines.push(`  └ ${s.name}: ${s.datasets} (${byText(s.by)})`);
  }
  if (r.notOurs.length > 0) {
    lines.push('stored but not ours under this configuration:');
    for (const s of r.notOurs) lines.push(`  ${s.name}: ${s.datasets}`);
  }
  return lines.join('\n') + '\n';
}
