import type { Translate } from '../l10n';
import type { Architecture, ParamCounts } from '../models/architecture';
import type { Sources } from './sources';
import type { HostLine, LineKey, MemoryInput, MemoryLine } from './types';

/** Everything a line builder needs to know about one input, worked out once. */
export interface LineContext {
  input: MemoryInput;
  arch: Architecture;
  counts: ParamCounts;
  /** Published parameter count over the architecture's own count: scales the parts (LoRA size, linear share). */
  scale: number;
  /** Tensor × pipeline parallel. */
  mp: number;
  /** Data-parallel ranks: GPUs ÷ (TP × PP). */
  dp: number;
  /** The ranks sharded state is split over: all of dp, or those within a node with FSDP's HYBRID_SHARD. */
  shardDp: number;
  /** GPUs on one node (host RAM is per node). */
  perNode: number;
  t: Translate;
  src: Sources;
  notes: string[];
}

/** The lines of one estimate as they are worked out: per GPU, host RAM per node, NVMe. */
export class LineBook {
  readonly gpu: MemoryLine[] = [];
  readonly host: HostLine[] = [];
  readonly nvme: HostLine[] = [];

  add(key: LineKey, label: string, bytes: number, formula: string, source: string, gathered = false): void {
    this.gpu.push({ key, label, bytes: Math.round(bytes), formula, source, ...(gathered ? { gathered: true as const } : {}) });
  }

  addHost(label: string, bytes: number, formula: string, source: string): void {
    this.host.push({ label, bytes: Math.round(bytes), formula, source });
  }

  addNvme(label: string, bytes: number, formula: string, source: string): void {
    this.nvme.push({ label, bytes: Math.round(bytes), formula, source });
  }
}

/** " ÷ 8 (TP 4 × PP 2)", or "" without model parallelism. */
export function modelParallelText(ctx: LineContext): string {
  const { input, mp, t } = ctx;
  return mp > 1 ? t(' ÷ {0} (TP {1} × PP {2})', mp, input.tp, input.pp) : '';
}

/** " ÷ 8 (ZeRO-3 over 8 data-parallel ranks)" when the state is sharded, else "". */
export function zeroShardText(ctx: LineContext, sharded: boolean): string {
  if (!sharded || ctx.shardDp <= 1) return '';
  return ctx.input.sharding === 'fsdp-hybrid' ? ctx.t(' ÷ {0} (HYBRID_SHARD over the {0} data-parallel ranks of a node)', ctx.shardDp) : ctx.t(' ÷ {0} (ZeRO-{1} over {0} data-parallel ranks)', ctx.shardDp, ctx.input.zero);
}

/** The data-parallel divisor of a state ZeRO shards at this stage, or 1. */
export function zeroDivisor(ctx: LineContext, sharded: boolean): number {
  return sharded ? ctx.shardDp : 1;
}
