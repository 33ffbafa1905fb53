/**
 * One entry for every plan file format: pick the format (explicit, else file extension, else
 * content) and read the bytes into a RawTable.
 */
import { extname } from 'node:path';
import { FileInputError, InputError } from '../errors.js';
import { decodeText, readDelimited, sniffDelimiter, type PlanEncoding } from './read-delimited.js';
import { looksLikeMinutes, readMinutes } from './read-minutes.js';
import { OdsFormatError, readOds } from './read-ods.js';
import { readXlsx } from './read-xlsx.js';
import type { PlanFormat, RawTable } from './raw-table.js';

export interface ReadPlanOptions {
  format?: PlanFormat;
  encoding?: PlanEncoding;
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Decide the format from the extension, then the content. */
export function detectFormat(fileName: string, bytes: Uint8Array, encoding?: PlanEncoding): PlanFormat {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.xls') {
    throw new InputError(`${fileName}: 不支援舊版 Excel (.xls) 格式，請另存為 .xlsx、.ods 或 .csv`);
  }
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.ods') return 'ods';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.csv') return 'csv';
  if (isZip(bytes)) {
    const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
    return head.includes('application/vnd.oasis.opendocument.spreadsheet') ? 'ods' : 'xlsx';
  }
  const { text } = decodeText(bytes, encoding);
  if (looksLikeMinutes(text)) return 'minutes';
  return sniffDelimiter(text);
}

/** Read a plan file's bytes. Broken spreadsheets are a FileInputError naming the file. */
export async function readPlanFile(
  fileName: string,
  bytes: Uint8Array,
  options: ReadPlanOptions = {},
): Promise<RawTable> {
  const format = options.format ?? detectFormat(fileName, bytes, options.encoding);
  try {
    switch (format) {
      case 'xlsx':
        return await readXlsx(bytes);
      case 'ods':
        return readOds(bytes);
      case 'tsv':
      case 'csv':
      case 'minutes': {
        const { text, encoding } = decodeText(bytes, options.encoding);
        return format === 'minutes' ? readMinutes(text, encoding) : readDelimited(text, format, encoding);
      }
    }
  } catch (err) {
    if (err instanceof InputError || err instanceof FileInputError) throw err;
    if (err instanceof OdsFormatError || format === 'xlsx' || format === 'tsv' || format === 'csv') {
      throw new FileInputError(
        [{ file: fileName, message: `無法讀取 ${format.toUpperCase()} 檔案：${(err as Error).message}` }],
        { cause: err },
      );
    }
    throw err;
  }
}
