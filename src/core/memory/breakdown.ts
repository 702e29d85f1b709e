import { english, type Translate } from '../l10n';
import { activations } from './activations';
import { effectiveArchitecture } from '../models/architecture';
import { inferenceLines } from './inferenceLines';
import { LineBook, type LineContext } from './lines';
import { stepPhases } from './phases';
import { peakPhase, readings } from './readings';
import { sources } from './sources';
import { trainingLines } from './trainingLines';
import type { LineKey, MemoryInput, MemoryResult } from './types';
import { formatBytes, GiB, n } from './units';

/** An estimate without the advice (smallest GPU count, suggestions): what a lens or a search needs. */
export type Breakdown = Omit<MemoryResult, 'minGpus' | 'suggestions'>;

/**
 * What every line builder needs about one input, worked out once: the architecture (its own or
 * assumed from the size), the scale to the published count, the parallel shape, the words.
 */
export function lineContext(input: MemoryInput, t: Translate = english): LineContext {
  const { arch, counts, assumed } = effectiveArchitecture(input);
  const notes: string[] = [...(input.model.notes ?? []), ...(input.notes ?? [])];
  if (assumed) {
    notes.push(t('Architecture unknown: assumed a LLaMA-like shape with hidden {0}, {1} layers, {2} heads and a 32,000-token vocabulary (h ≈ ∛(128·P/12)).', n(arch.hidden), arch.layers, arch.heads));
  }
  const mp = input.tp * input.pp;
  return {
    input,
    arch,
    counts,
    // Published totals win; an architecture's own count scales the parts (linear share, LoRA size).
    scale: input.model.params / counts.total,
    mp,
    dp: input.gpus / mp,
    shardDp: input.sharding === 'fsdp-hybrid' ? Math.max(1, Math.min(input.gpus / mp, Math.floor(Math.min(input.gpusPerNode, input.gpus) / mp))) : input.gpus / mp,
    perNode: Math.min(input.gpusPerNode, input.gpus),
    t,
    src: sources(t),
    notes,
  };
}

/** Every line of one configuration, per GPU and on the host, with its working. Assumes a validated input. */
export function breakdown(input: MemoryInput, t: Translate = english): Breakdown {
  const ctx = lineContext(input, t);
  const notes = ctx.notes;
  const book = new LineBook();
  if (input.mode === 'inference') {
    inferenceLines(ctx, book);
  } else {
    trainingLines(ctx, book);
    const act = activations(ctx);
    book.add('activations', t('Activations'), act.bytes, act.formula, ctx.src.act);
  }

  const subtotal = book.gpu.reduce((s, l) => s + l.bytes, 0);
  book.add('overhead', t('CUDA context'), input.cudaContextBytes, t('{0} GiB per GPU (setting)', (input.cudaContextBytes / GiB).toFixed(2)), ctx.src.overhead);
  if (input.allocatorReserve > 0) {
    book.add('overhead', t('Allocator reserve'), subtotal * input.allocatorReserve, t('{0}% × {1}', (input.allocatorReserve * 100).toFixed(0), formatBytes(subtotal)), ctx.src.overhead);
  }
  const byKey: Record<LineKey, number> = { weights: 0, gradients: 0, optimizer: 0, activations: 0, kvCache: 0, overhead: 0 };
  for (const l of book.gpu) byKey[l.key] += l.bytes;
  const total = book.gpu.reduce((s, l) => s + l.bytes, 0);
  const capacity = input.gpu.bytes;
  const phases = stepPhases(ctx, book.gpu);
  const peak = peakPhase(phases);
  const read = readings(ctx, peak);
  return {
    input,
    perGpu: { lines: book.gpu, total, byKey },
    host: { lines: book.host, total: book.host.reduce((s, l) => s + l.bytes, 0) },
    nvme: { lines: book.nvme, total: book.nvme.reduce((s, l) => s + l.bytes, 0) },
    phases,
    peak,
    readings: read,
    capacity,
    fits: read.device <= capacity,
    margin: capacity - read.device,
    notes,
  };
}
