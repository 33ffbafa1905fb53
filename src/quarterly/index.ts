/** The quarterly report for the advisory group: quarters, figures (pure), document, renderers, loader. */
export {
  parseQuarter,
  quarterName,
  rocQuarterName,
  quarterStart,
  quarterEnd,
  quarterOf,
  previousQuarter,
  nextQuarter,
  lastCompletedQuarter,
  compareQuarters,
  quartersBetween,
  type Quarter,
} from './quarter.js';
export {
  quarterlyFigures,
  type QuarterlyInput,
  type QuarterlyFigures,
  type QuarterDataset,
  type QuarterComment,
  type QuarterRequest,
  type QuarterlyItem,
} from './quarterly-figures.js';
export {
  quarterlyDocument,
  type QuarterlyDocument,
  type QuarterlySection,
  type ChartSeries,
} from './quarterly-document.js';
export { quarterlyStrings } from './quarterly-strings.js';
export { renderQuarterlyHtml } from './render-html.js';
export { renderQuarterlyMd } from './render-md.js';
export { renderQuarterlyDocx } from './render-docx.js';
export { renderQuarterlyXlsx, renderQuarterlyOds } from './render-sheets.js';
export {
  QUARTERLY_FORMATS,
  renderQuarterlyFiles,
  renderQuarterlyJson,
  type QuarterlyFormat,
} from './write-quarterly.js';
export { loadQuarterlyInput, type LoadQuarterlyOptions } from './load-quarterly.js';
