import { english, type Translate } from '../l10n';
import { breakdown, lineContext, type Breakdown } from '../memory/breakdown';
import { describeInput } from '../memory/describe';
import { withGpuCount } from '../memory/gpuCount';
import type { MemoryInput, Readings, ShardingEngine, ZeroStage, Recompute, Offload } from '../memory/types';
import { validate } from '../memory/validation';
import { effectiveArchitecture } from '../models/architecture';
import { estimateTime } from '../time/timeEstimate';
import type { TimeResult } from '../time/types';
import { planChanges } from './changes';

/** One configuration that fits, with what it costs in memory and time. */
export interface Plan {
  input: MemoryInput;
  /** A fit expression `llm-notes mem` reproduces exactly. */
  expression: string;
  readings: Readings;
  peakPhase: string;
  capacity: number;
  time?: TimeResult;
  /** Wall-clock per token of the whole cluster (training), or per generated token (serving). */
  secondsPerToken: number;
  /** GPU-seconds per token: what the plan costs. */
  gpuSecondsPerToken: number;
  /** What differs from the configuration as written, in words. */
  changes: string[];
}

export interface PlanSearch {
  /** Every plan that fits on the GPU count searched first (the one written), fastest first. */
  plans: Plan[];
  fastest?: Plan;
  /** The fewest GPUs that fit, fastest there. */
  fewestGpus?: Plan;
  /** The fewest GPU-seconds per token. */
  cheapest?: Plan;
  /** Memory against speed: no other plan is both lighter and faster. */
  pareto: Plan[];
  /** Nothing fits on the count written: why, and the smallest count that would (its plans in `elsewhere`). */
  none?: { reason: string; minGpus?: number };
  /** Plans on another GPU count: the fewest that fit, or the smallest cluster when none fits as written. */
  elsewhere: Plan[];
  /** Configurations estimated. */
  evaluated: number;
  /** How the space was pruned, said plainly. */
  rule: string;
}

export interface PlanOptions {
  /** Search up to this many GPUs for the smallest cluster when nothing fits as written (default 65,536). */
  maxGpus?: number;
  /** Candidates estimated between yields of the step generator (one slice). */
  sliceSize?: number;
  /** Host RAM per node for offloaded state, bytes (default 1 TiB). */
  hostRamPerNode?: number;
}

/**
 * Host RAM a node offers to offloaded state when none is given: 1 TiB, what DGX A100 40GB
 * (1 TB) and AWS p4d (1,152 GiB) hold; DGX H100 and p5 hold 2 TB. A plan that offloads more than
 * this per node is not a plan.
 */
export const HOST_RAM_PER_NODE = 2 ** 40;

/** What a configuration must stay within: each GPU's memory and each node's host RAM. */
interface Limits {
  hostRamPerNode: number;
}

/** One search's settings and tally, shared by the counts it searches. */
interface SearchRun {
  t: Translate;
  counter: { evaluated: number };
  slice: number;
  limits: Limits;
}

function within(b: Breakdown, limits: Limits): boolean {
  return b.readings.device <= b.capacity && b.host.total <= limits.hostRamPerNode;
}

/** How sharded state is held: each engine's stages, as the search tries them. */
const SHARDINGS: readonly { zero: ZeroStage; sharding: ShardingEngine }[] = [
  { zero: 0, sharding: 'deepspeed' },
  { zero: 1, sharding: 'deepspeed' },
  { zero: 2, sharding: 'deepspeed' },
  { zero: 3, sharding: 'deepspeed' },
  { zero: 1, sharding: 'megatron' },
  { zero: 2, sharding: 'fsdp' },
  { zero: 3, sharding: 'fsdp' },
  { zero: 3, sharding: 'fsdp-hybrid' },
];

const RECOMPUTE: readonly Recompute[] = ['none', 'selective', 'full'];
const OFFLOADS: readonly { optimizer: Offload; params: Offload }[] = [
  { optimizer: 'none', params: 'none' },
  { optimizer: 'cpu', params: 'none' },
  { optimizer: 'cpu', params: 'cpu' },
];

/** A cluster's nodes hold 8 GPUs (HGX/DGX boards); one written node is grown in nodes of 8 when the count allows. */
const NODE_GPUS = 8;

/**
 * The configuration on `gpus` GPUs. Below or at the count written, nodes as written; above it, a
 * single machine of fewer than 8 GPUs grows into nodes of 8 (a cluster is not built of 1-GPU hosts).
 */
function sizedTo(base: MemoryInput, gpus: number): MemoryInput {
  const sized = withGpuCount(base, gpus);
  if (gpus > base.gpus && base.gpusPerNode < NODE_GPUS && gpus % NODE_GPUS === 0) return { ...sized, gpusPerNode: NODE_GPUS };
  if (gpus > base.gpus && base.gpusPerNode < NODE_GPUS && gpus < NODE_GPUS) return { ...sized, gpusPerNode: gpus };
  return sized;
}

function powersOfTwoUpTo(n: number): number[] {
  const out: number[] = [];
  for (let x = 1; x <= n; x *= 2) out.push(x);
  return out;
}

/** Tensor-parallel sizes the heads allow within a node; pipeline sizes that divide the layers. */
function parallelShapes(base: MemoryInput, gpus: number, perNode: number): { tp: number; pp: number }[] {
  const arch = effectiveArchitecture(base).arch;
  const tps = powersOfTwoUpTo(Math.min(perNode, gpus, 64)).filter((tp) => arch.heads % tp === 0 && (arch.kvHeads % tp === 0 || tp % arch.kvHeads === 0));
  const pps = [1, 2, 4, 8, 16, 32].filter((pp) => pp <= arch.layers && arch.layers % pp === 0);
  const out: { tp: number; pp: number }[] = [];
  for (const tp of tps) for (const pp of pps) if (gpus % (tp * pp) === 0) out.push({ tp, pp });
  return out;
}

/** Micro-batch sizes that divide a rank's sequences per step, smallest first. */
function microBatches(sequencesPerRank: number): number[] {
  const out = powersOfTwoUpTo(sequencesPerRank).filter((b) => sequencesPerRank % b === 0);
  if (!out.includes(sequencesPerRank)) out.push(sequencesPerRank);
  return out;
}

/**
 * The sequences one data-parallel rank trains per step. The global batch is the training recipe's
 * and stays: the one written, or else the one the configuration as written implies (micro-batch ×
 * its data-parallel size). A count with more ranks than that has each rank train the micro-batch.
 */
function sequencesPerRank(base: MemoryInput, dp: number): number | undefined {
  const written = base.time.globalBatch;
  if (written !== undefined) return written % dp === 0 ? written / dp : undefined;
  const implied = base.batch * Math.max(1, Math.floor(base.gpus / (base.tp * base.pp)));
  if (implied % dp === 0) return implied / dp;
  return dp > implied ? base.batch : undefined;
}

/** Estimates one candidate: undefined when it is not a valid configuration or does not fit. */
function evaluate(base: MemoryInput, candidate: MemoryInput, limits: Limits, t: Translate): Plan | 'tooBig' | undefined {
  try {
    validate(candidate);
  } catch {
    return undefined;
  }
  const b = breakdown(candidate);
  if (!within(b, limits)) return 'tooBig';
  const time = estimateTime(lineContext(candidate), b.perGpu.lines);
  const perToken = time ? (time.tokensPerSecond ? 1 / time.tokensPerSecond : time.decodeTokensPerSecond ? 1 / time.decodeTokensPerSecond : Infinity) : Infinity;
  return {
    input: candidate,
    expression: describeInput(candidate),
    readings: b.readings,
    peakPhase: b.peak.key,
    capacity: candidate.gpu.bytes,
    ...(time ? { time } : {}),
    secondsPerToken: perToken,
    gpuSecondsPerToken: perToken * candidate.gpus,
    changes: planChanges(base, candidate, t),
  };
}

/** Every candidate on one GPU count, in the order the pruning rule walks them. */
function* candidatesOn(base: MemoryInput, gpus: number): Generator<{ input: MemoryInput; group: string; step: number; level?: [number, number] }> {
  const sized = sizedTo(base, gpus);
  const perNode = sized.gpusPerNode;
  const nodes = gpus / perNode;
  for (const { tp, pp } of parallelShapes(base, gpus, perNode)) {
    const dp = gpus / (tp * pp);
    const perRank = sequencesPerRank(base, dp);
    if (perRank === undefined) continue;
    if (base.mode === 'inference') {
      yield { input: { ...sized, tp, pp, sequenceParallel: false, notes: [] }, group: `${tp}/${pp}`, step: 0 };
      continue;
    }
    for (const shard of SHARDINGS) {
      // DeepSpeed's ZeRO-2/3 run without tensor or pipeline parallelism; Megatron's distributed
      // optimizer only with them; HYBRID_SHARD only across nodes; sharding nothing (one rank) is ZeRO-0.
      if (shard.sharding === 'deepspeed' && shard.zero >= 2 && tp * pp > 1) continue;
      if (shard.sharding === 'megatron' && tp * pp === 1) continue;
      if (shard.sharding === 'fsdp-hybrid' && nodes === 1) continue;
      for (const [ri, recompute] of RECOMPUTE.entries()) {
        for (const [oi, off] of OFFLOADS.entries()) {
          if (off.optimizer !== 'none' && (shard.zero === 0 || shard.sharding === 'megatron')) continue;
          // FSDP's CPUOffload moves parameters and gradients together and steps on the CPU: all or nothing.
          if ((shard.sharding === 'fsdp' || shard.sharding === 'fsdp-hybrid') && off.optimizer !== off.params) continue;
          if (off.params !== 'none' && shard.zero !== 3) continue;
          if (dp === 1 && shard.zero > 0 && off.optimizer === 'none') continue;
          const group = `${tp}/${pp}/${shard.zero}/${shard.sharding}/${recompute}/${off.optimizer}/${off.params}`;
          let step = 0;
          for (const b of microBatches(perRank)) {
            yield {
              input: {
                ...sized,
                tp,
                pp,
                sequenceParallel: tp > 1,
                zero: shard.zero,
                sharding: shard.sharding,
                recompute,
                offloadOptimizer: off.optimizer,
                offloadParams: off.params,
                batch: b,
                time: { ...base.time, globalBatch: perRank * dp },
                notes: [],
              },
              group,
              step: step++,
              level: [ri, oi],
            };
          }
        }
      }
    }
  }
}

/**
 * Searches one GPU count. Pruning rule: for each parallel shape and sharding, recomputation and
 * offload levels are tried lightest first, and a combination is skipped once one no heavier in
 * either has fitted (both only add time; but neither is always the cheaper: selective recompute
 * costs little, offload a lot, so each minimal combination is kept and timed); micro-batches are
 * tried smallest first and stop at the first that does not fit (memory grows with the micro-batch).
 */
function* searchCount(base: MemoryInput, gpus: number, run: SearchRun): Generator<undefined, Plan[]> {
  const { t, counter, slice, limits } = run;
  const plans: Plan[] = [];
  // Per shape and sharding: the recompute/offload levels that fitted; heavier ones in both are skipped.
  const settled = new Map<string, [number, number][]>();
  const skipped = new Set<string>();
  let sinceYield = 0;
  for (const c of candidatesOn(base, gpus)) {
    const key = c.group.split('/').slice(0, 4).join('/');
    const level = c.level;
    if (c.step === 0 && level && settled.get(key)?.some(([r, o]) => r <= level[0] && o <= level[1])) skipped.add(c.group);
    if (skipped.has(c.group)) continue;
    const result = evaluate(base, c.input, limits, t);
    counter.evaluated++;
    if (++sinceYield >= slice) {
      sinceYield = 0;
      yield;
    }
    if (result === 'tooBig') {
      skipped.add(c.group);
      continue;
    }
    if (!result) continue;
    plans.push(result);
    if (level && c.step === 0) settled.set(key, [...(settled.get(key) ?? []), level]);
  }
  return plans.sort((a, b) => a.secondsPerToken - b.secondsPerToken || a.readings.device - b.readings.device);
}

/** The configurations that need the least memory on a count: the probe for whether any plan fits there. */
function leanest(base: MemoryInput, gpus: number): MemoryInput[] {
  const sized = sizedTo(base, gpus);
  const shapes = parallelShapes(base, gpus, sized.gpusPerNode);
  if (base.mode === 'inference') return shapes.map((s) => ({ ...sized, tp: s.tp, pp: s.pp, notes: [] }));
  const common = { ...sized, recompute: 'full' as const, batch: 1, notes: [], time: { ...base.time, globalBatch: undefined } };
  const widest = Math.max(...shapes.map((s) => s.tp * s.pp));
  return [
    { ...common, zero: 3, sharding: 'deepspeed', offloadOptimizer: 'cpu', offloadParams: 'cpu', tp: 1, pp: 1, sequenceParallel: false },
    // Every widest shape: the most tensor parallel splits activations, the most pipeline parallel splits layers.
    ...shapes
      .filter((s) => s.tp * s.pp === widest)
      .flatMap((s): MemoryInput[] => {
        const dp = gpus / (s.tp * s.pp);
        const split = { ...common, tp: s.tp, pp: s.pp, sequenceParallel: s.tp > 1 };
        return [
          { ...split, zero: 3, sharding: 'fsdp', offloadOptimizer: 'cpu', offloadParams: 'cpu' },
          { ...split, zero: dp > 1 ? 1 : 0, sharding: dp > 1 ? 'megatron' : 'deepspeed', offloadOptimizer: 'none', offloadParams: 'none' },
        ];
      }),
  ];
}

function anyFits(base: MemoryInput, gpus: number, limits: Limits): boolean {
  return leanest(base, gpus).some((c) => {
    try {
      validate(c);
      return within(breakdown(c), limits);
    } catch {
      return false;
    }
  });
}

/** Memory against speed: plans no other plan beats on both. */
function paretoFront(plans: readonly Plan[]): Plan[] {
  const byMemory = [...plans].sort((a, b) => a.readings.device - b.readings.device || a.secondsPerToken - b.secondsPerToken);
  const front: Plan[] = [];
  let best = Infinity;
  for (const p of byMemory) {
    if (p.secondsPerToken < best) {
      front.push(p);
      best = p.secondsPerToken;
    }
  }
  return front;
}

/**
 * The search, as steps (a yield every `sliceSize` candidates) so an editor can run it in slices:
 * the written GPU count exhaustively under the pruning rule, the fewest GPUs below it that fit, or,
 * when nothing fits, the smallest count above it (doubling, probed with the leanest configurations).
 */
export function* planSteps(base: MemoryInput, options: PlanOptions = {}, t: Translate = english): Generator<undefined, PlanSearch> {
  const counter = { evaluated: 0 };
  const run: SearchRun = { t, counter, slice: options.sliceSize ?? 25, limits: { hostRamPerNode: options.hostRamPerNode ?? HOST_RAM_PER_NODE } };
  const maxGpus = Math.min(options.maxGpus ?? 65536, 65536);
  const rule = t('Every parallel shape (TP within a node dividing the heads, PP dividing the layers), sharding (DeepSpeed ZeRO-0–3, Megatron’s distributed optimizer, FSDP) and micro-batch; recomputation and offload lightest first, each combination kept unless a lighter one in both already fits; micro-batches until one does not fit.');
  const plans = yield* searchCount(base, base.gpus, run);
  let elsewhere: Plan[] = [];
  let none: PlanSearch['none'];
  if (plans.length) {
    // The fewest GPUs: halve while the leanest configuration still fits, then search that count.
    let fewest = base.gpus;
    for (let g = Math.floor(base.gpus / 2); g >= 1 && base.gpus % g === 0 && anyFits(base, g, run.limits); g = Math.floor(g / 2)) fewest = g;
    if (fewest < base.gpus) elsewhere = yield* searchCount(base, fewest, run);
  } else {
    let found: number | undefined;
    for (let g = base.gpus * 2; g <= maxGpus; g *= 2) {
      if (anyFits(base, g, run.limits)) {
        found = g;
        break;
      }
      yield;
    }
    if (found !== undefined) elsewhere = yield* searchCount(base, found, run);
    none = {
      reason:
        found !== undefined
          ? t('No configuration fits on {0} × {1}; the smallest cluster that does is {2} GPUs.', base.gpus, base.gpu.name, found)
          : t('No configuration fits on up to {0} × {1}: the activations of one sequence, or the weights of one layer, exceed a GPU.', maxGpus, base.gpu.name),
      ...(found !== undefined ? { minGpus: found } : {}),
    };
  }
  const all = [...plans, ...elsewhere];
  const cheapest = all.reduce<Plan | undefined>((a, p) => (!a || p.gpuSecondsPerToken < a.gpuSecondsPerToken ? p : a), undefined);
  const fewestGpus = elsewhere.length ? elsewhere[0] : plans[0];
  return {
    plans,
    ...(plans[0] ? { fastest: plans[0] } : {}),
    ...(fewestGpus ? { fewestGpus } : {}),
    ...(cheapest ? { cheapest } : {}),
    pareto: paretoFront(plans.length ? plans : elsewhere),
    ...(none ? { none } : {}),
    elsewhere,
    evaluated: counter.evaluated,
    rule,
  };
}

/** The whole search at once (the CLI, tests). */
export function searchPlans(base: MemoryInput, options: PlanOptions = {}, t: Translate = english): PlanSearch {
  const steps = planSteps(base, options, t);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
