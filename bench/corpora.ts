import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Deterministic benchmark inputs, generated so BPE caches cannot make repeated text look fast. */
function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const SYLLABLES = 'ta ke mo ri su na he lo ven tor im pre con dis ab ex in ter al ous ing tion ment er ly ward ful'.split(' ');
const HAN = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质'.split('');
const CODE_LINES = [
  'export function estimate(model: Model, options: Options): Breakdown {',
  '  const bytes = model.params * (options.dtype === "fp32" ? 4 : 2);',
  '  for (let i = 0; i < layers.length; i++) total += layers[i].activations(seq, batch);',
  '  if (!Number.isFinite(total)) throw new UserError(`bad size ${value}`);',
  'def forward(self, x: torch.Tensor) -> torch.Tensor:',
  '    return self.proj(F.silu(self.gate(x)) * self.up(x))',
  '}',
  '#include <cuda_runtime.h>',
  'SELECT id, title FROM notes WHERE score > 0.5 ORDER BY score DESC;',
];

export function english(bytes: number, seed = 1): string {
  const r = rng(seed);
  let out = '';
  while (out.length < bytes) {
    const n = 1 + Math.floor(r() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    out += (r() < 0.08 ? w[0].toUpperCase() + w.slice(1) : w) + (r() < 0.1 ? '. ' : r() < 0.05 ? ',\n' : ' ');
  }
  return out.slice(0, bytes);
}

export function chinese(bytes: number, seed = 2): string {
  const r = rng(seed);
  let out = '';
  let size = 0;
  while (size < bytes) {
    const c = r() < 0.06 ? '，' : r() < 0.03 ? '。\n' : HAN[Math.floor(r() * HAN.length)];
    out += c;
    size += c === '。\n' ? 4 : 3;
  }
  return out;
}

export function code(bytes: number, seed = 3): string {
  const r = rng(seed);
  let out = '';
  while (out.length < bytes) {
    const line = CODE_LINES[Math.floor(r() * CODE_LINES.length)].replace(/\d+(\.\d+)?/g, () => String(Math.floor(r() * 10000)));
    out += line.replace(/model|total|layers/g, (m) => m + Math.floor(r() * 100)) + '\n';
  }
  return out.slice(0, bytes);
}

export function numbers(bytes: number, seed = 4): string {
  const r = rng(seed);
  let out = '';
  while (out.length < bytes) {
    const k = r();
    out += (k < 0.3 ? String(Math.floor(r() * 1e9)) : k < 0.6 ? (r() * 1000).toFixed(4) : k < 0.8 ? Math.floor(r() * 1e6).toLocaleString('en-US') : `${Math.floor(r() * 9999)}-${Math.floor(r() * 12)}`) + (r() < 0.1 ? '\n' : ' ');
  }
  return out.slice(0, bytes);
}

/**
 * Real English prose: the README and docs markdown of installed packages, in sorted path order
 * (deterministic for a given lockfile). `offset` skips that many bytes, for a separate warm-up text.
 */
export function englishProse(root: string, bytes: number, offset = 0): string {
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e);
      if (/\.md$/i.test(e) && !/changelog|license|history/i.test(e)) files.push(p);
      else if (depth < 4 && !e.startsWith('.') && statSync(p, { throwIfNoEntry: false })?.isDirectory()) walk(p, depth + 1);
    }
  };
  walk(join(root, 'node_modules'), 0);
  let out = '';
  for (const f of files) {
    out += readFileSync(f, 'utf8').replace(/```[\s\S]*?```/g, '') + '\n';
    if (out.length >= offset + bytes) break;
  }
  return out.slice(offset, offset + bytes);
}
