import * as vscode from 'vscode';
import { escapeMarkdown } from '../../core/text/markdown';
import { countsMarkdownTable, statsLine, windowFits } from '../../core/tokens/report';
import type { CountReport } from '../../core/tokens/tokenCounter';
import type { Config } from '../config';
import { CommandId } from '../shared/commandIds';
import { strings } from './strings';
import { rangeArgs } from './textScope';
import type { TokenService } from '../../counting/tokenService';

/** How long the hover waits for a count before saying "counting…" (the count goes on and is cached). */
const HOVER_WAIT_MS = 1500;

export interface HoverContentOptions {
  report: CountReport;
  windows: readonly number[];
  commandArgs: unknown;
}

/** Builds the hover's markdown; pure apart from l10n, and easy to read in a test. */
export function tokenHoverContent({ report, windows, commandArgs }: HoverContentOptions): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: [CommandId.ShowTokenBoundaries, CommandId.CopyTokenCounts] };
  const labels = strings.reportLabels();
  md.appendMarkdown(`**$(symbol-numeric) ${strings.hoverTitle()}** · ${statsLine(report, labels)}\n\n`);
  md.appendMarkdown(`${countsMarkdownTable(report, labels, escapeMarkdown)}\n\n`);
  const fit = windowFits(report, windows);
  if (fit) {
    const percent = (share: number) => (share < 0.005 ? '<1%' : `${Math.round(share * 100)}%`);
    const line = fit.fits.map((f) => `${f.fits ? '✓' : '✗'} ${f.label}${f.fits ? ` (${percent(f.share)})` : ''}`);
    md.appendMarkdown(`${strings.contextWindows(fit.tokens.toLocaleString('en-US'))} ${line.join(' · ')}\n\n`);
  }
  const args = encodeURIComponent(JSON.stringify([commandArgs]));
  md.appendMarkdown(
    `[${strings.showBoundaries()}](command:${CommandId.ShowTokenBoundaries}?${args}) · [${strings.copyCounts()}](command:${CommandId.CopyTokenCounts}?${args})`,
  );
  return md;
}

/** Hover on a non-empty selection, in any file type: counts for every configured tokenizer. */
export class TokenHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly service: TokenService,
    private readonly config: Config,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!this.config.hoverEnabled) return undefined;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const selection = editor?.selections.find((s) => !s.isEmpty && s.contains(position));
    if (!selection) return undefined;
    const text = document.getText(selection);
    const specs = this.config.tokenizers;
    const options = this.config.encodeOptions;
    const report =
      this.service.peek(text, specs, options) ??
      (await Promise.race([this.service.count(text, specs, options), new Promise<undefined>((r) => setTimeout(r, HOVER_WAIT_MS))]));
    if (token.isCancellationRequested) return undefined;
    if (!report) {
      return new vscode.Hover(new vscode.MarkdownString(strings.countingLong(text.length.toLocaleString('en-US'))), selection);
    }
    const content = tokenHoverContent({ report, windows: this.config.contextWindows, commandArgs: rangeArgs(document, selection) });
    return new vscode.Hover(content, selection);
  }
}
