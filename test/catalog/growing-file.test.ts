import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DownloadRestarted, GrowingFile } from '../../src/catalog/growing-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'odsync-growing-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (w: Writable, text: string) =>
  new Promise<void>((resolve, reject) => w.write(text, (err) => (err ? reject(err) : resolve())));
const end = (w: Writable) => new Promise<void>((resolve) => w.end(resolve));
/** Let the reader run until it waits for more. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Collect what a reader yields (copies: the reader reuses its buffer). */
function collect(file: GrowingFile): { text: () => string; done: Promise<void> } {
  const parts: string[] = [];
  const done = (async () => {
    for await (const chunk of file.read()) parts.push(chunk.toString('utf8'));
  })();
  done.catch(() => undefined);
  return { text: () => parts.join(''), done };
}

it('follows the file as it is written and ends only when the download is complete', async () => {
  const file = new GrowingFile(join(dir, 'export.csv'));
  const reader = collect(file); // before the download starts: waits for it
  const w = file.writer();
  await write(w, 'a,b\n');
  await settle();
  expect(reader.text()).toBe('a,b\n');
  await write(w, '1,2\n');
  await end(w);
  await settle();
  expect(reader.text()).toBe('a,b\n1,2\n');
  let ended = false;
  void reader.done.then(() => (ended = true));
  await settle();
  expect(ended).toBe(false); // written out, but not known complete (a length check may still fail)
  file.complete();
  await reader.done;
  expect(readFileSync(file.path, 'utf8')).toBe('a,b\n1,2\n');
});

it('a retry starts the file over: the reader stops with DownloadRestarted, a new one reads the new bytes', async () => {
  const file = new GrowingFile(join(dir, 'export.csv'));
  const first = collect(file);
  const w1 = file.writer();
  await write(w1, 'partial');
  await settle();
  w1.destroy();
  const w2 = file.writer();
  await expect(first.done).rejects.toBeInstanceOf(DownloadRestarted);
  const second = collect(file);
  await write(w2, 'whole\n');
  await end(w2);
  file.complete();
  await second.done;
  expect(second.text()).toBe('whole\n');
  expect(readFileSync(file.path, 'utf8')).toBe('whole\n');
});

it('fails with the download error once the download has failed for good', async () => {
  const file = new GrowingFile(join(dir, 'export.csv'));
  const reader = collect(file);
  const w = file.writer();
  await write(w, 'x');
  await settle();
  file.fail(new Error('HTTP 503 after 4 attempts'));
  await expect(reader.done).rejects.toThrow('HTTP 503 after 4 attempts');
  w.destroy();
  // Bytes on disk but not yet read when the download fails for good: not read.
  const late = new GrowingFile(join(dir, 'late.csv'));
  const w3 = late.writer();
  await write(w3, 'never parsed');
  late.fail(new Error('gave up'));
  const r3 = collect(late);
  await expect(r3.done).rejects.toThrow('gave up');
  expect(r3.text()).toBe('');
  w3.destroy();
  // Failed before any byte: the same.
  const never = new GrowingFile(join(dir, 'other.csv'));
  const r2 = collect(never);
  never.fail(new Error('refused'));
  await expect(r2.done).rejects.toThrow('refused');
});
