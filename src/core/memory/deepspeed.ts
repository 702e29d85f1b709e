/**
 * DeepSpeed's model-state estimators, reproduced operation for operation so that every float
 * rounds as Python's does (same IEEE doubles, same order, int() truncation):
 * deepspeed/runtime/zero/stage_1_and_2.py `estimate_zero2_model_states_mem_needs` (since PR #5099,
 * GPU = 2P + 18P/gpus without offload; the docs still print 4P + 16P/gpus) and
 * deepspeed/runtime/zero/stage3.py `estimate_zero3_model_states_mem_needs`.
 */
import { UserError } from '../errors';

export interface DeepSpeedRow {
  offloadParam?: 'cpu' | 'none';
  offloadOptimizer: 'cpu' | 'none';
  zeroInit?: boolean;
  cpuBytes: number;
  gpuBytes: number;
}

export interface DeepSpeedInput {
  stage: 2 | 3;
  totalParams: number;
  largestLayerParams?: number;
  gpusPerNode: number;
  nodes: number;
  additionalBufferFactor?: number;
}

const int = Math.trunc;

export function estimateZero2(totalParams: number, gpusPerNode: number, nodes: number, cpuOffload: boolean, bufferFactor = 1.5): { cpu: number; gpu: number } {
  const totalGpus = nodes * gpusPerNode;
  let gpu: number;
  let cpu: number;
  if (cpuOffload) {
    gpu = 2 * totalParams;
    cpu = totalParams * Math.max(4 * totalGpus, 16) * bufferFactor;
  } else {
    // 2 = params_16bit; 18 = 2 grads_16bit + 4 grads_32bit + 4 params_32bit + 8 optimizer states
    gpu = 2 * totalParams + int((18 * totalParams) / totalGpus);
    cpu = totalParams * 4 * gpusPerNode * bufferFactor;
  }
  return { cpu: int(cpu), gpu: int(gpu) };
}

export function estimateZero3(
  totalParams: number,
  largestLayerParams: number,
  gpusPerNode: number,
  nodes: number,
  cpuOffload: boolean,
  cpuOffloadParams: boolean,
  zeroInit: boolean,
  bufferFactor = 1.5,
): { cpu: number; gpu: number; largestLayerMemory: number } {
  const totalGpus = nodes * gpusPerNode;
  const gpusFactor = 1 / nodes;
  const largestLayerMemory = 4 * largestLayerParams;
  let gpu: number;
  let cpu: number;
  if (cpuOffload) {
    if (cpuOffloadParams) {
      gpu = largestLayerMemory;
      cpu = zeroInit
        ? totalParams * 18 * gpusFactor * bufferFactor
        : totalParams * Math.max(4 * gpusPerNode, 18 * gpusFactor) * bufferFactor;
    } else {
      gpu = largestLayerMemory + int((2 * totalParams) / totalGpus);
      cpu = zeroInit
        ? totalParams * 16 * gpusFactor * bufferFactor
        : totalParams * Math.max(4 * gpusPerNode, 16 * gpusFactor) * bufferFactor;
    }
  } else {
    gpu = largestLayerMemory + int((18 * totalParams) / totalGpus);
    cpu = zeroInit ? largestLayerParams * 4 * gpusPerNode * bufferFactor : totalParams * 4 * gpusPerNode * bufferFactor;
  }
  return { cpu: int(cpu), gpu: int(gpu), largestLayerMemory };
}

/** The rows `estimate_zero{2,3}_model_states_mem_needs_all_cold` prints, in its order. */
export function deepSpeedTable(input: DeepSpeedInput): DeepSpeedRow[] {
  const { totalParams, gpusPerNode, nodes } = input;
  const factor = input.additionalBufferFactor ?? 1.5;
  for (const [name, v] of [
    ['total params', totalParams],
    ['GPUs per node', gpusPerNode],
    ['nodes', nodes],
  ] as const) {
    if (!Number.isSafeInteger(v) || v <= 0) throw new UserError(`DeepSpeed's estimator needs a positive whole number of ${name}, not ${v}.`);
  }
  if (input.stage === 2) {
    return [true, false].map((cpuOffload) => {
      const r = estimateZero2(totalParams, gpusPerNode, nodes, cpuOffload, factor);
      return { offloadOptimizer: cpuOffload ? 'cpu' : 'none', cpuBytes: r.cpu, gpuBytes: r.gpu };
    });
  }
  const largest = input.largestLayerParams;
  if (largest === undefined || !Number.isSafeInteger(largest) || largest <= 0) {
    throw new UserError("ZeRO-3's estimate needs the largest layer's parameter count (--largest-layer, or a model preset).");
  }
  if (largest > totalParams) throw new UserError(`The largest layer (${largest} parameters) cannot be larger than the whole model (${totalParams}).`);
  const rows: DeepSpeedRow[] = [];
  for (const cpuOffload of [true, false]) {
    for (const cpuOffloadParams of [true, false]) {
      if (!cpuOffload && cpuOffloadParams) continue;
      for (const zeroInit of [true, false]) {
        const r = estimateZero3(totalParams, largest, gpusPerNode, nodes, cpuOffload, cpuOffloadParams, zeroInit, factor);
        rows.push({ offloadParam: cpuOffloadParams ? 'cpu' : 'none', offloadOptimizer: cpuOffload ? 'cpu' : 'none', zeroInit, cpuBytes: r.cpu, gpuBytes: r.gpu });
      }
    }
  }
  return rows;
}

/**
 * Python's f"{x:7.2f}": the double's exact decimal value rounded half to even (JavaScript's
 * toFixed rounds exact ties up, so 0.125 would print 0.13 instead of Python's 0.12).
 */
export function pyFixed2(x: number): string {
  const exact = Math.abs(x).toFixed(100); // exact decimal expansion of the double
  const [intPart, frac] = exact.split('.');
  let cents = BigInt(intPart + frac.slice(0, 2));
  const rest = frac.slice(2);
  const half = '5' + '0'.repeat(rest.length - 1);
  if (rest > half || (rest === half && cents % 2n === 1n)) cents += 1n;
  const digits = cents.toString().padStart(3, '0');
  const sign = x < 0 && cents !== 0n ? '-' : '';
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

function fmt(x: number, width: number): string {
  return pyFixed2(x).padStart(width);
}

/** The same text DeepSpeed prints, byte for byte, GiB to two decimals (it labels them "GB"). */
export function deepSpeedText(input: DeepSpeedInput, rows: DeepSpeedRow[]): string {
  const nodesStr = input.nodes > 1 ? 'nodes' : 'node';
  const gpusStr = input.gpusPerNode > 1 ? 'GPUs' : 'GPU';
  const sw =
    input.stage === 3
      ? `SW: Model with ${Math.trunc(input.totalParams / 1e6)}M total params, ${Math.trunc((input.largestLayerParams ?? 0) / 1e6)}M largest layer params.`
      : `SW: Model with ${Math.trunc(input.totalParams / 1e6)}M total params.`;
  const lines = [
    'Estimated memory needed for params, optim states and gradients for a:',
    `HW: Setup with ${input.nodes} ${nodesStr}, ${input.gpusPerNode} ${gpusStr} per node.`,
    sw,
    '  per CPU  |  per GPU |   Options',
  ];
  for (const r of rows) {
    const opts =
      input.stage === 3
        ? `offload_param=${r.offloadParam === 'cpu' ? 'cpu ' : 'none'}, offload_optimizer=${r.offloadOptimizer === 'cpu' ? 'cpu ' : 'none'}, zero_init=${r.zeroInit ? 1 : 0}`
        : `offload_optimizer=${r.offloadOptimizer === 'cpu' ? 'cpu ' : 'none'}`;
    lines.push(` ${fmt(r.cpuBytes / 2 ** 30, 7)}GB | ${fmt(r.gpuBytes / 2 ** 30, 6)}GB | ${opts}`);
  }
  return lines.join('\n');
}
