export { STATUS_LABELS, KIND_LABELS, statusLabel, kindLabel, type LabelLanguage } from './status-labels.js';
