import { checkedFields, type MemoryFields } from '../../../core/memory/fields';
import { parseFitExpression } from '../../../core/memory/fitExpression';
import { CommandId } from '../../shared/commandIds';
import type { Command } from '../../shared/commandManager';
import type { MemoryCalculatorPanel } from '../panel';
import { translate } from '../strings';

/** Opens the calculator, pre-filled from fields (a lens, a link) or a fit expression (the walkthrough). */
export class OpenCalculatorCommand implements Command {
  readonly id = CommandId.OpenMemoryCalculator;
  constructor(private readonly panel: MemoryCalculatorPanel) {}

  execute(given?: unknown) {
    const fields: MemoryFields | undefined = typeof given === 'string' ? parseFitExpression(given, translate) : given === undefined ? undefined : checkedFields(given);
    this.panel.show(fields);
  }
}
