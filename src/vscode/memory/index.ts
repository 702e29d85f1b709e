import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { estimate } from '../../core/memory/estimate';
import { DEFAULT_FIELDS, type MemoryFields } from '../../core/memory/fields';
import { parseFitExpression } from '../../core/memory/fitExpression';
import { buildInput } from '../../core/memory/input';
import { findModelPreset } from '../../core/memory/presets';
import { formatBytes, formatGiB } from '../../core/memory/units';
import { verdict } from '../../core/memory/report';
import type { MemoryResult } from '../../core/memory/types';
import type { Config } from '../config';
import { CommandId } from '../shared/commandIds';
import { findFitExpressions, modelAt } from './fitExpressions';
import { MEMORY_VIEW_TYPE, MemoryCalculatorPanel } from './panel';
import { memoryStrings, translate } from './strings';

const MARKDOWN: vscode.DocumentSelector = [{ language: 'markdown' }];

export interface MemoryApi {
  panel: MemoryCalculatorPanel;
}

/** Evaluates a fit expression with the user's overhead settings; an error is a sentence. */
function evaluate(text: string, config: Config): { result?: MemoryResult; fields?: MemoryFields; error?: string } {
  try {
    const fields = { ...config.memoryOverheads, ...parseFitExpression(text, translate) };
    // Lenses and hovers show the verdict and lines only: no GPU-count search or suggestions.
    return { result: estimate(buildInput(fields, translate), false, translate), fields };
  } catch (e) {
    return { error: errorMessage(e) };
  }
}

function openLink(fields: MemoryFields): string {
  return `command:${CommandId.OpenMemoryCalculator}?${encodeURIComponent(JSON.stringify([fields]))}`;
}

class FitCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly config: Config) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.config.memoryCodeLensEnabled) return [];
    return findFitExpressions(document).map(({ range, text }) => {
      const { result, fields, error } = evaluate(text, this.config);
      if (!result || !fields) {
        return new vscode.CodeLens(range, { title: memoryStrings.invalidLens(error ?? ''), command: '' });
      }
      const figure = memoryStrings.perGpu(formatGiB(result.perGpu.total), formatGiB(result.capacity));
      return new vscode.CodeLens(range, {
        title: result.fits ? memoryStrings.fitsLens(figure) : memoryStrings.noFitLens(figure),
        tooltip: memoryStrings.openInCalculator(),
        command: CommandId.OpenMemoryCalculator,
        arguments: [fields],
      });
    });
  }
}

class MemoryHoverProvider implements vscode.HoverProvider {
  constructor(private readonly config: Config) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.config.memoryHoverEnabled) return undefined;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    if (editor?.selections.some((s) => !s.isEmpty && s.contains(position))) return undefined; // the token hover's turn
    const expr = findFitExpressions(document).find((f) => f.range.contains(position));
    if (expr) return this.fitHover(expr.text, expr.range);
    const model = modelAt(document, position);
    if (model) return this.quickTable(model.text, model.range);
    return undefined;
  }

  private fitHover(text: string, range: vscode.Range): vscode.Hover {
    const { result, fields, error } = evaluate(text, this.config);
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [CommandId.OpenMemoryCalculator] };
    if (!result || !fields) {
      md.appendText(error ?? '');
      return new vscode.Hover(md, range);
    }
    md.appendMarkdown(`**${verdict(result, translate).replace(/[*_|]/g, '\\$&')}**\n\n`);
    md.appendMarkdown(`| ${memoryStrings.perGpuHeader()} | | |\n|---|---:|---|\n`);
    for (const l of result.perGpu.lines) md.appendMarkdown(`| ${l.label} | ${formatBytes(l.bytes)} | ${l.formula.replace(/\|/g, '\\|')} |\n`);
    md.appendMarkdown(`\n[${memoryStrings.openInCalculator()}](${openLink(fields)})`);
    return new vscode.Hover(md, range);
  }

  /** "34B" or "llama2-70b" in prose: inference fp16, full AdamW, LoRA and QLoRA on one GPU. */
  private quickTable(text: string, range: vscode.Range): vscode.Hover | undefined {
    const preset = findModelPreset(text);
    const model = preset ? { model: preset.id } : { params: text };
    const rows: [string, MemoryFields][] = [
      [memoryStrings.quickInference(), { mode: 'inference', dtype: 'fp16' }],
      [memoryStrings.quickFull(), { mode: 'full', dtype: 'bf16', optimizer: 'adamw' }],
      [memoryStrings.quickLora(), { mode: 'lora', dtype: 'pure-bf16' }],
      [memoryStrings.quickQlora(), { mode: 'qlora', dtype: 'bf16' }],
    ];
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [CommandId.OpenMemoryCalculator] };
    md.appendMarkdown(`**${memoryStrings.quickTable(preset?.name ?? text)}**\n\n| ${memoryStrings.setup()} | ${memoryStrings.perGpuHeader()} | |\n|---|---:|---|\n`);
    for (const [label, f] of rows) {
      const fields = { ...this.config.memoryOverheads, ...model, ...f, seq: '4096', batch: '1', gpus: '1' };
      try {
        const r = estimate(buildInput(fields), false);
        md.appendMarkdown(`| ${label} | ${formatGiB(r.perGpu.total)} | [${memoryStrings.openInCalculator()}](${openLink(fields)}) |\n`);
      } catch {
        return undefined;
      }
    }
    return new vscode.Hover(md, range);
  }
}

export function activateMemory(context: vscode.ExtensionContext, config: Config): MemoryApi {
  const panel = new MemoryCalculatorPanel(context.extensionUri, () => ({ ...DEFAULT_FIELDS, ...config.memoryOverheads }));
  const lenses = new FitCodeLensProvider(config);
  context.subscriptions.push(
    panel,
    vscode.languages.registerCodeLensProvider(MARKDOWN, lenses),
    vscode.languages.registerHoverProvider(MARKDOWN, new MemoryHoverProvider(config)),
    vscode.window.registerWebviewPanelSerializer(MEMORY_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel, state) => panel.restore(webviewPanel, state),
    }),
    vscode.workspace.onDidChangeConfiguration((e) => config.affectsMemory(e) && lenses.refresh()),
    vscode.commands.registerCommand(CommandId.OpenMemoryCalculator, (fields?: MemoryFields | string) => {
      const parsed = typeof fields === 'string' ? parseFitExpression(fields, translate) : fields;
      panel.show(parsed);
    }),
  );
  return { panel };
}
