import type { Translate } from '../l10n';
import type { Architecture } from '../models/architecture';
import { activationBytes } from './savedActivations';
import type { CrossEntropy, MemoryInput } from './types';
import { n } from './units';

/** The cross entropy a run uses: `auto` is Megatron's fused one where only Megatron runs the configuration. */
export function crossEntropyOf(input: MemoryInput): Exclude<CrossEntropy, 'auto'> {
  if (input.crossEntropy !== 'auto') return input.crossEntropy;
  return input.tp > 1 || input.pp > 1 || input.sequenceParallel ? 'fused' : 'eager';
}

export interface LossBuffers {
  /** Bytes per logit (token × vocabulary entry on this GPU) at the loss's peak. */
  perLogit: number;
  logits: number;
  bytes: number;
  formula: string;
  source: string;
}

/**
 * The loss over the vocabulary at its peak, per GPU (the vocabulary is split by tensor
 * parallelism, as Megatron's vocab-parallel and torchtitan's loss-parallel cross entropy do):
 *
 * - eager (torch.nn.functional.cross_entropy on an fp32 upcast, as Hugging Face's ForCausalLMLoss
 *   and torchtitan call it): in the loss's backward the log-softmax output (4 B), its gradient
 *   from nll_loss (4 B) and the logits' gradient (4 B) are alive together — 12 B per logit, more
 *   than the forward's 16-bit logits + fp32 upcast + log-softmax (10 B);
 * - fused (Megatron's vocab_parallel_cross_entropy): one fp32 copy of the 16-bit logits that
 *   softmax and its gradient overwrite in place — 6 B (4 B when the logits are fp32 already);
 * - chunked (litgpt's chunked_cross_entropy): the 16-bit logits and each chunk's 16-bit
 *   log-softmax — 4 B.
 */
export function lossBuffers(input: MemoryInput, arch: Architecture, t: Translate): LossBuffers {
  const e = activationBytes(input);
  const kind = crossEntropyOf(input);
  const logits = (input.batch * input.seq * arch.vocab) / input.tp;
  const tokens = input.tp > 1 ? t('{0} × {1} tokens × {2} vocabulary ÷ TP {3}', input.batch, n(input.seq), n(arch.vocab), input.tp) : t('{0} × {1} tokens × {2} vocabulary', input.batch, n(input.seq), n(arch.vocab));
  let perLogit: number;
  let words: string;
  let source: string;
  switch (kind) {
    case 'eager':
      perLogit = 12;
      words = t('(log-softmax 4 B + its gradient 4 B + the logits’ fp32 gradient 4 B, alive together in the loss’s backward)');
      source = t('torch.nn.functional.cross_entropy after an fp32 upcast (Hugging Face ForCausalLMLoss, torchtitan): log_softmax saves its output; nll_loss_backward and _log_softmax_backward_data each allocate a gradient of the same size');
      break;
    case 'fused':
      perLogit = e === 4 ? 4 : e + 4;
      words = e === 4 ? t('(fp32 logits, overwritten in place by softmax and its gradient)') : t('(16-bit logits 2 B + one fp32 copy 4 B, overwritten in place by softmax and its gradient)');
      source = t('Megatron-LM vocab_parallel_cross_entropy: exp, division and the gradient are computed in place on the fp32 logits it saves');
      break;
    case 'chunked':
      perLogit = 2 * e;
      words = t('(the logits {0} B + each chunk’s log-softmax {0} B, kept for the backward)', e);
      source = t('litgpt chunked_cross_entropy: cross entropy over 128-token chunks in the logits’ dtype');
      break;
  }
  return { perLogit, logits, bytes: logits * perLogit, formula: `${tokens} × ${perLogit} B ${words}`, source };
}
