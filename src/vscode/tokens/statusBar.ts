import * as vscode from 'vscode';
import { escapeMarkdown } from '../../core/text/markdown';
import type { Config } from '../config';
import { CommandId } from '../shared/commandIds';
import { strings } from './strings';
import { textScope } from './textScope';
import type { TokenService } from '../../counting/tokenService';

/** Documents longer than this are not counted on every keystroke; selections always are. */
const LIVE_DOCUMENT_LIMIT = 2_000_000;
const DEBOUNCE_MS = 150;

/** The primary tokenizer's count of the selection (or document) in the status bar. */
export class TokenStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Bumped per update so a slow count never overwrites a newer one. */
  private ticket = 0;
  /** What the item shows a whole-document count for: moving the cursor need not re-read the document. */
  private shownDocument: string | undefined;

  constructor(
    private readonly service: TokenService,
    private readonly config: Config,
  ) {
    this.item = vscode.window.createStatusBarItem('llmNotes.tokens', vscode.StatusBarAlignment.Right, 100);
    this.item.name = vscode.l10n.t('LLM Notes: Token Count');
    this.item.command = CommandId.SelectPrimaryTokenizer;
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.window.onDidChangeTextEditorSelection((e) => e.textEditor === vscode.window.activeTextEditor && this.schedule()),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && this.schedule()),
    );
    this.schedule(0);
  }

  /** The last text shown, for tests and the e2e suite: "123 tok". */
  get text(): string {
    return this.item.text;
  }

  refresh(): void {
    this.shownDocument = undefined;
    this.schedule(0);
  }

  schedule(delay = DEBOUNCE_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  private async update(): Promise<void> {
    const ticket = ++this.ticket;
    const editor = vscode.window.activeTextEditor;
    if (!editor || !this.config.statusBarEnabled) {
      this.item.hide();
      this.shownDocument = undefined;
      return;
    }
    const document = editor.document;
    if (editor.selection.isEmpty && document.offsetAt(document.lineAt(document.lineCount - 1).range.end) > LIVE_DOCUMENT_LIMIT) {
      this.item.text = `$(symbol-numeric) —`;
      this.item.tooltip = strings.tooLargeLive(document.getText().length.toLocaleString('en-US'));
      this.item.show();
      return;
    }
    const primary = this.config.primaryTokenizer;
    const documentKey = `${document.uri.toString()}@${document.version}#${primary.id}`;
    if (editor.selection.isEmpty && this.shownDocument === documentKey) return;
    const scope = textScope(editor);
    const all = this.config.tokenizers;
    const specs = all.some((s) => s.id === primary.id) ? all : [primary, ...all];
    const options = this.config.encodeOptions;
    const cached = this.service.peek(scope.text, specs, options);
    if (!cached) {
      this.item.text = `$(loading~spin) ${strings.counting()}`;
      this.item.show();
    }
    let report;
    try {
      report = cached ?? (await this.service.count(scope.text, specs, options, true));
    } catch (e) {
      report = undefined;
      this.item.tooltip = (e as Error).message;
    }
    if (ticket !== this.ticket || !report) return; // superseded by a newer selection
    this.shownDocument = scope.scope === 'document' ? documentKey : undefined;
    const row = report.counts.find((c) => c.id === primary.id);
    const n = row?.tokens;
    this.item.text = `$(symbol-numeric) ${n !== undefined ? strings.tokensShort(n.toLocaleString('en-US')) : '⚠'}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    const scopeName = scope.scope === 'selection' ? strings.scopeSelection() : strings.scopeDocument();
    tooltip.appendMarkdown(`**${strings.statusTooltip(scopeName)}**\n\n`);
    for (const c of report.counts) {
      const value = c.tokens !== undefined ? c.tokens.toLocaleString('en-US') : `⚠ ${escapeMarkdown(c.error ?? '')}`;
      const label = escapeMarkdown(c.label);
      tooltip.appendMarkdown(`- ${c.id === primary.id ? `**${label}**` : label}: ${value}\n`);
    }
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
