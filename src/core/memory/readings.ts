import { communicators, NCCL_BYTES_PER_COMMUNICATOR } from './engineBuffers';
import type { LineContext } from './lines';
import type { Phase, Readings } from './types';
import { formatBytes, GiB } from './units';

/** The phase that holds the peak: the largest, the earliest of equals. */
export function peakPhase(phases: readonly Phase[]): Phase {
  return phases.reduce((best, p) => (p.bytes > best.bytes ? p : best));
}

/**
 * From the peak of live tensors to what each tool reports:
 *
 * - allocated (torch.cuda.max_memory_allocated): the peak phase's tensors;
 * - reserved (max_memory_reserved): plus what the caching allocator holds in cached and split
 *   blocks around them, the allocator-reserve setting's share of allocated;
 * - device (nvidia-smi): plus the CUDA context (setting) and NCCL's buffers, which live outside
 *   PyTorch's allocator, per communicator of more than one rank.
 */
export function readings(ctx: LineContext, peak: Phase): Readings {
  const { input, t, src } = ctx;
  const allocated = peak.bytes;
  const cache = Math.round(allocated * input.allocatorReserve);
  const reserved = allocated + cache;
  const groups = communicators(ctx);
  const nccl = groups * NCCL_BYTES_PER_COMMUNICATOR;
  const device = reserved + input.cudaContextBytes + nccl;
  const steps = [
    { label: t('Allocated at the peak ({0})', peak.label), bytes: allocated, formula: t('the tensors alive in the {0} phase', peak.label), source: src.phases },
    { label: t('Allocator cache and fragmentation'), bytes: cache, formula: t('{0}% (allocator reserve) × {1}', (input.allocatorReserve * 100).toFixed(0), formatBytes(allocated)), source: src.allocator },
    { label: t('CUDA context'), bytes: input.cudaContextBytes, formula: t('{0} GiB per GPU (setting)', (input.cudaContextBytes / GiB).toFixed(2)), source: src.overhead },
  ];
  if (nccl) steps.push({ label: t('NCCL buffers'), bytes: nccl, formula: t('{0} communicators × 2 × 32 channels × NCCL_BUFFSIZE 4 MiB', groups), source: src.nccl });
  return { allocated, reserved, device, steps };
}
