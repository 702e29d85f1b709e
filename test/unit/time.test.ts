import * as assert from 'node:assert/strict';
import { estimateRun as estimate } from '../../src/core/time/estimateRun';
import type { MemoryFields } from '../../src/core/memory/fields';
import { parseFitExpression } from '../../src/core/memory/fitExpression';
import { buildInput } from '../../src/core/memory/input';
import { estimateJson as memoryJson } from '../../src/core/time/report';
import { GPU_PRESETS } from '../../src/core/memory/gpus';
import { GPU_FACTS } from '../../src/core/time/gpuFacts';

const BARE: MemoryFields = { cudaContextGiB: '0', allocatorReservePct: '0' };
const run = (expression: string, extra: MemoryFields = {}) => estimate(buildInput({ ...BARE, ...parseFitExpression(expression), ...extra }), false);
const line = (r: ReturnType<typeof run>, key: string) => r.time!.lines.filter((l) => l.key === key).reduce((s, l) => s + l.seconds, 0);
const close = (a: number, b: number, rel = 1e-9) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} ≠ ${b}`);

describe('FLOPs per token, worked by hand', () => {
  it('GPT-3 175B on 300B tokens: 6ND = 3.14e23 as Table D.1 prints it; with the attention term 3.23e23', () => {
    const r = run('175B full bf16 adamw layers 96 hidden 12288 heads 96 vocab 50257 seq 2048 tokens 300B on 1xA100-80G', { params: '174600000000', model: '' });
    const attention = 12 * 96 * 12288 * 2048;
    close(r.time!.trainFlops!, (6 * 174.6e9 + attention) * 300e9);
    close(6 * 174.6e9 * 300e9, 3.14e23, 0.002);
    assert.ok(r.time!.trainFlops! / 3.14e23 < 1.03, 'the attention term adds under 3 %');
  });

  it('full recomputation adds a forward of the layers: 2 × (N − embeddings) + attention ÷ 3, about 4/3', () => {
    const r = run('llama2-7b full bf16 adamw seq 4096 recompute on 1xA100-80G');
    const attention = 12 * 32 * 4096 * 4096;
    close(r.time!.modelFlopsPerToken, 6 * 6_738_415_616 + attention);
    close(r.time!.hardwareFlopsPerToken - r.time!.modelFlopsPerToken, 2 * (6_738_415_616 - 262_144_000) + attention / 3);
    const ratio = r.time!.hardwareFlopsPerToken / r.time!.modelFlopsPerToken;
    assert.ok(ratio > 1.3 && ratio < 4 / 3, String(ratio));
  });

  it('LoRA skips the frozen weights’ gradient matmuls: 4N + 6 × adapters, about 2/3 of full', () => {
    const lora = run('llama2-7b lora bf16 adamw rank 16 seq 4096 on 1xA100-80G');
    const full = run('llama2-7b full bf16 adamw seq 4096 on 1xA100-80G');
    const attention = 12 * 32 * 4096 * 4096;
    close(lora.time!.modelFlopsPerToken, 4 * 6_738_415_616 + 6 * 39_976_960 + attention);
    const ratio = lora.time!.modelFlopsPerToken / full.time!.modelFlopsPerToken;
    assert.ok(ratio > 0.66 && ratio < 0.73, String(ratio));
  });

  it('MoE counts active parameters (DeepSeek-V3: about 37 B of 671 B) and MLA’s own attention widths', () => {
    const r = run('deepseek-v3 full bf16 adamw seq 4096 on 8xH200');
    // MLA: q·k over 128 heads × (128 + 64), v over 128 × 128; 61 layers × 4,096 keys
    const attention = 6 * (128 * 192 + 128 * 128) * 61 * 4096;
    const active = (r.time!.modelFlopsPerToken - attention) / 6;
    assert.ok(active > 37e9 && active < 38e9, String(active));
  });
});

describe('the step, part by part', () => {
  it('one GPU: compute only, FLOPs × tokens ÷ (peak × MFU)', () => {
    const r = run('llama2-7b full bf16 adamw seq 4096 batch 2 on 1xH100');
    const perToken = 6 * 6_738_415_616 + 12 * 32 * 4096 * 4096;
    close(r.time!.stepSeconds!, (perToken * 8192) / (989e12 * 0.4));
    close(r.time!.tokensPerSecond!, 8192 / r.time!.stepSeconds!);
    assert.deepEqual(r.time!.lines.map((l) => l.key), ['compute']);
  });

  it('pipeline bubble: compute × (p − 1) ÷ m, m from the global batch', () => {
    const r = run('llama2-70b full bf16 adamw zero1 pp4 tp8 seq 4096 gbs 32 recompute on 4 nodes x 8 H100');
    assert.equal(r.time!.microBatches, 32);
    const busy = line(r, 'compute') + line(r, 'recompute');
    close(line(r, 'bubble'), (busy * 3) / 32);
  });

  it('tensor parallel: four all-reduces a layer (six with full recomputation) of b·s·h·2 B over NVLink', () => {
    const r = run('llama2-7b full bf16 adamw tp2 seq 4096 batch 1 on 2xH100');
    const bytes = 4096 * 4096 * 2;
    close(line(r, 'tensorParallel'), 32 * 4 * ((2 * (2 - 1)) / 2) * bytes / 450e9);
  });

  it('optimizer offload: 16-bit gradients down and parameters up over PCIe, and the CPU Adam roofline (30 B a parameter)', () => {
    const r = run('7B full fp16 adamw zero2 offload recompute seq 1024 batch 1 on 1xA100-80G');
    close(line(r, 'cpuOptimizer'), (7e9 * 30) / 50e9);
    const compute = line(r, 'compute') + line(r, 'recompute');
    const pcie = (7e9 * 2) / 32e9;
    close(line(r, 'offload'), Math.max(0, pcie - (compute * 2) / 3) + pcie);
  });

  it('the run: steps × step ÷ goodput, GPU-hours, cost at the price given', () => {
    const r = run('llama2-7b full bf16 adamw zero3 seq 4096 batch 1 gbs 1024 tokens 2T price 2 goodput 0.9 recompute on 8 nodes x 8 A100-80G');
    const steps = Math.ceil(2e12 / (1024 * 4096));
    close(r.time!.seconds!, (steps * r.time!.stepSeconds!) / 0.9);
    close(r.time!.gpuHours!, (r.time!.seconds! * 64) / 3600);
    close(r.time!.cost!, r.time!.gpuHours! * 2);
  });

  it('the seed’s questions get numbers: recompute’s cost, offload’s cost, days for a 34B fine-tune', () => {
    const r = estimate(buildInput(parseFitExpression('34B full bf16 adamw zero3 ctx 4096 gbs 512 tokens 10B on 8xA100-80G')));
    const i = r.suggestions.findIndex((s) => s.label === 'full activation recomputation');
    assert.ok(i >= 0 && r.suggestions[i].fits, JSON.stringify(r.suggestions.map((s) => s.label)));
    // Its time effect: hardware FLOPs ÷ model FLOPs, as the step is compute here
    const effect = r.time!.tokensPerSecond! / r.suggestionTimes[i]!.tokensPerSecond;
    assert.ok(effect > 1.25 && effect < 1.34, String(effect));
    const offload = run('34B full bf16 adamw zero3 offload recompute ctx 4096 gbs 512 tokens 10B on 8xA100-80G');
    assert.ok(line(offload, 'cpuOptimizer') > 0 && line(offload, 'offload') > 0);
    const days = run('34B full bf16 adamw zero3 recompute ctx 4096 gbs 512 tokens 10B on 8xA100-80G').time!.seconds! / 86400;
    assert.ok(days > 10 && days < 60, String(days));
  });
});

describe('serving: prefill is compute, decode is bandwidth', () => {
  it('decode tokens/s = batch ÷ ((weights + KV cache) ÷ HBM bandwidth)', () => {
    const r = run('llama3-8b inference bf16 ctx 8192 batch 16 on 1xH100');
    const held = r.perGpu.byKey.weights + r.perGpu.byKey.kvCache;
    close(r.time!.decodeTokensPerSecond!, 16 / (held / 3350e9));
  });
});

describe('time inputs: a sentence, never NaN', () => {
  const bad: [string, RegExp][] = [
    ['7B full mfu 1.5 on 1xA100', /MFU "1\.5" is not a share in \(0, 1\]/],
    ['7B full mfu 0 on 1xA100', /MFU "0" is not a share/],
    ['7B full price abc on 1xA100', /"price" takes a number after it, not "abc"/],
    ['7B full tokens lots on 1xA100', /"tokens" takes a number after it/],
    ['7B full tokens 3q on 1xA100', /Tokens "3q" is not a token count/],
    ['7B full gbs 3 batch 2 on 1xA100', /global batch of 3 sequences does not split/],
    ['7B full goodput 1.2 on 1xA100', /Goodput "1\.2" is not a share/],
    ['7B full gbs 3000001k ctx 4096 on 1xA100', /not a whole number of 4,096-token sequences/],
  ];
  for (const [expression, message] of bad) {
    it(expression, () => assert.throws(() => run(expression), message));
  }

  it('"4M" tokens of global batch read as 4 × 2²⁰ when that is what divides (1,024 sequences of 4,096)', () => {
    assert.equal(run('7B full gbs 4M ctx 4096 on 8xA100-80G').time!.microBatches, 128);
  });

  it('--json has the time fields that apply and none that do not; a GPU known only by its size has none', () => {
    const json = memoryJson(run('llama2-7b full bf16 adamw seq 4096 tokens 1T on 8xA100-80G')) as { time: Record<string, unknown> };
    for (const k of ['modelFlopsPerToken', 'hardwareFlopsPerToken', 'peakFlops', 'mfu', 'stepSeconds', 'tokensPerSecond', 'trainFlops', 'seconds', 'gpuHours']) assert.ok(Number.isFinite(json.time[k]), k);
    assert.equal(json.time.cost, undefined);
    assert.equal(json.time.decodeTokensPerSecond, undefined);
    const custom = memoryJson(run('llama2-7b full on 1x80g')) as { time?: unknown; notes: string[] };
    assert.equal(custom.time, undefined);
    assert.ok(custom.notes.some((n) => /No time estimate/.test(n)));
  });

  it('every GPU preset has compute figures with a source', () => {
    for (const g of GPU_PRESETS) assert.ok(GPU_FACTS[g.id]?.source.length > 20 && GPU_FACTS[g.id].tflops.fp16 > 0, g.id);
  });
});
