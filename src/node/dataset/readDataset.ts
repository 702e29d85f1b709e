import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CsvReader } from '../../core/dataset/csv';
import { recordText, type ChatMessage } from '../../core/dataset/recordText';
import { FileRefused, regularFile, shownPath } from '../files';
import type { Batch, Skipped } from './countBatch';

export type DatasetFormat = 'jsonl' | 'csv' | 'tsv' | 'text' | 'parquet';

export interface ReadOptions {
  /** The record's field (a dot path; for CSV/TSV a column name; for Parquet a column, then a path inside it). */
  field?: string[];
  /** Plain text: a record per line instead of per file. */
  lines?: boolean;
  /** Bytes of whole lines per batch. */
  batchBytes?: number;
  /** Checked between batches: stops reading (Ctrl-C, Cancel). */
  stopped?: () => boolean;
  /** Bytes read so far, for progress. */
  onBytes?: (bytes: number) => void;
}

/** A line longer than this is skipped, and reported: one 5 GB line must not be held in memory. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
const BATCH_BYTES = 1024 * 1024;
/** Records per Parquet or CSV batch. */
const BATCH_RECORDS = 2000;

/** The format a file's name says: .jsonl/.ndjson (also .gz), .csv, .tsv, .parquet, else text. */
export function datasetFormat(path: string): { format: DatasetFormat; gzip: boolean } {
  const lower = path.toLowerCase();
  const gzip = lower.endsWith('.gz');
  const name = gzip ? lower.slice(0, -3) : lower;
  const format: DatasetFormat = /\.(jsonl|ndjson|json)$/.test(name) ? 'jsonl' : name.endsWith('.csv') ? 'csv' : name.endsWith('.tsv') ? 'tsv' : name.endsWith('.parquet') ? 'parquet' : 'text';
  return { format, gzip };
}

/** Size of a dataset file (regularFile's checks; a directory gets a hint what to give instead). */
export async function datasetSize(path: string): Promise<number> {
  try {
    return (await regularFile(path)).size;
  } catch (e) {
    if (e instanceof FileRefused && e.reason === 'directory') throw new FileRefused(`${shownPath(path)} is a directory; give the dataset's files (e.g. data/*.jsonl).`, 'directory');
    throw e;
  }
}

function byteStream(path: string, gzip: boolean, onBytes?: (n: number) => void): AsyncIterable<Buffer> {
  const raw = createReadStream(path, { highWaterMark: 1024 * 1024 });
  let read = 0;
  raw.on('data', (chunk) => onBytes?.((read += chunk.length)));
  if (!gzip) return raw;
  const gunzip = createGunzip();
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

function newlines(buffer: Uint8Array): number {
  let n = 0;
  for (let at = buffer.indexOf(10); at >= 0; at = buffer.indexOf(10, at + 1)) n++;
  return n;
}

/**
 * Whole lines in batches of about `batchBytes`, as bytes (the counting thread decodes and parses
 * them); a line over MAX_LINE_BYTES is dropped as it streams and reported with its number.
 */
async function* lineBatches(path: string, gzip: boolean, kind: 'jsonl' | 'lines', options: ReadOptions): AsyncGenerator<Batch> {
  const batchBytes = options.batchBytes ?? BATCH_BYTES;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 1;
  let oversize = false;
  let skipped: Skipped[] = [];
  let parts: Buffer[] = [];
  let partsBytes = 0;
  let firstLine = 1;
  const make = (bytes: Uint8Array): Batch => {
    const batch: Batch = kind === 'jsonl' ? { kind, bytes, firstLine, ...(options.field ? { field: options.field } : {}) } : { kind, bytes, firstLine };
    if (skipped.length) batch.skipped = skipped;
    return batch;
  };
  const flush = function* (): Generator<Batch> {
    if (!partsBytes && !skipped.length) return;
    const batch = make(Buffer.concat(parts, partsBytes));
    parts = [];
    partsBytes = 0;
    skipped = [];
    yield batch;
  };
  try {
    for await (const chunk of byteStream(path, gzip, options.onBytes)) {
      if (options.stopped?.()) return;
      let at = 0;
      // The end of a line that is being dropped.
      if (oversize) {
        const nl = chunk.indexOf(10);
        if (nl < 0) continue;
        oversize = false;
        line++;
        at = nl + 1;
        if (!partsBytes) firstLine = line;
      }
      const last = chunk.lastIndexOf(10);
      if (last < at) {
        pending.push(at ? chunk.subarray(at) : chunk);
        pendingBytes += chunk.length - at;
        if (pendingBytes > MAX_LINE_BYTES) {
          skipped.push({ line, reason: `line over ${MAX_LINE_BYTES / 1048576} MiB (not read)` });
          pending = [];
          pendingBytes = 0;
          oversize = true;
        }
        continue;
      }
      if (!partsBytes) firstLine = line;
      const whole = Buffer.concat([...pending, chunk.subarray(at, last + 1)]);
      pending = [chunk.subarray(last + 1)];
      pendingBytes = chunk.length - last - 1;
      parts.push(whole);
      partsBytes += whole.length;
      line += newlines(whole);
      if (partsBytes >= batchBytes) yield* flush();
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'Z_DATA_ERROR' || /incorrect header check|unexpected end of file/.test(String(e))) throw new FileRefused(`${shownPath(path)} is not a whole gzip file (${(e as Error).message}).`, 'unreadable');
    throw e;
  }
  if (!oversize && pendingBytes) {
    if (!partsBytes) firstLine = line;
    const tail = Buffer.concat(pending);
    parts.push(tail);
    partsBytes += tail.length;
  }
  yield* flush();
}

/** CSV/TSV rows: the header names the columns; `field` (default "text") picks one. */
async function* csvBatches(path: string, gzip: boolean, separator: string, options: ReadOptions): AsyncGenerator<Batch> {
  const reader = new CsvReader(separator, MAX_LINE_BYTES);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const column = options.field?.join('.') ?? 'text';
  let index: number | undefined;
  let texts: string[][] = [];
  let lines: number[] = [];
  let skipped: Skipped[] = [];
  let offset = 0;
  const take = (rows: ReturnType<CsvReader['push']>) => {
    for (const row of rows) {
      if (row.error) {
        skipped.push({ line: row.line, reason: row.error });
        continue;
      }
      if (index === undefined) {
        index = row.fields.indexOf(column);
        if (index < 0) throw new FileRefused(`${shownPath(path)} has no column "${column}" (columns: ${row.fields.slice(0, 20).join(', ')}); name one with --field.`, 'unreadable');
        continue;
      }
      if (index >= row.fields.length) skipped.push({ line: row.line, reason: `${row.fields.length} columns, no "${column}"` });
      else {
        texts.push([row.fields[index]]);
        lines.push(row.line);
      }
    }
  };
  const batch = (): Batch => {
    const b: Batch = { kind: 'texts', texts, lines };
    if (skipped.length) b.skipped = skipped;
    texts = [];
    lines = [];
    skipped = [];
    return b;
  };
  for await (const chunk of byteStream(path, gzip, options.onBytes)) {
    if (options.stopped?.()) return;
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new FileRefused(`${shownPath(path)} is not UTF-8 (near byte ${offset.toLocaleString('en-US')}).`, 'unreadable');
    }
    offset += chunk.length;
    take(reader.push(text));
    if (texts.length >= BATCH_RECORDS) yield batch();
  }
  take(reader.end());
  if (index === undefined) throw new FileRefused(`${shownPath(path)} is empty: no header row.`, 'unreadable');
  yield batch();
}

/** Parquet: row group by row group, one column (the field's first segment; default text, messages or conversations). */
async function* parquetBatches(path: string, size: number, options: ReadOptions): AsyncGenerator<Batch> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const file = await asyncBufferFromFile(path);
  let metadata;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new FileRefused(`${shownPath(path)} cannot be read as Parquet: ${(e as Error).message}.`, 'unreadable');
  }
  const columns = metadata.schema.slice(1).map((s) => s.name);
  const top = options.field?.[0] ?? ['text', 'messages', 'conversations'].find((c) => columns.includes(c));
  if (!top || !columns.includes(top)) throw new FileRefused(`${shownPath(path)} has no column "${top ?? 'text'}" (columns: ${columns.slice(0, 20).join(', ')}); name one with --field.`, 'unreadable');
  let row = 0;
  let read = 0;
  for (const group of metadata.row_groups) {
    if (options.stopped?.()) return;
    const rows = Number(group.num_rows);
    for (let start = 0; start < rows; start += BATCH_RECORDS) {
      const end = Math.min(rows, start + BATCH_RECORDS);
      let objects: Record<string, unknown>[];
      try {
        objects = (await parquetReadObjects({ file, metadata, columns: [top], rowStart: row + start, rowEnd: row + end, compressors })) as Record<string, unknown>[];
      } catch (e) {
        throw new FileRefused(`${shownPath(path)} cannot be read as Parquet (rows ${row + start + 1}–${row + end}): ${(e as Error).message}.`, 'unreadable');
      }
      const texts: string[][] = [];
      const messages: (ChatMessage[] | undefined)[] = [];
      const lines: number[] = [];
      const skipped: Skipped[] = [];
      objects.forEach((o, i) => {
        const r = recordText(o, options.field ?? (top === 'text' ? undefined : [top]));
        if ('skip' in r) skipped.push({ line: row + start + i + 1, reason: r.skip });
        else {
          texts.push(r.texts);
          messages.push(r.messages);
          lines.push(row + start + i + 1);
        }
      });
      const batch: Batch = { kind: 'texts', texts, lines, ...(messages.some(Boolean) ? { messages } : {}) };
      if (skipped.length) batch.skipped = skipped;
      yield batch;
      if (options.stopped?.()) return;
    }
    row += rows;
    read += Number(group.total_compressed_size ?? 0);
    options.onBytes?.(Math.min(size, read));
  }
}

/**
 * A dataset file as batches to count. JSONL (.jsonl/.ndjson/.json, gzip too), CSV/TSV (a column),
 * Parquet (a column, row group by row group), plain text (the file, or each line with `lines`).
 * What cannot be read at all is a FileRefused with a sentence; a bad record is skipped and reported.
 */
export async function* readDataset(path: string, options: ReadOptions = {}): AsyncGenerator<Batch> {
  const size = await datasetSize(path);
  const { format, gzip } = datasetFormat(path);
  if (format === 'jsonl') yield* lineBatches(path, gzip, 'jsonl', options);
  else if (format === 'csv' || format === 'tsv') yield* csvBatches(path, gzip, format === 'csv' ? ',' : '\t', options);
  else if (format === 'parquet') yield* parquetBatches(path, size, options);
  else if (options.lines) yield* lineBatches(path, gzip, 'lines', options);
  else {
    if (size > MAX_LINE_BYTES) throw new FileRefused(`${shownPath(path)} is ${(size / 1048576).toFixed(0)} MiB, over the ${MAX_LINE_BYTES / 1048576} MiB one record may hold; count it per line with --lines.`, 'too-large');
    // One record: the whole file, decoded (not UTF-8 is said).
    for await (const batch of lineBatches(path, gzip, 'lines', { ...options, batchBytes: Infinity })) {
      if (batch.kind !== 'lines') continue;
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(batch.bytes);
      } catch {
        throw new FileRefused(`${shownPath(path)} is not UTF-8.`, 'unreadable');
      }
      yield { kind: 'texts', texts: text.trim() ? [[text]] : [] };
    }
  }
}
