import * as vscode from 'vscode';
import { readingsText } from '../../core/memory/report';
import { formatGiB, formatParams } from '../../core/memory/units';
import { seconds } from '../../core/time/stepTime';
import type { Config } from '../config';
import { CommandId } from '../shared/commandIds';
import { evaluate } from './evaluate';
import { findFitExpressions } from './fitExpressions';
import type { ModelCatalog } from './modelCatalog';
import { memoryStrings, translate } from './strings';

/** A verdict above each fit expression of a note: "✓ fits: 71.7 GiB per GPU of 80 GiB". */
export class FitCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly config: Config,
    private readonly catalog: ModelCatalog,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.config.memoryCodeLensEnabled) return [];
    await this.catalog.ready();
    return findFitExpressions(document, (w) => this.catalog.has(w)).map(({ range, text }) => {
      const { result, fields, error } = evaluate(text, this.config, this.catalog);
      if (!result || !fields) return new vscode.CodeLens(range, { title: memoryStrings.invalidLens(error ?? ''), command: '' });
      const time = result.time;
      const figure =
        time?.seconds !== undefined && time.stepSeconds !== undefined
          ? memoryStrings.lensWithRun(formatGiB(result.readings.device), seconds(time.stepSeconds), seconds(time.seconds), formatParams(result.input.time.tokens!))
          : memoryStrings.perGpuAtPeak(formatGiB(result.readings.device), result.peak.label, formatGiB(result.capacity));
      return new vscode.CodeLens(range, {
        title: result.fits ? memoryStrings.fitsLens(figure) : memoryStrings.noFitLens(figure),
        tooltip: `${readingsText(result, translate)} — ${memoryStrings.openInCalculator()}`,
        command: CommandId.OpenMemoryCalculator,
        arguments: [fields],
      });
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
