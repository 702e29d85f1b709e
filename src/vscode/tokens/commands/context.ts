import * as vscode from 'vscode';
import type { TokenService } from '../../../counting/tokenService';
import type { CountReport } from '../../../core/tokens/tokenCounter';
import type { FoundFile } from '../../../node/hfCache';
import type { Config } from '../../config';
import type { TokenBoundaryView } from '../boundaryView';
import { strings } from '../strings';
import { scopeFromArgs, type TextScope } from '../textScope';

/** What the token commands share: the counting service, settings, the boundary view and the HF cache. */
export interface TokenCommandContext {
  config: Config;
  service: TokenService;
  boundaryView: TokenBoundaryView;
  /** Desktop only: scans the Hugging Face cache. Absent on the web, where there is no such folder. */
  hfCache?: { dirs(): string[]; find(dirs: string[]): FoundFile[] };
}

/** The text a command acts on (its arguments, or the active editor), or undefined with a message. */
export async function requireScope(args: unknown): Promise<TextScope | undefined> {
  const scope = await scopeFromArgs(args);
  if (!scope && args !== undefined && args !== null) void vscode.window.showWarningMessage(strings.notOpen());
  else if (!scope) void vscode.window.showWarningMessage(strings.noEditor());
  else if (!scope.text) void vscode.window.showInformationMessage(strings.emptyText());
  return scope?.text ? scope : undefined;
}

/** Counts a scope with the configured tokenizers. */
export function countScope(ctx: TokenCommandContext, scope: TextScope): Promise<CountReport | undefined> {
  return ctx.service.count(scope.text, ctx.config.tokenizers, ctx.config.encodeOptions);
}
