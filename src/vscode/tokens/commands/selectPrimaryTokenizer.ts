import * as vscode from 'vscode';
import { BUILTIN_TOKENIZERS } from '../../../core/tokens/registry';
import { CommandId } from '../../shared/commandIds';
import type { Command } from '../../shared/commandManager';
import { strings } from '../strings';
import type { TokenCommandContext } from './context';

/** Picks the status bar's tokenizer (or takes an id) and saves it in the user's settings. */
export class SelectPrimaryTokenizerCommand implements Command {
  readonly id = CommandId.SelectPrimaryTokenizer;
  constructor(private readonly ctx: TokenCommandContext) {}

  async execute(id?: unknown) {
    const { config } = this.ctx;
    let chosen = typeof id === 'string' ? id : undefined;
    if (!chosen) {
      const current = config.primaryTokenizer.id;
      const items = [
        ...BUILTIN_TOKENIZERS.map((t) => ({ label: t.label, id: t.id, description: t.models })),
        ...config.customTokenizers.map((t) => ({ label: t.label, id: t.id, description: t.path })),
      ].map((i) => ({ ...i, picked: i.id === current, label: `${i.id === current ? '$(check) ' : ''}${i.label}` }));
      chosen = (await vscode.window.showQuickPick(items, { placeHolder: strings.pickPrimary() }))?.id;
    }
    if (!chosen) return undefined;
    await vscode.workspace.getConfiguration('llmNotes').update('tokens.primary', chosen, vscode.ConfigurationTarget.Global);
    return chosen;
  }
}
