import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ModelConfig } from '../core/models/configJson';
import { MAX_CONFIG_BYTES, readModelConfig } from '../core/models/configJson';
import { decodeUtf8, readRegularFile } from './files';

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

export interface FoundFile {
  /** "Qwen/Qwen2.5-7B" */
  repo: string;
  snapshot: string;
  path: string;
}

/**
 * `models--org--name/snapshots/<rev>/<file>` under the hub cache folders, read-only. With
 * `onePerRepo`, the snapshot refs/main names (the one a download would use), else the newest.
 */
function findHfFiles(dirs: readonly string[], file: string, onePerRepo: boolean): FoundFile[] {
  const found: FoundFile[] = [];
  for (const dir of dirs) {
    let models: string[];
    try {
      models = readdirSync(dir).filter((d) => d.startsWith('models--'));
    } catch {
      continue;
    }
    for (const model of models) {
      const repo = model.slice('models--'.length).replace(/--/g, '/');
      const snapshots = join(dir, model, 'snapshots');
      let revs: string[];
      try {
        revs = readdirSync(snapshots);
      } catch {
        continue;
      }
      const withFile = revs.filter((rev) => {
        try {
          return readdirSync(join(snapshots, rev)).includes(file);
        } catch {
          return false;
        }
      });
      if (!withFile.length) continue;
      if (!onePerRepo) {
        for (const rev of withFile) found.push({ repo, snapshot: rev, path: join(snapshots, rev, file) });
        continue;
      }
      const main = refMain(join(dir, model));
      const rev = main && withFile.includes(main) ? main : newest(snapshots, withFile);
      found.push({ repo, snapshot: rev, path: join(snapshots, rev, file) });
    }
  }
  return found;
}

function refMain(modelDir: string): string | undefined {
  try {
    const text = readFileSync(join(modelDir, 'refs', 'main'), 'utf8').trim();
    return /^[0-9a-f]{6,64}$/i.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

function newest(snapshots: string, revs: string[]): string {
  let best = revs[0];
  let bestTime = -1;
  for (const rev of revs) {
    try {
      const t = statSync(join(snapshots, rev)).mtimeMs;
      if (t > bestTime) [best, bestTime] = [rev, t];
    } catch {
      // a broken snapshot: not preferred
    }
  }
  return best;
}

/** Finds models--*\/snapshots/*\/tokenizer.json under the given hub cache folders. */
export function findHfTokenizers(dirs: readonly string[]): FoundFile[] {
  return findHfFiles(dirs, 'tokenizer.json', false);
}

/** Every model in the cache with a config.json: one per repository. */
export function findHfModels(dirs: readonly string[]): FoundFile[] {
  return findHfFiles(dirs, 'config.json', true);
}

/** A repository of the cache by id, compared without case ("qwen/qwen2.5-7b" finds Qwen/Qwen2.5-7B). */
export function findHfModel(repo: string, dirs: readonly string[]): FoundFile | undefined {
  const key = repo.toLowerCase();
  return findHfModels(dirs).find((m) => m.repo.toLowerCase() === key);
}

/** Reads a model's config.json (a regular file of at most 4 MiB, never written): the shape or a sentence. */
export async function readModelFile(path: string): Promise<ModelConfig> {
  return readModelConfig(decodeUtf8(await readRegularFile(path, MAX_CONFIG_BYTES), path), path);
}
