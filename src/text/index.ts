export { normalizeText, nameKey } from './normalize.js';
export { decodeHtmlEntities } from './html-entities.js';
export { htmlToText, truncateText } from './html-text.js';
