/**
 * report.md: a short summary for a ticket or the quarterly minutes (figures, the worst overdue
 * items, what needs a decision, what changed). Untrusted text is made inert for Markdown: no
 * raw HTML, no link or emphasis syntax, no table breaks.
 */
import { PLAN_ITEM_STATUSES } from '../../schemas/report.js';
import { truncateText } from '../text/index.js';
import { discrepancyGroups, type ReportModel } from './report-model.js';
import { reportStrings, type ReportLang } from './strings.js';

/**
 * Markdown-inert single-line text: escapes what could make emphasis, code, links, tables or raw
 * HTML mid-line (odsync never starts a line with untrusted text, so line-start syntax such as
 * `#`, `-` or `1.` cannot trigger).
 */
export function mdText(value: string): string {
  return (
    value
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
      // Entities rather than backslashes for markup characters: safe in every Markdown flavour.
      .replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'))
  );
}

const TOP = 10;

export function renderMd(model: ReportModel, options: { lang?: ReportLang } = {}): string {
  const t = reportStrings(options.lang ?? 'zh-TW');
  const r = model.report;
  const out: string[] = [];
  out.push(`# ${t.title} ${r.asOf}`);
  out.push('');
  const plans = r.scope.plans.length
    ? r.scope.plans.map((p) => mdText(t.scope.planVersion(p.label, p.versionId, p.items))).join('、')
    : t.scope.noPlans;
  out.push(
    `${t.scope.asOf} ${r.asOf} · ${t.scope.plans} ${plans} · ${t.scope.platformDatasets} ${r.scope.platformDatasets} · ` +
      `${t.scope.reportRun} ${mdText(r.runId)}` +
      (model.reconcileRunId ? ` · ${t.scope.reconcileRun} ${mdText(model.reconcileRunId)}` : ''),
  );
  for (const n of model.notes) out.push('', `> ${mdText(n)}`);
  out.push('');
  out.push(`| ${t.col.status} | ${t.planItems} |`, '|---|---:|');
  for (const s of PLAN_ITEM_STATUSES) out.push(`| ${t.status[s]} | ${r.summary.byStatus[s]} |`);
  out.push(`| **${t.col.total}** | **${r.summary.planItems}** |`);
  out.push('');
  const groups = discrepancyGroups(r.discrepancies);
  out.push(`- ${t.group.plan}（${t.group.planHint}）: ${groups.plan}`);
  out.push(`- ${t.group.upkeep}（${t.group.upkeepHint}）: ${groups.upkeep}`);
  out.push('');

  out.push(`## ${t.section.overdue}`, '');
  if (model.overdue.length === 0) out.push(t.none);
  // The worst ones, and every other one a unit explained (the reason is what readers ask first).
  const shown = model.overdue.filter(
    ({ item }, i) => i < TOP || item.reason != null || item.expectedDate != null,
  );
  for (const { item } of shown)
    out.push(
      `- ${item.seq}. ${mdText(item.title)}（${mdText(item.unit ?? '—')}）${t.col.dueDate} ${item.dueDate ?? '—'}，${t.col.overdueDays} ${item.overdueDays ?? '—'}` +
        (item.reason ? `，${t.col.delayReason}：${mdText(item.reason)}` : '') +
        (item.expectedDate ? `，${t.col.expectedDate} ${item.expectedDate}` : ''),
    );
  if (model.overdue.length > shown.length) out.push(`- ${t.moreItems(model.overdue.length - shown.length)}`);
  out.push('');

  const line = (label: string, n: number) => `- ${label}: ${n}`;
  out.push(`## ${t.section.changes}`, '');
  out.push(line(t.section.newSince, model.newSincePrevious.length));
  out.push(line(t.section.resolvedSince, model.resolvedSincePrevious.length));
  out.push(line(t.section.needsReview, model.needsReview.length));
  out.push(line(t.section.missing, model.missing.length));
  out.push(line(t.section.comments, model.comments.length));
  out.push(line(t.section.requests, model.requests.length));
  if (model.needsReview.length) {
    out.push('', `### ${t.section.needsReview}`, '');
    for (const { item, candidates } of model.needsReview.slice(0, TOP)) {
      const best = candidates[0];
      out.push(
        `- ${item.seq}. ${mdText(item.title)}` +
          (best
            ? ` → ${mdText(best.datasetId)} ${mdText(truncateText(best.title, 60))}${best.score === null ? '' : ` (${best.score.toFixed(2)})`}`
            : ` → ${t.noCandidates}`),
      );
    }
  }
  out.push('');
  return out.join('\n');
}
