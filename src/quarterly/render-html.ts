/**
 * quarterly-<Q>.html: self-contained and printable (A4 stylesheet, a page break before each
 * section, table headers repeated on every page), the trend as inline SVG stacked bars. Every value
 * goes through the report's one escape (`html```).
 */
import { html, type ReportTable, type TableCell } from '../report/index.js';
import type { ChartSeries, QuarterlyDocument } from './quarterly-document.js';

type Markup = ReturnType<typeof html>;

/** Colour-blind-safe palette (Okabe–Ito), one colour per stacked series. */
const PALETTE = ['#009E73', '#E69F00', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#0072B2', '#999999'];

function cell(c: TableCell): Markup {
  if (c === null) return html`<td></td>`;
  if (c.kind === 'number') return html`<td class="num">${c.value}</td>`;
  return html`<td>${c.value}</td>`;
}

function renderTable(t: ReportTable): Markup {
  return html`<table data-table="${t.id}">
    <caption>
      ${t.name.replace(/^\d+\s*/, '')}
    </caption>
    <thead>
      <tr>
        ${t.headers.map((h) => html`<th scope="col">${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${t.rows.map(
        (r) =>
          html`<tr>
            ${r.map(cell)}
          </tr> `,
      )}
    </tbody>
  </table>`;
}

/** Stacked bars, one per category; the legend under the plot. */
export function stackedBars(chart: ChartSeries): Markup {
  const n = chart.categories.length;
  const totals = chart.categories.map((_, i) => chart.series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const left = 40;
  const top = 10;
  const plotH = 200;
  const barW = Math.max(6, Math.min(40, Math.floor(640 / Math.max(1, n)) - 4));
  const plotW = n * (barW + 4);
  const width = left + plotW + 10;
  const legendRows = Math.ceil(chart.series.length / 3);
  const height = top + plotH + 50 + legendRows * 18;
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const bars: Markup[] = [];
  chart.categories.forEach((cat, i) => {
    let acc = 0;
    const x = left + i * (barW + 4);
    chart.series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      if (v > 0) {
        const y0 = y(acc + v);
        const h = y(acc) - y0;
        bars.push(
          html`<rect
            class="bar"
            data-value="${v}"
            x="${x}"
            y="${y0.toFixed(1)}"
            width="${barW}"
            height="${h.toFixed(1)}"
            fill="${PALETTE[k % PALETTE.length]}"
            ><title>${cat} ${s.name}: ${v}</title></rect
          >`,
        );
      }
      acc += v;
    });
    // Label every quarter when few, else only each year's first quarter.
    if (n <= 12 || cat.endsWith('Q1') || i === 0 || i === n - 1)
      bars.push(
        html`<text
          x="${x + barW / 2}"
          y="${top + plotH + 14}"
          font-size="9"
          text-anchor="end"
          transform="rotate(-45 ${x + barW / 2} ${top + plotH + 14})"
          >${cat}</text
        >`,
      );
  });
  const legend = chart.series.map((s, k) => {
    const lx = left + (k % 3) * 220;
    const ly = top + plotH + 50 + Math.floor(k / 3) * 18;
    return html`<rect
        x="${lx}"
        y="${ly - 9}"
        width="10"
        height="10"
        fill="${PALETTE[k % PALETTE.length]}"
      /><text x="${lx + 14}" y="${ly}" font-size="11">${s.name}</text>`;
  });
  return html`<figure>
    <svg
      xmlns="http://www.w3.org/2000/svg"
      role="img"
      viewBox="0 0 ${Math.max(width, 700)} ${height}"
      width="100%"
      aria-label="${chart.title}"
    >
      <title>${chart.title}</title>
      <line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#333" />
      <line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#333" />
      <text x="${left - 4}" y="${top + 8}" font-size="10" text-anchor="end">${max}</text>
      <text x="${left - 4}" y="${top + plotH}" font-size="10" text-anchor="end">0</text>
      ${bars}${legend}
    </svg>
    <figcaption>${chart.title}</figcaption>
  </figure>`;
}

export function renderQuarterlyHtml(doc: QuarterlyDocument): string {
  const page = html`<!doctype html>
    <html lang="${doc.lang === 'en' ? 'en' : 'zh-Hant-TW'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${doc.title}</title>
        <style>
          body {
            font-family: 'Noto Sans TC', 'Microsoft JhengHei', 'PingFang TC', sans-serif;
            margin: 2rem auto;
            max-width: 60rem;
            color: #111;
            line-height: 1.6;
            padding: 0 1rem;
          }
          h1 {
            font-size: 1.6rem;
            margin-bottom: 0.2rem;
          }
          .subtitle {
            color: #444;
            margin-top: 0;
          }
          h2 {
            font-size: 1.25rem;
            border-bottom: 2px solid #0072b2;
            padding-bottom: 0.2rem;
            margin-top: 2.5rem;
          }
          p.scope {
            color: #444;
            font-size: 0.9rem;
          }
          table {
            border-collapse: collapse;
            width: 100%;
            margin: 0.8rem 0 1.2rem;
            font-size: 0.9rem;
          }
          caption {
            text-align: left;
            font-weight: bold;
            padding: 0.3rem 0;
          }
          th,
          td {
            border: 1px solid #999;
            padding: 0.25rem 0.45rem;
            vertical-align: top;
            text-align: left;
          }
          th {
            background: #e8eef5;
          }
          td.num {
            text-align: right;
            font-variant-numeric: tabular-nums;
          }
          figure {
            margin: 1rem 0;
          }
          figcaption {
            font-size: 0.85rem;
            color: #444;
          }
          @page {
            size: A4;
            margin: 18mm 15mm;
          }
          @media print {
            body {
              margin: 0;
              max-width: none;
              font-size: 10.5pt;
            }
            section {
              break-before: page;
            }
            section:first-of-type {
              break-before: auto;
            }
            thead {
              display: table-header-group;
            }
            tr,
            figure {
              break-inside: avoid;
            }
            h2 {
              break-after: avoid;
            }
          }
        </style>
      </head>
      <body>
        <header>
          <h1>${doc.title}</h1>
          <p class="subtitle">${doc.subtitle}</p>
        </header>
        ${doc.sections.map(
          (s) =>
            html`<section id="${s.id}">
              <h2>${s.heading}</h2>
              ${s.paragraphs.map((p) => html`<p>${p}</p>`)}
              <p class="scope">${s.scope}</p>
              ${s.charts.map(stackedBars)} ${s.tables.map(renderTable)}
            </section> `,
        )}
      </body>
    </html> `;
  return page.value;
}
