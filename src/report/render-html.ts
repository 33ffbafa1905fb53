/**
 * report.html: one self-contained, printable page (inline CSS and SVG, no script, no external
 * resource). Every value from the platform, a plan file or a citizen goes through `html```.
 */
import { PLAN_ITEM_STATUSES, type PlanItemStatus, type ReportItem } from '../../schemas/report.js';
import { htmlToText, truncateText } from '../text/index.js';
import { html, trusted, type HtmlValue, type SafeHtml } from './escape-html.js';
import { AGEING_BUCKETS, discrepancyGroups, type ReportModel, type UnitSummary } from './report-model.js';
import { reportStrings, type ReportLang, type ReportStrings } from './strings.js';

export const STATUS_COLORS: Record<PlanItemStatus, string> = {
  published_on_time: '#2e7d32',
  published_late: '#c77700',
  overdue: '#c62828',
  pending: '#78909c',
  missing: '#6a1b9a',
  needs_review: '#1565c0',
};

/** Rows shown per HTML list; the spreadsheets always hold everything. */
const HTML_LIST_LIMIT = 200;

const CSS = `
:root { --ink:#1f2328; --muted:#57606a; --line:#d0d7de; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans TC","Noto Sans CJK TC","PingFang TC","Microsoft JhengHei",system-ui,sans-serif;
  color: var(--ink); margin: 0 auto; max-width: 1080px; padding: 24px 28px 48px; line-height: 1.5; font-size: 14px; }
h1 { font-size: 24px; margin: 0 0 2px; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 16px 0 6px; }
.subtitle { color: var(--muted); margin: 0 0 12px; }
.scope { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 0; }
.scope div { display: inline; margin-right: 14px; }
.scope dt { display: inline; color: var(--muted); }
.scope dd { display: inline; margin: 0 0 0 4px; font-weight: 600; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 8px 0; }
.figure { border: 1px solid var(--line); border-left: 6px solid var(--c, #999); border-radius: 6px; padding: 8px 10px; }
.figure .n { font-size: 28px; font-weight: 700; display: block; line-height: 1.1; }
.figure .l { color: var(--muted); font-size: 13px; }
.figure .h { color: var(--muted); font-size: 11px; display: block; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.date { white-space: nowrap; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; color: #fff; font-size: 12px; white-space: nowrap; }
.buckets { display: flex; flex-wrap: wrap; gap: 8px; margin: 4px 0 8px; padding: 0; list-style: none; }
.buckets li { background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 2px 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; list-style: none; padding: 0; margin: 4px 0; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; border-radius: 2px; }
.none { color: var(--muted); font-style: italic; }
.notes { border: 1px solid #d4a72c; background: #fff8c5; border-radius: 6px; padding: 6px 12px 6px 28px; margin: 8px 0 0; }
.note { color: var(--muted); font-size: 12px; }
.body { white-space: pre-wrap; }
ul.candidates { margin: 0; padding-left: 18px; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-after: avoid; }
  tr, .figure, svg { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

export interface RenderHtmlOptions {
  lang?: ReportLang;
}

/** Render the whole report as one HTML document. */
export function renderHtml(model: ReportModel, options: RenderHtmlOptions = {}): string {
  const t = reportStrings(options.lang ?? 'zh-TW');
  const r = model.report;
  const page = html`<!doctype html>
    <html lang="${t.htmlLang}">
      <head>
        <meta charset="utf-8" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${t.title} ${r.asOf}</title>
        <style>
          ${trusted(CSS)}
        </style>
      </head>
      <body>
        <header>
          <h1>${t.title}</h1>
          <p class="subtitle">${t.subtitle}</p>
          ${scopeLine(model, t)}
          ${
            model.notes.length > 0
              ? html`<ul class="notes" data-testid="notes">
                  ${model.notes.map((n) => html`<li>${n}</li>`)}
                </ul>`
              : ''
          }
        </header>
        <main>
          ${headline(model, t)} ${chartSection(model.unitSummary, t)} ${overdueSection(model, t)}
          ${lateSection(model, t)} ${missingSection(model, t)} ${needsReviewSection(model, t)}
          ${changesSection(model, t)} ${commentsSection(model, t)} ${requestsSection(model, t)}
          ${itemsSection(model, t)}
        </main>
        <footer>
          ${t.footer} schemaVersion ${r.schemaVersion} · ${t.scope.generatedAt} ${r.generatedAt}
        </footer>
      </body>
    </html> `;
  return page.value;
}

function scopeLine(model: ReportModel, t: ReportStrings): SafeHtml {
  const r = model.report;
  const publishers =
    r.scope.publishers.length === 1 && r.scope.publishers[0] === '*'
      ? t.scope.allPublishers
      : r.scope.publishers.join('、');
  const plans =
    r.scope.plans.length === 0
      ? t.scope.noPlans
      : r.scope.plans.map((p) => t.scope.planVersion(p.label, p.versionId, p.items)).join('、');
  const entry = (label: string, value: HtmlValue, key: string) =>
    html`<div data-scope="${key}">
      <dt>${label}</dt>
      <dd>${value}</dd>
    </div>`;
  return html`<dl class="scope" data-testid="scope">
    ${entry(t.scope.asOf, r.asOf, 'asOf')} ${entry(t.scope.publishers, publishers, 'publishers')}
    ${entry(t.scope.plans, plans, 'plans')}
    ${entry(t.scope.platformDatasets, r.scope.platformDatasets, 'platformDatasets')}
    ${entry(t.scope.reconcileRun, model.reconcileRunId ?? t.scope.recomputed, 'reconcileRun')}
    ${entry(t.scope.reportRun, r.runId, 'reportRun')}
    ${entry(t.scope.previous, model.previous ? `${model.previous.asOf} (#${model.previous.runId})` : t.scope.firstReport, 'previous')}
  </dl>`;
}

function headline(model: ReportModel, t: ReportStrings): SafeHtml {
  const s = model.report.summary;
  // Plan discrepancies and catalogue upkeep apart: one total would be mostly upkeep.
  const groups = discrepancyGroups(model.report.discrepancies);
  const card = (key: string, n: number, label: string, color: string, hint?: string) =>
    html`<div class="figure" data-figure="${key}" style="--c:${color}" ${hint ? html` title="${hint}"` : ''}>
      <span class="n">${n}</span
      ><span class="l">${label}</span>${hint ? html`<span class="h">${hint}</span>` : ''}
    </div>`;
  return html`<section id="headline">
    <h2>${t.section.headline}</h2>
    <div class="figures">
      ${card('planItems', s.planItems, t.planItems, '#1f2328')}
      ${PLAN_ITEM_STATUSES.map((st) => card(st, s.byStatus[st], t.status[st], STATUS_COLORS[st]))}
      ${card('planDiscrepancies', groups.plan, t.group.plan, '#cf222e', t.group.planHint)}
      ${card('upkeepDiscrepancies', groups.upkeep, t.group.upkeep, '#8c959f', t.group.upkeepHint)}
      ${card('comments', model.comments.length, t.section.comments, '#57606a')}
      ${card('requests', model.requests.length, t.section.requests, '#57606a')}
    </div>
  </section>`;
}

/** Inline SVG: one horizontal stacked bar per unit, segments per status. */
export function renderStatusChart(units: UnitSummary[], t: ReportStrings): SafeHtml {
  const labelW = 190;
  const barW = 560;
  const rowH = 26;
  const top = 6;
  const width = labelW + barW + 50;
  const height = top * 2 + Math.max(1, units.length) * rowH;
  const max = Math.max(1, ...units.map((u) => u.total));
  const rows = units.map((u, idx) => {
    const y = top + idx * rowH;
    let x = labelW;
    const segments = PLAN_ITEM_STATUSES.filter((s) => u.byStatus[s] > 0).map((s) => {
      const w = (u.byStatus[s] / max) * barW;
      const seg = html`<rect
        x="${x.toFixed(1)}"
        y="${y + 4}"
        width="${w.toFixed(1)}"
        height="${rowH - 8}"
        fill="${STATUS_COLORS[s]}"
        data-status="${s}"
        data-count="${u.byStatus[s]}"
        ><title>${u.unit} · ${t.status[s]}: ${u.byStatus[s]}</title></rect
      >`;
      x += w;
      return seg;
    });
    return html`<g class="unit" data-unit="${u.unit}"
      ><text x="${labelW - 8}" y="${y + rowH / 2 + 4}" text-anchor="end" font-size="12" fill="#1f2328"
        >${truncateText(u.unit, 14)}</text
      >${segments}<text x="${(x + 6).toFixed(1)}" y="${y + rowH / 2 + 4}" font-size="12" fill="#57606a"
        >${u.total}</text
      ></g
    >`;
  });
  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    role="img"
    aria-label="${t.chartAria}"
    width="100%"
    viewBox="0 0 ${width} ${height}"
    preserveAspectRatio="xMinYMin meet"
  >
    ${rows}
  </svg>`;
}

function chartSection(units: UnitSummary[], t: ReportStrings): SafeHtml {
  return html`<section id="chart">
    <h2>${t.section.chart}</h2>
    <ul class="legend">
      ${PLAN_ITEM_STATUSES.map((s) => html`<li><i style="background:${STATUS_COLORS[s]}"></i>${t.status[s]}</li>`)}
    </ul>
    ${units.length === 0 ? none(t) : renderStatusChart(units, t)}
  </section>`;
}

function none(t: ReportStrings): SafeHtml {
  return html`<p class="none">${t.none}</p>`;
}

type Cell = { v: HtmlValue; cls?: 'num' | 'date' | 'body' };
const num = (v: number | null): Cell => ({ v: v ?? '', cls: 'num' });
const date = (v: string | null): Cell => ({ v: v ?? '', cls: 'date' });

function table(id: string, headers: string[], rows: Cell[][], t: ReportStrings): SafeHtml {
  if (rows.length === 0) return none(t);
  const shown = rows.slice(0, HTML_LIST_LIMIT);
  return html`<table data-table="${id}">
      <thead>
        <tr>
          ${headers.map((h) => html`<th>${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${shown.map(
          (row) =>
            html`<tr>
              ${row.map((c) => html`<td class="${c.cls ?? ''}">${c.v}</td>`)}
            </tr> `,
        )}
      </tbody>
    </table>
    ${rows.length > shown.length ? html`<p class="note">${t.moreItems(rows.length - shown.length)}</p>` : ''}`;
}

function badge(status: PlanItemStatus, t: ReportStrings): SafeHtml {
  return html`<span class="badge" style="background:${STATUS_COLORS[status]}">${t.status[status]}</span>`;
}

function datasetCell(id: string | null, title: string | null): HtmlValue {
  if (id === null) return title ?? '';
  const href = `https://data.gov.tw/dataset/${encodeURIComponent(id)}`;
  return html`<a href="${href}">${id}</a>${title ? html` ${title}` : ''}`;
}

/** The matched dataset, and the further ones of an item published as several. */
function itemDatasetsCell(i: ReportItem, t: ReportStrings): HtmlValue {
  const more = (i.datasetIds ?? []).filter((id) => id !== i.datasetId);
  if (more.length === 0) return datasetCell(i.datasetId, i.datasetTitle);
  return html`${datasetCell(i.datasetId, i.datasetTitle)}
    <span class="also"
      >${t.alsoPublishedAs} ${more.map((id, k) => html`${k > 0 ? '、' : ''}${datasetCell(id, null)}`)}</span
    >`;
}

/** An overdue item's title with its 可能相符 (best guesses below the threshold), when it has any. */
function titleWithPossible(i: ReportItem, t: ReportStrings): HtmlValue {
  const possible = i.possibleMatches ?? [];
  if (possible.length === 0) return i.title;
  return html`${i.title}
    <ul class="candidates possible">
      ${possible.map(
        (p) =>
          html`<li>
            ${t.possibleMatch}:
            ${datasetCell(p.datasetId, p.title)}${p.publisher ? html` (${p.publisher})` : ''} · ${t.col.score}
            ${p.score.toFixed(2)}
          </li>`,
      )}
    </ul>`;
}

function overdueSection(model: ReportModel, t: ReportStrings): SafeHtml {
  const c = t.col;
  return html`<section id="overdue">
    <h2>${t.section.overdue}</h2>
    <ul class="buckets">
      ${AGEING_BUCKETS.map((b) => html`<li data-bucket="${b.key}">${t.bucket[b.key]}: <strong>${model.ageing[b.key]}</strong></li>`)}
    </ul>
    ${table(
      'overdue',
      [
        c.seq,
        c.title,
        c.unit,
        c.plannedRaw,
        c.dueDate,
        c.overdueDays,
        c.bucket,
        c.delayReason,
        c.expectedDate,
      ],
      model.overdue.map(({ item, bucket }) => [
        num(item.seq),
        { v: titleWithPossible(item, t) },
        { v: item.unit ?? '' },
        { v: item.plannedRaw ?? '' },
        date(item.dueDate),
        num(item.overdueDays),
        { v: t.bucket[bucket] },
        { v: item.reason ?? '' },
        date(item.expectedDate ?? null),
      ]),
      t,
    )}
  </section>`;
}

function lateSection(model: ReportModel, t: ReportStrings): SafeHtml {
  const c = t.col;
  return html`<section id="late">
    <h2>${t.section.late}</h2>
    ${table(
      'late',
      [c.seq, c.title, c.unit, c.dueDate, c.publishedDate, c.lagDays, c.datasetId],
      model.late.map((i) => [
        num(i.seq),
        { v: i.title },
        { v: i.unit ?? '' },
        date(i.dueDate),
        date(i.publishedDate),
        num(i.lagDays),
        { v: itemDatasetsCell(i, t) },
      ]),
      t,
    )}
  </section>`;
}

function missingSection(model: ReportModel, t: ReportStrings): SafeHtml {
  const c = t.col;
  return html`<section id="missing">
    <h2>${t.section.missing}</h2>
    ${table(
      'missing',
      [c.seq, c.title, c.unit, c.datasetId, c.publishedDate, c.dueDate],
      model.missing.map((i) => [
        num(i.seq),
        { v: i.title },
        { v: i.unit ?? '' },
        { v: itemDatasetsCell(i, t) },
        date(i.publishedDate),
        date(i.dueDate),
      ]),
      t,
    )}
  </section>`;
}

function needsReviewSection(model: ReportModel, t: ReportStrings): SafeHtml {
  const c = t.col;
  return html`<section id="needs-review">
    <h2>${t.section.needsReview}</h2>
    ${table(
      'needs-review',
      [c.seq, c.title, c.unit, c.dueDate, c.candidates],
      model.needsReview.map(({ item, candidates }) => [
        num(item.seq),
        { v: item.title },
        { v: item.unit ?? '' },
        date(item.dueDate),
        {
          v:
            candidates.length === 0
              ? html`<span class="none">${t.noCandidates}</span>`
              : html`<ul class="candidates">
                  ${candidates.map(
                    (cand) =>
                      html`<li>
                        ${datasetCell(cand.datasetId, cand.title)}${cand.publisher ? html` (${cand.publisher})` : ''}${cand.score === null ? '' : html` · ${c.score} ${cand.score.toFixed(2)}`}
                      </li>`,
                  )}
                </ul>`,
        },
      ]),
      t,
    )}
  </section>`;
}

function changesSection(model: ReportModel, t: ReportStrings): SafeHtml {
  const c = t.col;
  return html`<section id="changes">
    <h2>${t.section.changes}</h2>
    ${model.previous === null ? html`<p class="note">${t.firstReportNote}</p>` : ''}
    <h3>${t.section.newSince} (${model.newSincePrevious.length})</h3>
    ${table(
      'new',
      [c.kind, c.planKey, c.datasetId, c.firstSeen, c.detail],
      model.newSincePrevious.map((d) => [
        { v: t.kind[d.kind] },
        { v: d.planKey ?? '' },
        { v: datasetCell(d.datasetId, null) },
        date(d.firstSeen),
        { v: d.detail },
      ]),
      t,
    )}
    <h3>${t.section.resolvedSince} (${model.resolvedSincePrevious.length})</h3>
    ${table(
      'resolved',
      [c.kind, c.planKey, c.datasetId, c.firstSeen, c.resolvedAt, c.detail],
      model.resolvedSincePrevious.map((d) => [
        { v: t.kind[d.kind] },
        { v: d.planKey ?? '' },
        { v: datasetCell(d.datasetId, null) },
        date(d.firstSeen),
        date(d.resolvedAt),
        { v: d.detail },
      ]),
      t,
    )}
  </section>`;
}

function commentsSection(model: ReportModel, t: ReportStrings): SafeHtml {
  const c = t.col;
  return html`<section id="comments">
    <h2>${t.section.comments}</h2>
    <p class="note">${t.commentsNote}</p>
    ${table(
      'comments',
      [c.datasetId, c.author, c.body, c.firstSeen, c.waitingDays],
      model.comments.map((m) => [
        { v: datasetCell(m.datasetId, m.datasetTitle) },
        { v: m.author ?? '' },
        { v: truncateText(m.body, 300), cls: 'body' },
        date(m.firstSeen),
        num(m.waitingDays),
      ]),
      t,
    )}
  </section>`;
}

function requestsSection(model: ReportModel, t: ReportStrings): SafeHtml {
  const c = t.col;
  return html`<section id="requests">
    <h2>${t.section.requests}</h2>
    ${table(
      'requests',
      [c.requestId, c.title, c.agency, c.requestStatus, c.submittedOn, c.waitingDays, c.planKey],
      model.requests.map((q) => [
        { v: q.requestId },
        { v: htmlToText(q.title) },
        { v: q.agency ?? '' },
        { v: q.status },
        date(q.submittedOn),
        num(q.waitingDays),
        { v: q.planKey ?? '' },
      ]),
      t,
    )}
  </section>`;
}

function itemsSection(model: ReportModel, t: ReportStrings): SafeHtml {
  const c = t.col;
  const row = (i: ReportItem): Cell[] => [
    num(i.seq),
    { v: i.title },
    { v: i.unit ?? '' },
    date(i.dueDate),
    { v: badge(i.status, t) },
    { v: itemDatasetsCell(i, t) },
    date(i.publishedDate),
    num(i.lagDays ?? i.overdueDays),
    {
      v: i.match
        ? `${t.match[i.match.method]}${i.match.score === null ? '' : ` ${i.match.score.toFixed(2)}`}`
        : '',
    },
  ];
  return html`<section id="items">
    <h2>${t.section.items}</h2>
    ${table(
      'items',
      [
        c.seq,
        c.title,
        c.unit,
        c.dueDate,
        c.status,
        c.datasetId,
        c.publishedDate,
        `${c.lagDays} / ${c.overdueDays}`,
        c.matchMethod,
      ],
      model.report.items.map(row),
      t,
    )}
  </section>`;
}
