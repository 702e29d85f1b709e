import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { UserError } from '../../../src/core/errors';
import { effectiveArchitecture } from '../../../src/core/models/architecture';
import { describeInput } from '../../../src/core/memory/describe';
import { estimate } from '../../../src/core/memory/estimate';
import { parseFitExpression } from '../../../src/core/memory/fitExpression';
import type { MemoryFields } from '../../../src/core/memory/fields';
import { minGpus, withGpuCount } from '../../../src/core/memory/gpuCount';
import { GPU_PRESETS } from '../../../src/core/memory/gpus';
import { buildInput } from '../../../src/core/memory/input';
import { MODEL_PRESETS } from '../../../src/core/models/presets';
import { loraPerRank } from '../../../src/core/memory/loraTargets';
import type { MemoryInput } from '../../../src/core/memory/types';
import { Counter, RUNS, assertFinite, params } from './fuzz';

const pow2 = (max: number) => fc.integer({ min: 0, max }).map((e) => String(2 ** e));

const customArch = fc
  .record({ heads: fc.constantFrom(1, 2, 4, 8, 16, 32, 64, 128), headDim: fc.constantFrom(16, 32, 64, 80, 128, 256), kvDiv: fc.constantFrom(1, 2, 4, 8), layers: fc.integer({ min: 1, max: 128 }), vocab: fc.integer({ min: 100, max: 256_000 }) })
  .map((a) => ({ layers: String(a.layers), hidden: String(a.heads * a.headDim), heads: String(a.heads), kvHeads: String(Math.max(1, a.heads / Math.min(a.kvDiv, a.heads))), vocab: String(a.vocab) }));

const model = fc.oneof(
  fc.constantFrom(...MODEL_PRESETS.map((m) => m.id)).map((id): MemoryFields => ({ model: id })),
  fc.integer({ min: 1, max: 2000 }).map((b): MemoryFields => ({ model: `${b / 10}B` })),
  customArch,
);

/** Any input the calculator accepts; fields it would refuse are part of the space too (refusals are counted). */
const fields: fc.Arbitrary<MemoryFields> = fc
  .record({
    mode: fc.constantFrom('inference', 'full', 'lora', 'qlora'),
    dtype: fc.constantFrom('fp32', 'bf16', 'bf16', 'fp16', 'pure-bf16', 'int8', 'int4'),
    optimizer: fc.constantFrom('adamw', 'adamw8bit', 'sgd', 'adafactor'),
    zero: fc.constantFrom('0', '1', '2', '3', '3', 'full-shard', 'shard-grad-op'),
    offloadOptimizer: fc.constantFrom('none', 'none', 'cpu', 'nvme'),
    offloadParams: fc.constantFrom('none', 'none', 'cpu', 'nvme'),
    tp: pow2(3),
    pp: pow2(2),
    dp: pow2(6),
    sequenceParallel: fc.boolean(),
    gpu: fc.constantFrom(...GPU_PRESETS.map((g) => g.id)),
    batch: fc.integer({ min: 1, max: 64 }).map(String),
    seq: fc.constantFrom('128', '512', '2048', '4096', '8k', '32k', '128k'),
    recompute: fc.constantFrom('none', 'selective', 'full'),
    flashAttention: fc.boolean(),
    loraRank: fc.constantFrom('1', '8', '16', '64', '256'),
    kvCacheBits: fc.constantFrom('16', '8'),
    loraTargets: fc.constantFrom('all-linear', 'q,v', 'q,k,v,o', 'gate,up,down', 'all-linear,head', 'v,head'),
    loraDropout: fc.boolean(),
    crossEntropy: fc.constantFrom('auto', 'eager', 'fused', 'chunked'),
  })
  .chain((f) =>
    model.map((m) => {
      const { dp, ...rest } = f;
      // Mostly coherent (int weights and no ZeRO for inference), so most cases reach the invariants.
      if (f.mode === 'inference') Object.assign(rest, { zero: '0', offloadOptimizer: 'none', offloadParams: 'none' });
      else if (f.dtype.startsWith('int')) rest.dtype = 'bf16';
      const gpus = Number(f.tp) * Number(f.pp) * Number(dp);
      return { ...rest, ...m, gpus: String(gpus), gpusPerNode: String(Math.min(8, gpus)) } as MemoryFields;
    }),
  );

function accepted(f: MemoryFields, counter: Counter): MemoryInput | undefined {
  try {
    const input = buildInput(f);
    estimate(input, false);
    return input;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    counter.refused++;
    return undefined;
  }
}

const total = (input: MemoryInput) => estimate(input, false).perGpu.total;
/** What the verdict, the smallest GPU count and the suggestions compare with the GPU. */
const device = (input: MemoryInput) => estimate(input, false).readings.device;
/** The same change accepted or refused: comparisons only between inputs the calculator accepts. */
function valid(input: MemoryInput): boolean {
  try {
    estimate(input, false);
    return true;
  } catch (e) {
    if (e instanceof UserError) return false;
    throw e;
  }
}
const withGpus = withGpuCount;

describe(`fuzz: memory calculator invariants (${RUNS.toLocaleString('en-US')} generated inputs each)`, () => {
  function check(name: string, body: (input: MemoryInput) => void, minShare = 0.3) {
    it(name, () => {
      const counter = new Counter(`memory: ${name}`);
      let checked = 0;
      fc.assert(
        fc.property(fields, (f) => {
          counter.time(() => {
            const input = accepted(f, counter);
            if (!input) return;
            checked++;
            body(input);
          });
        }),
        params(),
      );
      assert.ok(checked >= RUNS * minShare, `only ${checked} of ${RUNS} generated inputs were accepted`);
    });
  }

  check('no NaN or Infinity anywhere; the per-GPU total is the sum of its lines', (input) => {
    const r = estimate(input);
    assertFinite(r, 'result');
    assert.equal(r.perGpu.total, r.perGpu.lines.reduce((s, l) => s + l.bytes, 0));
    assert.equal(r.host.total, r.host.lines.reduce((s, l) => s + l.bytes, 0));
    for (const l of r.perGpu.lines) assert.ok(l.bytes >= 0 && Number.isInteger(l.bytes), `${l.key} = ${l.bytes}`);
  });

  // The verdict compares the device reading (nvidia-smi), which holds the allocated peak, the
  // allocator's cache and the context: each reading contains the one before it.
  check('readings: allocated is the largest phase, each phase the sum of what is alive, device ≥ reserved ≥ allocated, the verdict on device', (input) => {
    const r = estimate(input, false);
    assertFinite(r.phases, 'phases');
    assert.ok(r.phases.length >= 2);
    for (const p of r.phases) {
      assert.equal(p.bytes, p.terms.reduce((s, x) => s + x.bytes, 0), p.key);
      for (const x of p.terms) assert.ok(x.bytes > 0 && Number.isInteger(x.bytes) && x.formula.length > 0, `${p.key}: ${x.label} = ${x.bytes}`);
      assert.ok(p.bytes <= r.peak.bytes, `${p.key} ${p.bytes} > peak ${r.peak.key} ${r.peak.bytes}`);
    }
    assert.equal(r.readings.allocated, r.peak.bytes);
    assert.ok(r.readings.reserved >= r.readings.allocated && r.readings.device >= r.readings.reserved + input.cudaContextBytes);
    assert.equal(r.fits, r.readings.device <= r.capacity);
    assert.equal(r.margin, r.capacity - r.readings.device);
  });

  check('a larger micro-batch never lowers the allocated reading', (input) => {
    const more = { ...input, batch: input.batch * 2 };
    if (!valid(more)) return;
    const a = estimate(input, false).readings.allocated;
    const b = estimate(more, false).readings.allocated;
    assert.ok(b >= a, `batch ${input.batch}: ${a}; batch ${more.batch}: ${b}`);
  });

  // At the end of backward a recomputed layer's checkpoint is alive beside its recomputed
  // tensors, which the layer kept without recomputation does not need: where the gradients set the
  // peak, recomputation may cost that one checkpoint more, never anything else.
  check('recomputation never raises the allocated reading by more than one layer’s checkpoint', (input) => {
    if (input.mode === 'inference') return;
    const at = (recompute: MemoryInput['recompute']) => estimate({ ...input, recompute }, false).readings.allocated;
    const checkpoint = (input.batch * input.seq * effectiveArchitecture(input).arch.hidden * (input.precision === 'fp32' ? 4 : 2)) / (input.sequenceParallel ? input.tp : 1);
    const [none, selective, full] = [at('none'), at('selective'), at('full')];
    assert.ok(selective <= none + checkpoint + 1 && full <= selective + checkpoint + 1, `none ${none}, selective ${selective}, full ${full}`);
  });

  check('a fused or chunked cross entropy never needs more than the eager one', (input) => {
    if (input.mode === 'inference') return;
    const at = (crossEntropy: MemoryInput['crossEntropy']) => estimate({ ...input, crossEntropy }, false).readings.allocated;
    const eager = at('eager');
    assert.ok(at('fused') <= eager && at('chunked') <= eager, `eager ${eager}, fused ${at('fused')}, chunked ${at('chunked')}`);
  });

  check('under ZeRO-3, more data-parallel GPUs never raise the allocated reading', (input) => {
    if (input.mode === 'inference' || input.zero !== 3 || input.gpus * 2 > 65536) return;
    const more = withGpus(input, input.gpus * 2);
    if (!valid(more)) return;
    const a = estimate(input, false).readings.allocated;
    const b = estimate(more, false).readings.allocated;
    assert.ok(b <= a, `${input.gpus} GPUs: ${a}; ${more.gpus} GPUs: ${b}`);
  });

  check('under ZeRO-3, more GPUs never raise the per-GPU figure', (input) => {
    if (input.mode === 'inference') return;
    const z3 = { ...input, zero: 3 as const };
    if (!valid(z3) || z3.gpus * 2 > 65536) return;
    const more = withGpus(z3, z3.gpus * 2);
    if (!valid(more)) return;
    assert.ok(total(more) <= total(z3), `${z3.gpus} GPUs: ${total(z3)}; ${more.gpus} GPUs: ${total(more)}`);
  });

  // ZeRO-3 adds one cost of its own, the gathered layer (4 B × largest layer, as DeepSpeed's
  // estimator counts it), which the result shows on its own line. Where it outweighs what sharding
  // saves (one data-parallel rank; a tiny model with a large vocabulary) the total rightly rises:
  // the fuzzer found such cases, and the calculator never suggests ZeRO-3 there.
  check('a higher ZeRO stage never raises the per-GPU figure, ZeRO-3’s gathered layer aside', (input) => {
    if (input.mode === 'inference' || input.zero === 3) return;
    const next = { ...input, zero: (input.zero + 1) as 1 | 2 | 3 };
    if (!valid(next)) return;
    // The allocator reserve is a share of the other lines, the gathered layer included: left out too.
    const sharded = (i: MemoryInput) => estimate(i, false).perGpu.lines.filter((l) => l.label !== 'ZeRO-3 gathered layer' && l.key !== 'overhead').reduce((s, l) => s + l.bytes, 0);
    assert.ok(sharded(next) <= sharded(input), `ZeRO-${input.zero}: ${sharded(input)}; ZeRO-${next.zero}: ${sharded(next)}`);
    const advice = estimate(input).suggestions.find((s) => s.label === `ZeRO-${next.zero}`);
    if (advice) assert.ok(advice.device < device(input));
  });

  check('offload never raises GPU memory', (input) => {
    if (input.mode === 'inference' || input.zero === 0) return;
    const base = { ...input, offloadOptimizer: 'none' as const, offloadParams: 'none' as const };
    if (!valid(base)) return;
    for (const change of [{ offloadOptimizer: 'cpu' as const }, { offloadParams: 'cpu' as const }, { offloadOptimizer: 'cpu' as const, offloadParams: 'cpu' as const }, { offloadOptimizer: 'nvme' as const, offloadParams: 'nvme' as const }]) {
      const off = { ...base, ...change };
      if (valid(off)) assert.ok(total(off) <= total(base), `${JSON.stringify(change)}: ${total(off)} > ${total(base)}`);
    }
  });

  check('recomputation never raises activations', (input) => {
    if (input.mode === 'inference') return;
    const act = (recompute: MemoryInput['recompute']) => estimate({ ...input, recompute }, false).perGpu.byKey.activations;
    const [none, selective, full] = [act('none'), act('selective'), act('full')];
    assert.ok(selective <= none && full <= selective, `none ${none}, selective ${selective}, full ${full}`);
  });

  // Without data-parallel sharding. With ZeRO-2/3 over many ranks, full training's sharded
  // gradients and optimizer states can undercut LoRA's replicated fp32 adapters (the fuzzer found
  // 128 GPUs, ZeRO-2, SGD: LoRA 0.47 GB more), which is what those GPUs would really hold.
  // With the optimizer offloaded, full training keeps neither gradients nor states on the GPU
  // (DeepSpeed streams the gradients to the host), so LoRA's adapters are all that differs: outside the premise.
  check('LoRA never needs more than full training of the same model, unsharded', (input) => {
    if (input.mode !== 'full' || input.offloadOptimizer !== 'none' || (input.zero > 0 && input.gpus / (input.tp * input.pp) > 1)) return;
    // LoRA's premise is a low rank: where the adapters reach a quarter of the model (rank 64 on
    // hidden 256, say) they cost more than the model they adapt, and the result says so in a note.
    const { counts, arch } = effectiveArchitecture(input);
    if (input.loraRank * loraPerRank(counts, input.loraTargets, arch.hidden, arch.vocab) * Math.max(1, input.model.params / counts.total) > input.model.params / 4) return;
    const p = input.precision;
    const lora = { ...input, mode: 'lora' as const, precision: p === 'mixed-bf16' ? ('bf16' as const) : p === 'mixed-fp16' ? ('fp16' as const) : p };
    if (!valid(lora)) return;
    assert.ok(total(lora) <= total(input), `LoRA ${total(lora)} > full ${total(input)} (rank ${input.loraRank}, hidden ${effectiveArchitecture(input).arch.hidden})`);
  });

  // "Insert into Note" writes describeInput's expression above the table: read back, it must give
  // the same figures (0.2.0 dropped custom architectures, --largest-layer and --no-double-quant
  // and rounded the parameter count: 59.81 GB written over a table of 41.01 GB).
  check('the canonical expression reads back to the same figures, byte for byte', (input) => {
    const varied: MemoryInput = {
      ...input,
      model: { ...input.model, params: input.model.params + (input.model.arch ? 0 : 12_345), largestLayer: input.zero === 3 && input.mode !== 'inference' ? Math.min(input.model.params, 5e8 + input.batch) : input.model.largestLayer },
      doubleQuant: input.batch % 2 === 0,
      cudaContextBytes: (input.seq % 3) * 2 ** 28,
      allocatorReserve: (input.batch % 4) / 100,
    };
    if (!valid(varied)) return;
    const text = describeInput(varied);
    const again = estimate(buildInput(parseFitExpression(text)), false);
    assert.deepEqual(
      again.perGpu.lines.map((l) => [l.label, l.bytes]),
      estimate(varied, false).perGpu.lines.map((l) => [l.label, l.bytes]),
      text,
    );
  });

  check('the smallest GPU count reported fits, and one fewer does not', (input) => {
    const min = minGpus(input);
    if (min === undefined) return;
    const mp = input.tp * input.pp;
    if (input.mode === 'inference' && min !== mp) {
      // Inference grows tensor parallelism: the chosen TP fits, every smaller candidate does not.
      const tp = min / input.pp;
      assert.ok(device(withGpus({ ...input, tp }, min)) <= input.gpu.bytes);
      for (let t = input.tp; t < tp; t *= 2) assert.ok(!valid(withGpus({ ...input, tp: t }, t * input.pp)) || device(withGpus({ ...input, tp: t }, t * input.pp)) > input.gpu.bytes, `TP ${t} fits already`);
      return;
    }
    assert.ok(device(withGpus(input, min)) <= input.gpu.bytes, `${min} GPUs do not fit`);
    if (min > mp) assert.ok(device(withGpus(input, min - mp)) > input.gpu.bytes, `${min - mp} GPUs fit already (reported ${min})`);
  }, 0.2);
});
