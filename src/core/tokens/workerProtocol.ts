import type { EncodeOptions } from './engines';
import type { TokenSegment } from './segments';
import type { CountReport, TokenizerSpec } from './tokenCounter';

/**
 * Messages between the extension host and the counting worker. A request whose `generation` is
 * below the shared "current generation" when the worker reaches it is skipped: a new selection
 * cancels stale work that has not started.
 */
export type WorkerRequest =
  | { kind: 'count'; requestId: number; generation: number; text: string; tokenizers: TokenizerSpec[]; options: EncodeOptions }
  | { kind: 'segments'; requestId: number; generation: number; text: string; tokenizer: TokenizerSpec; options: EncodeOptions }
  | { kind: 'forget'; requestId: number; generation: number };

export type WorkerResponse =
  | { kind: 'count'; requestId: number; report: CountReport }
  | { kind: 'segments'; requestId: number; segments: TokenSegment[] }
  | { kind: 'forgotten'; requestId: number }
  | { kind: 'cancelled'; requestId: number }
  | { kind: 'error'; requestId: number; message: string };

/** Whether a request was superseded: a newer generation exists and it is not a "forget", which always runs. */
export function isStale(request: WorkerRequest, generation: number): boolean {
  return request.kind !== 'forget' && request.generation < generation;
}

/** Answers one request with a counter; shared by the Node worker and the in-process (web) path. */
export async function answer(
  counter: import('./tokenCounter').TokenCounter,
  request: WorkerRequest,
): Promise<WorkerResponse> {
  try {
    switch (request.kind) {
      case 'count':
        return { kind: 'count', requestId: request.requestId, report: await counter.count(request.text, request.tokenizers, request.options) };
      case 'segments':
        return {
          kind: 'segments',
          requestId: request.requestId,
          segments: await counter.segments(request.text, request.tokenizer, request.options),
        };
      case 'forget':
        counter.forget();
        return { kind: 'forgotten', requestId: request.requestId };
    }
  } catch (e) {
    return { kind: 'error', requestId: request.requestId, message: e instanceof Error ? e.message : String(e) };
  }
}
