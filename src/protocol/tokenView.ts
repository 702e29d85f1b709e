/** Typed messages between the token-boundary view and the extension. No vscode or Node imports. */
import type { TokenSegment } from '../core/tokens/segments';

export interface TokenColumn {
  id: string;
  label: string;
  tokens?: number;
  segments: TokenSegment[];
  error?: string;
}

export interface TokenViewStrings {
  tokens: string;
  compareWith: string;
  none: string;
  truncated: string;
  idsTitle: string;
}

export type TokenViewToWebview = {
  type: 'render';
  source: string;
  columns: TokenColumn[];
  choices: { id: string; label: string }[];
  left: string;
  right: string;
  /** Set when only the first `shownChars` of `totalChars` are drawn. */
  shownChars?: number;
  totalChars: number;
  strings: TokenViewStrings;
};

export type TokenViewFromWebview = { type: 'ready' } | { type: 'setTokenizers'; left: string; right: string };
