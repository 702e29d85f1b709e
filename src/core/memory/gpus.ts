import { GiB } from './units';

export interface GpuPreset {
  id: string;
  name: string;
  /** Memory as nvidia-smi reports it (memory.total), in bytes. */
  bytes: number;
  note: string;
  /** Other names people write for it ("a100", "4090"), compared as findGpuPreset normalises them. */
  aliases: readonly string[];
}

const MiB = 1024 ** 2;

/**
 * Capacities are nvidia-smi's "memory.total" where known (what the driver reports), which is a
 * little below the marketed figure for some boards; the note says which.
 */
export const GPU_PRESETS: readonly GpuPreset[] = [
  { id: 'A100-40G', name: 'NVIDIA A100 40GB', bytes: 40 * GiB, note: '40 GiB (nvidia-smi: 40960 MiB)', aliases: ['a100-40'] },
  { id: 'A100-80G', name: 'NVIDIA A100 80GB', bytes: 80 * GiB, note: '80 GiB (nvidia-smi: 81920 MiB)', aliases: ['a100', 'a100-80'] },
  { id: 'H100-80G', name: 'NVIDIA H100 80GB', bytes: 81559 * MiB, note: 'nvidia-smi: 81559 MiB (SXM5)', aliases: ['h100', 'h100-80'] },
  { id: 'H200', name: 'NVIDIA H200 141GB', bytes: 143771 * MiB, note: 'nvidia-smi: 143771 MiB; marketed as 141 GB', aliases: ['h200-141g', 'h200-141'] },
  { id: 'B200', name: 'NVIDIA B200 192GB', bytes: 183359 * MiB, note: 'nvidia-smi: 183359 MiB; marketed as 192 GB', aliases: ['b200'] },
  { id: 'L40S', name: 'NVIDIA L40S 48GB', bytes: 46068 * MiB, note: 'nvidia-smi: 46068 MiB', aliases: ['l40s', 'l40s-48g', 'l40'] },
  { id: 'A6000', name: 'NVIDIA RTX A6000 48GB', bytes: 49140 * MiB, note: 'nvidia-smi: 49140 MiB', aliases: ['a6000', 'rtx-a6000'] },
  { id: 'RTX4090', name: 'NVIDIA GeForce RTX 4090', bytes: 24564 * MiB, note: 'nvidia-smi: 24564 MiB', aliases: ['4090'] },
  { id: 'RTX3090', name: 'NVIDIA GeForce RTX 3090', bytes: 24576 * MiB, note: 'nvidia-smi: 24576 MiB', aliases: ['3090'] },
  { id: 'V100-32G', name: 'NVIDIA V100 32GB', bytes: 32 * GiB, note: '32 GiB (nvidia-smi: 32768 MiB)', aliases: ['v100', 'v100-32'] },
  { id: 'V100-16G', name: 'NVIDIA V100 16GB', bytes: 16 * GiB, note: '16 GiB', aliases: ['v100-16'] },
  { id: 'A10', name: 'NVIDIA A10 24GB', bytes: 23028 * MiB, note: 'nvidia-smi: 23028 MiB', aliases: [] },
  { id: 'L4', name: 'NVIDIA L4 24GB', bytes: 23034 * MiB, note: 'nvidia-smi: 23034 MiB', aliases: [] },
  { id: 'T4', name: 'NVIDIA T4 16GB', bytes: 15360 * MiB, note: 'nvidia-smi: 15360 MiB', aliases: [] },
];

/** "A100 80GB", "a100_80gb", "rtx-4090" → "a100-80g", "a100-80g", "rtx4090". */
function gpuKey(text: string): string {
  return text.toLowerCase().replace(/[\s_]/g, '-').replace(/gb$/, 'g').replace(/^rtx-?/, 'rtx');
}

const BY_NAME = new Map<string, GpuPreset>(GPU_PRESETS.flatMap((g) => [g.id, ...g.aliases].map((name) => [gpuKey(name), g] as const)));

/** "A100-80G", "a100-80gb", "A100 80G", "h100", "4090" all resolve. */
export function findGpuPreset(text: string): GpuPreset | undefined {
  return BY_NAME.get(gpuKey(text));
}
