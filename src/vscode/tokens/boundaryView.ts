import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { TokenizerSpec } from '../../core/tokens/tokenCounter';
import type { TokenColumn, TokenViewFromWebview, TokenViewToWebview } from '../../protocol/tokenView';
import type { Config } from '../config';
import { escapeHtml, webviewOptions, webviewPage } from '../shared/webviewHtml';
import { strings } from './strings';
import type { TokenService } from '../../counting/tokenService';

/** Drawing more spans than this makes the page sluggish; the rest is summarised in a note. */
const MAX_VIEW_CHARS = 50_000;

/** One token-boundary panel at a time, re-used for each new selection. */
export class TokenBoundaryView {
  static readonly viewType = 'llmNotes.tokenBoundaries';
  private panel: vscode.WebviewPanel | undefined;
  private text = '';
  private source = '';
  private left = '';
  private right = '';

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: TokenService,
    private readonly config: Config,
  ) {}

  /** The last message sent to the page, for tests. */
  lastMessage: TokenViewToWebview | undefined;

  async show(text: string, source: string): Promise<void> {
    this.text = text;
    this.source = source;
    const specs = this.config.tokenizers;
    if (!this.left || !specs.some((s) => s.id === this.left)) this.left = this.config.primaryTokenizer.id;
    if (!this.right) this.right = specs.find((s) => s.id === 'llama2' && s.id !== this.left)?.id ?? specs.find((s) => s.id !== this.left)?.id ?? '';
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(TokenBoundaryView.viewType, strings.boundaryTitle(), vscode.ViewColumn.Beside, {
        ...webviewOptions(this.extensionUri),
      });
      this.panel.webview.html = webviewPage({
        webview: this.panel.webview,
        extensionUri: this.extensionUri,
        title: strings.boundaryTitle(),
        styles: ['tokens.css'],
        script: 'tokenView.js',
        body: `<main id="root"><p class="note">${escapeHtml(strings.counting())}</p></main>`,
        lang: vscode.env.language,
      });
      this.panel.webview.onDidReceiveMessage((m: TokenViewFromWebview) => this.onMessage(m));
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.reveal(undefined, true);
    }
    await this.render();
  }

  /** The page as last set, and the webview's options, for the tests that check every CSP. */
  get webview(): { html: string; options: vscode.WebviewOptions } | undefined {
    return this.panel && { html: this.panel.webview.html, options: this.panel.webview.options };
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private onMessage(message: TokenViewFromWebview): void {
    if (message.type === 'ready') void this.render();
    if (message.type === 'setTokenizers') {
      this.left = message.left;
      this.right = message.right;
      void this.render();
    }
  }

  private async render(): Promise<void> {
    if (!this.panel) return;
    const specs = this.config.tokenizers;
    const shown = this.text.length > MAX_VIEW_CHARS ? cutAtCodePoint(this.text, MAX_VIEW_CHARS) : this.text;
    const wanted = [this.left, this.right].filter(Boolean).map((id) => specs.find((s) => s.id === id) ?? this.config.primaryTokenizer);
    const columns = await Promise.all(wanted.map((spec) => this.column(spec, shown)));
    const message: TokenViewToWebview = {
      type: 'render',
      source: this.source,
      columns,
      choices: specs.map((s) => ({ id: s.id, label: s.label })),
      left: this.left,
      right: this.right,
      shownChars: shown.length < this.text.length ? shown.length : undefined,
      totalChars: this.text.length,
      strings: {
        tokens: strings.reportLabels().tokens.toLowerCase(),
        compareWith: strings.compareWith(),
        none: strings.none(),
        truncated: strings.truncated(shown.length.toLocaleString('en-US'), this.text.length.toLocaleString('en-US')),
        idsTitle: strings.idsTitle(),
      },
    };
    this.lastMessage = message;
    await this.panel?.webview.postMessage(message);
  }

  private async column(spec: TokenizerSpec, text: string): Promise<TokenColumn> {
    try {
      const segments = await this.service.segments(text, spec, this.config.encodeOptions);
      return { id: spec.id, label: spec.label, tokens: segments.reduce((n, s) => n + s.ids.length, 0), segments };
    } catch (e) {
      return { id: spec.id, label: spec.label, segments: [], error: errorMessage(e) };
    }
  }
}

function cutAtCodePoint(text: string, at: number): string {
  const code = text.charCodeAt(at - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? at - 1 : at);
}
