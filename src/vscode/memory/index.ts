import * as vscode from 'vscode';
import { DEFAULT_FIELDS } from '../../core/memory/fields';
import type { Config } from '../config';
import { CommandManager } from '../shared/commandManager';
import { AddModelFromHfCacheCommand } from './commands/addModelFromHfCache';
import { OpenCalculatorCommand } from './commands/openCalculator';
import { EstimateWithEngineConfigCommand } from './commands/estimateWithEngineConfig';
import { CONFIG_JSON, ConfigJsonLensProvider } from './configLens';
import { ENGINE_CONFIGS, EngineConfigLensProvider } from './engineConfigLens';
import { forgetScans } from './fitExpressions';
import { MemoryHoverProvider } from './fitHover';
import { FitCodeLensProvider } from './fitLenses';
import { ModelCatalog, type HfModels } from './modelCatalog';
import { MEMORY_VIEW_TYPE, MemoryCalculatorPanel } from './panel';

const MARKDOWN: vscode.DocumentSelector = [{ language: 'markdown' }];

export interface MemoryApi {
  panel: MemoryCalculatorPanel;
  catalog: ModelCatalog;
}

/** Wires the calculator: the panel, the model catalog, lenses and hovers in notes, config.json files and engines' configs, three commands. */
export function activateMemory(context: vscode.ExtensionContext, config: Config, hf?: HfModels): MemoryApi {
  const catalog = new ModelCatalog(config, hf);
  const panel = new MemoryCalculatorPanel(context.extensionUri, () => ({ ...DEFAULT_FIELDS, ...config.memoryOverheads, ...config.timeDefaults }), catalog, (fields) => config.withMemorySettings(fields), () => config.hostRamPerNode);
  const lenses = new FitCodeLensProvider(config, catalog);
  const commands = new CommandManager();
  commands.register(new OpenCalculatorCommand(panel));
  commands.register(new AddModelFromHfCacheCommand(config, catalog, hf));
  commands.register(new EstimateWithEngineConfigCommand(panel, catalog));
  context.subscriptions.push(
    catalog,
    panel,
    lenses,
    commands,
    vscode.languages.registerCodeLensProvider(MARKDOWN, lenses),
    vscode.languages.registerHoverProvider(MARKDOWN, new MemoryHoverProvider(config, catalog)),
    vscode.languages.registerCodeLensProvider(CONFIG_JSON, new ConfigJsonLensProvider(catalog)),
    vscode.languages.registerCodeLensProvider(ENGINE_CONFIGS, new EngineConfigLensProvider()),
    vscode.window.registerWebviewPanelSerializer(MEMORY_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel, state) => panel.restore(webviewPanel, state),
    }),
    catalog.onDidChange(() => {
      forgetScans();
      lenses.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!config.affectsMemory(e)) return;
      if (e.affectsConfiguration('llmNotes.memory.models')) void catalog.refresh();
      else lenses.refresh();
    }),
  );
  return { panel, catalog };
}
