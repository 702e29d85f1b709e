/**
 * `npm run bench:dataset`: `llm-notes dataset` over a generated JSONL (200 MB by default; set
 * DATASET_MB), English and Chinese records with chat records among them, with 1 job and with every
 * core, per tokenizer: MB/s, records/s, the speed-up, and the process's peak RSS — beside the file
 * size, to show memory does not grow with it (a 50 MB file is run too).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const MB = Number(process.env.DATASET_MB ?? 200);
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');

function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const EN = 'the model learning rate warmup schedule loss spike gradient tokenizer vocabulary dataset alignment reward preference batch attention memory offload'.split(' ');
const ZH = '学习率 预热 损失 梯度 分词器 词表 数据集 对齐 奖励 偏好 注意力 显存 卸载 模型 训练 推理'.split(' ');

async function generate(path: string, megabytes: number): Promise<void> {
  const r = rng(7);
  const out = createWriteStream(path);
  let bytes = 0;
  let i = 0;
  while (bytes < megabytes * 1048576) {
    const words = (list: string[], n: number) => Array.from({ length: n }, () => list[Math.floor(r() * list.length)]);
    const len = Math.floor(20 + r() ** 3 * 1500);
    const record =
      i % 4 === 0
        ? { messages: [{ role: 'user', content: words(ZH, len / 4).join('') }, { role: 'assistant', content: words(EN, len).join(' ') }] }
        : { text: i % 2 ? words(EN, len).join(' ') : words(ZH, len / 2).join('') };
    const line = JSON.stringify(record) + '\n';
    bytes += Buffer.byteLength(line);
    i++;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

function run(file: string, tokenizer: string, jobs: number): { seconds: number; records: number; rssMB: number } {
  const t0 = performance.now();
  // The child reports its own peak RSS (main thread and workers share the process).
  const json = execFileSync(process.execPath, [join(__dirname, 'datasetRun.js'), cli, file, tokenizer, String(jobs)], { encoding: 'utf8', maxBuffer: 64 * 1048576 });
  const seconds = (performance.now() - t0) / 1000;
  const { records, rss } = JSON.parse(json.trim().split('\n').pop()!) as { records: number; rss: number };
  return { seconds, records, rssMB: rss / 1048576 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-dataset-'));
  const big = join(dir, 'train.jsonl');
  const small = join(dir, 'small.jsonl');
  await generate(big, MB);
  await generate(small, Math.max(1, Math.round(MB / 4)));
  const size = statSync(big).size / 1048576;
  const cores = availableParallelism();
  console.log(`# Dataset benchmark (${new Date().toISOString()}, Node ${process.version}, ${cores} cores)\n`);
  console.log(`${size.toFixed(0)} MB JSONL (a quarter of records are chat messages, half Chinese text)\n`);
  console.log('| tokenizer | file | jobs | seconds | MB/s | records/s | speed-up | peak RSS |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const tokenizer of ['o200k_base', 'cl100k_base', 'llama3']) {
    let base = 0;
    for (const jobs of [...new Set([1, cores])]) {
      const r = run(big, tokenizer, jobs);
      if (jobs === 1) base = r.seconds;
      console.log(`| ${tokenizer} | ${size.toFixed(0)} MB | ${jobs} | ${r.seconds.toFixed(1)} | ${(size / r.seconds).toFixed(2)} | ${Math.round(r.records / r.seconds).toLocaleString('en-US')} | ${(base / r.seconds).toFixed(2)}× | ${r.rssMB.toFixed(0)} MB |`);
    }
  }
  const s = run(small, 'o200k_base', cores);
  console.log(`| o200k_base | ${(statSync(small).size / 1048576).toFixed(0)} MB | ${cores} | ${s.seconds.toFixed(1)} | ${(statSync(small).size / 1048576 / s.seconds).toFixed(2)} | ${Math.round(s.records / s.seconds).toLocaleString('en-US')} | | ${s.rssMB.toFixed(0)} MB |`);
}

void main();
