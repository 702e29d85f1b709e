import * as vscode from 'vscode';
import { TokenService } from '../../counting/tokenService';
import type { TokenBackend } from '../../counting/backend';
import type { Config } from '../config';
import { CommandManager } from '../shared/commandManager';
import { TokenBoundaryView } from './boundaryView';
import { AddTokenizerFromHfCacheCommand } from './commands/addTokenizerFromHfCache';
import { CompareTokenizersCommand } from './commands/compareTokenizers';
import type { TokenCommandContext } from './commands/context';
import { CopyTokenCountsCommand } from './commands/copyTokenCounts';
import { CountTokensCommand } from './commands/countTokens';
import { SelectPrimaryTokenizerCommand } from './commands/selectPrimaryTokenizer';
import { ShowTokenBoundariesCommand } from './commands/showTokenBoundaries';
import { TokenHoverProvider } from './hover';
import { TokenStatusBar } from './statusBar';
import { strings } from './strings';

export interface TokensDeps {
  config: Config;
  backend: TokenBackend;
  hfCache?: TokenCommandContext['hfCache'];
}

/** What the token feature exposes to the rest of the extension (and to integration tests). */
export interface TokensApi {
  service: TokenService;
  statusBar: TokenStatusBar;
  boundaryView: TokenBoundaryView;
  /** Each tokenizer failure notified so far (once each, however often it recurs). */
  failureNotices: string[];
}

/** Wires the token feature: the counting service, status bar, hover, boundary view and six commands. */
export function activateTokens(context: vscode.ExtensionContext, deps: TokensDeps): TokensApi {
  const { config } = deps;
  const service = new TokenService(deps.backend);
  const statusBar = new TokenStatusBar(service, config);
  const boundaryView = new TokenBoundaryView(context.extensionUri, service, config);
  const failureNotices: string[] = [];
  const reportedErrors = new Set<string>();

  // Each tokenizer's failure is shown once, with a way to fix it, not on every keystroke or hover.
  service.onReport = (report) => {
    for (const c of report.counts) {
      if (!c.error || reportedErrors.has(c.label + c.error)) continue;
      reportedErrors.add(c.label + c.error);
      failureNotices.push(`${c.label}: ${c.error}`);
      void vscode.window.showWarningMessage(strings.tokenizerFailed(c.label, c.error), strings.openSettings()).then((pick) => {
        if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', 'llmNotes.tokens');
      });
    }
  };

  const commands = new CommandManager();
  const ctx: TokenCommandContext = { config, service, boundaryView, hfCache: deps.hfCache };
  commands.register(new CountTokensCommand(ctx));
  commands.register(new CopyTokenCountsCommand(ctx));
  commands.register(new CompareTokenizersCommand(ctx));
  commands.register(new SelectPrimaryTokenizerCommand(ctx));
  commands.register(new ShowTokenBoundariesCommand(ctx));
  commands.register(new AddTokenizerFromHfCacheCommand(ctx));

  context.subscriptions.push(
    service,
    statusBar,
    boundaryView,
    commands,
    vscode.languages.registerHoverProvider({ pattern: '**' }, new TokenHoverProvider(service, config)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!config.affectsTokens(e)) return;
      reportedErrors.clear();
      void service.reset().then(() => statusBar.refresh());
    }),
  );
  return { service, statusBar, boundaryView, failureNotices };
}
