import { findModelPreset } from '../core/models/presets';
import { MAX_CONFIG_BYTES, readModelConfig } from '../core/models/configJson';
import { modelIdFromPath } from '../core/models/modelId';
import type { ModelResolver, ResolvedModel } from '../core/memory/types';
import { decodeUtf8 } from '../node/files';
import { findHfModel } from '../node/hfCache';
import { UsageError } from './args';
import type { CliIo } from './io';

/** A config.json read through the CLI's io, as a model the calculator can use. */
async function fromFile(path: string, id: string, io: CliIo): Promise<ResolvedModel> {
  const config = readModelConfig(decodeUtf8(await io.readFile(path, MAX_CONFIG_BYTES), path), path);
  return { id, arch: config.arch, params: config.counts.total, path, notes: config.notes };
}

/**
 * The models a command may name besides presets and sizes: `--config PATH` (its id is the
 * repository the path is in, or its folder), and any `org/name` found in the Hugging Face cache.
 * Read before the estimate, so the core's lookup is a plain synchronous one.
 */
export async function cliModels(name: string | undefined, configPath: string | undefined, io: CliIo): Promise<{ resolve: ModelResolver; id?: string }> {
  const known = new Map<string, ResolvedModel>();
  let id: string | undefined;
  if (configPath !== undefined) {
    const model = await fromFile(configPath, modelIdFromPath(configPath), io);
    known.set(model.id.toLowerCase(), model);
    id = model.id;
  } else if (name && name.includes('/') && !findModelPreset(name)) {
    const found = findHfModel(name, io.hfCacheDirs);
    if (!found) {
      throw new UsageError(`model "${name}" is not a preset and is not in the Hugging Face cache (${io.hfCacheDirs.join(', ') || 'no cache folder'}); give --config PATH to its config.json`);
    }
    const model = await fromFile(found.path, found.repo, io);
    known.set(name.toLowerCase(), model);
    known.set(found.repo.toLowerCase(), model);
  }
  if (id) known.set(id.replace(/\s+/g, '-').toLowerCase(), known.get(id.toLowerCase())!);
  return { resolve: (n) => known.get(n.toLowerCase()), id };
}
