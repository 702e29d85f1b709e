import * as assert from 'node:assert/strict';
import { testVocabularies } from './vocabularies';
import { resolve } from 'node:path';
import { resolveTokenizer, TokenCounter } from '../../src/core/tokens/tokenCounter';
import { answer, type WorkerRequest, type WorkerResponse } from '../../src/core/tokens/workerProtocol';
import { InProcessBackend } from '../../src/counting/inProcessBackend';
import { WebWorkerBackend, type WorkerLike } from '../../src/counting/webWorkerBackend';
import { WorkerBackend } from '../../src/counting/workerBackend';

/** A Web Worker stand-in: answers each message with the real counter, one at a time, later. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: { data: WorkerResponse }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  received: WorkerRequest[] = [];
  terminated = false;
  private readonly counter = new TokenCounter(async () => undefined, testVocabularies);
  constructor(private readonly breakOn?: number) {}
  postMessage(message: WorkerRequest): void {
    this.received.push(message);
    if (this.breakOn === this.received.length) {
      setTimeout(() => this.onerror?.(new Error('boom')), 1);
      return;
    }
    setTimeout(() => void answer(this.counter, message).then((data) => this.onmessage?.({ data })), 5);
  }
  terminate(): void {
    this.terminated = true;
  }
}

const o200k = resolveTokenizer('o200k_base')!;
const count = (requestId: number, generation: number, text: string, tokenizers = [o200k]): WorkerRequest => ({ kind: 'count', requestId, generation, text, tokenizers, options: {} });

describe('Web Worker backend (web build)', () => {
  it('counts in the worker, started on first use', async () => {
    const worker = new FakeWorker();
    let started = 0;
    const backend = new WebWorkerBackend(async () => (started++, worker), new InProcessBackend(async () => undefined, testVocabularies));
    assert.equal(started, 0);
    const r = await backend.send(count(1, 1, 'hello world'));
    assert.equal(started, 1);
    assert.deepEqual(r.kind === 'count' && r.report.counts[0].tokens, 2);
    assert.equal(worker.received.length, 1);
  });

  it('a newer selection cancels queued ones; the one in the worker finishes', async () => {
    const worker = new FakeWorker();
    const backend = new WebWorkerBackend(async () => worker, new InProcessBackend(async () => undefined, testVocabularies));
    const first = backend.send(count(1, 1, 'a'));
    const second = backend.send(count(2, 2, 'b'));
    const third = backend.send(count(3, 3, 'c'));
    backend.setGeneration(3);
    assert.equal((await second).kind, 'cancelled');
    assert.equal((await first).kind, 'count');
    assert.equal((await third).kind, 'count');
    assert.deepEqual(worker.received.map((r) => r.requestId), [1, 3]);
  });

  it('tokenizer.json requests, a worker that cannot start, and a worker that breaks all fall back in-process', async () => {
    const inProcess = new InProcessBackend(async (p) => (p === '/x/tokenizer.json' ? '{"oops' : undefined), testVocabularies);
    const worker = new FakeWorker(2);
    const backend = new WebWorkerBackend(async () => worker, inProcess);
    const file = await backend.send(count(1, 1, 'hi', [resolveTokenizer('/x/tokenizer.json', [], { paths: true })!]));
    assert.match(file.kind === 'count' ? file.report.counts[0].error ?? '' : '', /not valid JSON/);
    assert.equal(worker.received.length, 0);
    assert.equal((await backend.send(count(2, 1, 'one'))).kind, 'count');
    const broken = await backend.send(count(3, 1, 'two words')); // the worker errors on its 2nd message
    assert.ok(broken.kind === 'count' && broken.report.counts[0].tokens === 2);
    assert.equal(worker.terminated, true);

    const never = new WebWorkerBackend(async () => {
      throw new Error('no Worker here');
    }, new InProcessBackend(async () => undefined, testVocabularies));
    const r = await never.send(count(4, 1, 'hello world'));
    assert.ok(r.kind === 'count' && r.report.counts[0].tokens === 2);
  });
});

describe('the desktop worker backend (a real worker thread running dist/tokenWorker.js)', () => {
  it('stops a stale 6 MB count by restarting the worker, so the next selection does not wait for it', async () => {
    const backend = new WorkerBackend(resolve('dist/tokenWorker.js'));
    try {
      assert.equal((await backend.send(count(1, 1, 'warm up'))).kind, 'count');
      backend.setGeneration(2);
      const big = backend.send(count(2, 2, 'word '.repeat(1_200_000)));
      backend.setGeneration(3);
      const small = backend.send(count(3, 3, 'hello world'));
      const [bigAnswer, smallAnswer] = await Promise.all([big, small]);
      assert.equal(bigAnswer.kind, 'cancelled');
      assert.equal(smallAnswer.kind, 'count');
      // "hello" + " world": two o200k tokens
      assert.equal(smallAnswer.kind === 'count' && smallAnswer.report.counts[0].tokens, 2);
      assert.equal(backend.restarts, 1);
    } finally {
      backend.dispose();
    }
  });

  it('lets a stale small count finish (a restart costs more than it saves)', async () => {
    const backend = new WorkerBackend(resolve('dist/tokenWorker.js'));
    try {
      backend.setGeneration(2);
      const a = backend.send(count(1, 2, 'short text'));
      backend.setGeneration(3);
      assert.notEqual((await a).kind, 'error');
      assert.equal(backend.restarts, 0);
    } finally {
      backend.dispose();
    }
  });
});
