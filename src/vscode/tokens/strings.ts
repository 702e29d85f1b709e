import * as vscode from 'vscode';
import type { ReportLabels } from '../../core/tokens/report';

/** User-facing strings of the token feature, all through vscode.l10n. */
export const strings = {
  reportLabels: (): ReportLabels => ({
    tokenizer: vscode.l10n.t('Tokenizer'),
    tokens: vscode.l10n.t('Tokens'),
    ratio: vscode.l10n.t('× first'),
    chars: vscode.l10n.t('characters'),
    words: vscode.l10n.t('words'),
    cjk: vscode.l10n.t('CJK characters'),
    bytes: vscode.l10n.t('UTF-8 bytes'),
  }),
  hoverTitle: () => vscode.l10n.t('Token counts'),
  counting: () => vscode.l10n.t('Counting…'),
  countingLong: (chars: string) => vscode.l10n.t('Counting {0} characters… hover again in a moment.', chars),
  contextWindows: (tokens: string) => vscode.l10n.t('Context windows (largest count, {0} tokens):', tokens),
  showBoundaries: () => vscode.l10n.t('Show token boundaries'),
  copyCounts: () => vscode.l10n.t('Copy counts'),
  copied: () => vscode.l10n.t('Token counts copied to the clipboard.'),
  statusTooltip: (scope: string) => vscode.l10n.t('Tokens in the {0} — click to choose the primary tokenizer', scope),
  scopeSelection: () => vscode.l10n.t('selection'),
  scopeDocument: () => vscode.l10n.t('document'),
  tooLargeLive: (chars: string) =>
    vscode.l10n.t('The document has {0} characters; select text or run “Count Tokens” to count it.', chars),
  tokensShort: (n: string) => vscode.l10n.t('{0} tok', n),
  countSummary: (scope: string, counts: string) => vscode.l10n.t('Tokens in the {0}: {1}', scope, counts),
  noEditor: () => vscode.l10n.t('Open a text editor first: token counts are of the selection or the document.'),
  notOpen: () => vscode.l10n.t('Token commands count documents that are open in the editor; that link names one that is not.'),
  emptyText: () => vscode.l10n.t('There is no text to count.'),
  copy: () => vscode.l10n.t('Copy'),
  insert: () => vscode.l10n.t('Insert below the selection'),
  copyToClipboard: () => vscode.l10n.t('Copy to the clipboard'),
  openAsDocument: () => vscode.l10n.t('Open as a new document'),
  compareWhere: () => vscode.l10n.t('Where should the comparison table go?'),
  pickPrimary: () => vscode.l10n.t('Primary tokenizer (status bar)'),
  boundaryTitle: () => vscode.l10n.t('Token Boundaries'),
  compareWith: () => vscode.l10n.t('compare with'),
  none: () => vscode.l10n.t('(none)'),
  truncated: (shown: string, total: string) =>
    vscode.l10n.t('Showing the first {0} of {1} characters; counts above are for the shown part.', shown, total),
  idsTitle: () => vscode.l10n.t('token ids:'),
  hfNoneFound: (dirs: string) => vscode.l10n.t('No tokenizer.json found in the Hugging Face cache ({0}).', dirs),
  hfPick: () => vscode.l10n.t('Tokenizers found in the Hugging Face cache'),
  hfAdded: (labels: string) => vscode.l10n.t('Added tokenizer(s): {0}', labels),
  tokenizerFailed: (label: string, message: string) => vscode.l10n.t('Tokenizer {0} is not available: {1}', label, message),
  openSettings: () => vscode.l10n.t('Open Settings'),
};
