/**
 * The Ministry of Labor (勞動部) family as published on data.gov.tw. Unknown ids stay null and are
 * filled in by operators through ODSYNC_PUBLISHERS (a JSON file), never guessed in code.
 * What odsync relies on about the platform's publisher ids: docs/platform-api.md.
 */
export interface Publisher {
  name: string;
  aliases: string[];
  /** publisherOID prefix (membership: equal, or starts with oid + "."). */
  oid: string | null;
  /** Identifier prefix such as A17010000J. */
  agencyCode: string | null;
  /** Front-end agency_tid (Drupal taxonomy id; may change). */
  agencyTid: number | null;
}

export const MOL_ROOT_OID = '2.16.886.101.20003.20063';

export const MOL_FAMILY: readonly Publisher[] = Object.freeze([
  {
    name: '勞動部',
    aliases: ['行政院勞工委員會', '勞委會'],
    oid: MOL_ROOT_OID,
    agencyCode: 'A17000000J',
    agencyTid: null,
  },
  {
    name: '勞動部勞工保險局',
    aliases: ['勞工保險局', '勞保局'],
    oid: null,
    agencyCode: 'A17010000J',
    agencyTid: 716,
  },
  {
    name: '勞動部勞動力發展署',
    aliases: ['勞動力發展署', '勞發署'],
    oid: `${MOL_ROOT_OID}.20002`,
    agencyCode: 'A17020000J',
    agencyTid: null,
  },
  {
    name: '勞動部勞動基金運用局',
    aliases: ['勞動基金運用局', '基金運用局'],
    oid: null,
    agencyCode: 'A17030000J',
    agencyTid: null,
  },
  {
    name: '勞動部職業安全衛生署',
    aliases: ['職業安全衛生署', '職安署'],
    oid: null,
    agencyCode: 'A17040000J',
    agencyTid: null,
  },
  {
    name: '勞動部勞動及職業安全衛生研究所',
    aliases: ['勞動及職業安全衛生研究所', '勞安所'],
    oid: null,
    agencyCode: 'A17050000J',
    agencyTid: null,
  },
]);
