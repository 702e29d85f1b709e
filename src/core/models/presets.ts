import type { Architecture } from './architecture';
import { readModelConfigObject } from './configJson';
import { PRESET_CONFIGS } from './presetConfigs';

/** A preset as stored: the model's config.json values, where they come from, and its published count. */
export interface PresetConfig {
  id: string;
  /** The Hugging Face repository id. */
  name: string;
  /** Other names that mean it (the base or instruct repository, an older id). */
  aliases: readonly string[];
  published: { total: number; active?: number };
  source: string;
  config: Record<string, unknown>;
}

/** A model preset: its shape read from its config.json, its exact count, and its source. */
export interface ModelPreset {
  id: string;
  name: string;
  aliases: readonly string[];
  /** The architecture's own count, which the tests hold equal to the published total. */
  totalParams: number;
  activeParams?: number;
  arch: Architecture;
  source: string;
  notes: readonly string[];
}

/**
 * The preset library: every model whose config.json and parameter count could be verified
 * (shared/data/configs and SOURCES.md; scripts/presets-from-configs.mjs writes presetConfigs.ts).
 * A model whose figures could not be verified (Baichuan2-13B, DeepSeek-LLM-67B, CodeLlama-34B) is
 * not a preset: read its config.json instead.
 */
export const MODEL_PRESETS: readonly ModelPreset[] = PRESET_CONFIGS.map((p) => {
  const read = readModelConfigObject(p.config, `${p.name} config.json`);
  return {
    id: p.id,
    name: p.name,
    aliases: p.aliases,
    totalParams: read.counts.total,
    activeParams: read.arch.moe ? read.counts.active : undefined,
    arch: read.arch,
    source: p.source,
    notes: read.notes,
  };
});

const BY_NAME = new Map<string, ModelPreset>();
for (const m of MODEL_PRESETS) {
  for (const name of [m.id, m.name, ...m.aliases]) {
    const key = name.toLowerCase();
    if (!BY_NAME.has(key)) BY_NAME.set(key, m);
    // "Meta-Llama-3.1-8B" for "meta-llama/Meta-Llama-3.1-8B".
    const short = key.split('/').pop()!;
    if (!BY_NAME.has(short)) BY_NAME.set(short, m);
  }
}

/** A preset by id, repository id (any case) or the repository's name alone. */
export function findModelPreset(id: string): ModelPreset | undefined {
  return BY_NAME.get(id.trim().toLowerCase());
}
