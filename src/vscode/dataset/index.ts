import * as vscode from 'vscode';
import { datasetSummary, type DatasetCount, type DatasetSummary } from '../../core/dataset/report';
import { DEFAULT_CONTEXT_WINDOWS } from '../../core/tokens/contextWindows';
import type { TokenizerSpec } from '../../core/tokens/tokenCounter';
import type { Config } from '../config';
import { CommandId } from '../shared/commandIds';
import { DatasetReportView } from './reportView';

/** What the desktop build counts a dataset with (src/node/dataset): files, tokenizers, a stop flag. */
export type CountDataset = (
  files: readonly string[],
  specs: readonly TokenizerSpec[],
  options: { stopped: () => boolean; onRecords: (records: number) => void; onBytes: (bytes: number) => void },
) => Promise<DatasetCount>;

export interface DatasetApi {
  view: DatasetReportView;
  /** Whether a count is in progress. */
  readonly running: boolean;
  /** Cancels the count in progress, as the notification's Cancel button does. */
  cancel(): void;
}

const t = (message: string, ...args: (string | number)[]) => vscode.l10n.t(message, ...args);

/**
 * "Count Tokens in Dataset": a .jsonl/.parquet/.csv/.tsv/.txt file (the explorer's, the editor's, or
 * picked) counted on worker threads with a cancellable progress notification, then the report.
 */
export function activateDataset(context: vscode.ExtensionContext, config: Config, count?: CountDataset): DatasetApi {
  const view = new DatasetReportView(context.extensionUri);
  let cancelled = false;
  let running = false;
  const run = async (given?: unknown): Promise<DatasetSummary | undefined> => {
    if (!count) {
      void vscode.window.showInformationMessage(t('Counting a dataset reads files from disk on worker threads, which VS Code for the Web does not offer; use the desktop app or llm-notes dataset.'));
      return undefined;
    }
    let uri = given instanceof vscode.Uri ? given : vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file' || !/\.(jsonl|ndjson|json|parquet|csv|tsv|txt|gz)$/i.test(uri.path)) {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [t('Datasets')]: ['jsonl', 'ndjson', 'json', 'parquet', 'csv', 'tsv', 'txt', 'gz'] }, title: t('Count Tokens in Dataset') });
      uri = picked?.[0];
      if (!uri) return undefined;
    }
    const file = uri.fsPath;
    const specs = config.tokenizers;
    cancelled = false;
    running = true;
    try {
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('Counting tokens in {0}', uri.path.split('/').pop() ?? file), cancellable: true }, async (progress, token) => {
        let bytes = 0;
        let last = 0;
        return count([file], specs, {
          stopped: () => cancelled || token.isCancellationRequested,
          onBytes: (b) => (bytes = b),
          onRecords: (records) => {
            if (Date.now() - last < 200) return;
            last = Date.now();
            progress.report({ message: t('{0} records · {1} MB read', records.toLocaleString('en-US'), (bytes / 1048576).toFixed(0)) });
          },
        });
      });
      const summary = datasetSummary(result, specs, DEFAULT_CONTEXT_WINDOWS);
      view.show([file], summary);
      return summary;
    } catch (e) {
      void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
      return undefined;
    } finally {
      running = false;
    }
  };
  context.subscriptions.push(view, vscode.commands.registerCommand(CommandId.CountDatasetTokens, run));
  return {
    view,
    get running() {
      return running;
    },
    cancel: () => void (running && (cancelled = true)),
  };
}
