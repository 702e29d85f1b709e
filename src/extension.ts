import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';
import { activateFeatures, type ExtensionApi } from './vscode/activate';
import { findHfModels, findHfTokenizers, hfCacheDirs } from './node/hfCache';
import { WorkerBackend } from './counting/workerBackend';
import { availableParallelism } from 'node:os';
import { countDataset } from './node/dataset/countDataset';

/** Desktop and remote entry: counting runs in a worker thread. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = Date.now();
  return activateFeatures(
    context,
    {
      tokenBackend: new WorkerBackend(vscode.Uri.joinPath(context.extensionUri, 'dist', 'tokenWorker.js').fsPath),
      hfCache: { dirs: () => hfCacheDirs(), find: findHfTokenizers },
      hfModels: { dirs: () => hfCacheDirs(), find: findHfModels },
      realpath: (path) => realpath(path),
      countDataset: (files, specs, options) =>
        countDataset(files, specs, { ...options, jobs: Math.max(1, availableParallelism() - 1), workerPath: vscode.Uri.joinPath(context.extensionUri, 'dist', 'datasetWorker.js').fsPath }),
    },
    started,
  );
}

export function deactivate(): void {}
