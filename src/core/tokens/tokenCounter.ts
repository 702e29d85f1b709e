import { errorMessage } from '../errors';
import { loadBuiltinEngine, loadHuggingFaceEngine, type EncodeOptions, type ReadVocabulary, type TokenEngine } from './engines';
import { builtinInfo, isBuiltinTokenizerId } from './registry';
import { tokenSegments, type TokenSegment } from './segments';
import { textStats, type TextStats } from './textStats';

/** A tokenizer the user asked for: a built-in id, or a label with the path of a tokenizer.json. */
export interface TokenizerSpec {
  id: string;
  label: string;
  path?: string;
}

export interface TokenCount {
  id: string;
  label: string;
  tokens?: number;
  /** Why this tokenizer could not count; the others still do. */
  error?: string;
}

export interface CountReport {
  stats: TextStats;
  counts: TokenCount[];
}

/** Reads a file as UTF-8 text; undefined when it does not exist. Injected so the core stays pure. */
export type ReadTextFile = (path: string) => Promise<string | undefined>;

/**
 * Resolves a tokenizer named in settings or on the command line: a built-in id, the id or label of
 * a configured custom tokenizer, or — only where `paths` allows it (the CLI, where the user typed
 * it) — the path of a tokenizer.json. Settings never name a path this way: a folder's settings are
 * not trusted to make the extension read files (only llmNotes.tokens.customTokenizers may, and VS
 * Code withholds it in Restricted Mode).
 */
export function resolveTokenizer(idOrPath: string, custom: readonly TokenizerSpec[] = [], options: { paths?: boolean } = {}): TokenizerSpec | undefined {
  const builtin = builtinInfo(idOrPath);
  if (builtin) return { id: builtin.id, label: builtin.label };
  const configured = custom.find((c) => c.id === idOrPath || c.label === idOrPath);
  if (configured) return configured;
  if (options.paths && (/tokenizer\.json$/i.test(idOrPath) || idOrPath.includes('/') || idOrPath.includes('\\'))) {
    return { id: idOrPath, label: labelFromPath(idOrPath), path: idOrPath };
  }
  return undefined;
}

/** ".../models--Qwen--Qwen2.5-7B/snapshots/abc/tokenizer.json" → "Qwen2.5-7B". */
export function labelFromPath(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  const hub = parts.find((p) => p.startsWith('models--'));
  if (hub) return hub.split('--').slice(2).join('--') || hub;
  return parts.length >= 2 ? parts[parts.length - 2] : parts[0] ?? path;
}

/**
 * Counts text with several tokenizers at once. Engines load on first use and stay loaded; a
 * tokenizer that fails to load fails only its own row, and keeps its error (no retry per keystroke)
 * until `forget` is called, for instance when settings change.
 */
export class TokenCounter {
  private readonly engines = new Map<string, Promise<TokenEngine>>();

  constructor(
    private readonly readFile: ReadTextFile,
    private readonly readVocabulary?: ReadVocabulary,
  ) {}

  engine(spec: TokenizerSpec): Promise<TokenEngine> {
    const key = spec.path ?? spec.id;
    let engine = this.engines.get(key);
    if (!engine) {
      engine = this.loadEngine(spec);
      engine.catch(() => undefined); // the rejection is reported by whoever awaits it
      this.engines.set(key, engine);
    }
    return engine;
  }

  forget(): void {
    this.engines.clear();
  }

  async count(text: string, specs: readonly TokenizerSpec[], options?: EncodeOptions): Promise<CountReport> {
    const counts: TokenCount[] = [];
    for (const spec of specs) {
      try {
        const engine = await this.engine(spec);
        counts.push({ id: spec.id, label: spec.label, tokens: engine.encode(text, options).length });
      } catch (e) {
        counts.push({ id: spec.id, label: spec.label, error: errorMessage(e) });
      }
    }
    return { stats: textStats(text), counts };
  }

  async segments(text: string, spec: TokenizerSpec, options?: EncodeOptions): Promise<TokenSegment[]> {
    return tokenSegments(await this.engine(spec), text, options);
  }

  private async loadEngine(spec: TokenizerSpec): Promise<TokenEngine> {
    if (!spec.path) {
      if (!isBuiltinTokenizerId(spec.id)) throw new Error(`Unknown tokenizer "${spec.id}".`);
      return loadBuiltinEngine(spec.id, this.readVocabulary);
    }
    const json = await this.readFile(spec.path).catch((e: unknown) => {
      throw new Error(`Cannot read ${spec.path}: ${errorMessage(e)}`);
    });
    if (json === undefined) throw new Error(`Tokenizer file not found: ${spec.path}`);
    const configPath = spec.path.replace(/tokenizer\.json$/i, 'tokenizer_config.json');
    const config = configPath !== spec.path ? await this.readFile(configPath).catch(() => undefined) : undefined;
    return loadHuggingFaceEngine(spec.id, spec.path, json, config);
  }
}
