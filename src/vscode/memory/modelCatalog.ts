import * as vscode from 'vscode';
import { MAX_CONFIG_BYTES, readModelConfig, type ModelConfig } from '../../core/models/configJson';
import { modelIdFromPath } from '../../core/models/modelId';
import { findModelPreset, MODEL_PRESETS } from '../../core/models/presets';
import type { ModelResolver, ResolvedModel } from '../../core/memory/types';
import type { FoundFile } from '../../node/hfCache';
import type { Config } from '../config';

/** Where a model in the catalog came from; the panel groups its picker by it. */
export type CatalogGroup = 'preset' | 'cache' | 'settings' | 'editor';

export interface CatalogEntry {
  /** What a fit expression or the form writes: a preset id, "Qwen/Qwen2.5-7B", a file's name. */
  id: string;
  group: CatalogGroup;
  path?: string;
  model?: ResolvedModel;
  /** Why its config.json could not be used, as a sentence. */
  error?: string;
}

/** Desktop only: lists the Hugging Face cache's models (the web has no such folder). */
export interface HfModels {
  dirs(): string[];
  find(dirs: string[]): FoundFile[];
}

/**
 * The models the calculator knows in the editor: the presets, every model in the Hugging Face
 * cache, the config.json files of `llmNotes.memory.models`, and a config.json open in the editor.
 * Files are read (asynchronously, at most 4 MiB each, never written) when first needed and kept;
 * lookups are then synchronous, which is what the core's ModelResolver is.
 */
export class ModelCatalog implements vscode.Disposable {
  private loaded: Promise<void> | undefined;
  private files: CatalogEntry[] = [];
  private readonly editor = new Map<string, CatalogEntry>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly config: Config,
    private readonly hf?: HfModels,
  ) {}

  /** Reads the cache and the settings' files once; later calls share the same promise. */
  ready(): Promise<void> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  /** Forgets what was read (settings changed, or the user asked) and reads again. */
  async refresh(): Promise<void> {
    this.loaded = undefined;
    await this.ready();
    this.changed.fire();
  }

  readonly resolve: ModelResolver = (name) => {
    const key = name.toLowerCase();
    const hit = this.editor.get(key) ?? this.files.find((e) => e.id.toLowerCase() === key || e.path?.toLowerCase() === key);
    return hit?.model;
  };

  /** Whether a word names a model: a preset, or a catalog entry. */
  has(name: string): boolean {
    return !!findModelPreset(name) || !!this.resolve(name);
  }

  /** Presets first, then the cache, the settings and the editor (a file listed once), for the panel's picker. */
  entries(): CatalogEntry[] {
    const presets: CatalogEntry[] = MODEL_PRESETS.map((m) => ({ id: m.id, group: 'preset' }));
    const known = new Set(this.files.flatMap((e) => [e.id.toLowerCase(), e.path ?? '']));
    const editor = [...this.editor.values()].filter((e) => !known.has(e.id.toLowerCase()) && !known.has(e.path ?? ''));
    return [...presets, ...this.files, ...editor];
  }

  /** Entries of the cache and the settings whose config.json could not be read, with the sentence. */
  problems(): CatalogEntry[] {
    return this.files.filter((e) => e.error);
  }

  /** A config.json open in the editor joins the catalog under its id (its repository or folder). */
  addDocument(document: vscode.TextDocument): CatalogEntry {
    const id = modelIdFromPath(document.uri.path);
    let entry: CatalogEntry;
    try {
      entry = { id, group: 'editor', path: document.uri.fsPath, model: resolved(id, readModelConfig(document.getText(), vscode.workspace.asRelativePath(document.uri)), document.uri.fsPath) };
    } catch (e) {
      entry = { id, group: 'editor', path: document.uri.fsPath, error: (e as Error).message };
    }
    this.editor.set(id.toLowerCase(), entry);
    return entry;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async load(): Promise<void> {
    const entries: CatalogEntry[] = [];
    if (this.hf) {
      for (const found of this.hf.find(this.hf.dirs())) entries.push(await this.read(found.repo, vscode.Uri.file(found.path), 'cache'));
    }
    for (const { label, path } of this.config.memoryModels) {
      entries.push(await this.read(label ?? modelIdFromPath(path), vscode.Uri.file(path), 'settings'));
    }
    this.files = entries;
  }

  private async read(id: string, uri: vscode.Uri, group: CatalogGroup): Promise<CatalogEntry> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) throw new Error(`${uri.fsPath} is a folder; give the path of a config.json.`);
      if (stat.size > MAX_CONFIG_BYTES) throw new Error(`${uri.fsPath} is ${(stat.size / 1048576).toFixed(1)} MB; a model's config.json is a few KB, so this is not one.`);
      const text = new TextDecoder('utf-8', { fatal: true }).decode(await vscode.workspace.fs.readFile(uri));
      return { id, group, path: uri.fsPath, model: resolved(id, readModelConfig(text, uri.fsPath), uri.fsPath) };
    } catch (e) {
      const message = e instanceof vscode.FileSystemError ? `${uri.fsPath} cannot be read (${e.code}).` : e instanceof TypeError ? `${uri.fsPath} is not UTF-8 text.` : (e as Error).message;
      return { id, group, path: uri.fsPath, error: message };
    }
  }
}

function resolved(id: string, config: ModelConfig, path: string): ResolvedModel {
  return { id, arch: config.arch, params: config.counts.total, path, notes: config.notes };
}
