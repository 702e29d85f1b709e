import { isStale, type WorkerRequest, type WorkerResponse } from '../core/tokens/workerProtocol';
import type { TokenBackend } from './backend';

/** What the backend needs of a Web Worker; tests pass a fake. */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  onmessage: ((event: { data: WorkerResponse }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  terminate(): void;
}

/** If the worker has not answered this long after a request, it is taken as broken. */
const FIRST_ANSWER_MS = 15000;

/**
 * Counts in a Web Worker (web build). One request at a time is in the worker; while it works,
 * newer "latest" requests replace older queued ones, which are answered "cancelled" at once.
 * Requests naming a tokenizer.json, and everything after the worker fails to start or errors,
 * go to the in-process fallback.
 */
export class WebWorkerBackend implements TokenBackend {
  private worker: WorkerLike | undefined;
  private broken = false;
  private busy: { request: WorkerRequest; resolve: (r: WorkerResponse) => void } | undefined;
  private readonly queue: { request: WorkerRequest; resolve: (r: WorkerResponse) => void }[] = [];
  private generation = 0;
  private answeredOnce = false;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly startWorker: () => Promise<WorkerLike>,
    private readonly fallback: TokenBackend,
  ) {}

  /** Whether counts come from the Web Worker (it has answered and never failed), for tests. */
  get inWorker(): boolean {
    return this.answeredOnce && !this.broken;
  }

  send(request: WorkerRequest): Promise<WorkerResponse> {
    if (request.kind === 'forget') void this.fallback.send(request);
    const needsFiles = (request.kind === 'count' && request.tokenizers.some((t) => t.path)) || (request.kind === 'segments' && !!request.tokenizer.path);
    if (this.broken || needsFiles) return this.fallback.send(request);
    return new Promise((resolve) => {
      this.queue.push({ request, resolve });
      void this.pump();
    });
  }

  setGeneration(generation: number): void {
    this.generation = generation;
    this.fallback.setGeneration(generation);
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const { request, resolve } = this.queue[i];
      if (isStale(request, generation)) {
        this.queue.splice(i, 1);
        resolve({ kind: 'cancelled', requestId: request.requestId });
      }
    }
  }

  dispose(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.worker?.terminate();
    this.fallback.dispose();
  }

  private async pump(): Promise<void> {
    if (this.busy || !this.queue.length) return;
    const next = this.queue.shift()!;
    if (isStale(next.request, this.generation)) {
      next.resolve({ kind: 'cancelled', requestId: next.request.requestId });
      return this.pump();
    }
    this.busy = next;
    try {
      this.worker ??= await this.start();
      this.worker.postMessage(next.request);
      if (!this.answeredOnce) this.watchdog = setTimeout(() => this.fail(), FIRST_ANSWER_MS);
    } catch {
      this.fail();
    }
  }

  private async start(): Promise<WorkerLike> {
    const worker = await this.startWorker();
    worker.onmessage = (event) => {
      this.answeredOnce = true;
      if (this.watchdog) clearTimeout(this.watchdog);
      const done = this.busy;
      this.busy = undefined;
      if (done && done.request.requestId === event.data.requestId) done.resolve(event.data);
      void this.pump();
    };
    worker.onerror = () => this.fail();
    return worker;
  }

  /** The worker could not start or broke: everything pending and to come is counted in-process. */
  private fail(): void {
    if (this.broken) return;
    this.broken = true;
    if (this.watchdog) clearTimeout(this.watchdog);
    this.worker?.terminate();
    this.worker = undefined;
    const pending = [...(this.busy ? [this.busy] : []), ...this.queue.splice(0)];
    this.busy = undefined;
    for (const { request, resolve } of pending) void this.fallback.send(request).then(resolve);
  }
}
