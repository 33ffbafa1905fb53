export { MOL_FAMILY, MOL_ROOT_OID, type Publisher } from './mol-family.js';
