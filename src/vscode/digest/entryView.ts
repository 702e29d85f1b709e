import * as vscode from 'vscode';
import type { DigestEntry } from '../../core/digest/model';
import { matchRanges, type QueryMatcher } from '../../core/digest/matches';
import { renderEntryHtml } from '../../core/digest/render';
import { CommandId } from '../shared/commandIds';
import { escapeHtml, webviewPage } from '../shared/webviewHtml';

export const ENTRY_VIEW_TYPE = 'llmNotes.digestEntry';

/**
 * A read-only view of one entry. Links are http(s) (VS Code opens them in the external browser)
 * or this extension's own commands, the only command URIs the view enables. Opened from a search,
 * the matches are marked and one script (by nonce, nothing else may run) scrolls to the first.
 */
export class DigestEntryView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The entry shown and the HTML it rendered to, for tests. */
  shown: { entry: DigestEntry; html: string } | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  show(entry: DigestEntry, matcher?: QueryMatcher): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(ENTRY_VIEW_TYPE, entry.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
        enableScripts: true,
        enableCommandUris: [CommandId.InsertDigestQuote, CommandId.OpenDigestEntry, CommandId.CompareDigestEntryTokenizers, 'vscode.open'],
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.reveal(undefined, false);
    }
    this.panel.title = entry.title;
    const article = renderEntryHtml(entry, matcher && ((text) => matchRanges(text, matcher)));
    const marked = article.includes('id="match-1"');
    const args = encodeURIComponent(JSON.stringify([entry.id]));
    const openNote = entry.uri
      ? ` · <a href="command:vscode.open?${encodeURIComponent(JSON.stringify([entry.uri, { selection: { start: { line: entry.line - 1, character: 0 }, end: { line: entry.line - 1, character: 0 } } }]))}">${escapeHtml(vscode.l10n.t('Open the note'))}</a>`
      : '';
    const compare = ` · <a href="command:${CommandId.CompareDigestEntryTokenizers}?${args}">${escapeHtml(vscode.l10n.t('Compare tokenizers on this text'))}</a>`;
    const body = `<nav class="actions"><a href="command:${CommandId.InsertDigestQuote}?${args}">${escapeHtml(vscode.l10n.t('Insert as Quote'))}</a>${openNote}${compare}</nav>
<article class="entry">${article}</article>`;
    const html = webviewPage({ webview: this.panel.webview, extensionUri: this.extensionUri, title: entry.title, styles: ['digest.css'], ...(marked ? { script: 'entryView.js' } : {}), body, lang: vscode.env.language });
    this.panel.webview.html = html;
    this.shown = { entry, html };
  }

  /** The page as last set, and the webview's options, for the tests that check every CSP. */
  get webview(): { html: string; options: vscode.WebviewOptions } | undefined {
    return this.panel && { html: this.panel.webview.html, options: this.panel.webview.options };
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
