import * as vscode from 'vscode';
import { estimateRun } from '../../core/time/estimateRun';
import { planFields } from '../../core/plan/fields';
import { planSentence } from '../../core/plan/report';
import { planSteps } from '../../core/plan/search';
import { finishInSlices } from '../../core/slices';
import type { MemoryFields } from '../../core/memory/fields';
import { buildInput } from '../../core/memory/input';
import { readingsText, verdict, withAmount } from '../../core/memory/report';
import { timeSummary } from '../../core/time/report';
import { formatBytes, formatGiB } from '../../core/memory/units';
import { findModelPreset } from '../../core/models/presets';
import { escapeMarkdown } from '../../core/text/markdown';
import type { Config } from '../config';
import { CommandId } from '../shared/commandIds';
import { evaluate, openLink } from './evaluate';
import { findFitExpressions, modelAt } from './fitExpressions';
import type { ModelCatalog } from './modelCatalog';
import { memoryStrings, translate } from './strings';

/** On a fit expression: the breakdown with its working; on a model in prose: a quick table. */
export class MemoryHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly config: Config,
    private readonly catalog: ModelCatalog,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token?: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!this.config.memoryHoverEnabled) return undefined;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    if (editor?.selections.some((s) => !s.isEmpty && s.contains(position))) return undefined; // the token hover's turn
    await this.catalog.ready();
    const isModel = (w: string) => this.catalog.has(w);
    const expr = findFitExpressions(document, isModel).find((f) => f.range.contains(position));
    if (expr) return this.fitHover(expr.text, expr.range, token);
    const model = modelAt(document, position, isModel);
    if (model) return this.quickTable(model.text, model.range);
    return undefined;
  }

  private async fitHover(text: string, range: vscode.Range, token?: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const { result, fields, error } = evaluate(text, this.config, this.catalog);
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [CommandId.OpenMemoryCalculator] };
    if (!result || !fields) {
      md.appendText(error ?? '');
      return new vscode.Hover(md, range);
    }
    md.appendMarkdown(`**${escapeMarkdown(verdict(result, translate))}**\n\n${escapeMarkdown(readingsText(result, translate))}\n\n`);
    if (result.time) md.appendMarkdown(`${escapeMarkdown(timeSummary(result.time, translate))}\n\n`);
    if (!result.fits) {
      // The planner, in slices: the fastest plan that fits on these GPUs, or the smallest cluster.
      const search = await finishInSlices(planSteps(result.input, { hostRamPerNode: this.config.hostRamPerNode }, translate), 12, () => !!token?.isCancellationRequested);
      if (!search) return undefined;
      const sentence = planSentence(search, translate);
      const best = search.fastest ?? search.elsewhere[0];
      if (sentence) md.appendMarkdown(`${escapeMarkdown(sentence)}${best ? ` [${memoryStrings.openPlan()}](${openLink({ ...fields, ...planFields(best.input) })})` : ''}\n\n`);
    }
    md.appendMarkdown(`| ${escapeMarkdown(memoryStrings.aliveAtPeak(result.peak.label))} | | |\n|---|---:|---|\n`);
    for (const l of result.peak.terms) md.appendMarkdown(`| ${escapeMarkdown(l.label)} | ${formatBytes(l.bytes)} | ${escapeMarkdown(withAmount(l))} |\n`);
    md.appendMarkdown(`\n| ${escapeMarkdown(memoryStrings.publishedFormulas())} | | |\n|---|---:|---|\n`);
    for (const l of result.perGpu.lines) md.appendMarkdown(`| ${escapeMarkdown(l.label)} | ${formatBytes(l.bytes)} | ${escapeMarkdown(l.formula)} |\n`);
    md.appendMarkdown(`\n[${memoryStrings.openInCalculator()}](${openLink(fields)})`);
    return new vscode.Hover(md, range);
  }

  /** "34B", "llama2-70b" or "Qwen/Qwen2.5-7B" in prose: inference fp16, full AdamW, LoRA and QLoRA on one GPU. */
  private quickTable(text: string, range: vscode.Range): vscode.Hover | undefined {
    const preset = findModelPreset(text);
    const model = preset ? { model: preset.id } : /^\d/.test(text) ? { params: text } : { model: text };
    const rows: [string, MemoryFields][] = [
      [memoryStrings.quickInference(), { mode: 'inference', dtype: 'fp16' }],
      [memoryStrings.quickFull(), { mode: 'full', dtype: 'bf16', optimizer: 'adamw' }],
      [memoryStrings.quickLora(), { mode: 'lora', dtype: 'pure-bf16' }],
      [memoryStrings.quickQlora(), { mode: 'qlora', dtype: 'bf16' }],
    ];
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [CommandId.OpenMemoryCalculator] };
    md.appendMarkdown(`**${escapeMarkdown(memoryStrings.quickTable(preset?.name ?? text))}**\n\n| ${memoryStrings.setup()} | ${memoryStrings.perGpuHeader()} | |\n|---|---:|---|\n`);
    for (const [label, f] of rows) {
      const fields = this.config.withMemorySettings({ ...model, ...f, seq: '4096', batch: '1', gpus: '1' });
      try {
        const r = estimateRun(buildInput(fields, translate, this.catalog.resolve), false, translate);
        md.appendMarkdown(`| ${label} | ${formatGiB(r.readings.device)} | [${memoryStrings.openInCalculator()}](${openLink(fields)}) |\n`);
      } catch {
        return undefined;
      }
    }
    return new vscode.Hover(md, range);
  }
}
