import * as vscode from 'vscode';
import { CommandId } from '../../shared/commandIds';
import type { Command } from '../../shared/commandManager';
import type { Config } from '../../config';
import type { HfModels, ModelCatalog } from '../modelCatalog';
import { memoryStrings } from '../strings';

/**
 * Lists the models of the Hugging Face cache and adds the picked ones to llmNotes.memory.models
 * (the cache's models are known anyway; this pins a label and keeps them when the cache moves).
 */
export class AddModelFromHfCacheCommand implements Command {
  readonly id = CommandId.AddModelFromHfCache;

  constructor(
    private readonly config: Config,
    private readonly catalog: ModelCatalog,
    private readonly hf: HfModels | undefined,
  ) {}

  /** `repos`: repository ids to add without asking (a keybinding, a test); each must be in the cache. */
  async execute(repos?: unknown) {
    if (!this.hf) {
      void vscode.window.showInformationMessage(memoryStrings.hfWebOnly());
      return undefined;
    }
    const dirs = this.hf.dirs();
    const found = this.hf.find(dirs);
    if (!found.length) {
      void vscode.window.showInformationMessage(memoryStrings.hfNoModels(dirs.join(', ')));
      return [];
    }
    const existing = new Set(this.config.memoryModels.map((m) => m.path));
    const items = found.map((f) => ({ label: f.repo, description: f.snapshot.slice(0, 12), detail: f.path, found: f, picked: existing.has(f.path) }));
    const wanted = Array.isArray(repos) ? repos.filter((r): r is string => typeof r === 'string').map((r) => r.toLowerCase()) : undefined;
    const picks = wanted ? items.filter((i) => wanted.includes(i.label.toLowerCase())) : await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: memoryStrings.hfPickModels() });
    if (!picks?.length) return undefined;
    const setting = vscode.workspace.getConfiguration('llmNotes');
    const current = (setting.get<unknown[]>('memory.models') ?? []).filter(Boolean);
    const added = picks.filter((p) => !existing.has(p.found.path)).map((p) => ({ label: p.found.repo, path: p.found.path }));
    await setting.update('memory.models', [...current, ...added], vscode.ConfigurationTarget.Global);
    await this.catalog.refresh();
    void vscode.window.showInformationMessage(memoryStrings.hfModelsAdded(added.map((a) => a.label).join(', ') || '—'));
    return added;
  }
}
