import * as vscode from 'vscode';
import { errorMessage, isUserError } from '../../../core/errors';
import { readAccelerateConfig } from '../../../core/plan/accelerateConfig';
import { readDeepSpeedConfig } from '../../../core/plan/deepspeedConfig';
import { CommandId } from '../../shared/commandIds';
import type { Command } from '../../shared/commandManager';
import { engineConfigKind } from '../engineConfigLens';
import type { ModelCatalog } from '../modelCatalog';
import type { MemoryCalculatorPanel } from '../panel';
import { memoryStrings, translate } from '../strings';

/**
 * Opens the calculator with a DeepSpeed or accelerate config's settings (stage, offload, precision,
 * batch sizes, processes, FSDP strategy, Megatron-LM degrees) and a model the user picks: the
 * config does not name one. Only a document open in the editor is read; nothing is written.
 */
export class EstimateWithEngineConfigCommand implements Command {
  readonly id = CommandId.EstimateWithEngineConfig;
  constructor(
    private readonly panel: MemoryCalculatorPanel,
    private readonly catalog: ModelCatalog,
  ) {}

  async execute(uri?: unknown): Promise<void> {
    const document = typeof uri === 'string' ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) : vscode.window.activeTextEditor?.document;
    const kind = document && engineConfigKind(document);
    if (!document || !kind) {
      void vscode.window.showWarningMessage(memoryStrings.noEngineConfig());
      return;
    }
    const name = document.uri.path.split('/').pop() ?? document.uri.path;
    let read;
    try {
      read = kind === 'deepspeed' ? readDeepSpeedConfig(document.getText(), name, undefined, translate) : readAccelerateConfig(document.getText(), name, translate);
    } catch (e) {
      if (!isUserError(e)) throw e;
      void vscode.window.showErrorMessage(errorMessage(e));
      return;
    }
    await this.catalog.ready();
    const picked = await vscode.window.showQuickPick(
      this.catalog.entries().filter((e) => !e.error).map((e) => ({ label: e.id, description: e.path })),
      { placeHolder: memoryStrings.whichModel(name), matchOnDescription: true },
    );
    if (!picked) return;
    this.panel.show({ ...read.fields, model: picked.label });
    if (read.notes.length) void vscode.window.showInformationMessage(read.notes.join(' '));
  }
}
