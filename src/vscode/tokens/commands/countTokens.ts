import * as vscode from 'vscode';
import { countsMarkdown } from '../../../core/tokens/report';
import { CommandId } from '../../shared/commandIds';
import type { Command } from '../../shared/commandManager';
import { strings } from '../strings';
import { countScope, requireScope, type TokenCommandContext } from './context';

/** Counts the selection (or document) and says so in a notification with Copy and Show Boundaries. */
export class CountTokensCommand implements Command {
  readonly id = CommandId.CountTokens;
  constructor(private readonly ctx: TokenCommandContext) {}

  async execute(args?: unknown) {
    const scope = await requireScope(args);
    if (!scope) return undefined;
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: strings.counting() }, () => countScope(this.ctx, scope));
    if (!report) return undefined;
    const summary = report.counts.map((c) => `${c.label} ${c.tokens?.toLocaleString('en-US') ?? '⚠'}`).join(' · ');
    const scopeName = scope.scope === 'selection' ? strings.scopeSelection() : strings.scopeDocument();
    void vscode.window.showInformationMessage(strings.countSummary(scopeName, summary), strings.copy(), strings.showBoundaries()).then((pick) => {
      if (pick === strings.copy()) void vscode.env.clipboard.writeText(countsMarkdown(report, this.ctx.config.contextWindows, strings.reportLabels()));
      if (pick === strings.showBoundaries()) void this.ctx.boundaryView.show(scope.text, vscode.workspace.asRelativePath(scope.document.uri));
    });
    return report;
  }
}
