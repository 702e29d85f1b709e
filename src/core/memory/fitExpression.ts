import { UserError } from '../errors';
import { english, type Translate } from '../l10n';
import type { FieldName, MemoryFields } from './fields';
import { fitGrammarHelp, keyword, numberField, textField } from './vocabulary';

/**
 * The fit-expression grammar, for notes and the CLI (its words are vocabulary.ts's):
 *
 *   MODEL [MODE] [DTYPE] [OPTIMIZER] [zero0-3] [offload…] [tpN] [ppN] [sp] [ctx N] [batch N]
 *         [recompute|selective] [no-flash] [rank N] … [on [N nodes ×] N × GPU]
 *
 * e.g. `34B full bf16 adamw zero3 on 4xA100-80G`, `llama2-70b inference int4 ctx 32k batch 8 on 1xH100`.
 * Words may come in any order after the model; numbers may be glued (tp2, bs8) or separate (tp 2).
 */
export const FIT_GRAMMAR_HELP = fitGrammarHelp();

/** Longer than this is not a fit expression but a paragraph. */
export const MAX_EXPRESSION_CHARS = 500;

/** Parses a fit expression into calculator fields; a word it does not know is refused by name. */
export function parseFitExpression(text: string, t: Translate = english): MemoryFields {
  const source = text.trim();
  if (!source) throw new UserError(t('The fit expression is empty; write e.g. "34B full bf16 adamw zero3 on 4xA100-80G".'));
  if (source.length > MAX_EXPRESSION_CHARS) throw new UserError(t('A fit expression is at most {0} characters.', MAX_EXPRESSION_CHARS));
  const lower = source.toLowerCase().replace(/[×*]/g, 'x');
  const onAt = lower.search(/\s(on|@)\s/);
  const head = onAt >= 0 ? lower.slice(0, onAt) : lower;
  const hardware = onAt >= 0 ? lower.slice(onAt).replace(/^\s(on|@)\s/, '') : undefined;
  const words = head.split(/\s+/).filter(Boolean);
  const fields: MemoryFields = { model: words[0] };
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const next = words[i + 1];
    const numbered = numberField(w);
    const glued = /^([a-z-]+?)[=:]?(\d+(?:\.\d+)?[km]?)$/.exec(w);
    const adapter = /^(lora|qlora)[-=]?r?(\d+)$/.exec(w);
    const words1 = keyword(w);
    const texted = textField(w);
    if (texted && next !== undefined) {
      setNumber(fields, texted, next);
      i++;
    } else if (numbered && next !== undefined && /^[$€£¥]?\d/.test(next)) {
      setNumber(fields, numbered, next);
      i++;
    } else if (numbered && next !== undefined && !keyword(next) && !numberField(next) && !textField(next)) {
      throw new UserError(t('"{0}" takes a number after it, not "{1}".', w, next));
    } else if (adapter) {
      fields.mode = adapter[1];
      fields.loraRank = adapter[2];
    } else if (w === 'zero' && next && /^[0-3]$/.test(next)) {
      fields.zero = next;
      i++;
    } else if (words1) {
      // NF4 storage means QLoRA in training (bf16 compute); served, it is 4-bit weights.
      if (words1.dtype === 'nf4' && fields.mode !== 'inference') fields.mode = 'qlora';
      Object.assign(fields, words1);
    } else if (glued && numberField(glued[1])) {
      setNumber(fields, numberField(glued[1])!, glued[2]);
    } else {
      throw new UserError(t('"{0}" is not part of the fit-expression grammar: {1}', w, FIT_GRAMMAR_HELP));
    }
  }
  if (hardware !== undefined) Object.assign(fields, parseHardware(hardware, t));
  return fields;
}

function setNumber(fields: MemoryFields, key: FieldName, value: string): void {
  (fields as Record<string, string>)[key] = value;
}

/** "4xa100-80g", "8 x h100", "2 nodes x 8 a100-80g", "2x8xh100", "h200", "4x80g". */
function parseHardware(text: string, t: Translate): MemoryFields {
  const s = text.trim().replace(/\s*x\s*/g, 'x');
  let m = /^(\d+)\s*nodes?x(\d+)x?(.+)$/.exec(s);
  if (m) return { nodes: m[1], gpusPerNode: m[2], ...gpuField(m[3]) };
  m = /^(\d+)x(\d+)x(.+)$/.exec(s);
  if (m) return { nodes: m[1], gpusPerNode: m[2], ...gpuField(m[3]) };
  m = /^(\d+)x(.+)$/.exec(s);
  if (m) return { gpus: m[1], ...gpuField(m[2]) };
  m = /^(\d+)\s+(.+)$/.exec(s);
  if (m) return { gpus: m[1], ...gpuField(m[2]) };
  if (/^[a-z][\w.-]*$/.test(s) || /^\d+(\.\d+)?\s*(g|gb|gib)$/.test(s)) return { gpus: '1', ...gpuField(s) };
  throw new UserError(t('"on {0}" is not a GPU setup: write "on 4xA100-80G", "on 2 nodes × 8 H100" or "on 1x80G".', text));
}

function gpuField(name: string): MemoryFields {
  const g = name.trim();
  return /^\d+(\.\d+)?\s*(g|gb|gib)$/.test(g) ? { gpuMem: g } : { gpu: g };
}
