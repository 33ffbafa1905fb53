/**
 * Strict text decoding of untrusted files: a byte sequence that is not valid in the declared
 * encoding is an error located by line, never a silent U+FFFD.
 */
import iconv from 'iconv-lite';
import { FileInputError, type InputProblem } from '../errors.js';

export type TextEncodingName = 'utf-8' | 'big5';

const MAX_LISTED = 20;

/** A fatal decoder; falls back to iconv-lite (U+FFFD = invalid) on a Node built without full ICU. */
function strictDecoder(encoding: TextEncodingName): { decode(bytes: Uint8Array): string } {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return {
      decode(bytes) {
        const text = iconv.decode(Buffer.from(bytes), encoding);
        if (text.includes('\uFFFD')) throw new TypeError(`invalid ${encoding}`);
        return text;
      },
    };
  }
}

/** Decode `bytes` as `encoding` (a UTF-8 BOM is dropped). Throws FileInputError naming the bad lines. */
export function decodeStrict(bytes: Uint8Array, encoding: TextEncodingName, file: string): string {
  try {
    return strictDecoder(encoding).decode(bytes);
  } catch (err) {
    const problems: InputProblem[] = [];
    let total = 0;
    let line = 1;
    let start = 0;
    const decoder = strictDecoder(encoding);
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          decoder.decode(bytes.subarray(start, i));
        } catch {
          total++;
          if (problems.length < MAX_LISTED) {
            problems.push({ file, row: line, message: `bytes that are not valid ${encoding.toUpperCase()}` });
          }
        }
        line++;
        start = i + 1;
      }
    }
    if (total > MAX_LISTED) {
      problems.push({
        file,
        message: `… and ${total - MAX_LISTED} more lines with invalid ${encoding.toUpperCase()}`,
      });
    }
    const hint =
      encoding === 'utf-8' ? ' (a Big5 file? pass --encoding big5)' : ' (not Big5? pass --encoding utf-8)';
    if (problems.length === 0) problems.push({ file, message: `not valid ${encoding.toUpperCase()}` });
    const first = problems[0]!;
    problems[0] = { ...first, message: first.message + hint };
    throw new FileInputError(problems, { cause: err });
  }
}
