import { Worker } from 'node:worker_threads';
import { isStale, type WorkerRequest, type WorkerResponse } from '../core/tokens/workerProtocol';
import type { TokenBackend } from './backend';

/**
 * A stale count longer than this is stopped by restarting the worker rather than waited for:
 * encoding cannot be interrupted, and 20 MB through four tokenizers takes half a minute.
 */
export const RESTART_ABOVE_CHARS = 1_000_000;

/**
 * How long one request may run before the worker is stopped and the request answered with an
 * error: far beyond any honest count (30 s, plus 30 s per megabyte per tokenizer), so only a pattern
 * that backtracks without bound, or a vocabulary that never finishes loading, reaches it.
 */
export function deadlineMs(request: WorkerRequest): number {
  if (request.kind === 'forget') return 30_000;
  const tokenizers = request.kind === 'count' ? request.tokenizers.length : 1;
  return 30_000 + 30_000 * tokenizers * (request.text.length / 1_000_000);
}

/** Counts in a worker_threads Worker running dist/tokenWorker.js (desktop and remote hosts). */
export class WorkerBackend implements TokenBackend {
  private worker: Worker | undefined;
  private readonly generation = new Int32Array(new SharedArrayBuffer(4));
  private readonly pending = new Map<number, (response: WorkerResponse) => void>();
  /** Requests the worker has and has not answered, oldest (the one it is working on) first. */
  private sent: WorkerRequest[] = [];
  /** How many times a stale count was stopped by a restart, for tests. */
  restarts = 0;
  private deadline: { requestId: number; timer: ReturnType<typeof setTimeout> } | undefined;

  constructor(
    private readonly scriptPath: string,
    /** The deadline of a request; tests shorten it. */
    private readonly deadlineOf: (request: WorkerRequest) => number = deadlineMs,
  ) {}

  send(request: WorkerRequest): Promise<WorkerResponse> {
    return new Promise((resolve) => {
      this.pending.set(request.requestId, resolve);
      this.sent.push(request);
      this.start().postMessage(request);
      this.watch();
    });
  }

  /** Keeps a deadline on the request the worker is on (the oldest one sent). */
  private watch(): void {
    const running = this.sent[0];
    if (this.deadline && this.deadline.requestId === running?.requestId) return;
    if (this.deadline) clearTimeout(this.deadline.timer);
    this.deadline = undefined;
    if (!running) return;
    const timer = setTimeout(() => this.overrun(running), this.deadlineOf(running));
    // A deadline must not keep a CLI or test process alive.
    (timer as { unref?: () => void }).unref?.();
    this.deadline = { requestId: running.requestId, timer };
  }

  /** The running request passed its deadline: stop the worker, answer it with an error, resend the rest. */
  private overrun(request: WorkerRequest): void {
    if (this.sent[0]?.requestId !== request.requestId || !this.worker) return;
    const seconds = Math.round(this.deadlineOf(request) / 1000);
    this.restartWithout(request, `Counting stopped after ${seconds} s: a tokenizer took far longer than counting this text should (a pattern that backtracks without bound?).`);
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
    this.restarts++;
    this.replaceWorker((request) => (isStale(request, generation) ? { kind: 'cancelled', requestId: request.requestId } : undefined));
  }

  private restartWithout(stopped: WorkerRequest, message: string): void {
    this.replaceWorker((request) => (request.requestId === stopped.requestId ? { kind: 'error', requestId: request.requestId, message } : undefined));
  }

  /** Terminates the worker; `answer` settles some requests at once, the others are sent to a new worker. */
  private replaceWorker(answer: (request: WorkerRequest) => WorkerResponse | undefined): void {
    const old = this.worker!;
    old.removeAllListeners();
    void old.terminate();
    this.worker = undefined;
    const requests = this.sent;
    this.sent = [];
    for (const request of requests) {
      const response = answer(request);
      if (response) {
        this.pending.get(request.requestId)?.(response);
        this.pending.delete(request.requestId);
      } else {
        this.sent.push(request);
        this.start().postMessage(request);
      }
    }
    this.watch();
  }

  private settle(response: WorkerResponse): void {
    const resolve = this.pending.get(response.requestId);
    this.pending.delete(response.requestId);
    this.sent = this.sent.filter((r) => r.requestId !== response.requestId);
    this.watch();
    resolve?.(response);
  }

  dispose(): void {
    if (this.deadline) clearTimeout(this.deadline.timer);
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
      this.watch();
    };
    worker.on('error', (e) => fail(`The token-counting worker failed: ${e.message}`));
    worker.on('exit', (code) => fail(`The token-counting worker stopped (exit code ${code}).`));
    this.worker = worker;
    return worker;
  }
}
