export { normalizeText, nameKey } from './normalize.js';
