import * as assert from 'node:assert/strict';
import { estimate } from '../../src/core/memory/estimate';
import type { MemoryFields } from '../../src/core/memory/fields';
import { parseFitExpression } from '../../src/core/memory/fitExpression';
import { buildInput } from '../../src/core/memory/input';
import { formatLoraTargets, parseLoraTargets } from '../../src/core/memory/loraTargets';
import { lossBuffers } from '../../src/core/memory/lossBuffers';
import { keptPerLayer, layerItems, perToken } from '../../src/core/memory/savedActivations';
import { english } from '../../src/core/l10n';
import { effectiveArchitecture } from '../../src/core/models/architecture';
import { memoryJson } from '../../src/core/memory/report';

/** Overheads off, so the hand-worked figures below are the whole story. */
const BARE: MemoryFields = { cudaContextGiB: '0', allocatorReservePct: '0' };
const input = (expression: string, extra: MemoryFields = {}) => buildInput({ ...BARE, ...parseFitExpression(expression), ...extra });
const term = (r: ReturnType<typeof estimate>, phase: string, label: string) => r.phases.find((p) => p.key === phase)?.terms.find((x) => x.label === label)?.bytes;
const GiB = 1024 ** 3;

describe('saved activations, tensor by tensor (bytes per token per layer)', () => {
  it('LLaMA-2-7B LoRA on all linear layers with dropout, pure bf16, flash: 238,464 B', () => {
    const i = input('llama2-7b lora pure-bf16 adamw ctx 2048 batch 1 rank 16 on 1xA100-80G');
    // h 4,096, ffn 11,008; adapters in bf16 (pure): a dropout keeps 2 B + a 1 B mask per element
    //   attention RMSNorm input in fp32          4 × 4,096 = 16,384
    //   dropout before q, k, v             3 × 3 × 4,096 = 36,864
    //   q, k, v                            3 × 2 × 4,096 = 24,576
    //   flash output + log-sum-exp      2 × 4,096 + 32 × 4 = 8,320
    //   dropout before o                       3 × 4,096 = 12,288
    //   MLP RMSNorm input in fp32              4 × 4,096 = 16,384
    //   dropout before gate, up            2 × 3 × 4,096 = 24,576
    //   gate, SiLU and up outputs         3 × 2 × 11,008 = 66,048
    //   dropout before down                   3 × 11,008 = 33,024
    assert.equal(keptPerLayer(i, effectiveArchitecture(i).arch, english).perToken, 238_464);
  });

  it('Llama-3-8B full fine-tuning, mixed bf16, flash: 221,312 B (k and v repeated to the 32 query heads)', () => {
    const i = input('llama3-8b full bf16 adamw ctx 8192 batch 1 on 1xH100');
    //   attention RMSNorm: fp32 input 16,384 + the normalised tensor its weight multiplies 8,192 = 24,576
    //   its output, the input of q/k/v                   8,192
    //   q, k, v (repeat_kv)                3 × 8,192 = 24,576
    //   flash output + log-sum-exp       8,192 + 128 = 8,320
    //   o_proj input (transposed copy)                   8,192
    //   MLP RMSNorm 24,576 + its output 8,192           32,768
    //   gate, SiLU, up                 3 × 2 × 14,336 = 86,016
    //   down input                         2 × 14,336 = 28,672
    assert.equal(keptPerLayer(i, effectiveArchitecture(i).arch, english).perToken, 221_312);
  });

  it('QLoRA keeps the input of every 4-bit layer (bitsandbytes MatMul4Bit saves it): more than LoRA', () => {
    const lora = input('llama2-7b lora pure-bf16 ctx 2048 on 1xA100-80G');
    const qlora = input('llama2-7b qlora pure-bf16 ctx 2048 on 1xA100-80G');
    const arch = effectiveArchitecture(lora).arch;
    // The norms' outputs (2 × 8,192), the o_proj input (8,192) and the down input (22,016) on top.
    assert.equal(keptPerLayer(qlora, arch, english).perToken - keptPerLayer(lora, arch, english).perToken, 16_384 + 8_192 + 22_016);
  });

  it('full recomputation keeps the layer input; selective with flash keeps every other matmul output', () => {
    const i = input('llama3-8b full bf16 adamw ctx 8192 batch 1 recompute on 1xH100');
    const arch = effectiveArchitecture(i).arch;
    assert.equal(keptPerLayer(i, arch, english).perToken, 8_192);
    // q 4,096 + v 1,024 + gate 14,336 + down 4,096 outputs × 2 B, flash output 8,320, the layer input 8,192
    assert.equal(keptPerLayer({ ...i, recompute: 'selective' }, arch, english).perToken, 47_104 + 8_320 + 8_192);
  });

  it('eager attention keeps the fp32 softmax and its 16-bit copy: 6 B per head per key', () => {
    const i = input('llama2-7b full bf16 adamw ctx 2048 no-flash on 1xA100-80G');
    const arch = effectiveArchitecture(i).arch;
    const scores = layerItems(i, arch, english).filter((x) => x.scores);
    assert.equal(perToken(scores, i), 32 * 2048 * 6);
  });
});

describe('the loss over the vocabulary', () => {
  it('eager: 12 B per logit; Megatron’s fused: 6; litgpt’s chunked: 4; split by tensor parallelism', () => {
    const i = input('llama3-8b full bf16 adamw ctx 8192 batch 2 on 8xH100');
    const arch = effectiveArchitecture(i).arch;
    const logits = 2 * 8192 * 128_256;
    assert.equal(lossBuffers(i, arch, english).bytes, logits * 12);
    assert.equal(lossBuffers({ ...i, crossEntropy: 'fused' }, arch, english).bytes, logits * 6);
    assert.equal(lossBuffers({ ...i, crossEntropy: 'chunked' }, arch, english).bytes, logits * 4);
    // auto: tensor parallelism means Megatron, whose cross entropy is vocab-parallel and fused
    assert.equal(lossBuffers({ ...i, tp: 2 }, arch, english).bytes, (logits / 2) * 6);
  });
});

describe('what the step keeps per GPU', () => {
  const P = 8_030_261_248;
  it('Megatron-style mixed precision: 2 + 4 (fp32 main grads) + 12 = 18 B per parameter; 6 + 12/d with the distributed optimizer', () => {
    const one = estimate(input('llama3-8b full bf16 adamw ctx 1 on 1xH200'), false);
    assert.equal((term(one, 'loss', 'Weights') ?? 0) + (term(one, 'loss', 'Optimizer states') ?? 0) + (term(one, 'loss', 'fp32 main gradients') ?? 0), 18 * P);
    const eight = estimate(input('llama3-8b full bf16 adamw zero1 ctx 1 on 8xH100'), false);
    assert.equal(term(eight, 'step', 'Weights'), 2 * P);
    assert.equal(term(eight, 'step', 'fp32 main gradients'), 4 * P);
    assert.equal(term(eight, 'step', 'Optimizer states'), (12 * P) / 8);
  });

  it('DeepSpeed’s ZeRO keeps fp32 master weights for 16-bit parameters even in “pure” bf16; FSDP does not', () => {
    const ds = estimate(input('llama2-7b full pure-bf16 adamw zero3 ctx 512 on 4xA10'), false);
    assert.equal(term(ds, 'step', 'Optimizer states with DeepSpeed’s fp32 master weights'), (6_738_415_616 * 12) / 4);
    const fsdp = estimate(input('llama2-7b full pure-bf16 adamw fsdp ctx 512 on 4xA10'), false);
    assert.equal(term(fsdp, 'step', 'Optimizer states'), (6_738_415_616 * 4) / 4);
  });

  it('ZeRO-3 live parameters: the head and half the reuse distance of layers; FSDP: the root and two layer units', () => {
    const ds = estimate(input('llama2-7b full bf16 adamw zero3 ctx 512 on 8xA100-80G'), false);
    // layer = (6,738,415,616 − 2 × 131,072,000) ÷ 32 = 202,383,488 < 1e9 ÷ 2
    assert.equal(term(ds, 'loss', 'ZeRO-3 live parameters'), 131_072_000 * 2 + 500_000_000 * 2);
    assert.equal(term(ds, 'loss', 'ZeRO-3 prefetch bucket'), 50_000_000 * 2);
    assert.equal(term(ds, 'loss', 'ZeRO-3 reduce bucket'), 500_000_000 * 2);
    const fsdp = estimate(input('llama2-7b full bf16 adamw fsdp ctx 512 on 8xA100-80G'), false);
    assert.equal(term(fsdp, 'loss', 'FSDP units gathered'), 262_144_000 * 2 + 2 * 202_383_488 * 2);
    assert.equal(term(fsdp, 'loss', 'ZeRO-3 reduce bucket'), undefined);
    // Settable as ds_config names them
    const small = estimate(input('llama2-7b full bf16 adamw zero3 ctx 512 stage3-max-live-parameters 3e8 reduce-bucket-size 2e8 on 8xA100-80G'), false);
    assert.equal(term(small, 'loss', 'ZeRO-3 live parameters'), 131_072_000 * 2 + 300_000_000 * 2);
    assert.equal(term(small, 'loss', 'ZeRO-3 reduce bucket'), 200_000_000 * 2);
  });

  it('ZeRO-2 with optimizer offload streams the gradients: the GPU holds the 16-bit weights, as DeepSpeed’s estimator says (2P)', () => {
    const cmd = '--params 10280000000 --layers 50 --hidden 4096 --heads 32 --head-dim 128 --ffn 16384 --vocab 50304 --tied';
    void cmd;
    const r = estimate(buildInput({ ...BARE, params: '10280000000', layers: '50', hidden: '4096', heads: '32', headDim: '128', ffn: '16384', vocab: '50304', tiedEmbeddings: true, mode: 'full', dtype: 'fp16', optimizer: 'adamw', zero: '2', offloadOptimizer: 'cpu', recompute: 'full', flashAttention: false, seq: '1024', batch: '10', gpu: 'V100-32G' }), false);
    assert.equal(r.perGpu.byKey.weights + r.perGpu.byKey.gradients + r.perGpu.byKey.optimizer, 2 * 10_280_000_000);
    assert.equal(term(r, 'loss', 'Weights'), 2 * 10_280_000_000);
    assert.equal(term(r, 'loss', 'Gradients'), undefined);
  });

  it('QLoRA with FSDP parameter offload is accepted: the NF4 weights live on the host', () => {
    const r = estimate(input('llama2-70b qlora bf16 adamw fsdp offload-all ctx 2048 batch 2 recompute rank 8 on 2xRTX4090'), false);
    assert.equal(r.perGpu.byKey.weights > 0, true); // the adapters
    assert.ok(r.host.lines.some((l) => l.label === 'Base weights (NF4) and 16-bit embeddings, offloaded'));
  });
});

describe('the three readings', () => {
  it('reserved = allocated + the allocator reserve; device = reserved + CUDA context + NCCL per communicator', () => {
    const r = estimate(buildInput({ ...parseFitExpression('llama2-7b full bf16 adamw zero3 ctx 2048 on 8xA100-80G'), cudaContextGiB: '0.5', allocatorReservePct: '5' }), false);
    assert.equal(r.readings.allocated, r.peak.bytes);
    assert.equal(r.readings.reserved, r.readings.allocated + Math.round(r.readings.allocated * 0.05));
    // one data-parallel communicator: 2 × 32 channels × 4 MiB
    assert.equal(r.readings.device, r.readings.reserved + 0.5 * GiB + 256 * 1024 ** 2);
    assert.equal(r.fits, r.readings.device <= r.capacity);
    const json = memoryJson(r) as { readings: Record<string, number>; peak: { phase: string }; model: { params: number } };
    assert.deepEqual(json.readings, { allocated: r.readings.allocated, reserved: r.readings.reserved, device: r.readings.device });
    assert.equal(json.peak.phase, r.peak.key);
    assert.equal(json.model.params, 6_738_415_616);
  });

  it('one GPU has no NCCL communicator', () => {
    const r = estimate(buildInput({ ...BARE, model: 'llama2-7b', mode: 'inference', seq: '4096' }), false);
    assert.equal(r.readings.device, r.readings.reserved);
    assert.equal(r.peak.key, 'prefill');
  });
});

describe('LoRA target modules', () => {
  it('reads PEFT’s names and groups, and writes a canonical list back', () => {
    const read = (s: string) => {
      const r = parseLoraTargets(s);
      return 'targets' in r ? formatLoraTargets(r.targets) : `unknown ${r.unknown}`;
    };
    assert.equal(read('q_proj,v_proj'), 'q,v');
    assert.equal(read('all-linear'), 'all-linear');
    assert.equal(read('attn,mlp'), 'all-linear');
    assert.equal(read('query_key_value'), 'q,k,v');
    assert.equal(read('q,v,lm_head'), 'q,v,head');
    assert.equal(read('q,bogus'), 'unknown bogus');
  });

  it('rank 8 on q and v of LLaMA-2-7B: 8 × 32 × 2 × (4,096 + 4,096) = 4,194,304 adapter parameters', () => {
    const r = estimate(input('llama2-7b lora bf16 adamw rank 8 targets q,v ctx 512 on 1xA100-80G'), false);
    assert.equal(r.perGpu.lines.find((l) => l.label === 'LoRA adapters (rank 8)')?.bytes, 4_194_304 * 4);
    assert.throws(() => input('llama2-7b lora targets gate_proj,foo on 1xA100-80G'), /LoRA target "foo" is not a linear layer/);
  });
});

describe('quantised inference keeps the embeddings and head in 16 bits', () => {
  it('LLaMA-2-70B int4: 68,451,041,280 linear weights × 4.125 bits + 525,606,912 × 2 B', () => {
    const r = estimate(input('llama2-70b inference int4 ctx 4096 on 1xH100'), false);
    assert.equal(r.perGpu.byKey.weights, Math.round((68_451_041_280 * 4.125) / 8) + 525_606_912 * 2);
  });
});
