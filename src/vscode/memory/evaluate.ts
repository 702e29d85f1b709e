import { errorMessage } from '../../core/errors';
import type { MemoryFields } from '../../core/memory/fields';
import { parseFitExpression } from '../../core/memory/fitExpression';
import { buildInput } from '../../core/memory/input';
import { estimateRun, type RunEstimate } from '../../core/time/estimateRun';
import type { Config } from '../config';
import { CommandId } from '../shared/commandIds';
import type { ModelCatalog } from './modelCatalog';
import { translate } from './strings';

/**
 * A fit expression with the user's overhead settings and the catalog's models, for lenses and
 * hovers: the verdict and lines only (no GPU-count search, no suggestions). An error is a sentence.
 */
export function evaluate(text: string, config: Config, catalog: ModelCatalog): { result?: RunEstimate; fields?: MemoryFields; error?: string } {
  try {
    const fields = config.withMemorySettings(parseFitExpression(text, translate));
    return { result: estimateRun(buildInput(fields, translate, catalog.resolve), false, translate), fields };
  } catch (e) {
    return { error: errorMessage(e) };
  }
}

/** A command link that opens the calculator with these fields. */
export function openLink(fields: MemoryFields): string {
  return `command:${CommandId.OpenMemoryCalculator}?${encodeURIComponent(JSON.stringify([fields]))}`;
}
