export { MOL_FAMILY, MOL_ROOT_OID, type Publisher } from './mol-family.js';
export { familyNamer, agencyOf, type FamilyMember } from './family.js';
