/**
 * How the core speaks without knowing who listens. Every sentence, label and working the core
 * builds goes through a Translate function with an English template and positional arguments,
 * exactly vscode.l10n.t's contract: the VS Code adapters pass vscode.l10n.t (so a zh-cn display
 * language reads Chinese), the CLI and the tests pass `english`. The templates are the l10n keys:
 * scripts/l10n-keys.mjs collects every `t('…')` call in src, core included, and the unit tests
 * check that l10n/bundle.l10n.zh-cn.json translates each one.
 */
export type Translate = (message: string, ...args: (string | number)[]) => string;

/** The templates as written, with {0}, {1}… replaced by the arguments. */
export const english: Translate = (message, ...args) =>
  args.length === 0 ? message : message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
