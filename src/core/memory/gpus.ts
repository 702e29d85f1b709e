import { GiB } from './units';

export interface GpuPreset {
  id: string;
  name: string;
  /** Memory as the vendor states it, in bytes. */
  bytes: number;
  note: string;
}

const MiB = 1024 ** 2;

/**
 * Capacities are nvidia-smi's "memory.total" where known (what the driver reports), which is a
 * little below the marketed figure for some boards; the note says which.
 */
export const GPU_PRESETS: readonly GpuPreset[] = [
  { id: 'A100-40G', name: 'NVIDIA A100 40GB', bytes: 40 * GiB, note: '40 GiB (nvidia-smi: 40960 MiB)' },
  { id: 'A100-80G', name: 'NVIDIA A100 80GB', bytes: 80 * GiB, note: '80 GiB (nvidia-smi: 81920 MiB)' },
  { id: 'H100-80G', name: 'NVIDIA H100 80GB', bytes: 81559 * MiB, note: 'nvidia-smi: 81559 MiB (SXM5)' },
  { id: 'H200', name: 'NVIDIA H200 141GB', bytes: 143771 * MiB, note: 'nvidia-smi: 143771 MiB; marketed as 141 GB' },
  { id: 'B200', name: 'NVIDIA B200 192GB', bytes: 183359 * MiB, note: 'nvidia-smi: 183359 MiB; marketed as 192 GB' },
  { id: 'L40S', name: 'NVIDIA L40S 48GB', bytes: 46068 * MiB, note: 'nvidia-smi: 46068 MiB' },
  { id: 'A6000', name: 'NVIDIA RTX A6000 48GB', bytes: 49140 * MiB, note: 'nvidia-smi: 49140 MiB' },
  { id: 'RTX4090', name: 'NVIDIA GeForce RTX 4090', bytes: 24564 * MiB, note: 'nvidia-smi: 24564 MiB' },
  { id: 'RTX3090', name: 'NVIDIA GeForce RTX 3090', bytes: 24576 * MiB, note: 'nvidia-smi: 24576 MiB' },
  { id: 'V100-32G', name: 'NVIDIA V100 32GB', bytes: 32 * GiB, note: '32 GiB (nvidia-smi: 32768 MiB)' },
  { id: 'V100-16G', name: 'NVIDIA V100 16GB', bytes: 16 * GiB, note: '16 GiB' },
  { id: 'A10', name: 'NVIDIA A10 24GB', bytes: 23028 * MiB, note: 'nvidia-smi: 23028 MiB' },
  { id: 'L4', name: 'NVIDIA L4 24GB', bytes: 23034 * MiB, note: 'nvidia-smi: 23034 MiB' },
  { id: 'T4', name: 'NVIDIA T4 16GB', bytes: 15360 * MiB, note: 'nvidia-smi: 15360 MiB' },
];

/** "A100-80G", "a100-80gb", "A100 80G", "h100", "4090" all resolve. */
export function findGpuPreset(text: string): GpuPreset | undefined {
  const key = text.toLowerCase().replace(/[\s_]/g, '-').replace(/gb$/, 'g').replace(/^rtx-?/, 'rtx');
  const exact = GPU_PRESETS.find((g) => g.id.toLowerCase() === key);
  if (exact) return exact;
  const aliases: Record<string, string> = {
    a100: 'A100-80G', 'a100-80': 'A100-80G', 'a100-40': 'A100-40G', h100: 'H100-80G', 'h100-80': 'H100-80G', 'h200-141g': 'H200',
    'h200-141': 'H200', '4090': 'RTX4090', '3090': 'RTX3090', v100: 'V100-32G', 'v100-32': 'V100-32G', 'v100-16': 'V100-16G',
    l40s: 'L40S', 'l40s-48g': 'L40S', a6000: 'A6000', 'rtx-a6000': 'A6000', b200: 'B200', 'l40': 'L40S',
  };
  const id = aliases[key];
  return id ? GPU_PRESETS.find((g) => g.id === id) : undefined;
}
