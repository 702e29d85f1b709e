import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from '../../core/tokens/workerProtocol';
import type { TokenBackend } from './tokenService';

/** Counts in a worker_threads Worker running dist/tokenWorker.js (desktop and remote hosts). */
export class WorkerBackend implements TokenBackend {
  private worker: Worker | undefined;
  private readonly generation = new Int32Array(new SharedArrayBuffer(4));
  private readonly pending = new Map<number, (response: WorkerResponse) => void>();

  constructor(private readonly scriptPath: string) {}

  send(request: WorkerRequest): Promise<WorkerResponse> {
    return new Promise((resolve) => {
      this.pending.set(request.requestId, resolve);
      this.start().postMessage(request);
    });
  }

  setGeneration(generation: number): void {
    Atomics.store(this.generation, 0, generation);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  /** Started on first use, so activation costs nothing; restarted if it ever dies. */
  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.scriptPath, { workerData: { generation: this.generation.buffer } });
    worker.unref();
    worker.on('message', (response: WorkerResponse) => {
      const resolve = this.pending.get(response.requestId);
      this.pending.delete(response.requestId);
      resolve?.(response);
    });
    const fail = (message: string) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [requestId, resolve] of this.pending) resolve({ kind: 'error', requestId, message });
      this.pending.clear();
    };
    worker.on('error', (e) => fail(`The token-counting worker failed: ${e.message}`));
    worker.on('exit', (code) => fail(`The token-counting worker stopped (exit code ${code}).`));
    this.worker = worker;
    return worker;
  }
}
