import type { ReadVocabulary } from '../core/tokens/engines';
import { TokenCounter, type ReadTextFile } from '../core/tokens/tokenCounter';
import { answer, isStale, type WorkerRequest, type WorkerResponse } from '../core/tokens/workerProtocol';
import type { TokenBackend } from './backend';

/** Runs the counter in this thread (web build), yielding before each request so stale ones are skipped. */
export class InProcessBackend implements TokenBackend {
  private readonly counter: TokenCounter;
  private generation = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readFile: ReadTextFile, readVocabulary?: ReadVocabulary) {
    this.counter = new TokenCounter(readFile, readVocabulary);
  }

  send(request: WorkerRequest): Promise<WorkerResponse> {
    const run = this.queue.then(async (): Promise<WorkerResponse> => {
      await new Promise((r) => setTimeout(r, 0));
      if (isStale(request, this.generation)) return { kind: 'cancelled', requestId: request.requestId };
      return answer(this.counter, request);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  setGeneration(generation: number): void {
    this.generation = generation;
  }

  dispose(): void {}
}
