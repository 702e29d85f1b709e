/**
 * A dataset-counting worker (worker_threads): it loads the tokenizers once, then parses and counts
 * the batches it is sent (JSONL lines are parsed here, not in the thread that reads the file).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileChatTemplate, type ChatTemplateSource } from '../../core/dataset/chatTemplate';
import { TokenCounter, type TokenizerSpec } from '../../core/tokens/tokenCounter';
import { readTokenizerFile } from '../files';
import { bundledVocabularies } from '../vocabularies';
import { countBatch, type Batch } from './countBatch';

const data = workerData as { specs: TokenizerSpec[]; templates: (ChatTemplateSource | undefined)[] };
// dist/datasetWorker.js: the vocabularies are in dist/vocab.
const counter = new TokenCounter((path) => readTokenizerFile(path), bundledVocabularies());
const engines = Promise.all(data.specs.map((s) => counter.engine(s)));
const templates = data.specs.map((s, i) => (data.templates[i] ? compileChatTemplate(data.templates[i]!, s.path ?? s.id) : undefined));

parentPort?.on('message', (message: { id: number; batch: Batch }) => {
  void engines.then(
    (loaded) => parentPort?.postMessage({ id: message.id, result: countBatch(message.batch, loaded, templates) }),
    (e: unknown) => parentPort?.postMessage({ id: message.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
