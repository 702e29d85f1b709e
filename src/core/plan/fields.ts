import type { MemoryFields } from '../memory/fields';
import type { MemoryInput } from '../memory/types';
import { zeroValue } from '../memory/vocabulary';

/**
 * The fields a plan sets, whole: every one the search varies, so that applying a plan to a form
 * also clears what it turns off (an offload, a recomputation, a TP size).
 */
export function planFields(input: MemoryInput): MemoryFields {
  // Nodes written out, so that a "nodes" already in the fields cannot multiply the count again.
  const perNode = Math.min(input.gpusPerNode, input.gpus);
  const fields: MemoryFields = {
    gpus: String(input.gpus),
    gpusPerNode: String(perNode),
    nodes: String(Math.ceil(input.gpus / perNode)),
    tp: String(input.tp),
    pp: String(input.pp),
    sequenceParallel: input.sequenceParallel,
  };
  if (input.mode === 'inference') return fields;
  fields.zero = zeroValue(input.zero, input.sharding);
  fields.offloadOptimizer = input.offloadOptimizer;
  fields.offloadParams = input.offloadParams;
  fields.recompute = input.recompute;
  fields.batch = String(input.batch);
  if (input.time.globalBatch !== undefined) fields.globalBatch = String(input.time.globalBatch);
  return fields;
}
