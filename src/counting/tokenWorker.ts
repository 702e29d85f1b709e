/**
 * The counting worker (worker_threads). Vocabularies load here, and encoding a megabyte runs
 * here, so the extension host's event loop never waits for a tokenizer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TokenCounter } from '../core/tokens/tokenCounter';
import { answer, isStale, type WorkerRequest } from '../core/tokens/workerProtocol';
import { readTokenizerFile } from '../node/files';
import { bundledVocabularies } from '../node/vocabularies';

const generation = new Int32Array((workerData as { generation: SharedArrayBuffer }).generation);
// Regular files of at most 64 MiB only: a setting naming /dev/zero or a FIFO is refused, not read.
const counter = new TokenCounter((path) => readTokenizerFile(path), bundledVocabularies());

parentPort?.on('message', (request: WorkerRequest) => {
  if (isStale(request, Atomics.load(generation, 0))) {
    parentPort?.postMessage({ kind: 'cancelled', requestId: request.requestId });
    return;
  }
  void answer(counter, request).then((response) => parentPort?.postMessage(response));
});
