import * as vscode from 'vscode';
import { looksLikeAccelerateConfig } from '../../core/plan/accelerateConfig';
import { looksLikeDeepSpeedConfig } from '../../core/plan/deepspeedConfig';
import { CommandId } from '../shared/commandIds';
import { memoryStrings } from './strings';

/** JSON and YAML files in the editor: DeepSpeed configs and accelerate configs among them. */
export const ENGINE_CONFIGS: vscode.DocumentSelector = [{ pattern: '**/*.json' }, { pattern: '**/*.{yaml,yml}' }];

/** Which engine's config a document is, if any: a DeepSpeed JSON or an accelerate YAML. */
export function engineConfigKind(document: vscode.TextDocument): 'deepspeed' | 'accelerate' | undefined {
  const text = document.getText();
  if (/\.ya?ml$/i.test(document.uri.path)) return looksLikeAccelerateConfig(text) ? 'accelerate' : undefined;
  if (!/"(zero_optimization|train_micro_batch_size_per_gpu)"\s*:/.test(text)) return undefined;
  try {
    return looksLikeDeepSpeedConfig(JSON.parse(text)) ? 'deepspeed' : undefined;
  } catch {
    return undefined;
  }
}

/** A lens at the top of a ds_config.json or an accelerate config: "Estimate with this config…". */
export class EngineConfigLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const kind = engineConfigKind(document);
    if (!kind) return [];
    return [
      new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
        title: kind === 'deepspeed' ? memoryStrings.estimateWithDeepSpeed() : memoryStrings.estimateWithAccelerate(),
        command: CommandId.EstimateWithEngineConfig,
        arguments: [document.uri.toString()],
      }),
    ];
  }
}
