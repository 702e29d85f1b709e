/**
 * `npm run bench:tokens`: throughput per tokenizer on 1 MB inputs beside tiktoken (WASM) and
 * js-tiktoken, cold load times, warm hover latency through the real worker, and the longest
 * event-loop block while counting large selections. Prints tables; never fails on time.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { getEncoding, type TiktokenEncoding } from 'js-tiktoken';
import { get_encoding } from 'tiktoken';
import { loadBuiltinEngine } from '../src/core/tokens/engines';
import { BUILTIN_TOKENIZER_IDS } from '../src/core/tokens/registry';
import { TokenCounter, resolveTokenizer } from '../src/core/tokens/tokenCounter';
import { TokenService } from '../src/counting/tokenService';
import { WorkerBackend } from '../src/counting/workerBackend';
import { chinese, code, englishProse, numbers } from './corpora';

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

const mbps = (bytes: number, ms: number) => (bytes / MB / (ms / 1000)).toFixed(2);

function table(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  console.log(line(headers));
  console.log('|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const r of cells.slice(1)) console.log(line(r));
  console.log();
}

async function throughput(): Promise<void> {
  console.log('## Throughput, MB/s (1 MB of each input; js-tiktoken on Chinese uses 128 KB: it is ~50× slower there)\n');
  const rows: (string | number)[][] = [];
  for (const id of BUILTIN_TOKENIZER_IDS) {
    const engine = await loadBuiltinEngine(id);
    for (const w of Object.values(warmups)) engine.encode(w);
    const row: (string | number)[] = [`${id} (ours)`];
    for (const text of Object.values(inputs)) row.push(mbps(utf8(text), time(() => engine.encode(text)).ms));
    rows.push(row);
    if (!id.endsWith('_base')) continue;
    const wasm = get_encoding(id as 'cl100k_base');
    const js = getEncoding(id as TiktokenEncoding);
    for (const [name, w] of Object.entries(warmups)) {
      wasm.encode_ordinary(w);
      js.encode(name === 'chinese' ? w.slice(0, 10000) : w, [], []);
    }
    const wasmRow: (string | number)[] = [`${id} tiktoken`];
    const jsRow: (string | number)[] = [`${id} js-tiktoken`];
    const ratioRow: (string | number)[] = [`${id} ours ÷ js-tiktoken`];
    for (const [name, text] of Object.entries(inputs)) {
      wasmRow.push(mbps(utf8(text), time(() => wasm.encode_ordinary(text)).ms));
      const jsText = name === 'chinese' ? text.slice(0, 128 * 1024 / 3) : text;
      const jsMbps = Number(mbps(utf8(jsText), time(() => js.encode(jsText, [], [])).ms));
      jsRow.push(jsMbps.toFixed(2));
      ratioRow.push(`${(Number(row[jsRow.length - 1]) / jsMbps).toFixed(1)}×`);
    }
    wasm.free();
    rows.push(wasmRow, jsRow, ratioRow);
  }
  table(['tokenizer', ...Object.keys(inputs)], rows);
}

function coldLoads(): void {
  console.log('## Cold load (fresh process: import + first encode), ms\n');
  const rows = BUILTIN_TOKENIZER_IDS.map((id) => {
    const ms = execFileSync(process.execPath, [join(__dirname, 'coldLoad.js'), id], { encoding: 'utf8' }).trim();
    return [id, ms];
  });
  table(['tokenizer', 'cold load ms'], rows);
}

async function worker(): Promise<void> {
  const service = new TokenService(new WorkerBackend(join(root, 'dist', 'tokenWorker.js')));
  const specs = ['o200k_base', 'cl100k_base', 'llama2', 'llama3'].map((id) => resolveTokenizer(id)!);
  await service.count('warm up all four', specs, {});

  console.log('## Warm hover latency, 4 KB selection through the worker (engines loaded, text not seen before), ms\n');
  const rows: (string | number)[][] = [];
  for (const [name, text] of Object.entries(inputs)) {
    const row: (string | number)[] = [name];
    // Median of 9 different 4 KB selections, each new to the cache.
    for (const group of [[specs[0]], specs]) {
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
  table(['input', 'o200k_base only', 'all four', 're-hover (cache hit)'], rows);

  console.log('## Longest event-loop block while counting (four tokenizers), ms\n');
  const selections: Record<string, string> = { '1 MB English': inputs.english, '1 MB Chinese': inputs.chinese, '50,000 × "a"': 'a'.repeat(50000) };
  const blockRows: (string | number)[][] = [];
  const inProcess = new TokenCounter(async () => undefined);
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
  console.log(`# Token benchmark (${new Date().toISOString()}, Node ${process.version})\n`);
  coldLoads();
  await throughput();
  await worker();
}

void main();
