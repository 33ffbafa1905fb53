/** Data model of the fake data.gov.tw: one record per dataset with everything every route serves. */
export interface FakeComment {
  cid: string;
  title: string;
  body: string;
  reply: Array<{ title: string; body: string }>;
}

export interface FakeDataset {
  id: string;
  title: string;
  provisionType: string;
  category: string;
  quality: string;
  formats: string[];
  urls: string[];
  encodings: string[];
  uploadMethod: string;
  description: string;
  /** 主要欄位說明, raw cell text. */
  fields: string;
  /** 提供機關 as shown in the export. */
  publisher: string;
  updateFrequency: string;
  license: string;
  relatedUrl: string;
  cost: string;
  contactName: string;
  contactPhone: string;
  /** Naive Asia/Taipei `YYYY-MM-DD HH:mm:ss`. */
  publishedAt: string;
  modifiedAt: string;
  notes: string;
  /** 資料量 per resource (may be shorter than formats: arity mismatch). */
  amounts: string[];
  /** v2 detail only. */
  publisherOid: string | null;
  identifier: string | null;
  agencyTid: number | null;
  views: number;
  downloads: number;
  comments: FakeComment[];
  listed: boolean;
  /** The platform's delisting date (`YYYY-MM-DD`), served by the delisted-history list. */
  delistedOn?: string;
}

export interface FakeAgency {
  name: string;
  oid: string;
  code: string;
  tid: number;
  mol: boolean;
}
