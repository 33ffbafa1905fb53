/**
 * Column names of citizen-request sources mapped by name (never by position) to odsync's fields.
 * Covers today's /suggests list and detail labels (docs/platform-api.md), the 2019 crawl's names and the
 * English keys a JSON export or agency feed may use. Matching uses `nameKey` (NFKC, 臺→台, no
 * spaces or punctuation, lower-case).
 */
import { nameKey } from '../text/index.js';

export type RequestField =
  | 'requestId'
  | 'title'
  | 'datasetName'
  | 'wantedFields'
  | 'reason'
  | 'agencies'
  | 'suggestedAgencies'
  | 'status'
  | 'dispatchStatus'
  | 'postedAt'
  | 'repliedAt'
  | 'viewCount'
  | 'requester'
  | 'requesterType'
  | 'industry'
  | 'replies';

export const REQUEST_COLUMN_ALIASES: Readonly<Record<RequestField, readonly string[]>> = {
  requestId: ['ID', '編號', '建議編號', 'id', 'sid', 'suggestId', 'suggest_id'],
  title: ['開放建議標題', '建議之標題', '建議標題', '標題', 'title', 'suggestTitle'],
  datasetName: ['建議資料集名稱', '資料集名稱', 'datasetName', 'dataset_name'],
  wantedFields: ['建議開放的欄位', '建議開放欄位', 'fields', 'suggestFields'],
  reason: ['建議原因', 'reason'],
  agencies: ['實際派發機關', '派發機關', 'agency', 'agencies', 'dispatchAgency', 'agency_name'],
  suggestedAgencies: ['建議派發機關', 'suggestedAgency'],
  status: ['回復狀態', 'replyStatus', 'reply_status', 'status'],
  dispatchStatus: ['分派狀態', 'dispatchStatus', 'dispatch_status'],
  postedAt: ['發表日期', '建議日期', '發表時間', 'publishDateTime', 'created', 'postedAt'],
  repliedAt: ['回復時間', '回復日期', 'replyDateTime', 'repliedAt'],
  viewCount: ['瀏覽次數', 'viewCount', 'views', 'view_times'],
  requester: ['建議者', 'requester', 'author'],
  requesterType: ['身份別', '身分別', 'identity', 'requesterType'],
  industry: ['產業領域', 'industry'],
  replies: ['回應', '回復', '回復內容', 'reply', 'replies'],
};

const BY_KEY: ReadonlyMap<string, RequestField> = new Map(
  (Object.entries(REQUEST_COLUMN_ALIASES) as [RequestField, readonly string[]][]).flatMap(([field, names]) =>
    names.map((n) => [nameKey(n), field] as const),
  ),
);

/** The field a column name denotes, or undefined for an unknown column. */
export function requestFieldFor(columnName: string): RequestField | undefined {
  return BY_KEY.get(nameKey(columnName));
}

/** The exact header of the g0v 2019 crawl (`all_contents_*.csv`). */
export const CRAWL_HEADER = [
  'ID',
  '建議之標題',
  '建議資料集名稱',
  '建議開放的欄位',
  '建議原因',
  '派發機關',
  '回復狀態',
  '分派狀態',
  '回復時間',
  '回應',
] as const;

/** Split a multi-agency cell (`勞動部、內政部`, `勞動部;內政部`, …) into names. */
export function splitAgencies(cell: string): string[] {
  return cell
    .split(/[、,;，；\n|]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
