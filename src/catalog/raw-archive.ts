/**
 * Raw responses archived per run as Brotli files under `<dataDir>/archive/<runId>/` (`brotli -d`),
 * so any report can be recomputed from what the platform actually said that night.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliCompress, constants as zlib } from 'node:zlib';
import type { ArchiveItem } from './catalog-store.js';

const COMPRESS_CHUNK = 1 << 20;

export class RunArchive {
  readonly dir: string;
  private readonly items: ArchiveItem[] = [];

  constructor(dataDir: string, runId: number) {
    this.dir = join(dataDir, 'archive', String(runId));
    mkdirSync(this.dir, { recursive: true });
  }

  pathOf(name: string): string {
    return join(this.dir, name);
  }

  /**
   * A compressing writer into the archive: Brotli at quality 0, which on the platform's export
   * compresses as well as gzip -1 in half the time. Fed in 1 MB chunks: with the default 64 kB ones
   * the encoder works on smaller blocks, for more CPU and a larger file (docs/performance.md).
   */
  compressedWriter(name: string): Writable[] {
    return [
      createBrotliCompress({ chunkSize: COMPRESS_CHUNK, params: { [zlib.BROTLI_PARAM_QUALITY]: 0 } }),
      createWriteStream(this.pathOf(name)),
    ];
  }

  /** A writer of a file as received (compressed into the archive by `compress`). */
  fileWriter(name: string): Writable[] {
    return [createWriteStream(this.pathOf(name))];
  }

  /**
   * Compress a received file into `<name>.br` and register it. Runs in zlib's thread pool while
   * the main thread parses the same file; `discard` removes the original once both are done.
   */
  async compress(source: string, name: string): Promise<ArchiveItem> {
    const [brotli, file] = this.compressedWriter(`${name}.br`) as [Writable, Writable];
    await pipeline(createReadStream(this.pathOf(name), { highWaterMark: COMPRESS_CHUNK }), brotli, file);
    return this.register(source, `${name}.br`);
  }

  /** Remove a received file (its compressed copy stays). */
  async discard(name: string): Promise<void> {
    await rm(this.pathOf(name), { force: true });
  }

  /** Record a finished archive file (size and checksum of the stored bytes). */
  async register(source: string, name: string): Promise<ArchiveItem> {
    const path = this.pathOf(name);
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
    }
    const item = { source, path, bytes, sha256: hash.digest('hex') };
    this.items.push(item);
    return item;
  }

  /** Write JSON lines (detail and list responses) to one compressed file (`name` ends in `.br`). */
  async writeJsonLines(source: string, name: string, lines: readonly unknown[]): Promise<void> {
    if (lines.length === 0) return;
    const [brotli, file] = this.compressedWriter(name) as [Writable, Writable];
    await pipeline(
      Readable.from(
        (function* () {
          for (const l of lines) yield JSON.stringify(l) + '\n';
        })(),
      ),
      brotli,
      file,
    );
    await this.register(source, name);
  }

  get registered(): readonly ArchiveItem[] {
    return this.items;
  }
}
