import * as vscode from 'vscode';
import { countsMarkdown } from '../../core/tokens/report';
import { BUILTIN_TOKENIZERS } from '../../core/tokens/registry';
import type { Config } from '../config';
import { CommandId } from '../shared/commandIds';
import { TokenBoundaryView } from './boundaryView';
import type { FoundTokenizer } from './hfCache';
import { TokenHoverProvider } from './hover';
import { TokenStatusBar } from './statusBar';
import { strings } from './strings';
import { scopeFromArgs, type TextScope } from './textScope';
import type { TokenBackend } from './tokenService';
import { TokenService } from './tokenService';

export interface TokensDeps {
  config: Config;
  backend: TokenBackend;
  /** Desktop only: scans the Hugging Face cache. Absent on the web, where there is no such folder. */
  hfCache?: { dirs(): string[]; find(dirs: string[]): FoundTokenizer[] };
}

/** What the token feature exposes to the rest of the extension (and to integration tests). */
export interface TokensApi {
  service: TokenService;
  statusBar: TokenStatusBar;
  boundaryView: TokenBoundaryView;
  /** Each tokenizer failure notified so far (once each, however often it recurs). */
  failureNotices: string[];
}

export function activateTokens(context: vscode.ExtensionContext, deps: TokensDeps): TokensApi {
  const { config } = deps;
  const service = new TokenService(deps.backend);
  const statusBar = new TokenStatusBar(service, config);
  const boundaryView = new TokenBoundaryView(context.extensionUri, service, config);
  const reportedErrors = new Set<string>();
  const failureNotices: string[] = [];

  /** Each tokenizer's failure is shown once, with a way to fix it, not on every keystroke or hover. */
  const reportFailures = (report: { counts: { label: string; error?: string }[] }) => {
    for (const c of report.counts) {
      if (!c.error || reportedErrors.has(c.label + c.error)) continue;
      reportedErrors.add(c.label + c.error);
      failureNotices.push(`${c.label}: ${c.error}`);
      void vscode.window.showWarningMessage(strings.tokenizerFailed(c.label, c.error), strings.openSettings()).then((pick) => {
        if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', 'llmNotes.tokens');
      });
    }
  };

  service.onReport = reportFailures;
  const countScope = (scope: TextScope) => service.count(scope.text, config.tokenizers, config.encodeOptions);

  const requireScope = async (args: unknown): Promise<TextScope | undefined> => {
    const scope = await scopeFromArgs(args);
    if (!scope) void vscode.window.showWarningMessage(strings.noEditor());
    else if (!scope.text) void vscode.window.showInformationMessage(strings.emptyText());
    return scope?.text ? scope : undefined;
  };

  context.subscriptions.push(
    service,
    statusBar,
    boundaryView,
    vscode.languages.registerHoverProvider({ pattern: '**' }, new TokenHoverProvider(service, config)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!config.affectsTokens(e)) return;
      reportedErrors.clear();
      void service.reset().then(() => statusBar.refresh());
    }),

    vscode.commands.registerCommand(CommandId.CountTokens, async (args?: unknown) => {
      const scope = await requireScope(args);
      if (!scope) return undefined;
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: strings.counting() },
        () => countScope(scope),
      );
      if (!report) return undefined;
      const summary = report.counts.map((c) => `${c.label} ${c.tokens?.toLocaleString('en-US') ?? '⚠'}`).join(' · ');
      const scopeName = scope.scope === 'selection' ? strings.scopeSelection() : strings.scopeDocument();
      void vscode.window.showInformationMessage(strings.countSummary(scopeName, summary), strings.copy(), strings.showBoundaries()).then((pick) => {
        if (pick === strings.copy()) void vscode.env.clipboard.writeText(countsMarkdown(report, config.contextWindows, strings.reportLabels()));
        if (pick === strings.showBoundaries()) void boundaryView.show(scope.text, vscode.workspace.asRelativePath(scope.document.uri));
      });
      return report;
    }),

    vscode.commands.registerCommand(CommandId.CopyTokenCounts, async (args?: unknown) => {
      const scope = await requireScope(args);
      const report = scope && (await countScope(scope));
      if (!report) return undefined;
      const markdown = countsMarkdown(report, config.contextWindows, strings.reportLabels());
      await vscode.env.clipboard.writeText(markdown);
      void vscode.window.setStatusBarMessage(strings.copied(), 3000);
      return markdown;
    }),

    vscode.commands.registerCommand(CommandId.CompareTokenizers, async (args?: unknown, where?: 'copy' | 'insert' | 'open') => {
      const scope = await requireScope(args);
      const report = scope && (await countScope(scope));
      if (!scope || !report) return undefined;
      const markdown = countsMarkdown(report, config.contextWindows, strings.reportLabels());
      const choice =
        where ??
        (
          await vscode.window.showQuickPick(
            [
              { label: strings.copyToClipboard(), where: 'copy' as const },
              { label: strings.insert(), where: 'insert' as const },
              { label: strings.openAsDocument(), where: 'open' as const },
            ],
            { placeHolder: strings.compareWhere() },
          )
        )?.where;
      if (choice === 'copy') await vscode.env.clipboard.writeText(markdown);
      if (choice === 'insert') {
        const editor = await vscode.window.showTextDocument(scope.document);
        const line = scope.range.end.line;
        await editor.edit((b) => b.insert(scope.document.lineAt(line).range.end, `\n\n${markdown}\n`));
      }
      if (choice === 'open') await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown }));
      return markdown;
    }),

    vscode.commands.registerCommand(CommandId.SelectPrimaryTokenizer, async (id?: string) => {
      let chosen = id;
      if (!chosen) {
        const current = config.primaryTokenizer.id;
        const items = [
          ...BUILTIN_TOKENIZERS.map((t) => ({ label: t.label, id: t.id, description: t.models, picked: t.id === current })),
          ...config.customTokenizers.map((t) => ({ label: t.label, id: t.id, description: t.path, picked: t.id === current })),
        ].map((i) => ({ ...i, label: `${i.id === current ? '$(check) ' : ''}${i.label}` }));
        chosen = (await vscode.window.showQuickPick(items, { placeHolder: strings.pickPrimary() }))?.id;
      }
      if (!chosen) return undefined;
      await vscode.workspace.getConfiguration('llmNotes').update('tokens.primary', chosen, vscode.ConfigurationTarget.Global);
      return chosen;
    }),

    vscode.commands.registerCommand(CommandId.ShowTokenBoundaries, async (args?: unknown) => {
      const scope = await requireScope(args);
      if (!scope) return undefined;
      await boundaryView.show(scope.text, vscode.workspace.asRelativePath(scope.document.uri));
      return boundaryView.lastMessage;
    }),

    vscode.commands.registerCommand(CommandId.AddTokenizerFromHfCache, async () => {
      if (!deps.hfCache) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Reading the Hugging Face cache needs local file access, which VS Code for the Web does not have. Add a tokenizer.json path to llmNotes.tokens.customTokenizers instead.'),
        );
        return undefined;
      }
      const dirs = deps.hfCache.dirs();
      const found = deps.hfCache.find(dirs);
      if (!found.length) {
        void vscode.window.showInformationMessage(strings.hfNoneFound(dirs.join(', ')));
        return [];
      }
      const existing = new Set(config.customTokenizers.map((c) => c.path));
      const picks = await vscode.window.showQuickPick(
        found.map((f) => ({ label: f.repo, description: f.snapshot.slice(0, 12), detail: f.path, found: f, picked: existing.has(f.path) })),
        { canPickMany: true, placeHolder: strings.hfPick() },
      );
      if (!picks?.length) return undefined;
      const setting = vscode.workspace.getConfiguration('llmNotes');
      const current = (setting.get<unknown[]>('tokens.customTokenizers') ?? []).filter(Boolean);
      const added = picks.filter((p) => !existing.has(p.found.path)).map((p) => ({ label: p.found.repo.split('/').pop() ?? p.found.repo, path: p.found.path }));
      await setting.update('tokens.customTokenizers', [...current, ...added], vscode.ConfigurationTarget.Global);
      void vscode.window.showInformationMessage(strings.hfAdded(added.map((a) => a.label).join(', ') || '—'));
      return added;
    }),
  );

  return { service, statusBar, boundaryView, failureNotices };
}
