import { Worker } from 'node:worker_threads';
import { isStale, type WorkerRequest, type WorkerResponse } from '../core/tokens/workerProtocol';
import type { TokenBackend } from './backend';

/**
 * A stale count longer than this is stopped by restarting the worker rather than waited for:
 * encoding cannot be interrupted, and 20 MB through four tokenizers takes half a minute.
 */
export const RESTART_ABOVE_CHARS = 1_000_000;

/** Counts in a worker_threads Worker running dist/tokenWorker.js (desktop and remote hosts). */
export class WorkerBackend implements TokenBackend {
  private worker: Worker | undefined;
  private readonly generation = new Int32Array(new SharedArrayBuffer(4));
  private readonly pending = new Map<number, (response: WorkerResponse) => void>();
  /** Requests the worker has and has not answered, oldest (the one it is working on) first. */
  private sent: WorkerRequest[] = [];
  /** How many times a stale count was stopped by a restart, for tests. */
  restarts = 0;

  constructor(private readonly scriptPath: string) {}

  send(request: WorkerRequest): Promise<WorkerResponse> {
    return new Promise((resolve) => {
      this.pending.set(request.requestId, resolve);
      this.sent.push(request);
      this.start().postMessage(request);
    });
  }

  setGeneration(generation: number): void {
    Atomics.store(this.generation, 0, generation);
    const running = this.sent[0];
    if (this.worker && running && running.kind !== 'forget' && isStale(running, generation) && running.text.length > RESTART_ABOVE_CHARS) {
      this.restart(generation);
    }
  }

  /** Stops the worker mid-count; stale requests are answered "cancelled", the rest go to a new worker. */
  private restart(generation: number): void {
    const old = this.worker!;
    old.removeAllListeners();
    void old.terminate();
    this.worker = undefined;
    this.restarts++;
    const requests = this.sent;
    this.sent = [];
    for (const request of requests) {
      if (isStale(request, generation)) {
        this.settle({ kind: 'cancelled', requestId: request.requestId });
      } else {
        this.sent.push(request);
        this.start().postMessage(request);
      }
    }
  }

  private settle(response: WorkerResponse): void {
    const resolve = this.pending.get(response.requestId);
    this.pending.delete(response.requestId);
    this.sent = this.sent.filter((r) => r.requestId !== response.requestId);
    resolve?.(response);
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
    worker.on('message', (response: WorkerResponse) => this.settle(response));
    const fail = (message: string) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [requestId, resolve] of this.pending) resolve({ kind: 'error', requestId, message });
      this.pending.clear();
      this.sent = [];
    };
    worker.on('error', (e) => fail(`The token-counting worker failed: ${e.message}`));
    worker.on('exit', (code) => fail(`The token-counting worker stopped (exit code ${code}).`));
    this.worker = worker;
    return worker;
  }
}
