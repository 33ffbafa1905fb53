/**
 * What a new version of a plan changes, item by item. Items are identified by label and 序號
 * (`plan_key` = `${label}#${seq}`). Text is compared after normalisation (NFKC, whitespace), so
 * re-typing the same title with other spacing is not a rename. Pure.
 */
import { normalizeText } from '../text/index.js';
import type { PlanItemInput } from './build-plan.js';

export type PlanChangeKind =
  'added' | 'removed' | 'renamed' | 'due_moved' | 'description_changed' | 'unit_changed';

export interface CurrentPlanItem {
  planKey: string;
  seq: number;
  title: string;
  description: string;
  unit: string;
  plannedRaw: string;
  dueDate: string;
  removed: boolean;
}

export interface PlanChangeRecord {
  planKey: string;
  seq: number;
  kind: PlanChangeKind;
  oldValue: string | null;
  newValue: string | null;
}

export interface PlanChangeCounts {
  added: number;
  removed: number;
  renamed: number;
  dueMoved: number;
  descriptionChanged: number;
  unitChanged: number;
}

export const planKey = (label: string, seq: number): string => `${label}#${seq}`;

const differs = (a: string, b: string) => normalizeText(a) !== normalizeText(b);

export function diffPlan(
  label: string,
  current: readonly CurrentPlanItem[],
  next: readonly PlanItemInput[],
): PlanChangeRecord[] {
  const byKey = new Map(current.map((c) => [c.planKey, c]));
  const nextKeys = new Set<string>();
  const changes: PlanChangeRecord[] = [];
  for (const item of next) {
    const key = planKey(label, item.seq);
    nextKeys.add(key);
    const before = byKey.get(key);
    const change = (kind: PlanChangeKind, oldValue: string | null, newValue: string | null) =>
      changes.push({ planKey: key, seq: item.seq, kind, oldValue, newValue });
    if (!before || before.removed) {
      change('added', null, item.title);
      continue;
    }
    if (differs(before.title, item.title)) change('renamed', before.title, item.title);
    if (before.dueDate !== item.dueDate) change('due_moved', before.plannedRaw, item.plannedRaw);
    if (differs(before.description, item.description)) {
      change('description_changed', before.description, item.description);
    }
    if (differs(before.unit, item.unit)) change('unit_changed', before.unit, item.unit);
  }
  for (const c of current) {
    if (!c.removed && !nextKeys.has(c.planKey)) {
      changes.push({ planKey: c.planKey, seq: c.seq, kind: 'removed', oldValue: c.title, newValue: null });
    }
  }
  return changes.sort((a, b) => a.seq - b.seq);
}

export function countChanges(changes: readonly PlanChangeRecord[]): PlanChangeCounts {
  const counts: PlanChangeCounts = {
    added: 0,
    removed: 0,
    renamed: 0,
    dueMoved: 0,
    descriptionChanged: 0,
    unitChanged: 0,
  };
  const field: Record<PlanChangeKind, keyof PlanChangeCounts> = {
    added: 'added',
    removed: 'removed',
    renamed: 'renamed',
    due_moved: 'dueMoved',
    description_changed: 'descriptionChanged',
    unit_changed: 'unitChanged',
  };
  for (const c of changes) counts[field[c.kind]] += 1;
  return counts;
}
