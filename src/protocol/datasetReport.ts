/**
 * Typed messages between the dataset report page (src/webview/datasetReport.ts) and the extension
 * (src/vscode/dataset/reportView.ts). Type imports only.
 */

/** The report as the page draws it: every string already formatted and translated. */
export interface RenderedDataset {
  title: string;
  partial?: string;
  columns: string[];
  rows: string[][];
  /** Per tokenizer: its label and the histogram's bars. */
  histograms: { label: string; buckets: { label: string; records: number; text: string }[] }[];
  notes: string[];
  skipped: string[];
  strings: Record<'histogram' | 'copyMarkdown' | 'insertIntoNote' | 'estimateTime' | 'skipped', string>;
}

export type DatasetToWebview = { type: 'report'; report: RenderedDataset };

export type DatasetFromWebview = { type: 'ready' } | { type: 'copyMarkdown' } | { type: 'insertIntoNote' } | { type: 'estimateTime' };
