import type { WorkerRequest, WorkerResponse } from '../core/tokens/workerProtocol';

/** Where counting happens: a worker thread on the desktop, the extension host itself on the web. */
export interface TokenBackend {
  /** `generation` below the current one means "skip if not started"; see workerProtocol. */
  send(request: WorkerRequest): Promise<WorkerResponse>;
  /** Marks every request with a lower generation as stale. */
  setGeneration(generation: number): void;
  dispose(): void;
}
