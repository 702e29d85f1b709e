import * as vscode from 'vscode';
import { countsMarkdown } from '../../../core/tokens/report';
import { CommandId } from '../../shared/commandIds';
import type { Command } from '../../shared/commandManager';
import { strings } from '../strings';
import { countScope, requireScope, type TokenCommandContext } from './context';

type Where = 'copy' | 'insert' | 'open';

/** A comparison table of every tokenizer, copied, inserted below the selection or opened as a document. */
export class CompareTokenizersCommand implements Command {
  readonly id = CommandId.CompareTokenizers;
  constructor(private readonly ctx: TokenCommandContext) {}

  async execute(args?: unknown, where?: Where) {
    const scope = await requireScope(args);
    const report = scope && (await countScope(this.ctx, scope));
    if (!scope || !report) return undefined;
    const markdown = countsMarkdown(report, this.ctx.config.contextWindows, strings.reportLabels());
    const choice = where ?? (await this.pick());
    if (choice === 'copy') await vscode.env.clipboard.writeText(markdown);
    if (choice === 'insert') {
      const editor = await vscode.window.showTextDocument(scope.document);
      const line = scope.range.end.line;
      await editor.edit((b) => b.insert(scope.document.lineAt(line).range.end, `\n\n${markdown}\n`));
    }
    if (choice === 'open') await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown }));
    return markdown;
  }

  private async pick(): Promise<Where | undefined> {
    const items = [
      { label: strings.copyToClipboard(), where: 'copy' as const },
      { label: strings.insert(), where: 'insert' as const },
      { label: strings.openAsDocument(), where: 'open' as const },
    ];
    return (await vscode.window.showQuickPick(items, { placeHolder: strings.compareWhere() }))?.where;
  }
}
