import type { LineContext } from './lines';
import { isFsdp, type PhaseTerm } from './types';
import { GiB, n } from './units';

/** What the step's buffers are sized from, worked out once (phases.ts). */
export interface StepFacts {
  /** Parameters on one model-parallel rank: P ÷ (TP × PP). */
  paramsPerRank: number;
  /** Parameters that train (all of them, or the adapters), per model-parallel rank. */
  trainedPerRank: number;
  /** Bytes per parameter as the GPU holds it gathered: 2 (16-bit), 4 (fp32), NF4 storage for QLoRA. */
  gatheredBytes: number;
  /** Bytes per gradient element of what trains (fp32 adapters: 4). */
  gradBytes: number;
  /** The 16-bit (or fp32) element of the model's own tensors. */
  elementBytes: number;
  /** The largest single parameter tensor on this rank (DeepSpeed's largest_param_numel). */
  largestParam: number;
  /** One layer's parameters on this rank, and the layers of this pipeline stage. */
  layerParams: number;
  layersPerStage: number;
  /** Embeddings and output head on this rank, the head alone, and their bytes per parameter (16-bit even under QLoRA). */
  embeddingParams: number;
  headParams: number;
  embeddingBytes: number;
  /** Bytes per gradient element in FSDP's reduce-scatter (fp32 under mixed precision). */
  reduceBytes: number;
  maxReuseDistance: number;
}

export interface EngineBuffers {
  /** Allocated once and kept: alive in every phase. */
  resident: PhaseTerm[];
  /** Parameters gathered for forward, loss and backward (ZeRO-3, FSDP). */
  gathered: PhaseTerm[];
  /** Gradient buckets that exist once parameters have gradients (ZeRO-1/2 allocate them on the first). */
  backward: PhaseTerm[];
}

/** NCCL_BUFFSIZE (4 MiB) for send and receive on each of 32 channels: what one communicator holds outside PyTorch's allocator. */
export const NCCL_BYTES_PER_COMMUNICATOR = 2 * 32 * 4 * 1024 ** 2;

/**
 * The distributed engine's own buffers, with DeepSpeed's defaults (settable as ds_config names them):
 *
 * - ZeRO-3 keeps up to stage3_max_live_parameters gathered (the parameters of the last layers
 *   stay gathered for the backward while they are reused within stage3_max_reuse_distance),
 *   prefetches stage3_prefetch_bucket_size ahead, and allocates a reduce_bucket_size gradient
 *   bucket per dtype at initialisation (stage3.py: torch.empty(self.reduce_bucket_size));
 * - FSDP gathers a wrapped unit (a transformer layer) at a time and prefetches the next, keeps the
 *   root unit (embeddings, head) gathered, and reduce-scatters each unit's gradients when its
 *   backward ends (in fp32 under mixed precision, as torchtitan's MixedPrecisionPolicy reduces);
 * - with pipeline parallelism, FSDP keeps a stage's parameters gathered between micro-batches
 *   (reshard_after_forward=False, as torchtitan sets it with PP);
 * - ZeRO-1/2 copy gradients into a reduce_bucket_size bucket as they are produced
 *   (contiguous_gradients, default on; a second one with overlap_comm, default off below stage 3),
 *   allocated when the first gradient arrives (process_gradients → setup_buckets), and with optimizer offload keep a largest-parameter buffer for
 *   the copies to the host;
 * - plain data parallel (torch DDP) keeps its gradient buckets next to the gradients
 *   (gradient_as_bucket_view=False by default): a second copy of what trains.
 */
export function engineBuffers(ctx: LineContext, facts: StepFacts): EngineBuffers {
  // FSDP's wrapped units (a layer each, the rest in the root): the unit in use, the one prefetched, the root.
  const { input, t, dp } = ctx;
  const src = ctx.src;
  const out: EngineBuffers = { resident: [], gathered: [], backward: [] };
  if (input.mode === 'inference') return out;
  const z = input.zero;
  const { maxLiveParameters, prefetchBucketSize, reduceBucketSize } = input.zeroBuckets;
  const e = facts.elementBytes;
  if (z === 3) {
    const perRank = facts.paramsPerRank;
    if (input.pp > 1) {
      out.gathered.push({
        label: t('Stage parameters kept gathered (FSDP with pipeline parallel)'),
        bytes: facts.layerParams * facts.layersPerStage * facts.gatheredBytes + facts.embeddingParams * facts.embeddingBytes,
        formula: t('{0} parameters of this stage’s layers × {1} B + embeddings {2} × {3} B', n(Math.round(facts.layerParams * facts.layersPerStage)), round(facts.gatheredBytes), n(Math.round(facts.embeddingParams)), facts.embeddingBytes),
        source: src.fsdpPipeline,
      });
    } else if (isFsdp(input.sharding)) {
      out.gathered.push({
        label: t('FSDP units gathered'),
        bytes: facts.embeddingParams * facts.embeddingBytes + 2 * facts.layerParams * facts.gatheredBytes,
        formula: t('root unit (embeddings and head) {0} × {1} B + 2 layer units (in use and prefetched) × {2} × {3} B', n(Math.round(facts.embeddingParams)), facts.embeddingBytes, n(Math.round(facts.layerParams)), round(facts.gatheredBytes)),
        source: src.fsdpUnits,
      });
    } else {
      // Parameters reused within stage3_max_reuse_distance stay gathered: at the turn from forward to
      // backward, the output head and the last layers (each reused after the layers behind it run
      // forward and backward, so about half the distance), never more than stage3_max_live_parameters.
      const layers = Math.min(maxLiveParameters, Math.max(facts.layerParams, facts.maxReuseDistance / 2), Math.max(0, perRank - facts.headParams));
      out.gathered.push({
        label: t('ZeRO-3 live parameters'),
        bytes: facts.headParams * facts.embeddingBytes + layers * facts.gatheredBytes,
        formula: t('output head {0} × {1} B + min(stage3_max_live_parameters {2}, max(a layer {3}, stage3_max_reuse_distance {4} ÷ 2)) × {5} B', n(Math.round(facts.headParams)), facts.embeddingBytes, n(maxLiveParameters), n(Math.round(facts.layerParams)), n(facts.maxReuseDistance), round(facts.gatheredBytes)),
        source: src.zero3Buffers,
      });
      const prefetch = Math.min(prefetchBucketSize, Math.max(0, perRank - facts.headParams - layers));
      if (prefetch > 0) {
        out.gathered.push({
          label: t('ZeRO-3 prefetch bucket'),
          bytes: prefetch * facts.gatheredBytes,
          formula: t('stage3_prefetch_bucket_size {0} × {1} B', n(prefetch), round(facts.gatheredBytes)),
          source: src.zero3Buffers,
        });
      }
    }
    if (isFsdp(input.sharding)) {
      const unitGrads = input.mode === 'full' ? facts.layerParams : facts.trainedPerRank / Math.max(1, facts.layersPerStage);
      out.backward.push({
        label: t('A unit’s gradients before reduce-scatter'),
        bytes: unitGrads * facts.reduceBytes,
        formula: t('{0} parameters of one unit × {1} B', n(Math.round(unitGrads)), facts.reduceBytes),
        source: src.fsdpUnits,
      });
    } else {
      out.resident.push({
        label: t('ZeRO-3 reduce bucket'),
        bytes: reduceBucketSize * e,
        formula: t('reduce_bucket_size {0} × {1} B', n(reduceBucketSize), e),
        source: src.zero3Buffers,
      });
    }
  } else if (z >= 1 && input.sharding === 'deepspeed') {
    out.backward.push({
      label: t('ZeRO-{0} gradient bucket', z),
      bytes: reduceBucketSize * e,
      formula: t('reduce_bucket_size {0} × {1} B (contiguous_gradients)', n(reduceBucketSize), e),
      source: src.zero12Buffers,
    });
    if (input.offloadOptimizer !== 'none') {
      out.resident.push({
        label: t('Offload staging buffer'),
        bytes: facts.largestParam * e,
        formula: t('largest parameter {0} × {1} B', n(facts.largestParam), e),
        source: src.zero12Buffers,
      });
    }
  } else if (dp > 1 && z === 0) {
    out.resident.push({
      label: t('DDP gradient buckets'),
      bytes: facts.trainedPerRank * facts.gradBytes,
      formula: t('{0} trained parameters × {1} B (a copy of the gradients)', n(Math.round(facts.trainedPerRank)), facts.gradBytes),
      source: src.ddp,
    });
  }
  return out;
}

/** Communicators with more than one rank: data parallel, tensor parallel, pipeline parallel. */
export function communicators(ctx: LineContext): number {
  const { input, dp } = ctx;
  return (dp > 1 ? 1 : 0) + (input.tp > 1 ? 1 : 0) + (input.pp > 1 ? 1 : 0);
}

/** "0.25 GiB" */
export function gib(bytes: number): string {
  return `${(bytes / GiB).toFixed(2)} GiB`;
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(3).replace(/0+$/, '');
}
