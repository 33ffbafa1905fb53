/**
 * One short sentence per discrepancy, from the reconciliation's structured detail.
 * Pure; unknown or missing fields degrade to a generic sentence, never throw.
 */
import type { DiscrepancyKind } from '../../schemas/report.js';
import type { ReportLang } from './strings.js';
import { boundText } from './two-dates-notes.js';

type Detail = Record<string, unknown>;

const str = (d: Detail, k: string): string | null => {
  const v = d[k];
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
};

export function describeDiscrepancy(
  kind: DiscrepancyKind,
  detail: Detail,
  lang: ReportLang = 'zh-TW',
): string {
  const en = lang === 'en';
  const title = str(detail, 'title') ?? str(detail, 'datasetTitle') ?? '';
  const seq = str(detail, 'seq');
  const item = seq ? (en ? `#${seq} ${title}` : `序號 ${seq} ${title}`) : title;
  switch (kind) {
    case 'overdue': {
      const days = str(detail, 'overdueDays');
      const due = str(detail, 'dueDate');
      return en
        ? `${item}: not published, due ${due ?? '?'}${days ? `, ${days} days overdue` : ''}`
        : `${item}：尚未上架，到期日 ${due ?? '?'}${days ? `，已逾期 ${days} 天` : ''}`;
    }
    case 'published_late': {
      const lag = str(detail, 'lagDays');
      const pub = str(detail, 'publishedDate');
      return en
        ? `${item}: published ${pub ?? '?'}${lag ? `, ${lag} days after the due date` : ''}`
        : `${item}：${pub ?? '?'} 上架${lag ? `，晚於到期日 ${lag} 天` : ''}`;
    }
    case 'missing': {
      const ds = str(detail, 'datasetTitle');
      const by = str(detail, 'delistedBy');
      const bound = by ? { lastSeen: str(detail, 'delistedAfter'), firstMissed: by } : null;
      const when = str(detail, 'delistedDate');
      const enState = bound ? boundText(bound, true) : `delisted${when ? ` on ${when}` : ''}`;
      const zhWhen = bound ? boundText(bound, false) : when;
      return en
        ? `${item}: dataset ${ds ?? ''} ${detail.vanished === true ? 'vanished from the platform' : enState}`
        : `${item}：資料集 ${ds ?? ''} ${detail.vanished === true ? '已自平臺消失' : `已下架${zhWhen ? `（${zhWhen}）` : ''}`}`;
    }
    case 'needs_review': {
      const n = Array.isArray(detail.candidates) ? detail.candidates.length : 0;
      return en
        ? `${item}: ${n} candidate dataset(s) need a decision`
        : `${item}：${n} 個候選資料集待人工確認`;
    }
    case 'unplanned': {
      const pub = str(detail, 'publisherName');
      return en
        ? `${title}${pub ? ` (${pub})` : ''}: published but in no plan`
        : `${title}${pub ? `（${pub}）` : ''}：已上架但未列入計畫`;
    }
    case 'stale': {
      const freq = str(detail, 'updateFrequency') ?? str(detail, 'frequency');
      const last = str(detail, 'lastUpdate') ?? str(detail, 'lastUpdated') ?? str(detail, 'modifiedDate');
      return en
        ? `${title}: not updated as declared${freq ? ` (${freq})` : ''}${last ? `, last update ${last}` : ''}`
        : `${title}：未依更新頻率更新${freq ? `（${freq}）` : ''}${last ? `，最後更新 ${last}` : ''}`;
    }
    case 'unanswered_feedback': {
      const days = str(detail, 'daysWaiting');
      return en
        ? `Comment ${str(detail, 'commentId') ?? ''} on ${title}: no reply${days ? ` for ${days} days` : ''}`
        : `${title} 的留言 ${str(detail, 'commentId') ?? ''} 未回覆${days ? ` ${days} 天` : ''}`;
    }
    case 'expected_date_passed': {
      const expected = str(detail, 'expectedDate');
      const reason = str(detail, 'reason');
      return en
        ? `${item}: still not published after the unit's expected date ${expected ?? '?'}${reason ? ` (reason given: ${reason})` : ''}`
        : `${item}：已過單位預計上架日期 ${expected ?? '?'} 仍未上架${reason ? `（延遲原因：${reason}）` : ''}`;
    }
    case 'delisting_scheduled': {
      const ds = str(detail, 'datasetTitle');
      const on = str(detail, 'scheduledOn');
      return en
        ? `${item}: dataset ${ds ?? ''} is scheduled for delisting${on ? ` on ${on}` : ''}`
        : `${item}：資料集 ${ds ?? ''} 預計下架${on ? `（${on}）` : ''}`;
    }
    case 'open_request': {
      const days = str(detail, 'daysWaiting');
      return en
        ? `Request ${str(detail, 'requestId') ?? ''} ${title}: no reply${days ? ` for ${days} days` : ''}`
        : `民眾提議 ${str(detail, 'requestId') ?? ''} ${title} 未回復${days ? ` ${days} 天` : ''}`;
    }
  }
}
