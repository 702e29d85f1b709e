import * as vscode from 'vscode';
import { DEFAULT_CONTEXT_WINDOWS, parseContextWindow } from '../core/tokens/contextWindows';
import type { EncodeOptions } from '../core/tokens/engines';
import { DEFAULT_TOKENIZERS } from '../core/tokens/registry';
import { labelFromPath, resolveTokenizer, type TokenizerSpec } from '../core/tokens/tokenCounter';
import { DEFAULT_FIELDS, type MemoryFields } from '../core/memory/fields';
import { findGpuPreset } from '../core/memory/gpus';

export const SECTION = 'llmNotes';

/** One typed view of the `llmNotes.*` settings; every read goes through here. */
export class Config {
  private get c(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  get hoverEnabled(): boolean {
    return this.c.get<boolean>('tokens.hover.enabled', true);
  }

  get statusBarEnabled(): boolean {
    return this.c.get<boolean>('tokens.statusBar.enabled', true);
  }

  /** Custom tokenizer.json files, each with a label; entries without a path are skipped. */
  get customTokenizers(): TokenizerSpec[] {
    const raw = this.c.get<unknown>('tokens.customTokenizers', []);
    if (!Array.isArray(raw)) return [];
    const out: TokenizerSpec[] = [];
    for (const entry of raw) {
      const path = typeof entry === 'string' ? entry : (entry as { path?: unknown } | null)?.path;
      if (typeof path !== 'string' || !path.trim()) continue;
      const label = (entry as { label?: unknown }).label;
      const name = typeof label === 'string' && label.trim() ? label.trim() : labelFromPath(path);
      out.push({ id: `hf:${name}`, label: name, path });
    }
    return out;
  }

  /** The tokenizers shown side by side; the first one is the base of the ratio column. */
  get tokenizers(): TokenizerSpec[] {
    const ids = this.c.get<string[]>('tokens.tokenizers', [...DEFAULT_TOKENIZERS]);
    const custom = this.customTokenizers;
    const specs = (Array.isArray(ids) ? ids : [])
      .map((id) => (typeof id === 'string' ? resolveTokenizer(id, custom) : undefined))
      .filter((s): s is TokenizerSpec => !!s);
    for (const c of custom) if (!specs.some((s) => s.id === c.id)) specs.push(c);
    return specs.length ? specs : DEFAULT_TOKENIZERS.map((id) => resolveTokenizer(id)!);
  }

  get primaryTokenizer(): TokenizerSpec {
    const id = this.c.get<string>('tokens.primary', 'o200k_base');
    return resolveTokenizer(id, this.customTokenizers) ?? resolveTokenizer('o200k_base')!;
  }

  get contextWindows(): number[] {
    const raw = this.c.get<unknown[]>('tokens.contextWindows', [...DEFAULT_CONTEXT_WINDOWS]);
    const out: number[] = [];
    for (const w of Array.isArray(raw) ? raw : []) {
      try {
        out.push(parseContextWindow(w));
      } catch {
        // An unreadable entry is left out rather than breaking the hover.
      }
    }
    return out.length ? out : [...DEFAULT_CONTEXT_WINDOWS];
  }

  get encodeOptions(): EncodeOptions {
    const mode = this.c.get<string>('tokens.specialTokens', 'none');
    return { bos: mode === 'bos' || mode === 'bosEos', eos: mode === 'bosEos' };
  }

  /** Overheads the calculator adds as explicit lines, as panel/CLI fields. */
  get memoryOverheads(): { cudaContextGiB: string; allocatorReservePct: string } {
    const context = this.c.get<number>('memory.cudaContextGiB', 0.5);
    const reserve = this.c.get<number>('memory.allocatorReservePercent', 5);
    return { cudaContextGiB: String(Number.isFinite(context) ? context : 0.5), allocatorReservePct: String(Number.isFinite(reserve) ? reserve : 5) };
  }

  /** The time estimate's settings, as panel/CLI fields (llmNotes.time.*). */
  get timeDefaults(): Pick<MemoryFields, 'mfu' | 'goodput' | 'networkGbps' | 'hostMemoryGBs'> {
    const number = (key: string, fallback: number, max = Infinity) => {
      const v = this.c.get<number>(key, fallback);
      return String(typeof v === 'number' && v > 0 && v <= max ? v : fallback);
    };
    return { mfu: number('time.mfu', 0.4, 1), goodput: number('time.goodput', 1, 1), networkGbps: number('time.networkGbpsPerGpu', 400), hostMemoryGBs: number('time.hostMemoryGBsPerGpu', 50) };
  }

  /** Host RAM per node for offloaded state, bytes (llmNotes.plan.hostMemoryPerNodeGiB; default 1 TiB). */
  get hostRamPerNode(): number {
    const v = this.c.get<number>('plan.hostMemoryPerNodeGiB', 1024);
    return (typeof v === 'number' && Number.isFinite(v) && v >= 1 ? v : 1024) * 2 ** 30;
  }

  /** Price per GPU-hour for a GPU id (llmNotes.time.pricePerGpuHour), or undefined. */
  pricePerGpuHour(gpuId: string): string | undefined {
    const raw = this.c.get<unknown>('time.pricePerGpuHour', {});
    if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !Object.hasOwn(raw, gpuId)) return undefined;
    const v = (raw as Record<string, unknown>)[gpuId];
    return typeof v === 'number' && v > 0 && Number.isFinite(v) ? String(v) : undefined;
  }

  /**
   * Fields an expression or the panel starts from: the overheads and the time settings, under
   * what it says; the price from the settings for its GPU when it names none.
   */
  withMemorySettings(fields: MemoryFields): MemoryFields {
    const merged: MemoryFields = { ...this.memoryOverheads, ...this.timeDefaults, ...fields };
    if (merged.price === undefined) {
      const gpu = findGpuPreset(merged.gpu ?? DEFAULT_FIELDS.gpu)?.id;
      const price = gpu ? this.pricePerGpuHour(gpu) : undefined;
      if (price !== undefined) merged.price = price;
    }
    return merged;
  }

  /**
   * config.json files of models the calculator should know (`llmNotes.memory.models`): paths, or
   * { label, path }. A restricted setting, like customTokenizers: it names files to read.
   */
  get memoryModels(): { label?: string; path: string }[] {
    const raw = this.c.get<unknown>('memory.models', []);
    const out: { label?: string; path: string }[] = [];
    for (const entry of Array.isArray(raw) ? raw : []) {
      const path = typeof entry === 'string' ? entry : (entry as { path?: unknown } | null)?.path;
      if (typeof path !== 'string' || !path.trim()) continue;
      const label = (entry as { label?: unknown } | null)?.label;
      out.push({ path: path.trim(), label: typeof label === 'string' && label.trim() ? label.trim() : undefined });
    }
    return out;
  }

  get memoryCodeLensEnabled(): boolean {
    return this.c.get<boolean>('memory.codeLens.enabled', true);
  }

  get memoryHoverEnabled(): boolean {
    return this.c.get<boolean>('memory.hover.enabled', true);
  }

  /** Globs of the user's notes that join the digest index. */
  get digestInclude(): string[] {
    const raw = this.c.get<unknown>('digest.include', ['**/*.md']);
    return (Array.isArray(raw) ? raw : [raw]).filter((g): g is string => typeof g === 'string' && g.trim() !== '');
  }

  get digestExclude(): string[] {
    const raw = this.c.get<unknown>('digest.exclude', ['**/node_modules/**', '**/.git/**']);
    return (Array.isArray(raw) ? raw : [raw]).filter((g): g is string => typeof g === 'string' && g.trim() !== '');
  }

  get digestMaxFileBytes(): number {
    const mb = this.c.get<number>('digest.maxFileSizeMB', 5);
    return (Number.isFinite(mb) && mb > 0 ? mb : 5) * 1024 * 1024;
  }

  affectsDigest(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration(`${SECTION}.digest`);
  }

  affectsMemory(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration(`${SECTION}.memory`);
  }

  affectsTokens(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration(`${SECTION}.tokens`);
  }
}
