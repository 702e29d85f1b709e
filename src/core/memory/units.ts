import { UserError } from '../errors';
import { english, type Translate } from '../l10n';

export const GiB = 1024 ** 3;
export const GB = 1e9;

/** Parameter counts are stored as safe integers; anything past 10^15 (a quadrillion) is refused as absurd. */
const MAX_PARAMS = 1e15;

/**
 * Reads a parameter count the way people write it: "7B", "6.7e9", "6738415616", "13b", "70b",
 * "1.5T", "350M", "7,000,000,000". Returns a whole number of parameters.
 */
export function parseParamCount(text: string, field = 'parameters', t: Translate = english): number {
  const raw = String(text).trim().replace(/[,_]/g, '');
  const m = /^(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*([kmbt]?)$/i.exec(raw);
  if (!m) throw new UserError(t('"{0}" is not a parameter count: write 7B, 6.7e9, 350M or 6738415616.', text), field);
  const scale = { '': 1, k: 1e3, m: 1e6, b: 1e9, t: 1e12 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'b' | 't'];
  const n = Math.round(Number(m[1]) * scale);
  if (n > MAX_PARAMS) throw new UserError(t('"{0}" is over 10^15 parameters; that is not a model this calculator can size.', text), field);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(t('"{0}" is not a positive parameter count.', text), field);
  return n;
}

/** A positive whole number within [min, max], or a sentence saying what is wrong. */
export function parseCount(value: unknown, field: string, min = 1, max = 1_000_000, t: Translate = english): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (typeof value === 'string' && !/^\s*\d+\s*$/.test(value)) throw new UserError(t('{0} must be a whole number, not "{1}".', field, value), field);
  if (!Number.isInteger(n)) throw new UserError(t('{0} must be a whole number, not {1}.', field, String(value)), field);
  if (n < min) throw new UserError(t('{0} must be at least {1}, not {2}.', field, min, n), field);
  if (n > max) throw new UserError(t('{0} of {1} is beyond what this calculator sizes (at most {2}).', field, n, max), field);
  return n;
}

/** "80G", "80GB" (decimal), "80GiB" / "80Gi" (binary), "24576MiB", or a plain number of GiB. */
export function parseMemorySize(text: string, field = 'GPU memory', t: Translate = english): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(gib|gi|gb|g|mib|mb|m|tib|tb|t)?\s*$/i.exec(text);
  if (!m) throw new UserError(t('"{0}" is not a memory size: write 80GiB, 80GB or 24576MiB.', text), field);
  const unit = (m[2] ?? 'gib').toLowerCase();
  const scale: Record<string, number> = { gib: GiB, gi: GiB, g: GiB, gb: GB, mib: 1024 ** 2, m: 1024 ** 2, mb: 1e6, tib: 1024 ** 4, tb: 1e12, t: 1024 ** 4 };
  const bytes = Math.round(Number(m[1]) * scale[unit]);
  if (!(bytes > 0)) throw new UserError(t('{0} must be more than zero.', field), field);
  if (bytes > 1024 ** 4 * 64) throw new UserError(t('{0} of {1} is not a GPU this calculator knows how to size.', field, text), field);
  return bytes;
}

/** "68.00 GB (63.33 GiB)": both units, always labelled. */
export function formatBytes(bytes: number): string {
  if (bytes === 0) return '0 B';
  if (Math.abs(bytes) < 1e6) return `${n(Math.round(bytes))} B`;
  return `${(bytes / GB).toFixed(2)} GB (${(bytes / GiB).toFixed(2)} GiB)`;
}

/** "63.33 GiB" — the compact form for bars and status text. */
export function formatGiB(bytes: number): string {
  return `${(bytes / GiB).toFixed(2)} GiB`;
}

/** 34000000000 → "34.0B"; 6738415616 → "6.74B"; 350000000 → "350M". */
export function formatParams(n: number): string {
  if (n >= 1e12) return `${trim(n / 1e12)}T`;
  if (n >= 1e9) return `${trim(n / 1e9)}B`;
  if (n >= 1e6) return `${trim(n / 1e6)}M`;
  if (n >= 1e3) return `${trim(n / 1e3)}K`;
  return String(n);
}

function trim(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1).replace(/\.0$/, '') : x.toFixed(2).replace(/\.?0+$/, '');
}

/** One formatter for every figure: constructing Intl formatters per call made an estimate 30 ms. */
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** "34,000,000,000" */
export function n(x: number): string {
  return NUMBER.format(x);
}
