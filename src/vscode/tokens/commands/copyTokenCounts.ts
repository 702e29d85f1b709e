import * as vscode from 'vscode';
import { countsMarkdown } from '../../../core/tokens/report';
import { CommandId } from '../../shared/commandIds';
import type { Command } from '../../shared/commandManager';
import { strings } from '../strings';
import { countScope, requireScope, type TokenCommandContext } from './context';

/** Copies the counts as a markdown table (the hover's "Copy counts" link). */
export class CopyTokenCountsCommand implements Command {
  readonly id = CommandId.CopyTokenCounts;
  constructor(private readonly ctx: TokenCommandContext) {}

  async execute(args?: unknown) {
    const scope = await requireScope(args);
    const report = scope && (await countScope(this.ctx, scope));
    if (!report) return undefined;
    const markdown = countsMarkdown(report, this.ctx.config.contextWindows, strings.reportLabels());
    await vscode.env.clipboard.writeText(markdown);
    void vscode.window.setStatusBarMessage(strings.copied(), 3000);
    return markdown;
  }
}
