import * as vscode from 'vscode';
import { formatParams } from '../../core/memory/units';
import { CommandId } from '../shared/commandIds';
import type { ModelCatalog } from './modelCatalog';
import { memoryStrings } from './strings';

/** config.json files in the editor. */
export const CONFIG_JSON: vscode.DocumentSelector = [{ pattern: '**/config.json' }];

/**
 * A lens at the top of a model's config.json: "Estimate memory for this model" opens the panel
 * with it; a file that is a model config but cannot be read says why. Other config.json files
 * (no model_type, no hidden_size) get no lens.
 */
export class ConfigJsonLensProvider implements vscode.CodeLensProvider {
  constructor(private readonly catalog: ModelCatalog) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    if (!/"(model_type|hidden_size|n_embd|num_layers)"\s*:/.test(text)) return [];
    const entry = this.catalog.addDocument(document);
    const top = new vscode.Range(0, 0, 0, 0);
    if (!entry.model) return [new vscode.CodeLens(top, { title: memoryStrings.invalidLens(entry.error ?? ''), command: '' })];
    return [
      new vscode.CodeLens(top, {
        title: memoryStrings.estimateThisModel(entry.id, formatParams(entry.model.params)),
        tooltip: memoryStrings.openInCalculator(),
        command: CommandId.OpenMemoryCalculator,
        arguments: [{ model: entry.id }],
      }),
    ];
  }
}
