/**
 * The counting worker of the web build (a dedicated Web Worker started from the web extension
 * host). It has no file system: only built-in tokenizers are sent here; requests that need a
 * tokenizer.json stay in the extension host, which can read it through workspace.fs.
 */
import { TokenCounter } from '../core/tokens/tokenCounter';
import { answer, type WorkerRequest } from '../core/tokens/workerProtocol';

declare const self: { onmessage: ((e: { data: WorkerRequest }) => void) | null; postMessage(message: unknown): void };

const counter = new TokenCounter(async () => undefined);

self.onmessage = (event) => {
  void answer(counter, event.data).then((response) => self.postMessage(response));
};
