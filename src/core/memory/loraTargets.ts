import type { LinearKind, ParamCounts } from '../models/architecture';
import type { LoraTargets } from './types';

/** The linear layers of a block in forward order, as PEFT's target_modules name them in LLaMA-style models. */
export const LINEAR_KINDS: readonly LinearKind[] = ['q', 'k', 'v', 'o', 'gate', 'up', 'down'];

/** PEFT's "all-linear": every linear layer of the blocks, not the output head. */
export const ALL_LINEAR: LoraTargets = { modules: LINEAR_KINDS, head: false };

/** Names people write for a module or a group of them (PEFT's q_proj, Falcon's query_key_value, "attn"). */
const ALIASES: Readonly<Record<string, readonly LinearKind[]>> = {
  q: ['q'],
  k: ['k'],
  v: ['v'],
  o: ['o'],
  gate: ['gate'],
  up: ['up'],
  down: ['down'],
  query: ['q'],
  key: ['k'],
  value: ['v'],
  qkv: ['q', 'k', 'v'],
  'query-key-value': ['q', 'k', 'v'],
  'c-attn': ['q', 'k', 'v'],
  wq: ['q'],
  wk: ['k'],
  wv: ['v'],
  wo: ['o'],
  w1: ['gate'],
  w3: ['up'],
  w2: ['down'],
  out: ['o'],
  dense: ['o'],
  'c-proj': ['o'],
  'c-fc': ['up'],
  'dense-h-to-4h': ['up'],
  'dense-4h-to-h': ['down'],
  fc1: ['up'],
  fc2: ['down'],
  attn: ['q', 'k', 'v', 'o'],
  attention: ['q', 'k', 'v', 'o'],
  mlp: ['gate', 'up', 'down'],
};

/** Words for the output head (lm_head) as a target. */
const HEAD_WORDS = new Set(['head', 'lm-head', 'output']);

/**
 * Reads a target list: "q,v", "q_proj,v_proj", "all-linear", "all-linear,head", "attn,mlp".
 * Returns undefined, with the word at fault, when a name is not one of a block's linear layers.
 */
export function parseLoraTargets(text: string): { targets: LoraTargets } | { unknown: string } {
  const words = text
    .split(/[,\s+]+/)
    .map((w) => w.trim().toLowerCase().replace(/_/g, '-'))
    .filter(Boolean);
  if (!words.length) return { unknown: text };
  const modules = new Set<LinearKind>();
  let head = false;
  for (const w of words) {
    const bare = w.replace(/-proj$/, '');
    if (w === 'all-linear' || w === 'all') LINEAR_KINDS.forEach((k) => modules.add(k));
    else if (HEAD_WORDS.has(w)) head = true;
    else if (Object.hasOwn(ALIASES, bare)) ALIASES[bare].forEach((k) => modules.add(k));
    else return { unknown: w };
  }
  if (!modules.size && !head) return { unknown: text };
  return { targets: { modules: LINEAR_KINDS.filter((k) => modules.has(k)), head } };
}

/** The canonical spelling, read back by parseLoraTargets to the same targets: "all-linear", "q,v", "all-linear,head". */
export function formatLoraTargets(targets: LoraTargets): string {
  const all = LINEAR_KINDS.every((k) => targets.modules.includes(k));
  const parts = all ? ['all-linear'] : [...targets.modules];
  if (targets.head) parts.push('head');
  return parts.join(',');
}

export function isAllLinear(targets: LoraTargets): boolean {
  return !targets.head && LINEAR_KINDS.every((k) => targets.modules.includes(k));
}

/**
 * LoRA parameters per unit of rank: Σ (in + out) over the targeted layers of the blocks (from the
 * architecture's own count), plus hidden + vocabulary for the head.
 */
export function loraPerRank(counts: ParamCounts, targets: LoraTargets, hidden: number, vocab: number): number {
  let perRank = 0;
  for (const k of targets.modules) perRank += counts.byModule[k].perRank;
  return perRank + (targets.head ? hidden + vocab : 0);
}
