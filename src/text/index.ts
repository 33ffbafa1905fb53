export { normalizeText, nameKey } from './normalize.js';
export { decodeHtmlEntities } from './html-entities.js';
