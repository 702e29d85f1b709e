import type { LineContext } from './lines';
import { n } from './units';

/**
 * Activation memory of the most loaded GPU during training (Korthikanti et al. 2022, Table 2):
 * sbh(34 + 5as/h) per layer, with the tensor-, sequence-parallel and recomputation variants;
 * flash attention drops the 5as/h scores. Returns the bytes and the working.
 */
export function activations(ctx: LineContext): { bytes: number; formula: string } {
  const { input, arch, t } = ctx;
  const s = input.seq;
  const b = input.batch;
  const h = arch.hidden;
  const a = arch.heads;
  const tp = input.tp;
  const sp = input.sequenceParallel && tp > 1;
  const L = arch.layers;
  const dtypeScale = input.precision === 'fp32' ? 2 : 1;
  const scoreTerm = input.flashAttention || input.recompute !== 'none' ? 0 : (5 * a * s) / h;
  const sbh = t('{0} × {1} × {2}', n(s), b, n(h));
  let perLayer: number;
  let words: string;
  if (input.recompute === 'full') {
    perLayer = (2 * s * b * h) / (sp ? tp : 1);
    words = sp ? t("2 × {0} ÷ {1} (full recomputation keeps each layer's input)", sbh, tp) : t("2 × {0} (full recomputation keeps each layer's input)", sbh);
  } else if (tp === 1) {
    perLayer = s * b * h * (34 + scoreTerm);
    words = scoreTerm ? t('{0} × (34 + 5 × {1} × {2} ÷ {3})', sbh, a, n(s), n(h)) : t('{0} × 34', sbh);
  } else if (sp) {
    perLayer = s * b * h * (34 / tp + scoreTerm / tp);
    words = scoreTerm
      ? t('{0} × (34 ÷ {1} + 5 × {2} × {3} ÷ ({4} × {1})) (tensor + sequence parallel)', sbh, tp, a, n(s), n(h))
      : t('{0} × (34 ÷ {1}) (tensor + sequence parallel)', sbh, tp);
  } else {
    perLayer = s * b * h * (10 + 24 / tp + scoreTerm / tp);
    words = scoreTerm
      ? t('{0} × (10 + 24 ÷ {1} + 5 × {2} × {3} ÷ ({4} × {1})) (tensor parallel)', sbh, tp, a, n(s), n(h))
      : t('{0} × (10 + 24 ÷ {1}) (tensor parallel)', sbh, tp);
  }
  if (scoreTerm === 0 && input.recompute !== 'full') words += input.flashAttention ? t(' (flash attention: no s² scores stored)') : t(' (selective recomputation drops the 5as/h term)');
  const embedding = (2 * s * b * h) / (sp ? tp : 1);
  const logits = (4 * s * b * arch.vocab) / tp;
  // 1F1B keeps p micro-batches in flight on the first stage: L/p layers × p = L layers' worth.
  const first = L * perLayer + embedding + (input.pp === 1 ? logits : 0);
  const last = Math.ceil(L / input.pp) * perLayer + logits;
  const bytes = Math.max(first, input.pp > 1 ? last : 0) * dtypeScale;
  let formula = t('{0} layers × {1}', L, words);
  if (input.pp > 1) formula += t(' (first pipeline stage holds {0} micro-batches × {1} layers)', input.pp, L / input.pp);
  formula += t(' + embeddings 2 × {0}', sbh);
  if (input.pp === 1) formula += tp > 1 ? t(' + fp32 logits 4 × {0} × {1} × {2} ÷ {3}', n(s), b, n(arch.vocab), tp) : t(' + fp32 logits 4 × {0} × {1} × {2}', n(s), b, n(arch.vocab));
  if (dtypeScale > 1) formula += t(' × 2 (fp32 activations)');
  return { bytes, formula };
}
