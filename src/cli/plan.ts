import { buildInput } from '../core/memory/input';
import { isPlanFormat, planConfigText, tryPlanConfigText } from '../core/plan/formats';
import { planJson, planMarkdown } from '../core/plan/report';
import { searchPlans, type Plan } from '../core/plan/search';
import { parseCount } from '../core/memory/units';
import { boolFlag, parseArgs, stringFlag, UsageError, wantsHelp, type FlagSpec } from './args';
import type { CliIo } from './io';
import { MEM_FLAGS, memFields } from './mem';

export const PLAN_USAGE = `usage: llm-notes plan FIT-EXPRESSION [flags] [--max-gpus N] [--host-ram GiB] [--json]
       llm-notes plan FIT-EXPRESSION [flags] --format deepspeed|accelerate|megatron [--plan N]

Searches every configuration of the model on its GPUs — ZeRO stages (DeepSpeed), FSDP strategies,
Megatron's distributed optimizer, offload, recomputation, tensor (within a node) and pipeline
parallel, sequence parallel, micro-batch × gradient accumulation — keeps those that fit (the device
reading) and ranks them by time per token: the fastest, the fewest GPUs, the cheapest, and the
memory/speed Pareto front. When none fits, the smallest cluster that does (up to --max-gpus).
Offloaded state must also fit in each node's host RAM: --host-ram GiB (default 1024, a DGX A100's).
Each plan's expression reproduces its figures with llm-notes mem.

--format prints the engine's own config for the fastest plan it can run (or plan N of the list): a DeepSpeed
config JSON, an accelerate config YAML (FSDP, DeepSpeed or Megatron-LM), or Megatron-LM arguments.
Flags are llm-notes mem's (see llm-notes help mem), --deepspeed and --accelerate included.`;

export const PLAN_FLAGS: Record<string, FlagSpec> = {
  ...MEM_FLAGS,
  format: { value: true },
  'max-gpus': { value: true },
  'host-ram': { value: true },
  plan: { value: true },
};

export async function runPlan(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, PLAN_FLAGS);
  if (wantsHelp(args)) {
    io.stdout(PLAN_USAGE + '\n');
    return 0;
  }
  if (!args.positionals.length && stringFlag(args, 'config') === undefined) throw new UsageError('plan needs a fit expression, e.g. llm-notes plan 34B full on 4xA100-80G');
  const { fields, models } = await memFields(args, io);
  const maxText = stringFlag(args, 'max-gpus');
  const maxGpus = maxText !== undefined ? parseCount(maxText, '--max-gpus', 1, 65536) : undefined;
  const hostText = stringFlag(args, 'host-ram');
  // Host RAM per node, GiB: offloaded state must fit in it (default 1 TiB, HOST_RAM_PER_NODE).
  const hostRamPerNode = hostText !== undefined ? parseCount(hostText, '--host-ram', 1, 1024 * 1024) * 2 ** 30 : undefined;
  const search = searchPlans(buildInput(fields, undefined, models.resolve), { ...(maxGpus !== undefined ? { maxGpus } : {}), ...(hostRamPerNode !== undefined ? { hostRamPerNode } : {}) });
  const format = stringFlag(args, 'format');
  if (format !== undefined && !isPlanFormat(format)) throw new UsageError(`--format takes deepspeed, accelerate or megatron, not "${format}"`);
  if (format !== undefined) {
    const all = [...search.plans, ...search.elsewhere];
    const indexText = stringFlag(args, 'plan');
    // Without --plan: the fastest plan the engine can run (FSDP has no Megatron arguments, …).
    const chosen: Plan | undefined = indexText !== undefined ? all[parseCount(indexText, '--plan', 1, Math.max(1, all.length)) - 1] : (all.find((p) => 'text' in tryPlanConfigText(p.input, format)) ?? all[0]);
    if (!chosen) throw new UsageError(search.none?.reason ?? 'no plan fits');
    io.stdout(planConfigText(chosen.input, format));
    return 0;
  }
  io.stdout(boolFlag(args, 'json') ? JSON.stringify(planJson(search), null, 2) + '\n' : planMarkdown(search) + '\n');
  return 0;
}
