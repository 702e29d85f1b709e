/**
 * The counting worker (worker_threads). Vocabularies load here, and encoding a megabyte runs
 * here, so the extension host's event loop never waits for a tokenizer.
 */
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { TokenCounter } from '../core/tokens/tokenCounter';
import { answer, isStale, type WorkerRequest } from '../core/tokens/workerProtocol';

const generation = new Int32Array((workerData as { generation: SharedArrayBuffer }).generation);
const counter = new TokenCounter(async (path) => {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
});

parentPort?.on('message', (request: WorkerRequest) => {
  if (isStale(request, Atomics.load(generation, 0))) {
    parentPort?.postMessage({ kind: 'cancelled', requestId: request.requestId });
    return;
  }
  void answer(counter, request).then((response) => parentPort?.postMessage(response));
});
