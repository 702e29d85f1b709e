import type { EncodeOptions } from '../core/tokens/engines';
import type { TokenSegment } from '../core/tokens/segments';
import type { CountReport, TokenizerSpec } from '../core/tokens/tokenCounter';
import type { WorkerRequest, WorkerResponse } from '../core/tokens/workerProtocol';
import type { TokenBackend } from './backend';

type RequestBody = DistributiveOmit<WorkerRequest, 'requestId' | 'generation'>;
type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

const NEVER_STALE = 0x7fffffff;
const CACHE_CHARS = 16 * 1024 * 1024;

/**
 * Counts text through a backend, with a cache keyed by the text itself (Map keys compare
 * natively, so re-hovering a megabyte is a lookup) and "latest wins" cancellation for the
 * selection-driven views.
 */
export class TokenService {
  private nextId = 1;
  private generation = 1;
  /** text → tokenizer set → report; insertion order is the eviction order. */
  private readonly cache = new Map<string, Map<string, CountReport>>();
  private cachedChars = 0;
  private readonly inFlight = new Map<string, Map<string, Promise<CountReport | undefined>>>();

  /** Called with every fresh report, whoever asked for it (hover, status bar, command). */
  onReport: ((report: CountReport) => void) | undefined;

  constructor(readonly backend: TokenBackend) {}

  /** A cached report, if this exact text was counted with these tokenizers. */
  peek(text: string, specs: readonly TokenizerSpec[], options: EncodeOptions): CountReport | undefined {
    return this.cache.get(text)?.get(cacheKey(specs, options));
  }

  /**
   * Counts `text`. With `latest`, this request supersedes earlier `latest` ones that have not
   * started; it resolves to undefined when it was itself superseded.
   */
  async count(text: string, specs: readonly TokenizerSpec[], options: EncodeOptions, latest = false): Promise<CountReport | undefined> {
    const key = cacheKey(specs, options);
    const hit = this.cache.get(text)?.get(key);
    if (hit) return hit;
    const existing = this.inFlight.get(text)?.get(key);
    if (existing && !latest) return existing;
    const generation = latest ? this.bump() : NEVER_STALE;
    const promise = this.send({ kind: 'count', text, tokenizers: [...specs], options }, generation).then((response) => {
      if (response.kind === 'count') {
        this.remember(key, text, response.report);
        this.onReport?.(response.report);
        return response.report;
      }
      if (response.kind === 'error') throw new Error(response.message);
      return undefined;
    });
    let byKey = this.inFlight.get(text);
    if (!byKey) this.inFlight.set(text, (byKey = new Map()));
    byKey.set(key, promise);
    const settle = () => {
      const current = this.inFlight.get(text);
      if (current?.get(key) === promise) current.delete(key);
      if (current?.size === 0) this.inFlight.delete(text);
    };
    promise.then(settle, settle);
    return promise;
  }

  async segments(text: string, spec: TokenizerSpec, options: EncodeOptions): Promise<TokenSegment[]> {
    const response = await this.send({ kind: 'segments', text, tokenizer: spec, options }, NEVER_STALE);
    if (response.kind === 'segments') return response.segments;
    if (response.kind === 'error') throw new Error(response.message);
    throw new Error('Token boundaries were cancelled.');
  }

  /** Drops loaded engines and cached counts, e.g. after the tokenizer settings change. */
  async reset(): Promise<void> {
    this.cache.clear();
    this.cachedChars = 0;
    await this.send({ kind: 'forget' }, NEVER_STALE);
  }

  dispose(): void {
    this.backend.dispose();
  }

  private bump(): number {
    this.generation++;
    this.backend.setGeneration(this.generation);
    return this.generation;
  }

  private send(body: RequestBody, generation: number): Promise<WorkerResponse> {
    return this.backend.send({ ...body, requestId: this.nextId++, generation } as WorkerRequest);
  }

  private remember(key: string, text: string, report: CountReport): void {
    if (report.counts.some((c) => c.error !== undefined)) return; // a failed row may succeed after a fix
    if (text.length > CACHE_CHARS / 2) return;
    let byKey = this.cache.get(text);
    if (!byKey) {
      this.cache.set(text, (byKey = new Map()));
      this.cachedChars += text.length;
    }
    byKey.set(key, report);
    for (const oldText of this.cache.keys()) {
      if (this.cachedChars <= CACHE_CHARS) break;
      this.cache.delete(oldText);
      this.cachedChars -= oldText.length;
    }
  }
}

function cacheKey(specs: readonly TokenizerSpec[], options: EncodeOptions): string {
  return JSON.stringify([specs.map((s) => s.path ?? s.id), !!options.bos, !!options.eos]);
}
