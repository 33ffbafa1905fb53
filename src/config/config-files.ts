/** The files some variables name (synonyms, plan units, publishers), each read and checked with zod. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MOL_FAMILY, type Publisher } from './mol-family.js';

const synonymFileSchema = z.record(z.string().trim().min(1), z.string().trim().min(1).nullable());

/** The synonym override file: `{ "外勞": "外籍勞工", "移工": null }`. */
export function loadSynonymFile(path: string): Record<string, string | null> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  const result = synonymFileSchema.safeParse(json);
  if (!result.success) {
    throw new Error(
      `${path}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return result.data;
}

const planUnitsFileSchema = z.record(z.string().trim().min(1), z.string().trim().min(1));

/** The plan's unit → agency override file: `{ "統計處": "勞動部" }`. */
export function loadPlanUnitsFile(path: string): Record<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  const result = planUnitsFileSchema.safeParse(json);
  if (!result.success) {
    throw new Error(
      `${path}: ${result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
  return result.data;
}

const publisherFileSchema = z.array(
  z.object({
    name: z.string().min(1),
    aliases: z.array(z.string()).default([]),
    oid: z.string().nullable().default(null),
    agencyCode: z.string().nullable().default(null),
    agencyTid: z.number().int().nullable().default(null),
  }),
);

export function parsePublishers(value: string): readonly Publisher[] | null {
  const v = value.trim();
  if (v === '*') return null;
  if (v.endsWith('.json')) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(v, 'utf8'));
    } catch (err) {
      throw new Error(`cannot read ${v}: ${(err as Error).message}`, { cause: err });
    }
    const result = publisherFileSchema.safeParse(json);
    if (!result.success) {
      throw new Error(
        `${v}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    return result.data;
  }
  const names = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new Error('empty publisher list');
  return names.map(
    (name) =>
      MOL_FAMILY.find((p) => p.name === name || p.aliases.includes(name)) ?? {
        name,
        aliases: [],
        oid: null,
        agencyCode: null,
        agencyTid: null,
      },
  );
}
