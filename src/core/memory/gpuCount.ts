import { effectiveArchitecture } from '../models/architecture';
import { breakdown } from './breakdown';
import type { MemoryInput } from './types';

/** Past this many GPUs nothing is searched: no cluster is that large. */
export const MAX_GPUS = 65536;

/**
 * The same setup on `gpus` GPUs, in nodes as large as the user's that divide the count evenly
 * (12 GPUs at 8 per node become 3 nodes of 4), so every count tried is a valid configuration.
 */
export function withGpuCount(input: MemoryInput, gpus: number): MemoryInput {
  let a = gpus;
  let b = input.gpusPerNode;
  while (b) [a, b] = [b, a % b];
  return { ...input, gpus, gpusPerNode: Math.min(a, gpus) };
}

const fits = (input: MemoryInput) => breakdown(input).readings.device <= input.gpu.bytes;

/** The smallest GPU count that fits, keeping TP × PP (more data-parallel ranks only help with ZeRO). */
export function minGpus(input: MemoryInput): number | undefined {
  const mp = input.tp * input.pp;
  const at = (k: number) => fits(withGpuCount(input, mp * k));
  if (input.mode === 'inference' || input.zero === 0) {
    if (at(1)) return mp;
    // Inference and plain data parallel keep a whole copy per model-parallel group: more tensor parallel is the lever.
    if (input.mode === 'inference') {
      const heads = effectiveArchitecture(input).arch.heads;
      for (let tp = input.tp * 2; tp <= 64 && tp <= heads; tp *= 2) {
        if (heads % tp !== 0) continue;
        if (fits(withGpuCount({ ...input, tp }, tp * input.pp))) return tp * input.pp;
      }
    }
    return undefined;
  }
  const maxK = Math.floor(MAX_GPUS / mp);
  if (!at(maxK)) return undefined;
  let lo = 1;
  let hi = maxK;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (at(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo * mp;
}
