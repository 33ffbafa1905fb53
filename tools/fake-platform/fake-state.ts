/**
 * Mutable in-memory state of the fake platform: datasets, a change log per report date (for the
 * changed export), and helpers tests use between "nights".
 */
import type { FakeComment, FakeDataset } from './fake-types.js';

export type ChangeStatus = '資料集上架' | '資料集修改' | '資料集下架';

export class FakePlatformState {
  readonly datasets = new Map<string, FakeDataset>();
  /** report date (YYYY-MM-DD, Taipei) → dataset id → last change status that day. */
  readonly changes = new Map<string, Map<string, ChangeStatus>>();
  /** The fake's "today" (Taipei date): mutations are logged under it. */
  today: string;

  constructor(datasets: readonly FakeDataset[], today: string) {
    for (const d of datasets) this.datasets.set(d.id, structuredClone(d));
    this.today = today;
  }

  listed(): FakeDataset[] {
    return [...this.datasets.values()].filter((d) => d.listed);
  }

  get(id: string): FakeDataset {
    const d = this.datasets.get(id);
    if (!d) throw new Error(`fake platform: no dataset ${id}`);
    return d;
  }

  private log(id: string, status: ChangeStatus, date = this.today): void {
    let day = this.changes.get(date);
    if (!day) this.changes.set(date, (day = new Map<string, ChangeStatus>()));
    day.set(id, status);
  }

  /** Publish a new dataset (logged as 資料集上架). */
  add(d: FakeDataset, date = this.today): void {
    if (this.datasets.has(d.id)) throw new Error(`fake platform: dataset ${d.id} exists`);
    this.datasets.set(d.id, { ...structuredClone(d), listed: true });
    this.log(d.id, '資料集上架', date);
  }

  /** Change metadata (logged as 資料集修改 unless only volatile counters change). */
  update(id: string, patch: Partial<FakeDataset>, date = this.today): void {
    const d = this.get(id);
    Object.assign(d, patch);
    const volatileOnly = Object.keys(patch).every(
      (k) => k === 'views' || k === 'downloads' || k === 'comments',
    );
    if (!volatileOnly) this.log(id, '資料集修改', date);
  }

  /** Delist (logged as 資料集下架). */
  delist(id: string, date = this.today): void {
    this.get(id).listed = false;
    this.get(id).delistedOn = date;
    this.log(id, '資料集下架', date);
  }

  relist(id: string, date = this.today): void {
    this.get(id).listed = true;
    this.log(id, '資料集上架', date);
  }

  addComment(id: string, c: FakeComment): void {
    this.get(id).comments.push(structuredClone(c));
  }

  addReply(id: string, cid: string, reply: { title: string; body: string }): void {
    const c = this.get(id).comments.find((x) => x.cid === cid);
    if (!c) throw new Error(`fake platform: dataset ${id} has no comment ${cid}`);
    c.reply.push(reply);
  }

  changesOn(date: string): Array<{ dataset: FakeDataset; status: ChangeStatus }> {
    const day = this.changes.get(date);
    if (!day) return [];
    return [...day].map(([id, status]) => ({ dataset: this.get(id), status }));
  }
}
