import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Hub cache folders to search: $HF_HUB_CACHE, $HF_HOME/hub, then ~/.cache/huggingface/hub. */
export function hfCacheDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = [
    env.HF_HUB_CACHE,
    env.HUGGINGFACE_HUB_CACHE,
    env.HF_HOME ? join(env.HF_HOME, 'hub') : undefined,
    join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'huggingface', 'hub'),
  ].filter((d): d is string => !!d);
  return [...new Set(dirs)];
}

export interface FoundTokenizer {
  /** "Qwen/Qwen2.5-7B" */
  repo: string;
  snapshot: string;
  path: string;
}

/** Finds models--*\/snapshots/*\/tokenizer.json under the given hub cache folders. */
export function findHfTokenizers(dirs: readonly string[]): FoundTokenizer[] {
  const found: FoundTokenizer[] = [];
  for (const dir of dirs) {
    let models: string[];
    try {
      models = readdirSync(dir).filter((d) => d.startsWith('models--'));
    } catch {
      continue;
    }
    for (const model of models) {
      const snapshots = join(dir, model, 'snapshots');
      let revs: string[];
      try {
        revs = readdirSync(snapshots);
      } catch {
        continue;
      }
      for (const rev of revs) {
        const path = join(snapshots, rev, 'tokenizer.json');
        if (existsSync(path)) found.push({ repo: model.slice('models--'.length).replace(/--/g, '/'), snapshot: rev, path });
      }
    }
  }
  return found;
}
