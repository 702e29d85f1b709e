import * as assert from 'node:assert/strict';
import { countParams } from '../../src/core/models/architecture';
import { deepSpeedTable, deepSpeedText, estimateZero2, estimateZero3, pyFixed2 } from '../../src/core/memory/deepspeed';
import { estimate } from '../../src/core/memory/estimate';
import { parseFitExpression } from '../../src/core/memory/fitExpression';
import type { MemoryFields } from '../../src/core/memory/fields';
import { buildInput } from '../../src/core/memory/input';
import { MODEL_PRESETS } from '../../src/core/models/presets';
import { withAmount } from '../../src/core/memory/report';
import { parseParamCount } from '../../src/core/memory/units';

const T0_3B = { total: 2_783_959_040, largest: 65_798_144 };
/** Overheads off, so the hand-worked figures below are the whole story. */
const BARE: MemoryFields = { cudaContextGiB: '0', allocatorReservePct: '0' };
const line = (r: ReturnType<typeof estimate>, label: string) => r.perGpu.lines.find((l) => l.label === label)?.bytes;

describe('architecture parameter counts equal the published totals', () => {
  for (const preset of MODEL_PRESETS) {
    it(`${preset.id}: ${preset.totalParams.toLocaleString('en-US')}`, () => {
      const counts = countParams(preset.arch);
      assert.equal(counts.total, preset.totalParams);
      if (preset.activeParams) assert.equal(counts.active, preset.activeParams);
    });
  }

  it('LLaMA-2-7B LoRA rank 16 on all linear layers has 39,976,960 trainable parameters (PEFT prints the same)', () => {
    const llama = MODEL_PRESETS.find((m) => m.id === 'llama2-7b')!;
    // per layer: q,k,v,o 4 × (4096 + 4096) + gate,up 2 × (4096 + 11008) + down (11008 + 4096) = 78,080; × 32 × 16
    assert.equal(countParams(llama.arch).loraPerRank * 16, 39_976_960);
  });
});

describe('findings of the fuzz tests, pinned', () => {
  it('a LoRA rank that is no longer low-rank is called out: rank 512 on LLaMA-2-7B is 19% of the model', () => {
    // 512 × 2,498,560 (Σ in + out per rank, 78,080 × 32 layers) = 1,279,262,720; ÷ 6,738,415,616 = 18.98%
    const r = estimate(buildInput({ ...BARE, model: 'llama2-7b', mode: 'lora', loraRank: '512' }));
    assert.ok(r.notes.some((n) => n.includes('1,279,262,720 parameters, 19% of the model')), r.notes.join('\n'));
    const low = estimate(buildInput({ ...BARE, model: 'llama2-7b', mode: 'lora', loraRank: '64' }));
    assert.ok(!low.notes.some((n) => n.includes('no longer low-rank')));
  });

  it('the smallest GPU count is suggested even when it does not fill whole nodes of 8', () => {
    // 70B full bf16 AdamW ZeRO-3 on 8 × L40S: model states alone are 16 B × 70e9 = 1.12 TB, so
    // well over 8 GPUs; the count found was dropped when it was not a multiple of 8 (found by fuzzing).
    const r = estimate(buildInput({ ...BARE, model: '70B', mode: 'full', dtype: 'bf16', zero: '3', gpus: '8', gpu: 'L40S', recompute: 'full' }));
    assert.ok(r.minGpus !== undefined && r.minGpus > 1_120_000_000_000 / (46068 * 2 ** 20) && r.minGpus % 8 !== 0, `minGpus ${r.minGpus}`);
    const advice = r.suggestions.find((s) => s.label === `${r.minGpus} GPUs`);
    assert.ok(advice, `no suggestion for ${r.minGpus} GPUs: ${r.suggestions.map((s) => s.label).join(', ')}`);
    const shape = advice.change.gpusPerNode!;
    assert.ok(r.minGpus! % shape === 0 && shape <= 8, `${r.minGpus} GPUs in nodes of ${shape}`);
  });
});

describe("DeepSpeed's estimators, to the byte", () => {
  it('ZeRO-3, bigscience/T0_3B on 1 GPU: the table in DeepSpeed’s and transformers’ docs', () => {
    const rows = deepSpeedTable({ stage: 3, totalParams: T0_3B.total, largestLayerParams: T0_3B.largest, gpusPerNode: 1, nodes: 1 });
    // offload both, zero_init=1: CPU = P × 18 × 1.5 = 75,166,894,080; GPU = 4 × largest = 263,192,576
    assert.deepEqual(rows[0], { offloadParam: 'cpu', offloadOptimizer: 'cpu', zeroInit: true, cpuBytes: 75_166_894_080, gpuBytes: 263_192_576 });
    // no offload, zero_init=1: CPU = largest × 4 × 1 × 1.5; GPU = 4 × largest + 18 × P
    assert.deepEqual(rows[4], { offloadParam: 'none', offloadOptimizer: 'none', zeroInit: true, cpuBytes: 394_788_864, gpuBytes: 50_374_455_296 });
    assert.equal(
      deepSpeedText({ stage: 3, totalParams: T0_3B.total, largestLayerParams: T0_3B.largest, gpusPerNode: 1, nodes: 1 }, rows),
      [
        'Estimated memory needed for params, optim states and gradients for a:',
        'HW: Setup with 1 node, 1 GPU per node.',
        'SW: Model with 2783M total params, 65M largest layer params.',
        '  per CPU  |  per GPU |   Options',
        '   70.00GB |   0.25GB | offload_param=cpu , offload_optimizer=cpu , zero_init=1',
        '   70.00GB |   0.25GB | offload_param=cpu , offload_optimizer=cpu , zero_init=0',
        '   62.23GB |   5.43GB | offload_param=none, offload_optimizer=cpu , zero_init=1',
        '   62.23GB |   5.43GB | offload_param=none, offload_optimizer=cpu , zero_init=0',
        '    0.37GB |  46.91GB | offload_param=none, offload_optimizer=none, zero_init=1',
        '   15.56GB |  46.91GB | offload_param=none, offload_optimizer=none, zero_init=0',
      ].join('\n'),
    );
  });

  it('ZeRO-3 across nodes: gpus_factor = 1/nodes and max(4 × gpus_per_node, 18 × gpus_factor)', () => {
    // 2 nodes × 8: offload both, zero_init=0: P × max(32, 9) × 1.5 = 48P
    assert.equal(estimateZero3(1e9, 1e7, 8, 2, true, true, false).cpu, 48e9);
    // no offload: GPU = 4e7 + int(18e9 / 16) = 40,000,000 + 1,125,000,000
    assert.equal(estimateZero3(1e9, 1e7, 8, 2, false, false, true).gpu, 1_165_000_000);
  });

  it('ZeRO-2 since PR #5099: GPU = 2P + 18P/gpus without offload; 2P with CPU offload', () => {
    assert.deepEqual(estimateZero2(T0_3B.total, 1, 1, false), { gpu: 55_679_180_800, cpu: 16_703_754_240 });
    assert.deepEqual(estimateZero2(T0_3B.total, 1, 1, true), { gpu: 5_567_918_080, cpu: 66_815_016_960 });
    // 8 GPUs: 2P + int(18P/8); CPU offload: P × max(4 × 8, 16) × 1.5 = 48P
    assert.deepEqual(estimateZero2(1e9, 8, 1, false), { gpu: 4_250_000_000, cpu: 48e9 });
    assert.deepEqual(estimateZero2(1e9, 8, 1, true), { gpu: 2e9, cpu: 48e9 });
  });

  it('prints like Python: half-even rounding on exact ties', () => {
    assert.equal(pyFixed2(0.125), '0.12');
    assert.equal(pyFixed2(0.375), '0.38');
    assert.equal(pyFixed2(70.00000001), '70.00');
    assert.equal(pyFixed2(46.9146), '46.91');
  });
});

describe('memory estimate: hand-worked figures', () => {
  it('34B full fine-tune, bf16 mixed + AdamW: 16 B/param = 544 GB of model states on one GPU', () => {
    const r = estimate(buildInput({ ...BARE, ...parseFitExpression('34B full bf16 adamw on 1xA100-80G'), seq: '1' }));
    assert.equal(line(r, 'Weights'), 68e9);
    assert.equal(line(r, 'Gradients'), 68e9);
    assert.equal(line(r, 'Optimizer states'), 408e9);
    assert.equal(r.fits, false);
    assert.match(withAmount(r.perGpu.lines.find((l) => l.label === 'Optimizer states')!), /34,000,000,000 × 12 B \(4 B fp32 master \+ 4 B m \+ 4 B v\) = 408\.00 GB \(379\.98 GiB\)/);
  });

  it('ZeRO-3 on 4 × A100-80G shards all three: 136 GB of model states per GPU', () => {
    const r = estimate(buildInput({ ...BARE, ...parseFitExpression('34B full bf16 adamw zero3 on 4xA100-80G'), seq: '1' }));
    assert.equal(line(r, 'Weights'), 17e9);
    assert.equal(line(r, 'Gradients'), 17e9);
    assert.equal(line(r, 'Optimizer states'), 102e9);
    assert.equal(r.fits, false);
  });

  it('the smallest ZeRO-3 GPU count for 34B model states is 7 × 80 GiB', () => {
    const r = estimate(buildInput({ ...BARE, ...parseFitExpression('34B full bf16 adamw zero3 recompute on 4xA100-80G'), seq: '1' }));
    assert.equal(r.minGpus, 7);
    const seven = estimate(buildInput({ ...BARE, ...parseFitExpression('34B full bf16 adamw zero3 recompute on 7xA100-80G'), seq: '1' }));
    const six = estimate(buildInput({ ...BARE, ...parseFitExpression('34B full bf16 adamw zero3 recompute on 6xA100-80G'), seq: '1' }));
    assert.equal(seven.fits, true);
    assert.equal(six.fits, false);
  });

  it('activations follow Korthikanti et al.: sbh(34 + 5as/h) per layer, flash attention drops 5as/h', () => {
    const base = { ...BARE, model: 'llama2-7b', mode: 'full', seq: '4096', batch: '1' };
    // per layer 4096 × 1 × 4096 × (34 + 5 × 32 × 4096 / 4096) = 3,254,779,904; × 32 layers
    // + embeddings 2sbh 33,554,432 + fp32 logits 4 × 4096 × 32000 = 524,288,000
    assert.equal(estimate(buildInput({ ...base, flashAttention: false })).perGpu.byKey.activations, 104_710_799_360);
    assert.equal(estimate(buildInput(base)).perGpu.byKey.activations, 18_811_453_440);
    // full recomputation keeps 2sbh per layer
    assert.equal(estimate(buildInput({ ...base, recompute: 'full' })).perGpu.byKey.activations, 1_631_584_256);
    // tensor parallel 4 with sequence parallel: sbh(34/4) per layer, logits ÷ 4, embeddings ÷ 4
    const tpsp = estimate(buildInput({ ...base, tp: '4', gpus: '4', sequenceParallel: true }));
    assert.equal(tpsp.perGpu.byKey.activations, 32 * 16_777_216 * 8.5 + 33_554_432 / 4 + 524_288_000 / 4);
  });

  it('KV cache: LLaMA-2-70B, int4, 32k context, batch 8 = 2 × 80 × 8 × 128 × 32768 × 8 × 2 B = 80 GiB', () => {
    const r = estimate(buildInput({ ...BARE, ...parseFitExpression('llama2-70b inference int4 ctx 32k batch 8 on 1xH100') }));
    assert.equal(r.perGpu.byKey.kvCache, 80 * 1024 ** 3);
    // int4 with a 16-bit scale per 128 weights = 4.125 bits = 33/64 B on the 68,451,041,280 linear
    // weights; embeddings, head and norms (525,606,912) stay 16-bit
    assert.equal(r.perGpu.byKey.weights, Math.round((68_451_041_280 * 33) / 64) + 525_606_912 * 2);
    assert.equal(r.fits, false);
  });

  it('MLA caches the latent: DeepSeek-V3, 4096 tokens = 61 × (512 + 64) × 4096 × 2 B', () => {
    const r = estimate(buildInput({ ...BARE, model: 'deepseek-v3', mode: 'inference', seq: '4096', gpus: '8', tp: '8', gpu: 'H200' }));
    assert.equal(r.perGpu.byKey.kvCache, 287_834_112);
  });

  it('LoRA and QLoRA: frozen base, fp32 adapters with AdamW, NF4 at 4.127 bits with double quantisation', () => {
    const lora = estimate(buildInput({ ...BARE, model: 'llama2-7b', mode: 'lora', loraRank: '16', seq: '1' }));
    assert.equal(line(lora, 'Frozen base weights'), 6_738_415_616 * 2);
    assert.equal(line(lora, 'LoRA adapters (rank 16)'), 39_976_960 * 4);
    assert.equal(lora.perGpu.byKey.gradients, 39_976_960 * 4);
    assert.equal(lora.perGpu.byKey.optimizer, 39_976_960 * 8);
    const qlora = estimate(buildInput({ ...BARE, model: 'llama2-7b', mode: 'qlora', seq: '1' }));
    // linear weights 32 × (4 × 4096² + 3 × 4096 × 11008) = 6,476,005,376 × 4.127 / 8
    assert.equal(line(qlora, 'Base weights (NF4)'), Math.round((6_476_005_376 * 4.127) / 8));
    assert.equal(line(qlora, 'Embeddings and norms (16-bit)'), (6_738_415_616 - 6_476_005_376) * 2);
    const noDq = estimate(buildInput({ ...BARE, model: 'llama2-7b', mode: 'qlora', doubleQuant: false, seq: '1' }));
    assert.equal(line(noDq, 'Base weights (NF4)'), Math.round((6_476_005_376 * 4.5) / 8));
  });

  it('offload moves optimizer states and fp32 gradients to host RAM, reported per node', () => {
    const r = estimate(buildInput({ ...BARE, ...parseFitExpression('7B full bf16 adamw zero2 offload on 8xA100-80G'), seq: '1' }));
    assert.equal(r.perGpu.byKey.optimizer, 0);
    // per GPU (12 B + 4 B) × 7e9 ÷ 8 ranks; × 8 GPUs on the node
    assert.equal(r.host.total, 7e9 * 16);
  });

  it('overheads are explicit lines: CUDA context and an allocator reserve on top of the rest', () => {
    const r = estimate(buildInput({ model: '7B', mode: 'inference', seq: '1', cudaContextGiB: '0.5', allocatorReservePct: '10' }));
    const context = line(r, 'CUDA context')!;
    const reserve = line(r, 'Allocator reserve')!;
    assert.equal(context, 0.5 * 1024 ** 3);
    const rest = r.perGpu.total - context - reserve;
    assert.equal(reserve, Math.round(rest * 0.1));
    assert.equal(r.perGpu.total, r.perGpu.lines.reduce((s, l) => s + l.bytes, 0));
  });

  it('suggestions say what would make it fit, each with its figure', () => {
    const r = estimate(buildInput(parseFitExpression('34B full bf16 adamw zero2 on 8xA100-80G')));
    assert.ok(r.suggestions.length >= 3);
    for (const s of r.suggestions) assert.ok(s.device < r.readings.device && Number.isFinite(s.device), s.label);
    assert.ok(r.suggestions.some((s) => s.label === 'ZeRO-3'));
  });
});

describe('input checks: a sentence, never NaN', () => {
  const bad: [MemoryFields, RegExp][] = [
    [{ gpus: '-3' }, /must be a whole number/],
    [{ gpus: '0' }, /at least 1/],
    [{ model: 'NaN' }, /Unknown model "NaN"/],
    [{ params: '1e400B' }, /"1e400B" is over 10\^15 parameters/],
    [{ params: '0' }, /not a positive parameter count/],
    [{ model: 'gpt-9' }, /Unknown model "gpt-9"/],
    [{ gpu: 'banana' }, /Unknown GPU "banana"/],
    [{ tp: '8', gpus: '4' }, /needs more GPUs than the 4 given/],
    [{ mode: 'qlora', dtype: 'fp32' }, /QLoRA computes in bf16 or fp16/],
    [{ mode: 'full', dtype: 'int4' }, /for inference/],
    [{ offloadParams: 'cpu', zero: '2' }, /needs ZeRO-3/],
    [{ tp: '3', gpus: '3' }, /does not divide the 32 attention heads/],
    [{ seq: 'long' }, /not a number of tokens/],
  ];
  for (const [fields, message] of bad) {
    it(`${JSON.stringify(fields)} → ${message}`, () => {
      assert.throws(() => estimate(buildInput(fields)), (e: Error) => e.name === 'UserError' && message.test(e.message));
    });
  }

  it('reads parameter counts as people write them', () => {
    assert.equal(parseParamCount('7B'), 7e9);
    assert.equal(parseParamCount('6.7e9'), 6.7e9);
    assert.equal(parseParamCount('6738415616'), 6738415616);
    assert.equal(parseParamCount('13b'), 13e9);
    assert.equal(parseParamCount('350M'), 350e6);
  });
});

describe('fit expressions', () => {
  it('parses the examples from the notes', () => {
    assert.deepEqual(parseFitExpression('34B full bf16 adamw zero3 on 4xA100-80G'), {
      model: '34b', mode: 'full', dtype: 'bf16', optimizer: 'adamw', zero: '3', gpus: '4', gpu: 'a100-80g',
    });
    assert.deepEqual(parseFitExpression('llama2-70b inference int4 ctx 32k batch 8 on 1xH100'), {
      model: 'llama2-70b', mode: 'inference', dtype: 'int4', seq: '32k', batch: '8', gpus: '1', gpu: 'h100',
    });
    assert.deepEqual(parseFitExpression('70B qlora-r64 tp2 bs4 recompute on 2 nodes × 8 H100'), {
      model: '70b', mode: 'qlora', loraRank: '64', tp: '2', batch: '4', recompute: 'full', nodes: '2', gpusPerNode: '8', gpu: 'h100',
    });
    assert.deepEqual(parseFitExpression('13b lora on 1x24G'), { model: '13b', mode: 'lora', gpus: '1', gpuMem: '24g' });
  });

  it('refuses a word it does not know, by name', () => {
    assert.throws(() => parseFitExpression('34B full turbo on 4xA100'), /"turbo" is not part of the fit-expression grammar/);
    assert.throws(() => parseFitExpression('34B on lots of gpus'), /is not a GPU setup/);
    assert.throws(() => parseFitExpression('   '), /empty/);
  });
});

describe('canonical fields for the panel form', () => {
  it('resolves aliases from fit expressions to the form’s option values', async () => {
    const { canonicalFields } = await import('../../src/core/memory/input');
    assert.deepEqual(canonicalFields(parseFitExpression('llama2-70B finetune mixed adam zero-3 on 8xa100-80gb')), {
      model: 'llama2-70b', mode: 'full', dtype: 'bf16', optimizer: 'adamw', zero: '3', gpus: '8', gpu: 'A100-80G',
    });
  });
});

describe('what Insert into Note writes reads back to the table under it', () => {
  it('--zero 3 --largest-layer 5b --gpus 8 (0.2.0 wrote an expression worth 59.81 GB over 41.01 GB)', async () => {
    const { describeInput } = await import('../../src/core/memory/describe');
    const fields: MemoryFields = { params: '34B', mode: 'full', zero: '3', largestLayer: '5b', gpus: '8', layers: '60', hidden: '6656', heads: '52', vocab: '64000', doubleQuant: false };
    const r = estimate(buildInput(fields));
    const text = describeInput(r.input);
    assert.match(text, /largest-layer 5000000000/);
    assert.match(text, /layers 60 hidden 6656/);
    assert.equal(estimate(buildInput(parseFitExpression(text))).perGpu.total, r.perGpu.total);
    const exact = estimate(buildInput({ params: '6738415616' }));
    assert.equal(estimate(buildInput(parseFitExpression(describeInput(exact.input)))).input.model.params, 6_738_415_616);
  });
});
