import { modelParallelText, type LineBook, type LineContext } from './lines';
import { WEIGHT_BYTES } from './trainingLines';
import { n } from './units';

/** Serving: weights in the serving dtype, the KV cache, and one layer's prefill workspace. */
export function inferenceLines(ctx: LineContext, book: LineBook): void {
  const { input, arch, t, src } = ctx;
  const P = input.model.params;
  const wb = WEIGHT_BYTES[input.precision];
  if (input.precision === 'int8' || input.precision === 'int4') {
    // Weight-only quantisation leaves the embeddings, the output head and the norms in 16 bits
    // (bitsandbytes skips lm_head; GPTQ and AWQ quantise the blocks' linear layers only).
    const quantised = Math.min(P, Math.round(ctx.counts.linear * ctx.scale));
    const rest = P - quantised;
    book.add('weights', t('Weights ({0})', input.precision), (quantised * wb) / ctx.mp, t('{0} linear-layer params × {1} B{2}', n(quantised), n(wb), modelParallelText(ctx)), src.quant);
    book.add('weights', t('Embeddings, head and norms (16-bit)'), (rest * 2) / ctx.mp, t('{0} params × 2 B{1}', n(rest), modelParallelText(ctx)), src.quant);
  } else {
    book.add('weights', t('Weights'), (P * wb) / ctx.mp, t('{0} params × {1} B ({2}){3}', n(P), n(wb), input.precision, modelParallelText(ctx)), src.weightsServing);
  }

  const kvBytes = input.kvCacheBits / 8;
  const layers = Math.ceil(arch.layers / input.pp);
  if (arch.mla) {
    const m = arch.mla;
    book.add(
      'kvCache',
      t('KV cache (MLA latent)'),
      layers * (m.kvLoraRank + m.qkRopeHeadDim) * input.seq * input.batch * kvBytes,
      t('{0} layers × ({1} + {2}) × {3} tokens × {4} seqs × {5} B', layers, m.kvLoraRank, m.qkRopeHeadDim, n(input.seq), input.batch, kvBytes),
      src.mla,
    );
  } else {
    const kvh = Math.ceil(arch.kvHeads / input.tp);
    const perToken = 2 * kvh * arch.headDim * input.batch * kvBytes;
    const sw = arch.slidingWindow;
    if (sw && sw.cachedByWindow && sw.window < input.seq) {
      // Layers that attend within a window keep only the window in their cache.
      const local = Math.min(layers, Math.ceil(sw.layers / input.pp));
      const global = layers - local;
      book.add(
        'kvCache',
        t('KV cache'),
        perToken * (global * input.seq + local * sw.window),
        t('2 × ({0} layers × {1} tokens + {2} sliding-window layers × {3} tokens) × {4} kv heads × {5} × {6} seqs × {7} B', global, n(input.seq), local, n(sw.window), kvh, arch.headDim, input.batch, kvBytes),
        src.kv,
      );
    } else {
      book.add(
        'kvCache',
        t('KV cache'),
        perToken * layers * input.seq,
        t('2 × {0} layers × {1} kv heads × {2} × {3} tokens × {4} seqs × {5} B', layers, kvh, arch.headDim, n(input.seq), input.batch, kvBytes),
        src.kv,
      );
    }
  }

  const ffn = (arch.moe ? Math.max(arch.ffn, arch.moe.expertFfn * arch.moe.topK) : arch.ffn) / input.tp;
  let workspace = input.batch * input.seq * (2 * ffn + 4 * arch.hidden) * 2 + input.batch * arch.vocab * 4;
  let words = t('{0} × {1} × (2 × {2} + 4 × {3}) × 2 B + {0} × {4} × 4 B', input.batch, n(input.seq), n(ffn), n(arch.hidden), n(arch.vocab));
  if (!input.flashAttention) {
    const h = arch.heads / input.tp;
    workspace += input.batch * h * input.seq * input.seq * 2;
    words += t(' + {0} × {1} heads × {2}² × 2 B (attention scores, no flash attention)', input.batch, h, n(input.seq));
  }
  book.add('activations', t('Activation workspace'), workspace, words, src.infer);
}
