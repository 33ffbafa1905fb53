export { MOL_FAMILY, MOL_ROOT_OID, type Publisher } from '../config/index.js';
export { familyNamer, agencyOf, type FamilyMember } from './family.js';
