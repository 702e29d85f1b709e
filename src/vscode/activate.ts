import * as vscode from 'vscode';
import { Config } from './config';
import { activateDataset, type CountDataset, type DatasetApi } from './dataset';
import { activateDigest, type DigestApi } from './digest';
import { activateMemory, type MemoryApi } from './memory';
import type { HfModels } from './memory/modelCatalog';
import { activateTokens, type TokensApi, type TokensDeps } from './tokens';
import { activateWalkthrough } from './walkthrough';

/** What differs between the desktop and web builds; everything else is shared. */
export interface PlatformDeps {
  tokenBackend: TokensDeps['backend'];
  hfCache?: TokensDeps['hfCache'];
  /** Desktop only: the Hugging Face cache's models for the calculator. */
  hfModels?: HfModels;
  /** Desktop only: real paths, so notes reached through links outside the workspace are not indexed. */
  realpath?: (fsPath: string) => Promise<string>;
  /** Desktop only: counts a dataset file on worker threads. */
  countDataset?: CountDataset;
}

/** Returned from activate(): lets integration tests reach the features without private hooks. */
export interface ExtensionApi {
  tokens: TokensApi;
  memory: MemoryApi;
  digest: DigestApi;
  dataset: DatasetApi;
  activatedInMs: number;
}

export function activateFeatures(context: vscode.ExtensionContext, platform: PlatformDeps, started: number): ExtensionApi {
  const config = new Config();
  const tokens = activateTokens(context, { config, backend: platform.tokenBackend, hfCache: platform.hfCache });
  const memory = activateMemory(context, config, platform.hfModels);
  const digest = activateDigest(context, config, platform.realpath);
  const dataset = activateDataset(context, config, platform.countDataset);
  activateWalkthrough(context);
  return { tokens, memory, digest, dataset, activatedInMs: Date.now() - started };
}
