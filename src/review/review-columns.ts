/**
 * The review workbook's layout: sheet names and the header of sheet 計畫項目, in order. The first
 * nine columns are odsync's (locked, shaded); the rest are the unit's to fill. Import finds columns
 * by these header names, in any order.
 */

export const ITEMS_SHEET = '計畫項目';
export const HELP_SHEET = '說明';

export const REVIEW_COLUMNS = [
  { key: 'planKey', header: '計畫項目鍵', editable: false, width: 12 },
  { key: 'seq', header: '序號', editable: false, width: 6 },
  { key: 'title', header: '資料集名稱', editable: false, width: 36 },
  { key: 'unit', header: '管理單位', editable: false, width: 14 },
  { key: 'dueDate', header: '到期日', editable: false, width: 12 },
  { key: 'status', header: '狀態', editable: false, width: 12 },
  { key: 'datasetId', header: '資料集識別碼', editable: false, width: 12 },
  { key: 'datasetTitle', header: '平臺資料集名稱', editable: false, width: 36 },
  { key: 'candidates', header: '候選資料集', editable: false, width: 48 },
  { key: 'confirm', header: '確認資料集識別碼', editable: true, width: 16 },
  { key: 'reject', header: '否決資料集識別碼', editable: true, width: 16 },
  { key: 'reason', header: '延遲原因', editable: true, width: 36 },
  { key: 'expectedDate', header: '預計上架日期', editable: true, width: 14 },
  { key: 'remark', header: '備註', editable: true, width: 24 },
  { key: 'reviewer', header: '填表人', editable: true, width: 12 },
] as const;

export type ReviewColumnKey = (typeof REVIEW_COLUMNS)[number]['key'];

export const COLUMN_INDEX: Record<ReviewColumnKey, number> = Object.fromEntries(
  REVIEW_COLUMNS.map((c, i) => [c.key, i]),
) as Record<ReviewColumnKey, number>;

/** What each column means, for sheet 說明 (Traditional Chinese, for the units). */
export const COLUMN_HELP: Record<ReviewColumnKey, string> = {
  planKey: '計畫項目的唯一代碼（odsync 用來對應，請勿修改）。',
  seq: '計畫中的序號。',
  title: '計畫中承諾開放的資料集名稱。',
  unit: '負責此項目的管理單位。',
  dueDate: '依計畫「預計開放年月」推算的到期日（該月最後一天）。',
  status: '基準日的比對狀態：如期上架、逾期上架、逾期未上架、尚未到期、已下架或消失、待人工確認。',
  datasetId: '目前對應到的平臺資料集識別碼（data.gov.tw/dataset/後面的數字）。',
  datasetTitle: '目前對應到的平臺資料集名稱。',
  candidates:
    '比對程式找到的候選資料集（識別碼、名稱、相似分數）；標示「可能相符」者分數低於門檻，請特別留意是否其實就是該資料集。',
  confirm:
    '若某個平臺資料集就是此計畫項目，請填（或從下拉選單選）其識別碼；候選以外的識別碼也可以直接輸入。每列只能填一個。',
  reject:
    '若候選資料集不是此計畫項目，請填其識別碼，比對程式日後不會再提出這一組；多個請以「、」或逗號分隔。同一列不可同時填確認與否決。',
  reason: '尚未上架（或延遲上架）的原因，請以文字說明。',
  expectedDate: '預計上架的日期（例如 2026-07-01，或民國 115/7/1）；逾此日期仍未上架，報告會再次提醒。',
  remark: '其他補充說明。',
  reviewer: '填表人姓名；確認與否決會記錄為此人的決定。',
};

/** Header cells trimmed and with full-width spaces removed, for a tolerant match. */
export function headerKey(text: string): string {
  return text.replace(/[\s\u3000]+/g, '');
}
