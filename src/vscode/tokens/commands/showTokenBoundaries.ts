import * as vscode from 'vscode';
import { CommandId } from '../../shared/commandIds';
import type { Command } from '../../shared/commandManager';
import { requireScope, type TokenCommandContext } from './context';

/** Opens the token-boundary view on the selection (or document). */
export class ShowTokenBoundariesCommand implements Command {
  readonly id = CommandId.ShowTokenBoundaries;
  constructor(private readonly ctx: TokenCommandContext) {}

  async execute(args?: unknown) {
    const scope = await requireScope(args);
    if (!scope) return undefined;
    await this.ctx.boundaryView.show(scope.text, vscode.workspace.asRelativePath(scope.document.uri));
    return this.ctx.boundaryView.lastMessage;
  }
}
