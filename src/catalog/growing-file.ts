/**
 * A file read while it is being downloaded: the full pass parses the export as it arrives instead
 * of after it (over the internet the 68 MB export takes many seconds; the parse and the database
 * work run meanwhile). The download stays as it was: written to disk as received, retried from the
 * start on a broken transfer. A reader learns of a retry (the file starts over) and stops with
 * DownloadRestarted; it ends only when the download is known complete (`complete()`), and fails
 * with the download's error when it failed for good (`fail()`).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

/** The download started over (a retry): what was read so far is void. */
export class DownloadRestarted extends Error {
  constructor(readonly path: string) {
    super(`download of ${path} started over`);
    this.name = 'DownloadRestarted';
  }
}

/** Reads of 128 kB: the size the export parser's chunks are tuned to (see parseExportFileBatches). */
const READ_SIZE = 1 << 17;

export class GrowingFile {
  /** Download attempts so far (each truncates the file). */
  private attempts = 0;
  /** The attempt whose file is open (created or truncated) for writing. */
  private opened = 0;
  /** Bytes of the current attempt on disk. */
  private written = 0;
  private outcome: { ok: true } | { ok: false; error: Error } | null = null;
  private waiters: Array<() => void> = [];

  constructor(readonly path: string) {}

  /** A writer for one download attempt: the file starts over. */
  writer(): Writable {
    this.attempts++;
    this.written = 0;
    this.notify();
    const attempt = this.attempts;
    let handle: FileHandle | null = null;
    return new Writable({
      construct: (cb) => {
        open(this.path, 'w').then(
          (h) => {
            handle = h;
            if (attempt === this.attempts) {
              this.opened = attempt;
              this.notify();
            }
            cb();
          },
          (err: Error) => cb(err),
        );
      },
      write: (chunk: Buffer, _enc, cb) => {
        writeAll(handle!, chunk).then(() => {
          if (attempt === this.attempts) {
            this.written += chunk.length;
            this.notify();
          }
          cb();
        }, cb);
      },
      final: (cb) => {
        handle!.close().then(() => cb(), cb);
        handle = null;
      },
      destroy: (err, cb) => {
        if (!handle) return cb(err);
        handle.close().then(
          () => cb(err),
          () => cb(err),
        );
        handle = null;
      },
    });
  }

  /** The download finished and checked out: readers end at the end of the file. */
  complete(): void {
    this.outcome = { ok: true };
    this.notify();
  }

  /** The download failed for good: readers fail with its error. */
  fail(error: Error): void {
    this.outcome = { ok: false, error };
    this.notify();
  }

  /**
   * The bytes of the current attempt, as they land; waits for its file. The buffer is
   * reused: each chunk must be consumed before the next is asked for (the export parser decodes
   * it at once). Throws DownloadRestarted when a retry starts the file over.
   */
  async *read(): AsyncGenerator<Buffer> {
    while ((this.attempts === 0 || this.opened !== this.attempts) && !this.outcome) await this.change();
    if (this.outcome && !this.outcome.ok) throw this.outcome.error;
    const attempt = this.attempts;
    const handle = await open(this.path, 'r');
    try {
      const buf = Buffer.allocUnsafe(READ_SIZE);
      let pos = 0;
      for (;;) {
        if (this.attempts !== attempt) throw new DownloadRestarted(this.path);
        const outcome = this.outcome as GrowingFile['outcome'];
        if (outcome && !outcome.ok) throw outcome.error; // the rest of a failed download is void
        if (pos < this.written) {
          const { bytesRead } = await handle.read(buf, 0, Math.min(READ_SIZE, this.written - pos), pos);
          if (this.attempts !== attempt) throw new DownloadRestarted(this.path);
          pos += bytesRead;
          yield buf.subarray(0, bytesRead);
          continue;
        }
        if (outcome?.ok) return;
        await this.change();
      }
    } finally {
      await handle.close();
    }
  }

  private change(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** Write all of `chunk` (a write may take only part of it). */
async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
  let done = 0;
  while (done < chunk.length) done += (await handle.write(chunk, done)).bytesWritten;
}
