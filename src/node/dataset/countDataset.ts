import { Worker } from 'node:worker_threads';
import { compileChatTemplate, type ChatTemplate, type ChatTemplateSource } from '../../core/dataset/chatTemplate';
import { LengthStats } from '../../core/dataset/lengthStats';
import type { RecordShape } from '../../core/dataset/recordText';
import type { DatasetCount } from '../../core/dataset/report';
import type { TokenEngine } from '../../core/tokens/engines';
import type { TokenizerSpec } from '../../core/tokens/tokenCounter';
import { countBatch, type Batch, type BatchResult } from './countBatch';
import { readDataset, type ReadOptions } from './readDataset';

export interface CountOptions extends ReadOptions {
  /** Worker threads; 1 counts in this thread. */
  jobs: number;
  /** The built worker script (dist/datasetWorker.js). */
  workerPath: string;
  /** Engines for counting in this thread when jobs = 1; without them, even one job is a worker (the editor's host never counts). */
  engines?: () => Promise<TokenEngine[]>;
  onRecords?: (records: number) => void;
  /** Per tokenizer (in the order of specs), the chat template chats are rendered with, if any. */
  templates?: (ChatTemplateSource | undefined)[];
}

const LISTED_SKIPS = 1000;

/** Counts batches in this thread, or on a pool of workers with at most two batches each in flight. */
interface Counter {
  count(batch: Batch): Promise<BatchResult>;
  close(): Promise<void>;
}

async function inThread(engines: TokenEngine[], templates: (ChatTemplate | undefined)[]): Promise<Counter> {
  return { count: async (batch) => countBatch(batch, engines, templates), close: async () => undefined };
}

function pool(jobs: number, workerPath: string, specs: readonly TokenizerSpec[], templates: readonly (ChatTemplateSource | undefined)[]): Counter {
  const workers = Array.from({ length: jobs }, () => new Worker(workerPath, { workerData: { specs, templates } }));
  const waiting = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: Error) => void }>();
  const load = new Array<number>(jobs).fill(0);
  let next = 0;
  workers.forEach((w, i) => {
    w.on('message', (m: { id: number; result?: BatchResult; error?: string }) => {
      load[i]--;
      const p = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.result) p?.resolve(m.result);
      else p?.reject(new Error(m.error));
    });
    w.on('error', (e) => {
      for (const p of waiting.values()) p.reject(e);
      waiting.clear();
    });
  });
  return {
    count(batch) {
      const id = next++;
      const i = load.indexOf(Math.min(...load));
      load[i]++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const transfer = batch.kind !== 'texts' ? [batch.bytes.buffer as ArrayBuffer] : [];
        // A batch's bytes are its own (Buffer.concat), so they move rather than copy.
        workers[i].postMessage({ id, batch }, batch.kind !== 'texts' && batch.bytes.byteOffset === 0 && batch.bytes.byteLength === batch.bytes.buffer.byteLength ? transfer : []);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * Counts the records of several files with several tokenizers. Reading stays one batch ahead of
 * counting per worker (memory bounded whatever the file size); the result does not depend on the
 * number of jobs (frequency tables merge in any order; skipped lines are sorted by file and line).
 */
export async function countDataset(files: readonly string[], specs: readonly TokenizerSpec[], options: CountOptions): Promise<DatasetCount> {
  const sources = options.templates ?? [];
  const counter =
    options.jobs <= 1 && options.engines
      ? await inThread(await options.engines(), specs.map((s, i) => (sources[i] ? compileChatTemplate(sources[i]!, s.path ?? s.id) : undefined)))
      : pool(Math.max(1, options.jobs), options.workerPath, specs, sources);
  const total: DatasetCount = { records: 0, skipped: [], skippedTotal: 0, stats: specs.map(() => new LengthStats()), shapes: {}, partial: false };
  const inFlight = new Set<Promise<void>>();
  const limit = Math.max(2, options.jobs * 2);
  let failure: unknown;
  const merge = (file: string, r: BatchResult) => {
    total.records += r.records;
    r.stats.forEach((pairs, i) => total.stats[i].addPairs(pairs));
    for (const [shape, n] of Object.entries(r.shapes)) total.shapes[shape as RecordShape] = (total.shapes[shape as RecordShape] ?? 0) + n;
    total.skippedTotal += r.skipped.length;
    for (const s of r.skipped) if (total.skipped.length < LISTED_SKIPS * 100) total.skipped.push({ file, ...s });
    options.onRecords?.(total.records);
  };
  try {
    for (const file of files) {
      for await (const batch of readDataset(file, options)) {
        if (failure) throw failure;
        const job: Promise<void> = counter.count(batch).then(
          (r) => merge(file, r),
          (e: unknown) => void (failure ??= e),
        );
        inFlight.add(job);
        void job.finally(() => inFlight.delete(job));
        if (inFlight.size >= limit) await Promise.race(inFlight);
        if (options.stopped?.()) break;
      }
      if (options.stopped?.()) break;
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
  } finally {
    await counter.close();
  }
  total.partial = !!options.stopped?.();
  total.skipped.sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line);
  total.skipped.length = Math.min(total.skipped.length, LISTED_SKIPS);
  return total;
}
