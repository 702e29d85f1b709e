import * as vscode from 'vscode';
import { datasetColumns, datasetMarkdown, datasetRows, histogramBuckets, shapeSentence, skippedLines, type DatasetSummary } from '../../core/dataset/report';
import type { DatasetFromWebview, DatasetToWebview, RenderedDataset } from '../../protocol/datasetReport';
import { CommandId } from '../shared/commandIds';
import { webviewOptions, webviewPage } from '../shared/webviewHtml';

export const DATASET_VIEW_TYPE = 'llmNotes.datasetReport';
const t = (message: string, ...args: (string | number)[]) => vscode.l10n.t(message, ...args);

/** The report in the display language, for the page. */
export function renderDataset(files: readonly string[], s: DatasetSummary): RenderedDataset {
  const names = files.map((f) => f.split(/[\\/]/).pop() ?? f);
  return {
    title: t('Tokens in {0}', names.join(', ')),
    ...(s.partial ? { partial: t('Cancelled before the end: partial counts.') } : {}),
    columns: datasetColumns(s.windows, t),
    rows: datasetRows(s),
    histograms: s.tokenizers.filter((k) => k.stats.records).map((k) => ({ label: k.label, buckets: histogramBuckets(k.stats).map((b) => ({ ...b, text: b.records.toLocaleString('en-US') })) })),
    notes: [shapeSentence(s.shapes, t), t('Percentiles are nearest-rank: the smallest length with at least p % of records at or below it.')].filter((x): x is string => !!x),
    skipped: skippedLines(s, t, 200),
    strings: { histogram: t('Tokens per record'), copyMarkdown: t('Copy as Markdown'), insertIntoNote: t('Insert into Note'), estimateTime: t('Estimate Training Time with These Tokens'), skipped: t('Skipped') },
  };
}

/**
 * The dataset report panel: one at a time, rendered by its script from a typed message. Its
 * buttons copy or insert the markdown, or open the calculator with `tokens D`; nothing else.
 */
export class DatasetReportView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private current: { files: readonly string[]; summary: DatasetSummary; note?: vscode.Uri } | undefined;
  /** The last report sent, for tests. */
  lastReport: RenderedDataset | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  show(files: readonly string[], summary: DatasetSummary): void {
    const active = vscode.window.activeTextEditor?.document;
    this.current = { files, summary, ...(active && active.languageId === 'markdown' ? { note: active.uri } : {}) };
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(DATASET_VIEW_TYPE, t('Dataset Tokens'), vscode.ViewColumn.Beside, webviewOptions(this.extensionUri));
      this.panel.webview.html = webviewPage({ webview: this.panel.webview, extensionUri: this.extensionUri, title: t('Dataset Tokens'), styles: ['dataset.css'], script: 'datasetReport.js', body: '<main id="root"></main>', lang: vscode.env.language });
      this.panel.webview.onDidReceiveMessage((m: unknown) => void this.handle(m));
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.reveal();
    }
    this.post();
  }

  /** The page's HTML and options, for the CSP tests. */
  get webview(): { html: string; options: vscode.WebviewOptions } | undefined {
    return this.panel && { html: this.panel.webview.html, options: this.panel.webview.options };
  }

  markdown(): string {
    if (!this.current) return '';
    return `${t('Tokens in {0}', this.current.files.join(', '))}\n\n${datasetMarkdown(this.current.summary, t)}\n`;
  }

  /** A message as if the page sent it: only the four the protocol knows do anything. */
  async handle(raw: unknown): Promise<void> {
    const type = (raw as { type?: unknown } | null)?.type as DatasetFromWebview['type'] | undefined;
    if (!this.current) return;
    if (type === 'ready') this.post();
    else if (type === 'copyMarkdown') {
      await vscode.env.clipboard.writeText(this.markdown());
      void vscode.window.setStatusBarMessage(t('Dataset token counts copied to the clipboard.'), 3000);
    } else if (type === 'insertIntoNote') {
      const uri = this.current.note;
      if (!uri) {
        void vscode.window.showWarningMessage(t('Open a note to insert the counts into.'));
        return;
      }
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), vscode.ViewColumn.One);
      const at = editor.selection.active;
      await editor.edit((b) => b.insert(new vscode.Position(at.line, editor.document.lineAt(at.line).text.length), `\n\n${this.markdown()}`));
    } else if (type === 'estimateTime') {
      const first = this.current.summary.tokenizers.find((k) => k.stats.records);
      if (first) await vscode.commands.executeCommand(CommandId.OpenMemoryCalculator, { tokens: String(first.stats.total) });
    }
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private post(): void {
    if (!this.current || !this.panel) return;
    this.lastReport = renderDataset(this.current.files, this.current.summary);
    const message: DatasetToWebview = { type: 'report', report: this.lastReport };
    void this.panel.webview.postMessage(message);
  }
}
