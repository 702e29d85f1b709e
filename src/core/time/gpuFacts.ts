/**
 * What each GPU preset computes and moves, with where each figure comes from. Peaks are dense
 * tensor-core figures (vendors' headline Ampere-and-later numbers are 2:4-sparse, twice these);
 * bandwidths are bidirectional aggregates as vendors quote them (one direction is half).
 */
export interface GpuFacts {
  /** Dense peak TFLOP/s per precision; absent where the GPU has no tensor-core path for it. */
  tflops: { bf16?: number; fp16: number; fp8?: number; tf32?: number; fp32: number };
  /** HBM (or GDDR) bandwidth, GB/s. */
  memoryGBs: number;
  /** NVLink per GPU, GB/s bidirectional; 0 where there is none (PCIe only). */
  nvlinkGBs: number;
  /** PCIe generation and x16 bandwidth, GB/s bidirectional. */
  pcie: { gen: 3 | 4 | 5; GBs: number };
  source: string;
}

const PCIE3 = { gen: 3, GBs: 32 } as const;
const PCIE4 = { gen: 4, GBs: 64 } as const;
const PCIE5 = { gen: 5, GBs: 128 } as const;

const A100 = 'NVIDIA A100 datasheet: 312 TFLOPS BF16/FP16 tensor dense (624 with sparsity), 156 TF32, 19.5 FP32; NVLink 3 600 GB/s; PCIe Gen4 (Narayanan et al. 2021 §5 and PaLM App. B use 312)';
const HOPPER = 'NVIDIA H100/H200 SXM datasheets: 989 TFLOPS BF16 dense (1,979 with sparsity), 1,979 FP8 dense, 494.7 TF32, 67 FP32; NVLink 4 900 GB/s; PCIe Gen5 (torchtitan get_peak_flops uses 989e12)';

/** By GPU preset id (src/core/memory/gpus.ts). */
export const GPU_FACTS: Readonly<Record<string, GpuFacts>> = {
  'A100-40G': { tflops: { bf16: 312, fp16: 312, tf32: 156, fp32: 19.5 }, memoryGBs: 1555, nvlinkGBs: 600, pcie: PCIE4, source: `${A100}; HBM2 1,555 GB/s (40 GB)` },
  'A100-80G': { tflops: { bf16: 312, fp16: 312, tf32: 156, fp32: 19.5 }, memoryGBs: 2039, nvlinkGBs: 600, pcie: PCIE4, source: `${A100}; HBM2e 2,039 GB/s (80 GB SXM)` },
  'H100-80G': { tflops: { bf16: 989, fp16: 989, fp8: 1979, tf32: 494.7, fp32: 67 }, memoryGBs: 3350, nvlinkGBs: 900, pcie: PCIE5, source: `${HOPPER}; HBM3 3.35 TB/s` },
  H200: { tflops: { bf16: 989, fp16: 989, fp8: 1979, tf32: 494.7, fp32: 67 }, memoryGBs: 4800, nvlinkGBs: 900, pcie: PCIE5, source: `${HOPPER}; HBM3e 4.8 TB/s` },
  B200: {
    tflops: { bf16: 2250, fp16: 2250, fp8: 4500, tf32: 1100, fp32: 75 },
    memoryGBs: 8000,
    nvlinkGBs: 1800,
    pcie: PCIE5,
    source: 'NVIDIA Blackwell datasheet, HGX B200 at 1,000 W: 2.25 PFLOPS BF16 dense (4.5 with sparsity), 4.5 FP8 dense; HBM3e 8 TB/s; NVLink 5 1.8 TB/s (torchtitan get_peak_flops uses 2.25e15)',
  },
  L40S: { tflops: { bf16: 362.05, fp16: 362.05, fp8: 733, tf32: 183, fp32: 91.6 }, memoryGBs: 864, nvlinkGBs: 0, pcie: PCIE4, source: 'NVIDIA L40S datasheet: 362.05 TFLOPS BF16 tensor dense (733 with sparsity), 733 FP8, 91.6 FP32; GDDR6 864 GB/s; PCIe Gen4 x16 64 GB/s; no NVLink' },
  A6000: { tflops: { bf16: 154.8, fp16: 154.8, tf32: 77.4, fp32: 38.7 }, memoryGBs: 768, nvlinkGBs: 112.5, pcie: PCIE4, source: 'NVIDIA RTX A6000 datasheet: 309.7 TFLOPS tensor with sparsity (154.8 dense), 38.7 FP32; GDDR6 768 GB/s; NVLink bridge 112.5 GB/s (two GPUs); PCIe Gen4' },
  RTX4090: { tflops: { bf16: 165.2, fp16: 165.2, fp8: 330.3, fp32: 82.6 }, memoryGBs: 1008, nvlinkGBs: 0, pcie: PCIE4, source: 'NVIDIA Ada Lovelace whitepaper, GeForce RTX 4090: 165.2 TFLOPS FP16/BF16 tensor with FP32 accumulate, dense (330.3 with FP16 accumulate); 82.6 FP32; GDDR6X 1,008 GB/s; no NVLink; PCIe Gen4' },
  RTX3090: { tflops: { bf16: 71, fp16: 71, fp32: 35.6 }, memoryGBs: 936, nvlinkGBs: 112.5, pcie: PCIE4, source: 'NVIDIA Ampere GA102 whitepaper, GeForce RTX 3090: 71 TFLOPS FP16/BF16 tensor with FP32 accumulate, dense (142 with FP16 accumulate); 35.6 FP32; GDDR6X 936 GB/s; NVLink bridge 112.5 GB/s; PCIe Gen4' },
  'V100-32G': { tflops: { fp16: 125, fp32: 15.7 }, memoryGBs: 900, nvlinkGBs: 300, pcie: PCIE3, source: 'NVIDIA V100 datasheet (SXM2): 125 TFLOPS FP16 tensor (no BF16), 15.7 FP32; HBM2 900 GB/s; NVLink 2 300 GB/s; PCIe Gen3' },
  'V100-16G': { tflops: { fp16: 125, fp32: 15.7 }, memoryGBs: 900, nvlinkGBs: 300, pcie: PCIE3, source: 'NVIDIA V100 datasheet (SXM2): 125 TFLOPS FP16 tensor (no BF16), 15.7 FP32; HBM2 900 GB/s; NVLink 2 300 GB/s; PCIe Gen3' },
  A10: { tflops: { bf16: 125, fp16: 125, tf32: 62.5, fp32: 31.2 }, memoryGBs: 600, nvlinkGBs: 0, pcie: PCIE4, source: 'NVIDIA A10 datasheet: 125 TFLOPS BF16/FP16 tensor dense (250 with sparsity), 31.2 FP32; GDDR6 600 GB/s; PCIe Gen4; no NVLink' },
  L4: { tflops: { bf16: 121, fp16: 121, fp8: 242.5, tf32: 60, fp32: 30.3 }, memoryGBs: 300, nvlinkGBs: 0, pcie: PCIE4, source: 'NVIDIA L4 datasheet: 242 TFLOPS BF16 tensor with sparsity (121 dense), 485 FP8 with sparsity (242.5 dense), 30.3 FP32; GDDR6 300 GB/s; PCIe Gen4' },
  T4: { tflops: { fp16: 65, fp32: 8.1 }, memoryGBs: 320, nvlinkGBs: 0, pcie: PCIE3, source: 'NVIDIA T4 datasheet: 65 TFLOPS FP16 tensor (mixed precision, no BF16), 8.1 FP32; GDDR6 320 GB/s; PCIe Gen3' },
};

export function gpuFacts(id: string): GpuFacts | undefined {
  return Object.hasOwn(GPU_FACTS, id) ? GPU_FACTS[id] : undefined;
}
