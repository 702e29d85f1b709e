/**
 * A dataset-counting worker (worker_threads): it loads the tokenizers once, then parses and counts
 * the batches it is sent (JSONL lines are parsed here, not in the thread that reads the file).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TokenCounter, type TokenizerSpec } from '../../core/tokens/tokenCounter';
import { readTokenizerFile } from '../files';
import { countBatch, type Batch } from './countBatch';

const counter = new TokenCounter((path) => readTokenizerFile(path));
const engines = Promise.all((workerData as { specs: TokenizerSpec[] }).specs.map((s) => counter.engine(s)));

parentPort?.on('message', (message: { id: number; batch: Batch }) => {
  void engines.then(
    (loaded) => parentPort?.postMessage({ id: message.id, result: countBatch(message.batch, loaded) }),
    (e: unknown) => parentPort?.postMessage({ id: message.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
