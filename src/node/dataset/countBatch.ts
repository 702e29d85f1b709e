import { LengthStats } from '../../core/dataset/lengthStats';
import { TemplateRefused, type ChatTemplate } from '../../core/dataset/chatTemplate';
import { recordText, type ChatMessage, type RecordShape } from '../../core/dataset/recordText';
import type { TokenEngine } from '../../core/tokens/engines';

/**
 * One batch of a dataset, as the reader cuts it: whole JSONL lines as bytes (parsed where they are
 * counted, so the reading thread only finds line breaks), or records' texts already taken from a
 * CSV or Parquet file. `firstLine` numbers the first line; `lines` the rest for texts.
 */
export type Batch = (
  | { kind: 'jsonl'; bytes: Uint8Array; firstLine: number; field?: string[] }
  | { kind: 'lines'; bytes: Uint8Array; firstLine: number }
  | { kind: 'texts'; texts: string[][]; messages?: (ChatMessage[] | undefined)[]; lines?: number[] }
) & {
  /** What the reader itself skipped in this stretch of the file (a line over the limit, a broken CSV row). */
  skipped?: Skipped[];
};

export interface Skipped {
  line: number;
  reason: string;
}

/** What a batch counted: per tokenizer, the lengths' frequency table as pairs. */
export interface BatchResult {
  records: number;
  stats: [number, number][][];
  skipped: Skipped[];
  shapes: Partial<Record<RecordShape, number>>;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Each non-blank line of a batch, decoded; a line that is not UTF-8 is skipped with its number. */
function* batchLines(bytes: Uint8Array, firstLine: number, skipped: Skipped[]): Generator<{ line: number; text: string }> {
  let start = 0;
  let line = firstLine;
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    const lineBytes = bytes.subarray(start, end > start && bytes[end - 1] === 13 ? end - 1 : end);
    start = end + 1;
    const at = line++;
    if (!lineBytes.length) continue;
    let text: string;
    try {
      text = decoder.decode(lineBytes);
    } catch {
      skipped.push({ line: at, reason: 'not UTF-8' });
      continue;
    }
    if (text.trim()) yield { line: at, text };
  }
}

/** A record to count: its texts (summed), and for a chat its messages (for a chat template). */
interface CountedRecord {
  texts: string[];
  messages?: ChatMessage[];
  line: number;
}

/** The records of a batch: JSONL lines parsed (the rest skipped with a reason), text lines as they are. */
function* batchRecords(batch: Batch, skipped: Skipped[], shapes: BatchResult['shapes']): Generator<CountedRecord> {
  if (batch.kind === 'texts') {
    for (const [i, texts] of batch.texts.entries()) {
      const messages = batch.messages?.[i];
      yield { texts, line: batch.lines?.[i] ?? 0, ...(messages ? { messages } : {}) };
    }
    return;
  }
  for (const { line, text } of batchLines(batch.bytes, batch.firstLine, skipped)) {
    if (batch.kind === 'lines') {
      yield { texts: [text], line };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      skipped.push({ line, reason: 'not JSON' });
      continue;
    }
    const r = recordText(value, batch.field);
    if ('skip' in r) {
      skipped.push({ line, reason: r.skip });
      continue;
    }
    shapes[r.shape] = (shapes[r.shape] ?? 0) + 1;
    yield { texts: r.texts, line, ...(r.messages ? { messages: r.messages } : {}) };
  }
}

/**
 * Counts a batch with each engine: a record's tokens are its texts' summed, or — for a chat, with
 * that engine's chat template — the tokens of the template rendered (special tokens such as
 * <|im_start|> are the tokenizer's added tokens, one each, as in apply_chat_template).
 */
export function countBatch(batch: Batch, engines: readonly TokenEngine[], templates: readonly (ChatTemplate | undefined)[] = []): BatchResult {
  const stats = engines.map(() => new LengthStats());
  const skipped: Skipped[] = [...(batch.skipped ?? [])];
  const shapes: BatchResult['shapes'] = {};
  let records = 0;
  let templated = 0;
  for (const record of batchRecords(batch, skipped, shapes)) {
    // A chat is rendered by each tokenizer's template first; one that refuses skips the record for all.
    let rendered: (string | undefined)[] = [];
    if (record.messages && templates.some(Boolean)) {
      try {
        rendered = templates.map((t) => t?.render(record.messages!));
      } catch (e) {
        if (!(e instanceof TemplateRefused)) throw e;
        skipped.push({ line: record.line, reason: `the chat template refuses it: ${e.message.slice(0, 200)}` });
        continue;
      }
      templated++;
    }
    records++;
    engines.forEach((engine, i) => {
      const text = rendered[i];
      if (text !== undefined) {
        stats[i].add(engine.encode(text, { specialTokens: true }).length);
        return;
      }
      let n = 0;
      for (const t of record.texts) n += engine.encode(t).length;
      stats[i].add(n);
    });
  }
  if (templated) shapes.templated = (shapes.templated ?? 0) + templated;
  return { records, stats: stats.map((s) => s.toPairs()), skipped, shapes };
}
