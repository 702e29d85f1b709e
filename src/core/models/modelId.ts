/**
 * A model's id from where its config.json is: the Hugging Face cache's repository
 * ("…/models--Qwen--Qwen2.5-7B/snapshots/abc/config.json" → "Qwen/Qwen2.5-7B"), a file named after
 * one ("Qwen--Qwen3-32B.json" → "Qwen/Qwen3-32B"), or its folder ("./my-model/config.json" → "my-model").
 */
export function modelIdFromPath(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  const hub = parts.find((p) => p.startsWith('models--'));
  if (hub) return hub.slice('models--'.length).replace(/--/g, '/');
  const file = parts[parts.length - 1] ?? path;
  if (file.toLowerCase() !== 'config.json') return file.replace(/\.json$/i, '').replace(/--/g, '/');
  const folder = parts[parts.length - 2];
  return folder && folder !== '.' ? folder : file;
}
