import * as vscode from 'vscode';
import { CommandId } from '../../shared/commandIds';
import type { Command } from '../../shared/commandManager';
import { strings } from '../strings';
import type { TokenCommandContext } from './context';

/** Finds tokenizer.json files in the Hugging Face cache and adds the picked ones to the settings. */
export class AddTokenizerFromHfCacheCommand implements Command {
  readonly id = CommandId.AddTokenizerFromHfCache;
  constructor(private readonly ctx: TokenCommandContext) {}

  async execute() {
    const { hfCache, config } = this.ctx;
    if (!hfCache) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Reading the Hugging Face cache needs local file access, which VS Code for the Web does not have. Add a tokenizer.json path to llmNotes.tokens.customTokenizers instead.'),
      );
      return undefined;
    }
    const dirs = hfCache.dirs();
    const found = hfCache.find(dirs);
    if (!found.length) {
      void vscode.window.showInformationMessage(strings.hfNoneFound(dirs.join(', ')));
      return [];
    }
    const existing = new Set(config.customTokenizers.map((c) => c.path));
    const picks = await vscode.window.showQuickPick(
      found.map((f) => ({ label: f.repo, description: f.snapshot.slice(0, 12), detail: f.path, found: f, picked: existing.has(f.path) })),
      { canPickMany: true, placeHolder: strings.hfPick() },
    );
    if (!picks?.length) return undefined;
    const setting = vscode.workspace.getConfiguration('llmNotes');
    const current = (setting.get<unknown[]>('tokens.customTokenizers') ?? []).filter(Boolean);
    const added = picks.filter((p) => !existing.has(p.found.path)).map((p) => ({ label: p.found.repo.split('/').pop() ?? p.found.repo, path: p.found.path }));
    await setting.update('tokens.customTokenizers', [...current, ...added], vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(strings.hfAdded(added.map((a) => a.label).join(', ') || '—'));
    return added;
  }
}
