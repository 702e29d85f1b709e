/**
 * The counting worker of the web build (a dedicated Web Worker started from the web extension
 * host). It has no file system: only built-in tokenizers are sent here; requests that need a
 * tokenizer.json stay in the extension host, which can read it through workspace.fs.
 */
import { TokenCounter } from '../core/tokens/tokenCounter';
import { answer, type WorkerRequest } from '../core/tokens/workerProtocol';
import { webVocabularies } from './webVocabularies';

declare const self: {
  onmessage: ((e: { data: WorkerRequest }) => void) | null;
  postMessage(message: unknown): void;
  /** The URL of dist/vocab/, written before this script when the host starts the worker from a blob. */
  llmNotesVocabularyBase?: string;
};

const counter = new TokenCounter(
  async () => undefined,
  webVocabularies(async (name) => {
    const response = await fetch(new URL(name, self.llmNotesVocabularyBase));
    if (!response.ok) throw Object.assign(new Error(response.statusText), { code: `HTTP ${response.status}` });
    return new Uint8Array(await response.arrayBuffer());
  }),
);

self.onmessage = (event) => {
  void answer(counter, event.data).then((response) => self.postMessage(response));
};
