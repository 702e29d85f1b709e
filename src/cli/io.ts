import type { ReadVocabulary } from '../core/tokens/engines';

/** What a subcommand may touch; the real process in main.ts, fakes in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input, read up to `maxBytes`; more is refused (FileRefused) without reading on. */
  readStdin(maxBytes: number): Promise<Buffer>;
  /**
   * A regular file of at most `maxBytes`, checked before it is opened: a directory, a device, a
   * FIFO or a file over the limit is refused with a sentence (FileRefused, src/node/files.ts).
   */
  readFile(path: string, maxBytes: number): Promise<Buffer>;
  cwd: string;
  /** Hugging Face hub cache folders to look for `--model org/name` in ($HF_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub). */
  hfCacheDirs: readonly string[];
  /** The bundled digest's folder (media/digest beside dist/). */
  digestDir: string;
  /** The bundled tokenizer vocabularies (dist/vocab). */
  readVocabulary: ReadVocabulary;
  /** The dataset-counting worker script (dist/datasetWorker.js). */
  datasetWorker: string;
  /** Whether stderr is a terminal (progress is drawn only there). */
  stderrIsTTY?: boolean;
  /** Calls `handler` on Ctrl-C instead of exiting; returns what removes it. */
  onInterrupt?(handler: () => void): () => void;
}
