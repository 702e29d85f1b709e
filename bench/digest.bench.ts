/**
 * `npm run bench:digest`: 10,000 generated notes (about 30,000 entries, English and Chinese):
 * indexing time in the extension's slices with the longest event-loop block, and keystroke
 * latency in the picker at that size, beside a plain substring scan for comparison; the index
 * without and with pinyin side by side (time and heap), and pinyin queries.
 */
import { performance } from 'node:perf_hooks';
import { parseNotes } from '../src/core/digest/parser';
import { loadPinyin } from '../src/core/digest/pinyin';
import { DigestIndex } from '../src/core/digest/search';
import { runInSlices } from '../src/core/slices';

const NOTES = 10_000;

function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const EN = 'learning rate warmup decay loss spike gradient norm checkpoint offload zero stage tensor parallel tokenizer vocabulary benchmark contamination evaluation dataset reward model preference alignment batch padding attention flash memory activation recomputation optimizer adam momentum'.split(' ');
const ZH = '学习率 预热 衰减 损失 尖峰 梯度 检查点 卸载 并行 分词器 词表 评测 数据集 污染 奖励模型 偏好 对齐 批处理 注意力 显存 激活 重计算 优化器 动量'.split(' ');

/** A long tail of rarer words, so term frequencies look like real notes rather than 30 words everywhere. */
const SYL = 'ka ri to mo na se lu vi den gor tal pex quo bri zan'.split(' ');
const TAIL = Array.from({ length: 4000 }, (_, i) => SYL[i % 15] + SYL[Math.floor(i / 15) % 15] + SYL[Math.floor(i / 225) % 15]);

function note(i: number): string {
  const r = rng(i + 1);
  // Zipf-like: topical words a third of the time, the long tail otherwise.
  const pick = (list: string[], n: number) => Array.from({ length: n }, () => (r() < 0.35 ? list[Math.floor(r() * list.length)] : list === ZH ? TAIL[Math.floor(r() ** 2 * TAIL.length)].slice(0, 2) + '的' : TAIL[Math.floor(r() ** 2 * TAIL.length)]));
  const parts = [`## Notes ${i}`];
  for (let e = 0; e < 3; e++) {
    parts.push('', `### ${pick(EN, 4).join(' ')} ${i}-${e}`, `Tags: ${pick(EN, 2).join(', ')}, ${pick(ZH, 2).join(', ')}`, '', `Q: ${pick(ZH, 6).join('')}？ ${pick(EN, 5).join(' ')}`, '', `A: ${pick(ZH, 12).join('，')}。 ${pick(EN, 20).join(' ')}`, '', `A1: ${pick(EN, 15).join(' ')} ${pick(ZH, 5).join('')}`);
  }
  return parts.join('\n');
}

async function main(): Promise<void> {
  const texts = Array.from({ length: NOTES }, (_, i) => note(i));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  console.log(`# Digest benchmark (${new Date().toISOString()}, Node ${process.version})\n`);
  console.log(`${NOTES.toLocaleString('en-US')} notes, ${(bytes / 1048576).toFixed(1)} MB\n`);

  // The same notes indexed without and with pinyin (issue 19: its indexing time and memory).
  const heap = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed;
  };
  const readings = await loadPinyin();
  const build = async (withPinyin: boolean) => {
    const before = heap();
    const index = new DigestIndex(withPinyin ? readings : undefined);
    const t0 = performance.now();
    // As the extension does it: ≤ 12 ms slices, yielding to the event loop between them.
    const longest = await runInSlices(texts.map((t, j) => [t, j] as const), ([t, j]) => index.setSource(`notes/${j}.md`, parseNotes(t, `notes/${j}.md`).entries));
    const total = performance.now() - t0;
    index.search('warm'); // builds the sorted term list, part of the index
    return { index, total, longest, memory: heap() - before };
  };
  const plain = await build(false);
  const pinyin = await build(true);
  const index = pinyin.index;
  let unsliced = 0;
  {
    const other = new DigestIndex(readings);
    const s0 = performance.now();
    texts.forEach((t, j) => other.setSource(`notes/${j}.md`, parseNotes(t, `notes/${j}.md`).entries));
    unsliced = performance.now() - s0;
  }
  const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
  console.log('| indexing | without pinyin | with pinyin | ratio |');
  console.log('|---|---:|---:|---:|');
  console.log(`| entries | ${plain.index.size.toLocaleString('en-US')} | ${index.size.toLocaleString('en-US')} | |`);
  console.log(`| total time, in ≤ 12 ms slices | ${plain.total.toFixed(0)} ms | ${pinyin.total.toFixed(0)} ms | ${(pinyin.total / plain.total).toFixed(2)}× |`);
  console.log(`| longest event-loop block (one slice) | ${plain.longest.toFixed(1)} ms | ${pinyin.longest.toFixed(1)} ms | |`);
  console.log(`| index memory (heap after GC${(globalThis as { gc?: unknown }).gc ? '' : ', run with --expose-gc'}) | ${mb(plain.memory)} | ${mb(pinyin.memory)} | ${(pinyin.memory / plain.memory).toFixed(2)}× |`);
  console.log(`| the same work in one go (the block it would be) | | ${unsliced.toFixed(0)} ms | |`);
  console.log(`| re-index one saved note | | ${timeOne(() => index.setSource('notes/42.md', parseNotes(texts[42], 'notes/42.md').entries)).toFixed(2)} ms | |`);
  console.log();

  const all = index.all();
  const hay = all.map((e) => `${e.title} ${e.tags.join(' ')} ${e.turns.map((t) => t.text).join(' ')}`.toLowerCase());
  console.log('| keystroke (query so far) | our search, median ms | p95 ms | results | substring scan ms | ratio |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const q of ['l', 'le', 'learning', 'learning rate', 'learnign rate', '学', '学习率', 'zero stage offload', 'loss 尖峰', 'xuexilv', 'xue xi lv', 'xxl', 'xuexilv'.repeat(715)]) {
    const times: number[] = [];
    let results = 0;
    for (let k = 0; k < 21; k++) {
      const s = performance.now();
      results = index.search(q, 100).length;
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    const scan = timeOne(() => hay.filter((h) => h.includes(q)).length);
    console.log(`| ${q.length > 40 ? `${q.slice(0, 12)}… (${q.length.toLocaleString('en-US')} letters)` : q} | ${times[10].toFixed(2)} | ${times[19].toFixed(2)} | ${results} | ${scan.toFixed(2)} | ${(times[10] / scan).toFixed(1)}× |`);
  }
}

function timeOne(f: () => unknown): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

void main();
